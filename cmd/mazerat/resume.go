package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"

	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/lab"
)

// lifeOpts are run's flags for lifetimes that outlast a session:
// checkpoints, resuming, recording.
type lifeOpts struct {
	every       int64
	resume      string
	record      string
	recordEvery int64
}

func (o *lifeOpts) add(fs *flag.FlagSet) {
	fs.Int64Var(&o.every, "checkpoint-every", 0, "write a checkpoint ("+lab.CheckpointFile+" in --out) every N steps and at the end, so the lifetime can be resumed")
	fs.StringVar(&o.resume, "resume", "", "continue the lifetime checkpointed in `DIR` (its --out), appending to its outputs; --steps/--trials count from birth")
	fs.StringVar(&o.record, "record", "", "record the lifetime to `FILE` for mazerat replay")
	fs.Int64Var(&o.recordEvery, "record-every", lab.DefaultKeyEvery, "steps between the recording's keyframes (smaller seeks faster, larger files)")
}

// check validates the flags of a run that is not a resume.
func (o *lifeOpts) check(out string, force bool) error {
	if o.every < 0 {
		return usagef("--checkpoint-every %d: expected a positive number of steps", o.every)
	}
	if o.every > 0 && out == "" {
		return usagef("--checkpoint-every needs --out DIR: the checkpoint is written there")
	}
	if o.recordEvery <= 0 {
		return usagef("--record-every %d: expected a positive number of steps", o.recordEvery)
	}
	if o.record != "" && !force {
		if _, err := os.Stat(o.record); err == nil {
			return usagef("--record %s: the file exists; choose another or pass --force to overwrite it", o.record)
		}
	}
	return nil
}

// resumeRun is run --resume DIR: the lifetime checkpointed in DIR lives
// on to the new length, checkpointing as it goes, and its outputs in DIR
// are rewritten from birth.
func resumeRun(fs *flag.FlagSet, pos []string, o lifeOpts, steps int64, trials int, quiet bool, stdout, stderr io.Writer) error {
	for _, name := range []string{"agent", "seed", "set", "out", "force"} {
		if flagSet(fs, name) {
			return usagef("--%s cannot be given with --resume: the lifetime in %s fixes its scenario, agent, seed, parameters and outputs", name, o.resume)
		}
	}
	if len(pos) > 0 {
		return usagef("a SCENARIO cannot be given with --resume: the lifetime in %s fixes it", o.resume)
	}
	if err := o.check(o.resume, true); err != nil {
		return err
	}
	path := filepath.Join(o.resume, lab.CheckpointFile)
	if _, err := os.Stat(path); err != nil {
		return usagef("--resume %s: no checkpoint there (%s); write one with run --checkpoint-every N --out %s", o.resume, path, o.resume)
	}
	atomicfile.RemoveStale(path)
	l, err := lab.LoadCheckpoint(path)
	if err != nil {
		return err
	}
	if steps > 0 || trials > 0 {
		if err := l.SetLength(steps, trials); err != nil {
			return usagef("%v", err)
		}
	}
	if l.Done() {
		done, total := l.Progress()
		unit := "steps"
		if l.Config().Trials > 0 {
			unit = "trials"
		}
		return usagef("the lifetime in %s has already lived %d of its %d %s; give a longer --steps or --trials (they count from birth)", o.resume, done, total, unit)
	}
	every := o.every
	if every == 0 {
		every = lab.DefaultCheckpointEvery
	}
	ctx, stop := stopContext()
	defer stop()
	cfg := l.Config()
	bar := newProgress(stderr, !quiet, progressTitle(l.Scenario(), cfg.Agent, cfg.Steps, cfg.Trials))
	res, err := lab.Continue(ctx, l, lab.Options{Out: o.resume, Force: true, Progress: bar.update,
		CheckpointEvery: every, Record: o.record, RecordEvery: o.recordEvery})
	bar.finish()
	if res != nil {
		printSummary(stdout, res.Summary, o.resume)
	}
	if errors.Is(err, lab.ErrStopped) {
		stoppedRun(stderr, res, o.resume, cfg.Steps, cfg.Trials)
		return failedError{}
	}
	return err
}
