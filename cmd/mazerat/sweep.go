package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/lab/sweep"
)

const sweepDoc = `Run many lifetimes across seeds and parameters, in parallel, and merge
their results. SPEC.yaml names the scenario, agents, length, seeds, fixed
parameters (set) and varied ones (grid; every combination is run):

  scenario: blocking-maze          # built-in name, or .maze path relative to SPEC
  agents: [dyna, dynaq]
  steps: 3000                      # or trials: 50
  seeds: 20                        # seeds 1..20, or a list: [3, 7, 11]
  set: {agent.epsilon: 0.1}
  grid: {agent.planning: [0, 5, 50]}

An agent without a set or grid parameter runs without it (the plan says so).
Writes OUT/runs/<run id>/ (each run's files), runs.csv, summary.csv,
reward_summary.csv, criterion.csv, recovery.csv, metrics_summary.csv (the
agents' own metrics), retention_runs.csv and retention_summary.csv (first
trials on meeting and on returning to each world configuration), timing.csv and plots (learning, reward, criterion,
metrics; PNG and SVG). Started again with the same
OUT, it skips the finished runs; a finished sweep is only merged again.
With --shard I/N it runs the I-th of N slices and writes only its runs;
mazerat merge combines the shards. See docs/sweeps.md.`

func sweepCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sweep", "SPEC.yaml [--workers N] [--shard I/N] [--out DIR] [--dry-run] [--quiet]", sweepDoc, stderr)
	workers := fs.Int("workers", 0, "lifetimes at once (default: one per CPU)")
	shardFlag := fs.String("shard", "", "run only the I-th of N slices of the runs, as I/N (1-based)")
	out := fs.String("out", "", "output directory (default: SPEC without its extension, plus .out)")
	dryRun := fs.Bool("dry-run", false, "check the spec and print the plan; run nothing")
	quiet := fs.Bool("quiet", false, "no progress bars even on a terminal")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one SPEC.yaml, got %d argument%s", len(pos), plural(len(pos)))
	}
	if *workers < 0 {
		return usagef("--workers %d: expected a positive number (or 0: one per CPU)", *workers)
	}
	var shard sweep.Shard
	if *shardFlag != "" {
		if shard, err = sweep.ParseShard(*shardFlag); err != nil {
			return &usageError{err.Error()}
		}
	}
	specPath := pos[0]
	if *out == "" {
		*out = strings.TrimSuffix(specPath, filepath.Ext(specPath)) + ".out"
	}
	spec, err := sweep.LoadSpec(specPath)
	if err != nil {
		return err
	}
	plan, err := spec.Plan()
	if err != nil {
		return err
	}
	if err := plan.Check(); err != nil {
		return err
	}
	if *dryRun {
		o, err := sweep.Peek(*out, plan, shard)
		if err != nil {
			return err
		}
		printPlan(stdout, plan, shard, o, *out, *workers, true)
		return nil
	}
	o, err := sweep.Open(*out, plan, shard)
	if err != nil {
		return err
	}
	printPlan(stdout, plan, shard, o, *out, *workers, false)

	ctx, stop := stopContext()
	defer stop()
	start := time.Now()
	bars := newSweepBars(stderr, !*quiet, len(o.Mine), len(o.Mine)-len(o.Todo), o.Workers(*workers))
	err = o.Run(ctx, sweep.Options{Workers: *workers, Started: bars.started, Progress: bars.progress, Finished: bars.finished})
	bars.finish(err == nil)
	ran := bars.done.Load()
	if errors.Is(err, lab.ErrStopped) {
		fmt.Fprintf(stderr, "mazerat sweep: interrupted after %d runs; the finished runs are kept: run the same command to go on\n", ran)
		return failedError{}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ran        %d run%s in %.1f s\n", ran, plural(int(ran)), time.Since(start).Seconds())
	if !shard.Whole() {
		fmt.Fprintf(stdout, "shard      %s finished; when every shard has: mazerat merge DIR... --out DIR\n", shard)
		return nil
	}
	if err := o.Merge(); err != nil {
		return err
	}
	printResults(stdout, *out)
	return nil
}

func printPlan(w io.Writer, plan *sweep.Plan, shard sweep.Shard, o *sweep.Out, out string, workers int, dryRun bool) {
	s := plan.Spec
	fmt.Fprintf(w, "sweep      %s (spec %.12s): %s, %s per lifetime\n", s.File, s.Hash(), s.ScenarioName(), s.Length())
	fmt.Fprintf(w, "agents     %s\n", strings.Join(s.Agents, ", "))
	for _, kv := range s.Set {
		fmt.Fprintf(w, "set        %s=%s\n", kv.Key, kv.Value)
	}
	for _, ax := range s.Grid {
		fmt.Fprintf(w, "grid       %s: %s\n", ax.Key, strings.Join(ax.Values, ", "))
	}
	fmt.Fprintf(w, "seeds      %s\n", seedList(s.Seeds))
	for _, n := range plan.Notes {
		fmt.Fprintf(w, "note       %s\n", n)
	}
	nc, ns := len(plan.Configs), len(s.Seeds)
	fmt.Fprintf(w, "runs       %d configuration%s x %d seed%s = %d run%s\n", nc, plural(nc), ns, plural(ns), len(plan.Runs), plural(len(plan.Runs)))
	if !shard.Whole() {
		n := len(plan.ShardRuns(shard))
		fmt.Fprintf(w, "shard      %s: %d run%s\n", shard, n, plural(n))
	}
	if dryRun {
		for _, c := range plan.Configs {
			fmt.Fprintf(w, "config     %s\n", plan.Label(c))
		}
	}
	nw := o.Workers(workers)
	todo := fmt.Sprintf("%d to run on %d worker%s", len(o.Todo), nw, plural(nw))
	if len(o.Todo) == 0 {
		todo = "nothing to run"
	}
	fmt.Fprintf(w, "out        %s: %d finished earlier, %s\n", out, len(o.Mine)-len(o.Todo), todo)
	if dryRun {
		fmt.Fprintf(w, "dry run    nothing written\n")
	}
}

// seedList shows seeds as a range when they are one.
func seedList(seeds []uint64) string {
	n := len(seeds)
	if n > 1 && seeds[0] == 1 && seeds[n-1] == uint64(n) {
		ordered := true
		for i, s := range seeds {
			ordered = ordered && s == uint64(i+1)
		}
		if ordered {
			return fmt.Sprintf("%d (1..%d)", n, n)
		}
	}
	parts := make([]string, 0, min(n, 12))
	for _, s := range seeds[:min(n, 12)] {
		parts = append(parts, fmt.Sprint(s))
	}
	if n > 12 {
		parts = append(parts, "...")
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(parts, ", "))
}

func printResults(w io.Writer, out string) {
	var have []string
	for _, f := range []string{sweep.RunsCSV, sweep.SummaryCSV, sweep.RewardCSV, sweep.CriterionCSV, sweep.RecoveryCSV, sweep.MetricsSummaryCSV, sweep.RetentionRunsCSV, sweep.RetentionSummaryCSV, sweep.TimingCSV,
		sweep.LearningPlot + ".png", sweep.RewardPlot + ".png", sweep.CriterionPlot + ".png", sweep.MetricsPlot + ".png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			have = append(have, f)
		}
	}
	fmt.Fprintf(w, "results    %s: %s (plots also as .svg)\n", out, strings.Join(have, ", "))
}

const mergeDoc = `Combine the output directories of a sweep's shards (mazerat sweep
--shard I/N) into --out, which may be one of them: checks that they hold the
same sweep, copies (or hard-links) every run into --out, names the runs that
no directory holds, refuses a run found twice with different results, and
writes the merged results: the same bytes as the sweep run on one machine.`

func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge", "DIR... --out DIR", mergeDoc, stderr)
	out := fs.String("out", "", "the merged sweep's directory (required; may be one of DIR)")
	dirs, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return usagef("no DIR given, expected the output directories of a sweep's shards")
	}
	if *out == "" {
		return usagef("no --out given, expected the directory to merge into")
	}
	start := time.Now()
	_, rep, err := sweep.Merge(*out, dirs)
	if rep != nil {
		fmt.Fprintf(stdout, "merge      %d runs: %d copied, %d already in %s, %d found twice (the same)\n", rep.Runs, rep.Copied, rep.Present, *out, rep.Duplicate)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "merged     in %.1f s\n", time.Since(start).Seconds())
	printResults(stdout, *out)
	return nil
}

// sweepBars are the progress bars of a sweep on a terminal: one per
// worker (the run it lives and how far) and one for the whole sweep.
// Off a terminal they are nothing at all.
type sweepBars struct {
	p       *mpb.Progress
	overall *mpb.Bar
	workers []*mpb.Bar
	current []atomic.Value // run id per worker
	done    atomic.Int64   // runs finished by this process
}

func newSweepBars(w io.Writer, enabled bool, total, already, workers int) *sweepBars {
	b := &sweepBars{}
	if !enabled || !isTerminal(w) || total == already {
		return b
	}
	b.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(32))
	b.current = make([]atomic.Value, workers)
	for i := range workers {
		b.current[i].Store("")
		bar := b.p.AddBar(0,
			mpb.PrependDecorators(decor.Name(fmt.Sprintf("worker %d ", i+1)), decor.Any(func(decor.Statistics) string {
				return shorten(b.current[i].Load().(string), 40)
			}, decor.WCSyncSpaceR)),
			mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace)),
			mpb.BarRemoveOnComplete(),
		)
		b.workers = append(b.workers, bar)
	}
	b.overall = b.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("sweep ", decor.WCSyncSpaceR), decor.CountersNoUnit("%d / %d runs", decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Name(" "), decor.AverageETA(decor.ET_STYLE_GO)),
	)
	b.overall.SetCurrent(int64(already))
	b.overall.DecoratorAverageAdjust(time.Now())
	return b
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}

func (b *sweepBars) started(w int, r sweep.Run) {
	if b.p == nil {
		return
	}
	b.current[w].Store(r.ID)
	// A total of 0 reads as 100 %; the run's own total comes with its
	// first progress report.
	b.workers[w].SetTotal(1, false)
	b.workers[w].SetCurrent(0)
}

func (b *sweepBars) progress(w int, done, total int64) {
	if b.p == nil {
		return
	}
	b.workers[w].SetTotal(total, false)
	b.workers[w].SetCurrent(done)
}

func (b *sweepBars) finished(w int, r sweep.Run) {
	b.done.Add(1)
	if b.p == nil {
		return
	}
	b.overall.Increment()
}

// finish completes (or, after a failure, abandons) the bars and waits
// until they are drawn.
func (b *sweepBars) finish(ok bool) {
	if b.p == nil {
		return
	}
	for i, bar := range b.workers {
		b.current[i].Store("")
		if ok {
			bar.SetTotal(-1, true)
		} else {
			bar.Abort(false)
		}
	}
	if !b.overall.Completed() {
		b.overall.Abort(false)
	}
	b.p.Wait()
}
