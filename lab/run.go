package lab

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/internal/atomicfile"
)

// Options say where a run writes and how it reports progress.
type Options struct {
	// Out is the output directory ("" writes nothing). It is created if
	// missing; a directory that already holds a run's files is refused
	// unless Force.
	Out   string
	Force bool
	// Progress, if set, is called with how far the run is (steps or
	// trials, as the length was given), at most about ten times a second
	// and once at the end.
	Progress func(done, total int64)
	// CheckpointEvery > 0 writes a checkpoint (CheckpointFile in Out)
	// every that many steps and when the run ends or is stopped.
	CheckpointEvery int64
	// Record, if set, records the lifetime to that file (keyframes every
	// RecordEvery steps, DefaultKeyEvery if 0); an existing file is
	// refused unless RecordOverwrite.
	Record          string
	RecordEvery     int64
	RecordOverwrite bool
}

// DefaultCheckpointEvery is the checkpoint interval of a resumed run that
// does not give one.
const DefaultCheckpointEvery = 10000

// Result is a finished run.
type Result struct {
	Lifetime *Lifetime
	Summary  *Summary
	// Checkpoint is the checkpoint file the run left ("" if none): with
	// CheckpointEvery, or in Out when the run was stopped, so that a
	// stopped run can always be resumed.
	Checkpoint string
}

// ErrStopped is wrapped by Run's error when its context was cancelled; the
// outputs written so far are complete for the part that ran.
var ErrStopped = errors.New("stopped")

// CheckOut reports whether dir may receive a run's outputs: it is refused
// if it holds any of OutputFiles and force is false.
func CheckOut(dir string, force bool) error {
	if dir == "" || force {
		return nil
	}
	for _, f := range slices.Concat(OutputFiles, []string{ProbesFile}) {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s already holds the results of a run (%s); choose another --out or pass --force to overwrite them", dir, p)
		}
	}
	return nil
}

// Run lives the lifetime of cfg to its end (or until ctx is cancelled),
// writing its outputs to opt.Out.
func Run(ctx context.Context, cfg Config, opt Options) (*Result, error) {
	if err := CheckOut(opt.Out, opt.Force); err != nil {
		return nil, err
	}
	l, err := NewLifetime(cfg)
	if err != nil {
		return nil, err
	}
	return Continue(ctx, l, opt)
}

// Continue lives l on to the end of its length (or until ctx is
// cancelled), as Run does: a lifetime resumed from a checkpoint continues
// here, and its outputs, from birth, replace those in opt.Out.
func Continue(ctx context.Context, l *Lifetime, opt Options) (*Result, error) {
	if opt.CheckpointEvery > 0 && opt.Out == "" {
		return nil, fmt.Errorf("checkpoints need an output directory")
	}
	if opt.Out != "" {
		if err := os.MkdirAll(opt.Out, 0o755); err != nil {
			return nil, err
		}
	}
	if opt.Record != "" {
		if err := l.Record(opt.Record, opt.RecordEvery, opt.RecordOverwrite); err != nil {
			return nil, err
		}
	}
	ckpt := filepath.Join(opt.Out, CheckpointFile)
	if opt.CheckpointEvery > 0 {
		atomicfile.RemoveStale(ckpt)
	}
	start := time.Now()
	lastReport := start
	var stopped error
	for i := 0; !l.Done(); i++ {
		if err := l.Step(); err != nil {
			l.CloseRecording()
			return nil, err
		}
		if opt.CheckpointEvery > 0 && l.world.StepCount()%opt.CheckpointEvery == 0 {
			if err := l.SaveCheckpoint(ckpt); err != nil {
				l.CloseRecording()
				return nil, err
			}
		}
		if i%256 == 0 {
			if ctx.Err() != nil {
				stopped = fmt.Errorf("%w at step %d: %v", ErrStopped, l.World().StepCount(), context.Cause(ctx))
				break
			}
			if opt.Progress != nil {
				if now := time.Now(); now.Sub(lastReport) >= 100*time.Millisecond {
					lastReport = now
					opt.Progress(l.Progress())
				}
			}
		}
	}
	if opt.Progress != nil {
		opt.Progress(l.Progress())
	}
	if err := l.CloseRecording(); err != nil {
		return nil, err
	}
	saved := ""
	if opt.CheckpointEvery > 0 {
		saved = ckpt
		if l.world.StepCount()%opt.CheckpointEvery != 0 {
			if err := l.SaveCheckpoint(ckpt); err != nil {
				return nil, err
			}
		}
	} else if stopped != nil && opt.Out != "" {
		// A stopped run (Ctrl-C, a preempted job's SIGTERM) keeps the
		// lifetime so that it can go on, if the agent can save its memory.
		if _, ok := l.agent.(agent.Stateful); ok {
			atomicfile.RemoveStale(ckpt)
			if err := l.SaveCheckpoint(ckpt); err != nil {
				return nil, err
			}
			saved = ckpt
		}
	}
	sum := l.Summary(time.Since(start))
	if stopped != nil {
		sum.StoppedEarly, sum.StopReasonText = true, stopped.Error()
	}
	res := &Result{Lifetime: l, Summary: sum, Checkpoint: saved}
	if opt.Out != "" {
		if err := l.WriteOutputs(opt.Out, sum); err != nil {
			return res, err
		}
	}
	return res, stopped
}

// WriteOutputs writes every output file of the lifetime to dir.
func (l *Lifetime) WriteOutputs(dir string, sum *Summary) error {
	files := []struct {
		name string
		data []byte
	}{
		{TrialsFile, TrialsCSV(l.trials, RegionNames(l.sc))},
		{RewardFile, RewardCSV(l.curve)},
		{EventsFile, EventsCSV(l.events)},
		{SummaryFile, sum.JSON()},
		{MetricsFile, MetricsCSV(l.metricNames, l.curve)},
		{RetentionFile, RetentionCSV(l.Retention())},
	}
	if l.cfg.Probes.Enabled() {
		files = append(files, struct {
			name string
			data []byte
		}{ProbesFile, ProbesCSV(l.probes)})
	}
	for _, f := range files {
		if err := atomicfile.WriteFile(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	png, err := LearningCurvePNG(l.sc.Name, l.trials, l.events)
	if err != nil {
		return fmt.Errorf("plotting the learning curve: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, LearningPNG), png); err != nil {
		return err
	}
	if png, err = RetentionPlot(l.sc.Name, l.Retention()); err != nil {
		return fmt.Errorf("plotting retention: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, RetentionPNG), png); err != nil {
		return err
	}
	if png, err = l.MazePicture().PNG(); err != nil {
		return fmt.Errorf("drawing the maze: %w", err)
	}
	return atomicfile.WriteFile(filepath.Join(dir, MazePNG), png)
}

// Summary returns the lifetime's summary so far; elapsed is the wall time
// it took.
func (l *Lifetime) Summary(elapsed time.Duration) *Summary {
	w := l.world
	s := &Summary{
		Scenario: l.sc.Name, Source: l.sc.Source, Agent: l.cfg.Agent, Params: l.AgentParams(),
		Seed: l.seed, Control: l.sc.Control.String(),
		Steps: w.StepCount(), Ticks: w.TickCount(), Trials: len(l.trials),
		CumReward: w.TotalReward(), Surprises: l.surprises,
		Hash:      fmt.Sprintf("%016x", w.Hash()),
		ModelSize: l.agent.View().ModelSize,
		Metrics:   metricsMap(l.Metrics()),
		Belief:    l.beliefSummary(),
		Retention: SummariseRetention(l.Retention()),
		Probes:    len(l.probes),
	}
	if s.Steps > 0 {
		s.RewardRate = s.CumReward * 1000 / float64(s.Steps)
	}
	c := l.compute()
	s.Compute = Compute{Backups: c.backups, SearchNodes: c.searchNodes}
	for k, v := range l.cfg.Set {
		if s.Set == nil {
			s.Set = map[string]string{}
		}
		s.Set[k] = v
	}
	if len(l.trials) > 0 {
		t := l.trials[0]
		s.FirstTrial = &FirstTrial{Steps: t.Steps, Moves: t.Moves, Optimal: t.Optimal}
		if m := medianPathRatio(l.trials, 5); !math.IsNaN(m) {
			s.MedianRatioL5 = &m
		}
	}
	for _, e := range l.events {
		es := EventSummary{Step: e.Step, Trial: e.Trial, What: e.What}
		if e.RecoveryTrials >= 0 {
			rt, rs := e.RecoveryTrials, e.RecoverySteps
			es.RecoveryTrials, es.RecoverySteps = &rt, &rs
			es.Recovered = new(bool)
			*es.Recovered = true
		}
		if e.Unrecovered {
			es.Recovered = new(bool)
		}
		if e.Carried && e.RelocaliseSteps >= 0 {
			rl := e.RelocaliseSteps
			es.RelocaliseSteps = &rl
		}
		s.Events = append(s.Events, es)
	}
	if secs := elapsed.Seconds(); secs > 0 {
		s.Timing = Timing{WallSeconds: secs, TicksPerSecond: float64(w.TickCount()) / secs, StepsPerSecond: float64(w.StepCount()) / secs}
	}
	s.Timing.AgentSeconds = l.AgentSeconds()
	return s
}
