package sweep

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/lab"
)

// Names of a sweep's merged results. Every one of them depends only on the
// spec: the same bytes for any number of workers, shards or restarts.
// TimingFile is the exception (wall-clock figures) and is kept apart.
const (
	RunsCSV      = "runs.csv"           // every trial of every run, with its parameters (grid, then set)
	SummaryCSV   = "summary.csv"        // per configuration, trial and metric: n, mean, sd, 95 % CI
	RewardCSV    = "reward_summary.csv" // per configuration and step: cumulative reward
	CriterionCSV = "criterion.csv"      // per configuration: steps to criterion
	RecoveryCSV  = "recovery.csv"       // per configuration and world event: recovery
	TimingCSV    = "timing.csv"         // per run: wall time and speed (not deterministic)
)

// sweepMetrics are the per-trial measures summary.csv describes, in its
// order. path_ratio is recomputed as moves/optimal at full precision (the
// runs' trials.csv rounds it to 4 decimals).
var sweepMetrics = []string{"steps", "ticks", "moves", "optimal", "path_ratio", "reward", "bumps", "backups", "search_nodes", "lost", "pose_error"}

const (
	metricMoves = 2
	metricOpt   = 3
	metricRatio = 4
)

// runTrial is one row of a run's trials.csv.
type runTrial struct {
	fields    []string // as written, for runs.csv
	startStep int64
	values    []float64 // sweepMetrics; NaN when unknown
}

// runEvent is one row of a run's events.csv.
type runEvent struct {
	index      int
	step       int64
	trial      int
	what       string
	recTrials  float64 // NaN: not recovered
	recSteps   float64
	firstTrial int // the first trial lived wholly after the event
}

// runData is what the merge reads of one run.
type runData struct {
	header  []string
	trials  []runTrial
	reward  []lab.CurvePoint
	events  []runEvent
	metrics *runMetrics
	timing  lab.Timing

	// retention.csv: its records as written (for retention_runs.csv) and
	// its visits.
	retentionRecs [][]string
	retention     []lab.RetentionRow
}

// readRun reads a finished run's CSV files (and the timing of its
// summary).
func readRun(dir string) (*runData, error) {
	d := &runData{}
	rows, err := readSweepCSV(filepath.Join(dir, lab.TrialsFile), "trial", "start_step", "steps", "ticks", "moves", "optimal", "reward", "bumps")
	if err != nil {
		return nil, err
	}
	// runs.csv holds what is deterministic: the seconds inside the agent
	// go to timing.csv, summed per run.
	secs := slices.Index(rows.header, lab.AgentSecondsColumn)
	d.header = rows.header
	if secs >= 0 {
		d.header = slices.Delete(slices.Clone(rows.header), secs, secs+1)
	}
	for i, rec := range rows.records {
		t := runTrial{fields: rec, values: make([]float64, len(sweepMetrics))}
		if secs >= 0 {
			t.fields = slices.Delete(slices.Clone(rec), secs, secs+1)
		}
		n, err := strconv.Atoi(rows.get(rec, "trial"))
		if err != nil || n != i+1 {
			return nil, fmt.Errorf("%s: row %d: trial %q, expected %d", filepath.Join(dir, lab.TrialsFile), i+2, rows.get(rec, "trial"), i+1)
		}
		t.startStep, err = strconv.ParseInt(rows.get(rec, "start_step"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: start_step %q is not an integer", filepath.Join(dir, lab.TrialsFile), i+2, rows.get(rec, "start_step"))
		}
		for m, name := range sweepMetrics {
			if m == metricRatio {
				continue
			}
			if t.values[m], err = rows.float(rec, name); err != nil {
				return nil, fmt.Errorf("%s: row %d: %w", filepath.Join(dir, lab.TrialsFile), i+2, err)
			}
		}
		t.values[metricRatio] = math.NaN()
		// A trial that did not end at cheese (timed out, a probe,
		// stranded) has no path ratio; files from before these columns
		// have only trials that ended at cheese.
		ended := rows.get(rec, "timed_out") != "1" && rows.get(rec, "stranded") != "1" && rows.get(rec, "probe") != "1"
		if opt := t.values[metricOpt]; opt > 0 && ended {
			t.values[metricRatio] = t.values[metricMoves] / opt
		}
		d.trials = append(d.trials, t)
	}
	rows, err = readSweepCSV(filepath.Join(dir, lab.RewardFile), "step", "cumulative_reward")
	if err != nil {
		return nil, err
	}
	for i, rec := range rows.records {
		step, err1 := strconv.ParseInt(rows.get(rec, "step"), 10, 64)
		cum, err2 := rows.float(rec, "cumulative_reward")
		if err1 != nil || err2 != nil || i > 0 && step <= d.reward[i-1].Step {
			return nil, fmt.Errorf("%s: row %d: expected increasing steps and numbers", filepath.Join(dir, lab.RewardFile), i+2)
		}
		d.reward = append(d.reward, lab.CurvePoint{Step: step, CumReward: cum})
	}
	rows, err = readSweepCSV(filepath.Join(dir, lab.EventsFile), "event", "step", "trial", "what", "recovery_trials", "recovery_steps")
	if err != nil {
		return nil, err
	}
	for i, rec := range rows.records {
		e := runEvent{what: rows.get(rec, "what")}
		var errs [5]error
		e.index, errs[0] = strconv.Atoi(rows.get(rec, "event"))
		e.step, errs[1] = strconv.ParseInt(rows.get(rec, "step"), 10, 64)
		e.trial, errs[2] = strconv.Atoi(rows.get(rec, "trial"))
		e.recTrials, errs[3] = rows.float(rec, "recovery_trials")
		e.recSteps, errs[4] = rows.float(rec, "recovery_steps")
		if err := errors.Join(errs[:]...); err != nil {
			return nil, fmt.Errorf("%s: row %d: %w", filepath.Join(dir, lab.EventsFile), i+2, err)
		}
		// As the lifetime counts it: an event at the very start of a
		// trial changes that whole trial.
		e.firstTrial = e.trial + 1
		if k := e.trial - 1; k >= 0 && k < len(d.trials) && d.trials[k].startStep == e.step {
			e.firstTrial = e.trial
		}
		d.events = append(d.events, e)
	}
	if d.metrics, err = readRunMetrics(dir); err != nil {
		return nil, err
	}
	if d.retentionRecs, d.retention, err = readRunRetention(dir); err != nil {
		return nil, err
	}
	if b, err := os.ReadFile(filepath.Join(dir, lab.SummaryFile)); err == nil {
		var s struct {
			Timing lab.Timing `json:"timing"`
		}
		if json.Unmarshal(b, &s) == nil {
			d.timing = s.Timing
		}
	}
	return d, nil
}

// csvTable is a CSV file read whole, with its columns by name.
type csvTable struct {
	path    string
	header  []string
	col     map[string]int
	records [][]string
}

func readSweepCSV(path string, need ...string) (*csvTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty, expected a header", path)
	}
	t := &csvTable{path: path, header: recs[0], col: map[string]int{}, records: recs[1:]}
	for i, h := range t.header {
		t.col[h] = i
	}
	for _, n := range need {
		if _, ok := t.col[n]; !ok {
			return nil, fmt.Errorf("%s: no column %q", path, n)
		}
	}
	return t, nil
}

func (t *csvTable) get(rec []string, name string) string {
	i, ok := t.col[name]
	if !ok || i >= len(rec) {
		return "" // a column older files do not have
	}
	return rec[i]
}

// float reads a number; an empty field is NaN.
func (t *csvTable) float(rec []string, name string) (float64, error) {
	v := t.get(rec, name)
	if v == "" {
		return math.NaN(), nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a number", name, v)
	}
	return x, nil
}

// atomicCSV is a CSV file written through atomicfile, streamed so that
// memory stays flat.
type atomicCSV struct {
	f  *atomicfile.File
	bw *bufio.Writer
	w  *csv.Writer
}

func createCSV(path string, header []string) (*atomicCSV, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriter(f)
	a := &atomicCSV{f: f, bw: bw, w: csv.NewWriter(bw)}
	a.w.Write(header)
	return a, nil
}

func (a *atomicCSV) write(rec []string) { a.w.Write(rec) }

func (a *atomicCSV) commit() error {
	a.w.Flush()
	err := a.w.Error()
	if err == nil {
		err = a.bw.Flush()
	}
	if err != nil {
		a.f.Abort()
		return fmt.Errorf("writing %s: %w", a.f.Path(), err)
	}
	return a.f.Commit()
}

func (a *atomicCSV) abort() { a.f.Abort() }

// configResult is what the plots need of one configuration.
type configResult struct {
	label     string
	learning  []trialPoint
	reward    []stepPoint
	events    []eventMark
	criterion lab.Quantiles
	metrics   []metricCurve // the agent's own metrics over steps
	ks        string        // the configuration's agent.planning value ("" if none)
	group     string        // its label without agent.planning, for the K plot
}

type trialPoint struct {
	trial             int
	mean, lo, hi, opt float64
}

type stepPoint struct {
	step         int64
	mean, lo, hi float64
}

type eventMark struct {
	what  string
	trial float64 // median over runs of the first trial after it
	step  float64 // median step
}

// writeSweepResults reads every run of plan back from dir, one
// configuration at a time, and writes the merged results.
func writeSweepResults(dir string, plan *Plan) (err error) {
	spec := plan.Spec
	cfgCols := []string{"agent"}
	for _, ax := range spec.Grid {
		cfgCols = append(cfgCols, ax.Key)
	}
	var files []*atomicCSV
	open := func(name string, header ...string) *atomicCSV {
		if err != nil {
			return nil
		}
		var a *atomicCSV
		a, err = createCSV(filepath.Join(dir, name), header)
		if err == nil {
			files = append(files, a)
		}
		return a
	}
	defer func() {
		if err != nil {
			for _, f := range files {
				f.abort()
			}
		}
	}()
	var regions []string
	if spec.sc != nil {
		regions = lab.RegionNames(spec.sc)
	}
	trialsHeader := slices.DeleteFunc(lab.TrialsHeaderFor(regions), func(c string) bool { return c == lab.AgentSecondsColumn })
	// runs.csv names every parameter of a run, the fixed ones too, so
	// that the runs.csv of several sweeps may be read as one table.
	setCols := make([]string, len(spec.Set))
	for i, kv := range spec.Set {
		setCols[i] = kv.Key
	}
	runsHeader := slices.Concat([]string{"run", "agent", "seed"}, cfgCols[1:], setCols, trialsHeader)
	runsW := open(RunsCSV, runsHeader...)
	summaryW := open(SummaryCSV, append(slices.Clone(cfgCols), "trial", "metric", "n", "mean", "sd", "ci95_low", "ci95_high")...)
	rewardW := open(RewardCSV, append(slices.Clone(cfgCols), "step", "n", "mean", "sd", "ci95_low", "ci95_high")...)
	critW := open(CriterionCSV, append(slices.Clone(cfgCols), "runs", "reached", "median_steps", "q25_steps", "q75_steps")...)
	recW := open(RecoveryCSV, append(slices.Clone(cfgCols), "event", "what", "runs", "recovered",
		"trials_mean", "trials_sd", "trials_ci95_low", "trials_ci95_high", "steps_mean", "steps_sd", "steps_ci95_low", "steps_ci95_high")...)
	metricsW := open(MetricsSummaryCSV, append(slices.Clone(cfgCols), "metric", "step", "n", "mean", "sd", "ci95_low", "ci95_high")...)
	retRunsW := open(RetentionRunsCSV, slices.Concat([]string{"run", "agent", "seed"}, cfgCols[1:], setCols, lab.RetentionHeader)...)
	retSumW := open(RetentionSummaryCSV, append(slices.Clone(cfgCols), "config", "visit", "measure", "n", "mean", "sd", "ci95_low", "ci95_high")...)
	timingW := open(TimingCSV, "run", "wall_seconds", "steps_per_second", "ticks_per_second", "agent_seconds")
	if err != nil {
		return err
	}
	kAxis := slices.IndexFunc(spec.Grid, func(a Axis) bool { return a.Key == "agent.planning" })
	results := make([]configResult, 0, len(plan.Configs))
	nSeeds := len(spec.Seeds)
	for _, c := range plan.Configs {
		cfg := append([]string{c.Agent}, c.Values...)
		var runs []*runData
		for _, r := range plan.Runs[c.Index*nSeeds : (c.Index+1)*nSeeds] {
			d, rerr := readRun(filepath.Join(dir, RunsDir, r.ID))
			if rerr != nil {
				return fmt.Errorf("reading run %s: %w", r.ID, rerr)
			}
			if !slices.Equal(d.header, trialsHeader) {
				return fmt.Errorf("reading run %s: %s has the columns %v, expected %v (written by another version of mazerat?)", r.ID, lab.TrialsFile, d.header, trialsHeader)
			}
			prefix := append([]string{r.ID, c.Agent, strconv.FormatUint(r.Seed, 10)}, c.Values...)
			for _, kv := range spec.Set {
				prefix = append(prefix, c.Set[kv.Key]) // "" for an agent without it
			}
			for _, t := range d.trials {
				runsW.write(append(slices.Clone(prefix), t.fields...))
			}
			for _, rec := range d.retentionRecs {
				retRunsW.write(append(slices.Clone(prefix), rec...))
			}
			d.retentionRecs = nil
			timingW.write([]string{r.ID, lab.FormatFloat(d.timing.WallSeconds), lab.FormatFloat(d.timing.StepsPerSecond), lab.FormatFloat(d.timing.TicksPerSecond), lab.FormatFloat(d.timing.AgentSeconds)})
			d.header = nil
			for i := range d.trials {
				d.trials[i].fields = nil // written; keep only the numbers
			}
			runs = append(runs, d)
		}
		res := configResult{label: plan.Label(c)}
		res.learning = summariseTrials(runs, func(trial, metric int, s lab.Stat) {
			summaryW.write(append(slices.Clone(cfg), strconv.Itoa(trial), sweepMetrics[metric], strconv.Itoa(s.N),
				lab.FormatFloat(s.Mean), lab.FormatFloat(s.SD), lab.FormatFloat(s.CILow), lab.FormatFloat(s.CIHigh)))
		})
		res.reward = summariseReward(runs, func(step int64, s lab.Stat) {
			rewardW.write(append(slices.Clone(cfg), strconv.FormatInt(step, 10), strconv.Itoa(s.N),
				lab.FormatFloat(s.Mean), lab.FormatFloat(s.SD), lab.FormatFloat(s.CILow), lab.FormatFloat(s.CIHigh)))
		})
		crit := make([]float64, len(runs))
		for i, d := range runs {
			crit[i] = stepsToCriterion(d.trials)
		}
		res.criterion = lab.QuantilesOf(crit)
		q := res.criterion
		critW.write(append(slices.Clone(cfg), strconv.Itoa(q.N), strconv.Itoa(q.Finite), formatInf(q.Median), formatInf(q.Q25), formatInf(q.Q75)))
		res.events = summariseEvents(runs, func(index int, what string, n, recovered int, trials, steps lab.Stat) {
			recW.write(append(slices.Clone(cfg), strconv.Itoa(index), what, strconv.Itoa(n), strconv.Itoa(recovered),
				lab.FormatFloat(trials.Mean), lab.FormatFloat(trials.SD), lab.FormatFloat(trials.CILow), lab.FormatFloat(trials.CIHigh),
				lab.FormatFloat(steps.Mean), lab.FormatFloat(steps.SD), lab.FormatFloat(steps.CILow), lab.FormatFloat(steps.CIHigh)))
		})
		res.metrics = summariseMetrics(runs, func(name string, step int64, s lab.Stat) {
			metricsW.write(append(slices.Clone(cfg), name, strconv.FormatInt(step, 10), strconv.Itoa(s.N),
				lab.FormatFloat(s.Mean), lab.FormatFloat(s.SD), lab.FormatFloat(s.CILow), lab.FormatFloat(s.CIHigh)))
		})
		summariseRetention(runs, func(config, visit int, measure string, s lab.Stat) {
			cv, vv := "", ""
			if config > 0 {
				cv, vv = strconv.Itoa(config), strconv.Itoa(visit)
			}
			retSumW.write(append(slices.Clone(cfg), cv, vv, measure, strconv.Itoa(s.N),
				lab.FormatFloat(s.Mean), lab.FormatFloat(s.SD), lab.FormatFloat(s.CILow), lab.FormatFloat(s.CIHigh)))
		})
		if kAxis >= 0 && c.Values[kAxis] != "" {
			res.ks = c.Values[kAxis]
			g := Config{Agent: c.Agent, Values: slices.Clone(c.Values)}
			g.Values[kAxis] = ""
			res.group = plan.Label(g)
		}
		results = append(results, res)
	}
	for _, f := range files {
		if err = f.commit(); err != nil {
			return err
		}
	}
	files = nil
	return writeSweepPlots(dir, plan, results)
}

func csvHeader(b []byte) []string {
	rec, err := csv.NewReader(bytes.NewReader(b)).Read()
	if err != nil {
		panic(err) // TrialsCSV always writes its header
	}
	return rec
}

// formatInf writes +Inf as "inf" (which spreadsheets and pandas read).
func formatInf(x float64) string {
	if math.IsInf(x, 1) {
		return "inf"
	}
	return lab.FormatFloat(x)
}

// summariseTrials describes each metric of each trial over the runs that
// lived that trial, and returns the learning curve (moves) through the
// trials at least half of the runs lived.
func summariseTrials(runs []*runData, emit func(trial, metric int, s lab.Stat)) []trialPoint {
	most := 0
	for _, d := range runs {
		most = max(most, len(d.trials))
	}
	var curve []trialPoint
	xs := make([]float64, 0, len(runs))
	for k := range most {
		var moves, opt lab.Stat
		lived := 0
		for m := range sweepMetrics {
			xs = xs[:0]
			for _, d := range runs {
				if k < len(d.trials) {
					xs = append(xs, d.trials[k].values[m])
				}
			}
			lived = len(xs)
			s := lab.StatOf(xs)
			emit(k+1, m, s)
			switch m {
			case metricMoves:
				moves = s
			case metricOpt:
				opt = s
			}
		}
		if 2*lived >= len(runs) {
			curve = append(curve, trialPoint{trial: k + 1, mean: moves.Mean, lo: moves.CILow, hi: moves.CIHigh, opt: opt.Mean})
		}
	}
	return curve
}

// summariseReward describes the cumulative reward at every sampled step
// over the runs that lived to it. A run whose curve was sampled more
// sparsely (a long lifetime thins its curve) counts with its last sample
// at or before the step.
func summariseReward(runs []*runData, emit func(step int64, s lab.Stat)) []stepPoint {
	var steps []int64
	for _, d := range runs {
		for _, p := range d.reward {
			steps = append(steps, p.Step)
		}
	}
	slices.Sort(steps)
	steps = slices.Compact(steps)
	at := make([]int, len(runs)) // each run's sample index for the step
	xs := make([]float64, 0, len(runs))
	var curve []stepPoint
	for _, step := range steps {
		xs = xs[:0]
		for i, d := range runs {
			if len(d.reward) == 0 || d.reward[len(d.reward)-1].Step < step || d.reward[0].Step > step {
				continue
			}
			for at[i]+1 < len(d.reward) && d.reward[at[i]+1].Step <= step {
				at[i]++
			}
			xs = append(xs, d.reward[at[i]].CumReward)
		}
		s := lab.StatOf(xs)
		emit(step, s)
		curve = append(curve, stepPoint{step: step, mean: s.Mean, lo: s.CILow, hi: s.CIHigh})
	}
	return curve
}

// stepsToCriterion returns the step at which the first three trials in a
// row with path ratio ≤ RecoveredRatio began (the lab's recovery
// measure, counted from birth); +Inf if they never came.
func stepsToCriterion(trials []runTrial) float64 {
	good := 0
	for i, t := range trials {
		if t.values[metricRatio] <= lab.RecoveredRatio {
			good++
			if good == 3 {
				return float64(trials[i-2].startStep)
			}
		} else {
			good = 0
		}
	}
	return math.Inf(1)
}

// summariseEvents describes, for each world event (by its index in the
// schedule, in the order first seen), the recovery of the runs that lived
// it, and returns where to mark it on the plots.
func summariseEvents(runs []*runData, emit func(index int, what string, n, recovered int, trials, steps lab.Stat)) []eventMark {
	var order []int
	what := map[int]string{}
	for _, d := range runs {
		for _, e := range d.events {
			if _, ok := what[e.index]; !ok {
				order = append(order, e.index)
				what[e.index] = e.what
			}
		}
	}
	var marks []eventMark
	for _, idx := range order {
		var rt, rs, first, step []float64
		n := 0
		for _, d := range runs {
			for _, e := range d.events {
				if e.index != idx {
					continue
				}
				n++
				if !math.IsNaN(e.recTrials) {
					rt, rs = append(rt, e.recTrials), append(rs, e.recSteps)
				}
				first, step = append(first, float64(e.firstTrial)), append(step, float64(e.step))
				break // an event of the schedule happens once
			}
		}
		emit(idx, what[idx], n, len(rt), lab.StatOf(rt), lab.StatOf(rs))
		if s := lab.QuantilesOf(step); s.Median > 0 {
			marks = append(marks, eventMark{what: what[idx], trial: lab.QuantilesOf(first).Median, step: s.Median})
		}
	}
	return marks
}

// MergeReport says what Merge did.
type MergeReport struct {
	Runs      int // runs of the sweep
	Copied    int // runs copied (or linked) into the output
	Present   int // runs the output already held
	Duplicate int // runs found in more than one directory, all the same
}

// Merge combines the output directories of a sweep's shards into
// out (which may be one of them): it checks that they hold the same
// sweep, copies every run into out (hard links where the file system
// allows), refuses runs found twice with different results, names the
// runs no directory holds, and then writes the merged results, the same
// bytes as a sweep run on one machine.
func Merge(out string, dirs []string) (*Out, *MergeReport, error) {
	if len(dirs) == 0 {
		return nil, nil, fmt.Errorf("no directories to merge")
	}
	var spec *Spec
	for _, d := range dirs {
		s, err := ReadSpec(d)
		if err != nil {
			return nil, nil, err
		}
		if spec == nil {
			spec = s
		} else if s.Hash() != spec.Hash() {
			return nil, nil, fmt.Errorf("%s and %s hold different sweeps (spec hashes %.12s and %.12s; compare their %s): merge only the shards of one sweep",
				dirs[0], d, spec.Hash(), s.Hash(), SpecCopy)
		}
	}
	plan, err := spec.Plan()
	if err != nil {
		return nil, nil, err
	}
	o, err := Open(out, plan, Shard{})
	if err != nil {
		return nil, nil, err
	}
	var srcs []string
	for _, d := range dirs {
		if !sameDir(d, out) && !slices.ContainsFunc(srcs, func(s string) bool { return sameDir(s, d) }) {
			srcs = append(srcs, d)
		}
	}
	rep := &MergeReport{Runs: len(plan.Runs)}
	var missing []Run
	for _, r := range plan.Runs {
		var have []string
		for _, d := range srcs {
			if runComplete(filepath.Join(d, RunsDir, r.ID)) {
				have = append(have, filepath.Join(d, RunsDir, r.ID))
			}
		}
		dst := filepath.Join(out, RunsDir, r.ID)
		inOut := runComplete(dst)
		all := have
		if inOut {
			all = append([]string{dst}, have...)
		}
		for _, other := range all[min(1, len(all)):] {
			if err := runsAgree(all[0], other); err != nil {
				return nil, nil, fmt.Errorf("run %s is in %s and %s with different results (%v): were they run by different versions of mazerat?", r.ID, all[0], other, err)
			}
		}
		if len(all) > 1 {
			rep.Duplicate++
		}
		switch {
		case inOut:
			rep.Present++
		case len(have) == 0:
			missing = append(missing, r)
		default:
			if err := copyRun(have[0], filepath.Join(out, RunsDir), r.ID); err != nil {
				return nil, nil, err
			}
			rep.Copied++
		}
	}
	if len(missing) > 0 {
		return nil, rep, missingError(fmt.Sprintf("merging into %s", out), missing)
	}
	o.Todo = nil
	return o, rep, writeSweepResults(out, plan)
}

// sameDir reports whether a and b name the same directory.
func sameDir(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// runsAgree compares what depends only on the seed in two copies of a run:
// everything but the timing in summary.json and the pictures.
func runsAgree(a, b string) error {
	for _, f := range []string{lab.TrialsFile, lab.RewardFile, lab.EventsFile, lab.SummaryFile} {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			return err
		}
		if !bytes.Equal(lab.Deterministic(f, x), lab.Deterministic(f, y)) {
			return fmt.Errorf("%s differs", f)
		}
	}
	return nil
}

// copyRun copies (or hard-links) a finished run into runs/, through a
// temporary directory renamed into place, as a sweep writes it.
func copyRun(src, runs, id string) error {
	tmp, err := os.MkdirTemp(runs, ".tmp-"+id+"-")
	if err != nil {
		return err
	}
	err = func() error {
		if err := os.Chmod(tmp, 0o755); err != nil {
			return err
		}
		entries, err := os.ReadDir(src)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			from, to := filepath.Join(src, e.Name()), filepath.Join(tmp, e.Name())
			if os.Link(from, to) == nil {
				continue
			}
			if err := copySweepFile(from, to); err != nil {
				return err
			}
		}
		return os.Rename(tmp, filepath.Join(runs, id))
	}()
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("copying run %s from %s: %w", id, src, err)
	}
	atomicfile.SyncDir(runs)
	return nil
}

func copySweepFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
