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
	return fmt.Errorf("this mazerat was built with -tags headless and has no window; build it without the tag on a machine with a display, or use mazerat run")
}

// bareCmd is mazerat with no arguments: without a window (this build, or
// a windowed build that found no display and ran this one, as make run
// does), it says so in one line, lives the default scenario headless,
// prints the summary and leaves the picture of the end in a new file in
// the working directory (theseus-snapshot.png, -2, -3 ...: never over an
// existing file), and says where.
func bareCmd(stdout, stderr io.Writer) error {
	why := "this build has no window (-tags headless)"
	if d := os.Getenv("MAZERAT_NO_DISPLAY"); d != "" {
		why = "no display (" + d + ")"
	}
	fmt.Fprintf(stderr, "mazerat: %s; running the default scenario headless with a snapshot instead (mazerat help for more)\n", why)
	return runMain(nil, ".", stdout, stderr)
}
