//go:build headless

package main

import (
	"fmt"
	"io"

	"github.com/mazerat/mazerat/lab"
)

// replayWindow: this build has no window to show a recording in.
func replayWindow(o replayOpts, rec *lab.Recording, at int64, stdout, stderr io.Writer) error {
	return fmt.Errorf("this mazerat was built without the window (-tags headless); mazerat replay %s --verify checks the recording headless", o.path)
}
