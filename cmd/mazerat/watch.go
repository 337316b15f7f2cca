package main

import (
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/render"
	"github.com/mazerat/mazerat/scenarios"
)

// watchOpts are watch's flags.
type watchOpts struct {
	cfg        lab.Config
	resume     string // a checkpoint file to continue
	checkpoint string // where the checkpoint key and closing save ("" : chosen at start)
	noSave     bool   // no checkpoint on close
	record     string
	recordEv   int64
	force      bool
	view       viewFlags
	connect    connectFlags
}

// viewFlags are how the window shows a lifetime, for watch and replay.
type viewFlags struct {
	speed      int
	overlays   render.Overlays
	overlayArg string
	paused     bool
	screenshot string
	afterTicks int64
	measure    int
}

func (v *viewFlags) add(fs *flag.FlagSet) {
	fs.IntVar(&v.speed, "speed", 1, "ticks per frame at 60 frames a second: 1, 2, 4, ... 1024, or 0 for as fast as the machine allows")
	fs.StringVar(&v.overlayArg, "overlays", "default", "overlays shown at first: a comma-separated list of "+strings.Join(render.OverlayNames(), ", "))
	fs.BoolVar(&v.paused, "paused", false, "start paused")
	fs.StringVar(&v.screenshot, "screenshot", "", "with --after-ticks: write the window's picture to `FILE.png` after that many ticks and close")
	fs.Int64Var(&v.afterTicks, "after-ticks", 0, "with --screenshot: the tick to take it at (counted from birth)")
	fs.IntVar(&v.measure, "measure-frames", 0, "time `N` frames with vsync off, print the figures and close")
}

// check validates the view flags after parsing.
func (v *viewFlags) check(fs *flag.FlagSet) error {
	var err error
	if v.overlays, err = render.ParseOverlays(v.overlayArg); err != nil {
		return usagef("--overlays %s: %v", v.overlayArg, err)
	}
	if !validSpeed(v.speed) {
		return usagef("--speed %d: expected one of %s", v.speed, speedList())
	}
	if (v.screenshot == "") != !flagSet(fs, "after-ticks") {
		return usagef("--screenshot and --after-ticks go together: --screenshot FILE.png --after-ticks N")
	}
	if v.screenshot != "" {
		if v.afterTicks <= 0 {
			return usagef("--after-ticks %d: expected a positive number of ticks", v.afterTicks)
		}
		if err := checkSnapshotFile("screenshot", v.screenshot); err != nil {
			return err
		}
	}
	if v.measure < 0 {
		return usagef("--measure-frames %d: expected a positive number of frames", v.measure)
	}
	return nil
}

// automated reports whether the window runs without a person: it takes
// a screenshot or times frames, then closes.
func (v *viewFlags) automated() bool { return v.screenshot != "" || v.measure > 0 }

// parseWatch reads watch's flags and checks the lifetime they name, so
// that a build with or without a window treats a mistaken call alike.
// The lifetime has no end: the window lives it until it is closed.
func parseWatch(args []string, stderr io.Writer) (watchOpts, error) {
	fs := newFlags("watch", "[SCENARIO] [--agent A] [--seed N] [--set k=v]... [--resume FILE]",
		"Open the window on SCENARIO (default "+scenarios.Default+") and watch the rat learn.\n"+
			"K saves a checkpoint of the whole lifetime; closing the window, Q, Ctrl-C and\n"+
			"SIGTERM save one too (to --checkpoint, or a new file in the working directory)\n"+
			"and say how to continue it; --resume FILE\n"+
			"continues a checkpointed lifetime (from watch or run --checkpoint-every).", stderr)
	lf := addLifeFlags(fs)
	var o watchOpts
	fs.StringVar(&o.resume, "resume", "", "continue the lifetime checkpointed in `FILE` (a .mazerat checkpoint, or a run's --out directory)")
	fs.StringVar(&o.checkpoint, "checkpoint", "", "save checkpoints (K, and on close) to `FILE` (default: the --resume file, else a new file named after the scenario and seed)")
	fs.BoolVar(&o.noSave, "no-checkpoint", false, "do not save a checkpoint when the window closes")
	fs.StringVar(&o.record, "record", "", "record the lifetime to `FILE` for mazerat replay")
	fs.Int64Var(&o.recordEv, "record-every", lab.DefaultKeyEvery, "least steps between the recording's keyframes (more when keyframes are big, up to 8 times as many)")
	fs.BoolVar(&o.force, "force", false, "overwrite an existing --record file")
	o.view.add(fs)
	o.connect.add(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return o, err
	}
	if len(pos) > 1 {
		return o, usagef("one SCENARIO at most, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	if err := o.view.check(fs); err != nil {
		return o, err
	}
	if err := o.connect.check(fs, pos); err != nil || o.connect.addr != "" {
		return o, err
	}
	if o.recordEv <= 0 {
		return o, usagef("--record-every %d: expected a positive number of steps", o.recordEv)
	}
	if o.record != "" && !o.force {
		if _, err := os.Stat(o.record); err == nil {
			return o, usagef("--record %s: the file exists; choose another or pass --force to overwrite it", o.record)
		}
	}
	if o.resume != "" {
		for _, name := range []string{"agent", "seed", "set"} {
			if flagSet(fs, name) {
				return o, usagef("--%s cannot be given with --resume: the lifetime in %s fixes its scenario, agent, seed and parameters", name, o.resume)
			}
		}
		if len(pos) > 0 {
			return o, usagef("a SCENARIO cannot be given with --resume: the lifetime in %s fixes it", o.resume)
		}
		if st, err := os.Stat(o.resume); err != nil {
			return o, usagef("--resume %s: %v", o.resume, err)
		} else if st.IsDir() {
			o.resume = filepath.Join(o.resume, lab.CheckpointFile)
		}
		return o, nil
	}
	if o.cfg, err = lf.config(fs, pos); err != nil {
		return o, err
	}
	o.cfg.Steps = math.MaxInt64
	return o, checkConfig(o.cfg)
}

func validSpeed(s int) bool {
	for _, v := range render.Speeds() {
		if v == s {
			return true
		}
	}
	return false
}

func speedList() string {
	var parts []string
	for _, v := range render.Speeds() {
		parts = append(parts, strconv.Itoa(v))
	}
	return strings.Join(parts, ", ")
}
