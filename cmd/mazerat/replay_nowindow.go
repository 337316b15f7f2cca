//go:build headless

package main

import (
	"fmt"
	"io"
)

// replayCmd verifies a recording; this build has no window to show it in.
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
	return fmt.Errorf("this mazerat was built without the window (-tags headless); mazerat replay %s --verify checks the recording headless", o.path)
}
