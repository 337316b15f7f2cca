package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

// Defaults of run and watch.
const (
	defaultAgent = "dyna"
	defaultSteps = 10000
)

// resolveScenario loads a SCENARIO argument; a name that is neither a file
// nor a built-in is a usage error, a file with errors a failure.
func resolveScenario(arg string) (*world.Scenario, error) {
	sc, err := scenarios.Resolve(arg)
	if err != nil {
		var el world.ErrorList
		if errors.As(err, &el) {
			return nil, err
		}
		if _, statErr := os.Stat(arg); statErr != nil && !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".maze") {
			return nil, &usageError{err.Error()}
		}
		return nil, err
	}
	return sc, nil
}

// lifeFlags are the flags run and watch share: which lifetime to live.
type lifeFlags struct {
	agent *string
	seed  *uint64
	set   setFlag
}

func addLifeFlags(fs *flag.FlagSet) *lifeFlags {
	lf := &lifeFlags{set: setFlag{}}
	lf.agent = fs.String("agent", defaultAgent, "agent (mazerat agents lists them)")
	lf.seed = fs.Uint64("seed", 0, "the lifetime's seed (default: the scenario's seed)")
	fs.Var(lf.set, "set", "scenario setting or agent parameter, key=value (repeatable): control=moves, sensors.rays=16, agent.planning=50")
	return lf
}

// config checks the agent, loads the SCENARIO of pos (at most one; the
// default when none) and returns the lifetime's configuration without a
// length.
func (lf *lifeFlags) config(fs *flag.FlagSet, pos []string) (lab.Config, error) {
	if _, ok := agent.Lookup(*lf.agent); !ok {
		return lab.Config{}, usagef("--agent %s: unknown agent, expected one of %s", *lf.agent, strings.Join(agent.Names(), ", "))
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := resolveScenario(arg)
	if err != nil {
		return lab.Config{}, err
	}
	return lab.Config{Scenario: sc, Agent: *lf.agent, Set: lf.set, Seed: *lf.seed, SeedSet: flagSet(fs, "seed")}, nil
}

// checkConfig builds cfg's lifetime once, so that configuration mistakes
// (a bad --set value, an agent that cannot drive this body) are reported
// as usage errors before any work starts.
func checkConfig(cfg lab.Config) error {
	if _, err := lab.NewLifetime(cfg); err != nil {
		return &usageError{err.Error()}
	}
	return nil
}

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "[SCENARIO] [--agent A] [--seed N] [--steps N | --trials N] [--out DIR] [--set k=v]...",
		"Live one lifetime headless: the agent learns from one unbroken stream of\nexperience. Prints a summary; with --out writes trials.csv, reward.csv,\nevents.csv, summary.json, learning.png and maze.png. SCENARIO defaults to "+scenarios.Default+".", stderr)
	lf := addLifeFlags(fs)
	steps := fs.Int64("steps", 0, fmt.Sprintf("length in agent steps (default %d when --trials is not given)", defaultSteps))
	trials := fs.Int("trials", 0, "length in trials (eaten cheeses)")
	out := fs.String("out", "", "directory for the run's files (created if missing)")
	force := fs.Bool("force", false, "overwrite the results of an earlier run in --out")
	quiet := fs.Bool("quiet", false, "no progress bar even on a terminal")
	var lo lifeOpts
	lo.add(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if lo.resume != "" {
		return resumeRun(fs, pos, lo, *steps, *trials, *quiet, stdout, stderr)
	}
	if len(pos) > 1 {
		return usagef("one SCENARIO at most, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	if flagSet(fs, "steps") && *steps <= 0 {
		return usagef("--steps %d: expected a positive number of steps", *steps)
	}
	if flagSet(fs, "trials") && *trials <= 0 {
		return usagef("--trials %d: expected a positive number of trials", *trials)
	}
	if *steps > 0 && *trials > 0 {
		return usagef("--steps and --trials both given: give one length")
	}
	if *steps == 0 && *trials == 0 {
		*steps = defaultSteps
	}
	cfg, err := lf.config(fs, pos)
	if err != nil {
		return err
	}
	if err := lab.CheckOut(*out, *force); err != nil {
		return err
	}
	cfg.Steps, cfg.Trials = *steps, *trials
	if err := checkConfig(cfg); err != nil {
		return err
	}
	if err := lo.check(*out, *force); err != nil {
		return err
	}
	sc := cfg.Scenario

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	bar := newProgress(stderr, !*quiet, progressTitle(sc, cfg.Agent, *steps, *trials))
	res, err := lab.Run(ctx, cfg, lab.Options{Out: *out, Force: *force, Progress: bar.update,
		CheckpointEvery: lo.every, Record: lo.record, RecordEvery: lo.recordEvery, RecordOverwrite: *force})
	bar.finish()
	if res != nil {
		printSummary(stdout, res.Summary, *out)
	}
	if errors.Is(err, lab.ErrStopped) {
		fmt.Fprintf(stderr, "mazerat run: interrupted; the results above cover the part that ran\n")
		if lo.every > 0 {
			fmt.Fprintf(stderr, "mazerat run: the lifetime is checkpointed in %s: resume it with mazerat run --resume %s\n", *out, *out)
		}
		return failedError{}
	}
	return err
}

func progressTitle(sc *world.Scenario, agentName string, steps int64, trials int) string {
	unit := "steps"
	if trials > 0 {
		unit = "trials"
	}
	return fmt.Sprintf("%s · %s · %s", sc.Name, agentName, unit)
}

func printSummary(w io.Writer, s *lab.Summary, out string) {
	fmt.Fprintf(w, "scenario   %s (%s), %s control\n", s.Scenario, s.Source, s.Control)
	var ps []string
	for _, k := range slices.Sorted(maps.Keys(s.Params)) {
		ps = append(ps, strings.TrimPrefix(k, "agent.")+"="+s.Params[k])
	}
	fmt.Fprintf(w, "agent      %s  %s\n", s.Agent, strings.Join(ps, " "))
	fmt.Fprintf(w, "seed       %d\n", s.Seed)
	fmt.Fprintf(w, "lifetime   %d steps, %d ticks, %d trials, reward %g, %d surprises\n", s.Steps, s.Ticks, s.Trials, s.CumReward, s.Surprises)
	fmt.Fprintf(w, "speed      %.0f ticks/s, %.0f steps/s (%.2f s)\n", s.Timing.TicksPerSecond, s.Timing.StepsPerSecond, s.Timing.WallSeconds)
	if f := s.FirstTrial; f != nil {
		line := fmt.Sprintf("first trial %d steps, %d moves (optimal %d)", f.Steps, f.Moves, f.Optimal)
		if s.MedianRatioL5 != nil {
			line += fmt.Sprintf("; median path ratio of the last 5 trials %.2f", *s.MedianRatioL5)
		}
		fmt.Fprintf(w, "learning   %s\n", line)
	} else {
		fmt.Fprintf(w, "learning   no cheese eaten yet\n")
	}
	for _, e := range s.Events {
		if e.Step == 0 {
			continue
		}
		rec := "not recovered yet"
		if e.RecoveryTrials != nil {
			rec = fmt.Sprintf("recovered after %d trials (%d steps)", *e.RecoveryTrials, *e.RecoverySteps)
		}
		fmt.Fprintf(w, "event      step %d (trial %d) %s: %s\n", e.Step, e.Trial, e.What, rec)
	}
	fmt.Fprintf(w, "hash       %s\n", s.Hash)
	if out != "" {
		fmt.Fprintf(w, "outputs    %s (%s)\n", out, strings.Join(lab.OutputFiles, ", "))
	}
}
