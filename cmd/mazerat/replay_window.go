//go:build !headless

package main

import (
	"fmt"
	"io"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/render"
	"github.com/mazerat/mazerat/render/window"
)

// replayWindow opens the window on rec at step at, with its timeline.
func replayWindow(o replayOpts, rec *lab.Recording, at int64, stdout, stderr io.Writer) error {
	if n := rec.Note(); n != "" {
		fmt.Fprintf(stderr, "mazerat replay: %s: %s\n", o.path, n)
	}
	opt, scale := o.view.options()
	app, err := render.NewReplayApp(rec, at, opt)
	if err != nil {
		return fmt.Errorf("%s: %w", o.path, err)
	}
	sc := app.Lifetime().Scenario()
	if err := window.Run(app, scale, o.view.window("mazerat replay · "+sc.Name, stderr)); err != nil {
		return err
	}
	if err := app.Err(); err != nil {
		return fmt.Errorf("%s: %w", o.path, err)
	}
	return nil
}
