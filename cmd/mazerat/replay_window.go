//go:build !headless

package main

import (
	"fmt"
	"io"

	"github.com/mazerat/mazerat/lab"
)

// replayWindow will open the window on rec at step at (render's replay
// mode). Until it does, it says so.
func replayWindow(o replayOpts, rec *lab.Recording, at int64, stdout, stderr io.Writer) error {
	return fmt.Errorf("the replay window is not built yet; mazerat replay %s --verify checks the recording headless", o.path)
}
