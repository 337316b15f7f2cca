//go:build !headless

package main

import (
	"fmt"
	"io"
)

// watchCmd opens the window. The window is not built yet: until it is,
// watch says so.
func watchCmd(args []string, stdout, stderr io.Writer) error {
	if _, err := parseWatch(args, stderr); err != nil {
		return err
	}
	return fmt.Errorf("the window is not in this version of mazerat yet; use mazerat run to live a lifetime headless")
}

// bareCmd is mazerat with no arguments: the window on the default
// scenario, or, until the window exists, the default scenario headless.
func bareCmd(stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "mazerat: the window is not in this version yet; running the default scenario headless instead (mazerat help for more)")
	return runCmd(nil, stdout, stderr)
}
