package main

import (
	"fmt"
	"io"
	"time"

	"github.com/mazerat/mazerat/lab"
)

// replayOpts are replay's flags, shared by the builds with and without
// a window.
type replayOpts struct {
	path   string
	at     int64
	atSet  bool
	verify bool
	quiet  bool
	view   viewFlags
}

func parseReplay(args []string, stderr io.Writer) (replayOpts, error) {
	fs := newFlags("replay", "FILE [--at STEP] [--verify]",
		"Open the window on a recorded lifetime (mazerat run --record FILE) with a\ntimeline: play, pause, speed, and scrubbing to any step with every overlay of\nthe agent's memory as it was then. --verify replays the whole recording\nheadless instead, checking every step against it.", stderr)
	var o replayOpts
	fs.Int64Var(&o.at, "at", 0, "start at this step (default: the first step the recording holds)")
	fs.BoolVar(&o.verify, "verify", false, "replay every step headless, checking each action against the recording, and print the result")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar even on a terminal")
	o.view.add(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return o, err
	}
	if len(pos) != 1 {
		return o, usagef("expected one recording FILE, got %d arguments", len(pos))
	}
	o.path, o.atSet = pos[0], flagSet(fs, "at")
	return o, o.view.check(fs)
}

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

// openReplay opens the recording and checks --at against it.
func openReplay(o replayOpts) (*lab.Recording, int64, error) {
	rec, err := lab.OpenRecording(o.path)
	if err != nil {
		return nil, 0, err
	}
	at := rec.First()
	if o.atSet {
		if o.at < rec.First() || o.at > rec.Last() {
			return nil, 0, usagef("--at %d: %s holds steps %d to %d", o.at, o.path, rec.First(), rec.Last())
		}
		at = o.at
	}
	return rec, at, nil
}

// verifyReplay lives the recording from its first step to its last,
// checking each action, and prints what it found.
func verifyReplay(o replayOpts, rec *lab.Recording, from int64, stdout, stderr io.Writer) error {
	start := time.Now()
	l, err := rec.At(from)
	if err != nil {
		return fmt.Errorf("%s: %w", o.path, err)
	}
	bar := newProgress(stderr, !o.quiet, "replay · verify · steps")
	for !l.Done() {
		if err := l.Step(); err != nil {
			bar.finish()
			return fmt.Errorf("%s: %w", o.path, err)
		}
		if n := l.World().StepCount(); n%512 == 0 {
			bar.update(n, rec.Last())
		}
	}
	bar.update(l.World().StepCount(), rec.Last())
	bar.finish()
	w := l.World()
	fmt.Fprintf(stdout, "recording  %s: %s (%s), agent %s, seed %d\n", o.path, l.Scenario().Name, l.Scenario().Source, l.Config().Agent, l.Seed())
	fmt.Fprintf(stdout, "verified   steps %d to %d replay as recorded (%.2f s)\n", from, w.StepCount(), time.Since(start).Seconds())
	fmt.Fprintf(stdout, "lifetime   %d steps, %d ticks, %d trials, reward %g, %d interventions\n", w.StepCount(), w.TickCount(), len(l.Trials()), w.TotalReward(), len(rec.Interventions()))
	fmt.Fprintf(stdout, "hash       %016x\n", w.Hash())
	if n := rec.Note(); n != "" {
		fmt.Fprintf(stdout, "note       %s\n", n)
	}
	return nil
}
