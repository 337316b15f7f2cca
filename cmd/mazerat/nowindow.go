//go:build headless

package main

import (
	"fmt"
	"io"
)

// watchCmd in a headless build: there is no window to open.
func watchCmd(args []string, stdout, stderr io.Writer) error {
	if _, err := parseWatch(args, stderr); err != nil {
		return err
	}
	return fmt.Errorf("this mazerat was built with -tags headless and has no window; build it without the tag on a machine with a display, or use mazerat run")
}

// bareCmd is mazerat with no arguments: without a window, it lives the
// default scenario headless and prints the summary.
func bareCmd(stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "mazerat: this build has no window (-tags headless); running the default scenario headless instead (mazerat help for more)")
	return runCmd(nil, stdout, stderr)
}
