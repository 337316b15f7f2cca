//go:build !headless

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/mazerat/mazerat/internal/atomicfile"
	_ "github.com/mazerat/mazerat/internal/display" // before Ebitengine: no display, no panic
	_ "github.com/mazerat/mazerat/internal/xcheck"  // before Ebitengine: a server that refuses, no panic; no X authority warnings
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
	} else if o.connect.addr != "" {
		if l, err = o.connect.follow(stderr); err != nil {
			return err
		}
		o.noSave = true // the served world is saved by its client
	} else if l, err = lab.NewLifetime(o.cfg); err != nil {
		return err
	}
	if o.record != "" {
		if err := l.Record(o.record, o.recordEv, o.force); err != nil {
			return err
		}
		// The window may run a lifetime as fast as the machine allows:
		// keyframes no bigger than the steps between them keep the file's
		// growth near 8 bytes a step.
		l.SparseKeyframes()
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
	// Ctrl-C and SIGTERM (a scheduler, a closing terminal session) close
	// the window as Q does: the lifetime is saved and the terminal says
	// how to continue it; watch then exits 1, as an interrupted run does.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	wo.Stop = stop
	err = window.Run(app, scale, wo)
	if errors.As(err, new(window.Interrupted)) {
		return failedError{}
	}
	if err != nil {
		return err
	}
	return app.Err()
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
