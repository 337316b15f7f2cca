package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/render"
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
			return nil, shortErrors(el)
		}
		if _, statErr := os.Stat(arg); errors.Is(statErr, fs.ErrNotExist) {
			if !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".maze") && !strings.HasSuffix(arg, ".tmx") {
				return nil, &usageError{err.Error()}
			}
			return nil, fmt.Errorf("%s: no such file; expected a .maze file, a Tiled .tmx map or a built-in scenario (%s; mazerat scenarios describes them)", arg, strings.Join(scenarios.Names(), ", "))
		}
		return nil, err
	}
	return sc, nil
}

// maxShownErrors is how many problems of a scenario file are printed.
const maxShownErrors = 10

// shortErrors keeps the first problems of a file that does not read as a
// scenario and says how many more there are and what a .maze file looks
// like: a text file that is no maze at all gives one problem per
// character otherwise.
func shortErrors(el world.ErrorList) error {
	if len(el) <= maxShownErrors {
		return el
	}
	return &scenarioErrors{el}
}

type scenarioErrors struct{ el world.ErrorList }

func (e *scenarioErrors) Error() string {
	return fmt.Sprintf("%v\n… and %d more problems. A .maze file is optional YAML front matter between --- lines, then the maze drawn in text (docs/scenario-format.md); mazerat check FILE lists every problem",
		e.el[:maxShownErrors], len(e.el)-maxShownErrors)
}

func (e *scenarioErrors) Unwrap() error { return e.el }

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
	fs.Var(lf.set, "set", "scenario setting or agent parameter, key=value (repeatable): control=moves, sensors.rays=16, trial.max_steps=500, agent.planning=50; the keys that take lists ("+listKeyNames()+") are written in the scenario file, not with --set")
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
	return runMain(args, "", stdout, stderr)
}

// runMain is run. newSnapshotIn, if not "", is a directory that receives
// the snapshot in a new file named after the scenario, never over an
// existing one (mazerat with no arguments and no window).
func runMain(args []string, newSnapshotIn string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "[SCENARIO] [--agent A] [--seed N] [--steps N | --trials N] [--out DIR] [--snapshot FILE.png] [--set k=v]...",
		"Live one lifetime headless: the agent learns from one unbroken stream of\nexperience. Prints a summary; with --out writes trials.csv, reward.csv,\nevents.csv, summary.json, learning.png, maze.png, metrics.csv,\nretention.csv and retention.png (first trials on meeting and returning to\neach world configuration), probes.csv (with --probe-every or --probe-at)\nand snapshot.png (the window's picture at the end, every overlay on).\nSCENARIO defaults to "+scenarios.Default+".", stderr)
	lf := addLifeFlags(fs)
	steps := fs.Int64("steps", 0, fmt.Sprintf("length in agent steps (default %d when --trials is not given)", defaultSteps))
	trials := fs.Int("trials", 0, "length in trials (eaten cheeses)")
	out := fs.String("out", "", "directory for the run's files (created if missing)")
	force := fs.Bool("force", false, "overwrite the results of an earlier run in --out")
	quiet := fs.Bool("quiet", false, "no progress bar even on a terminal")
	snapshot := fs.String("snapshot", "", "at the end, draw the window's picture with every overlay on to `FILE.png` (replaced if it exists)")
	var lo lifeOpts
	lo.add(fs)
	var pf probeFlags
	pf.add(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	probes, err := pf.probes(fs)
	if err != nil {
		return err
	}
	if flagSet(fs, "snapshot") {
		if err := checkSnapshotFile("snapshot", *snapshot); err != nil {
			return err
		}
	}
	if lo.resume != "" {
		if name := pf.anySet(fs); name != "" {
			return usagef("--%s cannot be given with --resume: the lifetime in %s keeps the probes it was started with", name, lo.resume)
		}
		if err := resumeRun(fs, pos, lo, *steps, *trials, *quiet, stdout, stderr); err != nil {
			return err
		}
		return resumedSnapshots(lo.resume, *snapshot, stdout)
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
	if err := checkOutSnapshot(*out, *force); err != nil {
		return err
	}
	cfg.Steps, cfg.Trials = *steps, *trials
	cfg.Probes = probes
	if err := checkConfig(cfg); err != nil {
		return err
	}
	if err := lo.check(*out, *force); err != nil {
		return err
	}
	sc := cfg.Scenario

	ctx, stop := stopContext()
	defer stop()
	bar := newProgress(stderr, !*quiet, progressTitle(sc, cfg.Agent, *steps, *trials))
	res, err := lab.Run(ctx, cfg, lab.Options{Out: *out, Force: *force, Progress: bar.update,
		CheckpointEvery: lo.every, Record: lo.record, RecordEvery: lo.recordEvery, RecordOverwrite: *force})
	bar.finish()
	if res != nil {
		// The picture of the lifetime as it ended (or was stopped): the
		// outputs cover the part that ran, and so does the picture.
		shots, serr := writeSnapshots(res.Lifetime, *snapshot, *out, newSnapshotIn)
		printSummary(stdout, res.Summary, *out)
		printSnapshots(stdout, shots)
		if serr != nil {
			if err == nil {
				err = serr
			} else {
				fmt.Fprintf(stderr, "mazerat run: %v\n", serr)
			}
		}
	}
	if errors.Is(err, lab.ErrStopped) {
		stoppedRun(stderr, res, *out, *steps, *trials)
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
	fmt.Fprintf(w, "lifetime   %d steps, %d ticks, %d trials, reward %g (%.3g per 1000 steps), %d surprises\n", s.Steps, s.Ticks, s.Trials, s.CumReward, s.RewardRate, s.Surprises)
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
	if b := s.Belief; b != nil {
		line := fmt.Sprintf("lost %.1f %% of its steps", 100*b.Lost)
		if b.LostLast5 != nil {
			line += fmt.Sprintf(" (%.1f %% in the last 5 trials)", 100**b.LostLast5)
		}
		fmt.Fprintf(w, "belief     %s, pose error at most %.3f m\n", line, b.PoseError)
	}
	for _, e := range s.Events {
		if e.Step == 0 {
			continue
		}
		rec := "not recovered yet"
		if e.Recovered != nil && !*e.Recovered {
			rec = "never recovered: the next event came first"
		}
		if e.RecoveryTrials != nil {
			rec = fmt.Sprintf("recovered after %d trials (%d steps)", *e.RecoveryTrials, *e.RecoverySteps)
		}
		if e.RelocaliseSteps != nil {
			rec = fmt.Sprintf("relocalised after %d steps; %s", *e.RelocaliseSteps, rec)
		}
		fmt.Fprintf(w, "event      step %d (trial %d) %s: %s\n", e.Step, e.Trial, e.What, rec)
	}
	if r := s.Retention; r != nil && r.Configurations > 1 {
		line := fmt.Sprintf("%d configurations, %d visits, %d returns", r.Configurations, r.Visits, r.Returns)
		if r.RemeetPathRatio != nil && r.FirstPathRatio != nil {
			line += fmt.Sprintf("; first trial on a return: path ratio %.2f (median; %.2f on first meeting)", *r.RemeetPathRatio, *r.FirstPathRatio)
		}
		if r.NewPathRatio != nil {
			line += fmt.Sprintf("; on a new one %.2f", *r.NewPathRatio)
		}
		fmt.Fprintf(w, "retention  %s\n", line)
	}
	if s.Probes > 0 {
		fmt.Fprintf(w, "probes     %d probe trials with learning frozen (probes.csv)\n", s.Probes)
	}
	fmt.Fprintf(w, "hash       %s\n", s.Hash)
	if out != "" {
		files := lab.OutputFiles
		if s.Probes > 0 {
			files = append(slices.Clone(files), lab.ProbesFile)
		}
		fmt.Fprintf(w, "outputs    %s (%s)\n", out, strings.Join(files, ", "))
	}
}

// SnapshotFile is the picture a run with --out leaves in its directory.
const snapshotFile = "snapshot.png"

// checkSnapshotFile checks a picture file flag (--snapshot, --screenshot) before any work starts: a .png
// name, not a directory, in a directory that exists and takes new files.
// An existing FILE is replaced at the end: the flag names it.
func checkSnapshotFile(flagName, path string) error {
	if path == "" {
		return usagef("--%s \"\": expected a file name ending in .png", flagName)
	}
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return usagef("--%s %s: is a directory; expected a .png file to write (such as %s)", flagName, path, filepath.Join(path, snapshotFile))
		}
		if !st.Mode().IsRegular() {
			return usagef("--%s %s: exists and is not a regular file; expected a .png file to write", flagName, path)
		}
	}
	if !strings.EqualFold(filepath.Ext(path), ".png") {
		return usagef("--%s %s: expected a file name ending in .png", flagName, path)
	}
	dir := filepath.Dir(path)
	switch st, err := os.Stat(dir); {
	case err != nil:
		return usagef("--%s %s: the directory %s does not exist", flagName, path, dir)
	case !st.IsDir():
		return usagef("--%s %s: %s is not a directory", flagName, path, dir)
	}
	// The picture is written beside FILE and renamed over it: try that
	// now rather than after a long run.
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return usagef("--%s %s: cannot write in %s: %v", flagName, path, dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// checkOutSnapshot refuses an --out directory whose snapshot.png an
// earlier run left, unless force, as lab.CheckOut does for the others.
func checkOutSnapshot(dir string, force bool) error {
	if dir == "" || force {
		return nil
	}
	p := filepath.Join(dir, snapshotFile)
	if _, err := os.Lstat(p); err == nil {
		return fmt.Errorf("%s already holds the results of a run (%s); choose another --out or pass --force to overwrite them", dir, p)
	}
	return nil
}

// writeSnapshots draws the lifetime as it stands with every overlay on
// and writes the picture to file (--snapshot, replaced atomically), to
// out/snapshot.png (--out) and to a new file in newIn (never over an
// existing one), those that are not "". It returns the paths written;
// the error names what failed.
func writeSnapshots(l *lab.Lifetime, file, out, newIn string) ([]string, error) {
	if file == "" && out == "" && newIn == "" {
		return nil, nil
	}
	img, err := render.Snapshot(l, render.SnapshotOptions{Overlays: render.OverlaysAll})
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	data, err := render.EncodePNG(img)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	var written []string
	var first error
	keep := func(p string, err error) {
		if err == nil {
			written = append(written, p)
		} else if first == nil {
			first = err
		}
	}
	if file != "" {
		err := atomicfile.WriteFile(file, data)
		if err != nil {
			err = fmt.Errorf("--snapshot %s: %w", file, err)
		}
		keep(file, err)
	}
	if out != "" {
		p := filepath.Join(out, snapshotFile)
		if !samePath(p, file) {
			err := atomicfile.WriteFile(p, data)
			if err != nil {
				err = fmt.Errorf("--out %s: %w", out, err)
			}
			keep(p, err)
		}
	}
	if newIn != "" {
		p, err := atomicfile.WriteFree(newIn, render.FileStem(l.Scenario())+"-snapshot", ".png", data)
		keep(p, err)
	}
	return written, first
}

// samePath reports whether two paths name the same file.
func samePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	aa, err1 := filepath.Abs(a)
	ba, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == ba
}

// resumedSnapshots draws the picture of a lifetime resumed in dir (from
// the checkpoint the resume left there): dir/snapshot.png, as the run's
// other outputs in dir are rewritten, and file if given.
func resumedSnapshots(dir, file string, stdout io.Writer) error {
	l, err := lab.LoadCheckpoint(filepath.Join(dir, lab.CheckpointFile))
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	shots, err := writeSnapshots(l, file, dir, "")
	printSnapshots(stdout, shots)
	return err
}

func printSnapshots(w io.Writer, paths []string) {
	for _, p := range paths {
		fmt.Fprintf(w, "snapshot   %s\n", p)
	}
}

// listKeyNames names the front-matter keys that take lists or mappings.
func listKeyNames() string {
	var names []string
	for _, k := range world.ListKeys() {
		names = append(names, k[0])
	}
	return strings.Join(names, ", ")
}
