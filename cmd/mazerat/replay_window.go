//go:build !headless

package main

import "io"

// replayCmd opens the window on a recording, or verifies it headless.
func replayCmd(args []string, stdout, stderr io.Writer) error {
	o, err := parseReplay(args, stderr)
	if err != nil {
		return err
	}
	rec, at, err := openReplay(o)
	if err != nil {
		return err
	}
	if o.verify {
		return verifyReplay(o, rec, at, stdout, stderr)
	}
	return replayWindow(o, rec, at, stdout, stderr)
}
