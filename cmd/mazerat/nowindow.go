//go:build headless

package main

import (
	"fmt"
	"io"
	"os"
)

// watchCmd in a headless build: there is no window to open.
func watchCmd(args []string, stdout, stderr io.Writer) error {
	if _, err := parseWatch(args, stderr); err != nil {
		return err
	}
	return fmt.Errorf("%s, so the window cannot open; use mazerat run, or watch on a machine with a display", noWindow())
}

// noWindow says why there is no window: this build has none, or the
// windowed build beside it found no display and handed over to it.
func noWindow() string {
	if d := os.Getenv("MAZERAT_NO_DISPLAY"); d != "" {
		return "no display (" + d + ")"
	}
	return "this mazerat was built with -tags headless and has no window"
}

// bareCmd is mazerat with no arguments: without a window (this build, or
// a windowed build that found no display and ran this one, as make run
// does), it says so in one line, lives the default scenario headless,
// prints the summary and leaves the picture of the end in a new file in
// the working directory (theseus-snapshot.png, -2, -3 ...: never over an
// existing file), and says where.
func bareCmd(stdout, stderr io.Writer) error {
	fmt.Fprintf(stderr, "mazerat: %s; running the default scenario headless with a snapshot instead (mazerat help for more)\n", noWindow())
	return runMain(nil, ".", stdout, stderr)
}
