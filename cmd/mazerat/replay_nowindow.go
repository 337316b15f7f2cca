//go:build headless

package main

import (
	"fmt"
	"io"

	"github.com/mazerat/mazerat/lab"
)

// replayWindow: this build has no window to show a recording in.
func replayWindow(o replayOpts, rec *lab.Recording, at int64, stdout, stderr io.Writer) error {
	return fmt.Errorf("%s, so the replay window cannot open; mazerat replay %s --verify checks the recording headless", noWindow(), o.path)
}
