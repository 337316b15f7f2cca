//go:build !headless

package main

import (
	"fmt"
	"io"

	"github.com/mazerat/mazerat/internal/atomicfile"
	_ "github.com/mazerat/mazerat/internal/display" // before Ebitengine: no display, no panic
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/render"
	"github.com/mazerat/mazerat/render/window"
)

// watchCmd opens the window on a lifetime: a new one, or one continued
// from a checkpoint.
func watchCmd(args []string, stdout, stderr io.Writer) error {
	o, err := parseWatch(args, stderr)
	if err != nil {
		return err
	}
	return watch(o, stdout, stderr)
}

// bareCmd is mazerat with no arguments: the window on the default
// scenario.
func bareCmd(stdout, stderr io.Writer) error {
	return watchCmd(nil, stdout, stderr)
}

func watch(o watchOpts, stdout, stderr io.Writer) error {
	var l *lab.Lifetime
	var err error
	if o.resume != "" {
		atomicfile.RemoveStale(o.resume)
		if l, err = lab.LoadCheckpoint(o.resume); err != nil {
			return err
		}
		// A watched lifetime has no end: it lives until the window closes.
		if err := l.SetLength(1<<62, 0); err != nil {
			return err
		}
		if o.checkpoint == "" {
			o.checkpoint = o.resume
		}
	} else if l, err = lab.NewLifetime(o.cfg); err != nil {
		return err
	}
	if o.record != "" {
		if err := l.Record(o.record, o.recordEv, o.force); err != nil {
			return err
		}
	}
	opt, scale := o.view.options()
	opt.Checkpoint = o.checkpoint
	app, err := render.NewAppFor(l, opt)
	if err != nil {
		return err
	}
	wo := o.view.window("mazerat · "+l.Scenario().Name, stderr)
	wo.OnClose = func(app *render.App) error {
		if l.Recording() {
			if err := l.CloseRecording(); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "mazerat: recorded steps up to %d to %s; replay it with mazerat replay %s\n", l.World().StepCount(), o.record, o.record)
		}
		if o.noSave || (o.view.automated() && o.checkpoint == "") {
			return nil
		}
		p, err := app.SaveCheckpoint()
		if err != nil {
			return fmt.Errorf("checkpoint not saved: %w", err)
		}
		fmt.Fprintf(stderr, "mazerat: saved the lifetime at step %d to %s; continue it with mazerat watch --resume %s\n", l.World().StepCount(), p, p)
		return nil
	}
	if err := window.Run(app, scale, wo); err != nil {
		return err
	}
	if err := app.Err(); err != nil {
		return err
	}
	return nil
}

// options returns the App's options the view flags ask for, and the
// device scale they are drawn at.
func (v *viewFlags) options() (render.Options, float32) {
	opt := render.DefaultOptions()
	opt.Overlays, opt.Speed, opt.Paused = v.overlays, v.speed, v.paused
	opt.StopAtTick = v.afterTicks
	opt.Scale = window.Scale()
	return opt, opt.Scale
}

// window returns the window's options the view flags ask for.
func (v *viewFlags) window(title string, report io.Writer) window.Options {
	return window.Options{Title: title, Screenshot: v.screenshot, AfterTicks: v.afterTicks,
		MeasureFrames: v.measure, Report: report}
}
