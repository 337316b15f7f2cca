package sweep

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/lab"
)

// The 0.975 quantiles of Student's t, from a printed table (to the
// digits of scipy.stats.t.ppf), for the hand computations below.
// fakeRun writes a finished run's files by hand.
func fakeRun(t *testing.T, dir string, trials []lab.TrialRow, curve []lab.CurvePoint, events []lab.EventRow) {
	t.Helper()
	writeFile(t, filepath.Join(dir, lab.TrialsFile), string(lab.TrialsCSV(trials, nil)))
	writeFile(t, filepath.Join(dir, lab.RewardFile), string(lab.RewardCSV(curve)))
	writeFile(t, filepath.Join(dir, lab.EventsFile), string(lab.EventsCSV(events)))
	writeFile(t, filepath.Join(dir, lab.SummaryFile), `{"timing": {"wall_seconds": 0.5}}`)
	writeFile(t, filepath.Join(dir, lab.LearningPNG), "")
	writeFile(t, filepath.Join(dir, lab.MazePNG), "")
	writeFile(t, filepath.Join(dir, lab.MetricsFile), string(lab.MetricsCSV(nil, curve)))
	ids := []uint64{0xa, 0xb, 0xc}
	writeFile(t, filepath.Join(dir, lab.RetentionFile), string(lab.RetentionCSV(lab.Retention(trials, ids))))
	writeFile(t, filepath.Join(dir, lab.RetentionPNG), "")
}

func trialRow(trial int, start, steps int64, moves, optimal int) lab.TrialRow {
	r := lab.TrialRow{Trial: trial, StartStep: start, EndStep: start + steps - 1, Steps: steps, Ticks: 10 * steps, Moves: moves, Optimal: optimal, Reward: 1, PathRatio: math.NaN(), Lost: math.NaN(), PoseError: math.NaN(), Config: 1}
	if optimal > 0 {
		r.PathRatio = float64(moves) / float64(optimal)
	}
	return r
}

// TestSweepSummaryByHand merges a small table of runs written by hand
// and checks summary.csv, reward_summary.csv, criterion.csv and
// recovery.csv against values worked out by hand.
func TestSweepSummaryByHand(t *testing.T) {
	plan := mustPlan(t, ".", "scenario: dyna-maze\nagents: [dyna, wallfollow]\nsteps: 200\nseeds: 3\nset: {agent.epsilon: 0.05, reward.step: 0}\ngrid: {agent.planning: [0, 5]}\n")
	dir := t.TempDir()
	o, err := Open(dir, plan, Shard{})
	if err != nil {
		t.Fatal(err)
	}
	run := func(i int) string { return filepath.Join(dir, RunsDir, plan.Runs[i].ID) }
	ev := func(rt int, rs int64) []lab.EventRow {
		return []lab.EventRow{{Index: 0, Step: 50, Trial: 2, What: "open a", RecoveryTrials: rt, RecoverySteps: rs}}
	}
	// planning=0, seeds 1..3. Trial 1: steps 10, 20, 30; moves 6, 8, 10
	// against an optimal of 4. Trial 2 (seeds 1 and 2): steps 4 and 6.
	// Seed 1 then has three good trials from trial 2 (start step 10).
	fakeRun(t, run(0), []lab.TrialRow{trialRow(1, 0, 10, 6, 4), trialRow(2, 10, 4, 4, 4), trialRow(3, 14, 4, 4, 4), trialRow(4, 18, 4, 4, 4)},
		[]lab.CurvePoint{{Step: 100, CumReward: 1}, {Step: 200, CumReward: 3}}, ev(1, 30))
	fakeRun(t, run(1), []lab.TrialRow{trialRow(1, 0, 20, 8, 4), trialRow(2, 20, 6, 6, 0)},
		[]lab.CurvePoint{{Step: 100, CumReward: 2}}, ev(-1, -1))
	fakeRun(t, run(2), []lab.TrialRow{trialRow(1, 0, 30, 10, 4)},
		[]lab.CurvePoint{{Step: 100, CumReward: 3}, {Step: 200, CumReward: 5}}, ev(-1, -1))
	for i := 3; i < 6; i++ { // planning=5: the same trial for every seed, lost 0, 0.25, 0.5 of it
		r := trialRow(1, 0, 7, 7, 7)
		r.Lost, r.PoseError = 0.25*float64(i-3), 0.1*float64(i-2)
		fakeRun(t, run(i), []lab.TrialRow{r}, []lab.CurvePoint{{Step: 100, CumReward: 1}}, nil)
	}
	for i := 6; i < 9; i++ { // wallfollow has no planning: trial 1 in 9, 10, 11 steps
		fakeRun(t, run(i), []lab.TrialRow{trialRow(1, 0, int64(i+3), 5, 5)}, []lab.CurvePoint{{Step: 100, CumReward: 1}}, nil)
	}
	if err := o.Merge(); err != nil {
		t.Fatal(err)
	}
	// Student's t, 0.975 quantile, 2 and 1 degrees of freedom (tables).
	t2, t1 := 4.302652729749464, 12.706204736174698
	r3 := math.Sqrt(3)
	nan := math.NaN()
	summary := readRows(t, filepath.Join(dir, SummaryCSV), 3) // agent, planning, trial, metric
	for i, tc := range []struct {
		key  string
		want lab.Stat
	}{
		{"dyna,0,1,steps", stat(3, 20, 10, 20-t2*10/r3, 20+t2*10/r3)},
		{"dyna,0,1,ticks", stat(3, 200, 100, 200-t2*100/r3, 200+t2*100/r3)},
		{"dyna,0,1,moves", stat(3, 8, 2, 8-t2*2/r3, 8+t2*2/r3)},
		{"dyna,0,1,optimal", stat(3, 4, 0, 4, 4)},
		{"dyna,0,1,path_ratio", stat(3, 2, 0.5, 2-t2*0.5/r3, 2+t2*0.5/r3)}, // 1.5, 2, 2.5
		{"dyna,0,1,reward", stat(3, 1, 0, 1, 1)},
		{"dyna,0,2,steps", stat(2, 5, math.Sqrt2, 5-t1, 5+t1)}, // 4, 6: sd √2, half t(1)·√2/√2
		{"dyna,0,2,path_ratio", stat(1, 1, nan, nan, nan)},     // seed 2's optimal is 0
		{"dyna,0,4,moves", stat(1, 4, nan, nan, nan)},
		{"dyna,5,1,steps", stat(3, 7, 0, 7, 7)},
		{"wallfollow,,1,steps", stat(3, 10, 1, 10-t2/r3, 10+t2/r3)},
		{"dyna,5,1,lost", stat(3, 0.25, 0.25, 0.25-t2*0.25/r3, 0.25+t2*0.25/r3)},
		{"dyna,5,1,pose_error", stat(3, 0.2, 0.1, 0.2-t2*0.1/r3, 0.2+t2*0.1/r3)},
		{"wallfollow,,1,lost", stat(0, nan, nan, nan, nan)}, // no belief
	} {
		checkStatRow(t, i, summary, tc.key, tc.want)
	}
	if _, ok := summary["dyna,5,2,steps"]; ok {
		t.Errorf("summary.csv has a trial 2 for planning=5, which no run lived")
	}
	reward := readRows(t, filepath.Join(dir, RewardCSV), 2) // agent, planning, step
	checkStatRow(t, 100, reward, "dyna,0,100", stat(3, 2, 1, 2-t2/r3, 2+t2/r3))
	checkStatRow(t, 200, reward, "dyna,0,200", stat(2, 4, math.Sqrt2, 4-t1, 4+t1)) // seed 2 ended at step 100

	crit := readRows(t, filepath.Join(dir, CriterionCSV), 1)
	if got, want := strings.Join(crit["dyna,0"], ","), "dyna,0,3,1,inf,10,inf"; got != want {
		t.Errorf("criterion.csv row %q, want %q (seed 1 at step 10, seeds 2 and 3 never)", got, want)
	}
	if got, want := strings.Join(crit["dyna,5"], ","), "dyna,5,3,0,inf,inf,inf"; got != want {
		t.Errorf("criterion.csv row %q, want %q", got, want)
	}
	rec := readRows(t, filepath.Join(dir, RecoveryCSV), 2)
	if got, want := strings.Join(rec["dyna,0,0"], ","), "dyna,0,0,open a,3,1,1,,,,30,,,"; got != want {
		t.Errorf("recovery.csv row %q, want %q", got, want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, RunsCSV))
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 1+7+3+3 {
		t.Fatalf("runs.csv has %d lines, want a header and 13 trials", len(lines))
	}
	if want := `"agent=wallfollow,seed=3",wallfollow,3,,,0,1,0,10,11,110,5,5,1.0000,1,0,0,0,,,0,0,0,0,0,,1`; lines[13] != want {
		t.Errorf("runs.csv line 14 %q, want %q", lines[13], want)
	}
	if want := "run,agent,seed,agent.planning,agent.epsilon,reward.step,trial,start_step,end_step,steps,ticks,moves,optimal,path_ratio,reward,bumps,backups,search_nodes,lost,pose_error,timed_out,probe,stranded,start_row,start_col,first_region,config"; lines[0] != want {
		t.Errorf("runs.csv header %q, want %q", lines[0], want)
	}
	if want := `"agent=dyna,agent.planning=0,seed=2",dyna,2,0,0.05,0,2,20,25,6,60,6,0,,1,0,0,0,,,0,0,0,0,0,,1`; lines[6] != want {
		t.Errorf("runs.csv line 7 %q, want %q", lines[6], want)
	}
}

// readRows reads a CSV file into rows keyed by their first key+1 fields
// joined with commas.
func readRows(t *testing.T, path string, key int) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range recs {
		out[strings.Join(r[:key+1], ",")] = r
	}
	return out
}

// checkStatRow compares the last five fields of a row (n, mean, sd,
// ci95_low, ci95_high) with want.
func checkStatRow(t *testing.T, i int, rows map[string][]string, key string, want lab.Stat) {
	t.Helper()
	r, ok := rows[key]
	if !ok {
		t.Errorf("%d: no row %s", i, key)
		return
	}
	f := r[len(r)-5:]
	num := func(s string) float64 {
		if s == "" {
			return math.NaN()
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Errorf("%d: %s: %q is not a number", i, key, s)
		}
		return x
	}
	n, _ := strconv.Atoi(f[0])
	got := lab.Stat{N: n, Mean: num(f[1]), SD: num(f[2]), CILow: num(f[3]), CIHigh: num(f[4])}
	if got.N != want.N || !near(got.Mean, want.Mean) || !near(got.SD, want.SD) || !near(got.CILow, want.CILow) || !near(got.CIHigh, want.CIHigh) {
		t.Errorf("%d: %s: %+v, want %+v", i, key, got, want)
	}
}

// stat is a lab.Stat written in the order of summary.csv's columns.
func stat(n int, mean, sd, lo, hi float64) lab.Stat {
	return lab.Stat{N: n, Mean: mean, SD: sd, CILow: lo, CIHigh: hi}
}

// near compares numbers to nine significant digits; NaN is near NaN.
func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

// TestSweepRetentionByHand merges runs whose trials meet world
// configurations in known orders and checks retention_runs.csv and
// retention_summary.csv against values worked out by hand.
func TestSweepRetentionByHand(t *testing.T) {
	plan := mustPlan(t, ".", "scenario: dyna-maze\nagents: [dyna]\nsteps: 200\nseeds: 3\n")
	dir := t.TempDir()
	o, err := Open(dir, plan, Shard{})
	if err != nil {
		t.Fatal(err)
	}
	// Each run: configurations 1, 2, 1 (seed 3 never returns), one trial
	// of optimal 10 per visit but the first visit's two. The first trials'
	// moves: birth 40, 20, 30; new 30, 30, 60; return 10, 20.
	birth, news, back := []int{40, 20, 30}, []int{30, 30, 60}, []int{10, 20}
	for i := range 3 {
		trials := []lab.TrialRow{trialRow(1, 0, 50, birth[i], 10), trialRow(2, 50, 10, 10, 10), trialRow(3, 60, 40, news[i], 10)}
		if i < 2 {
			trials = append(trials, trialRow(4, 100, 20, back[i], 10))
			trials[3].Config = 1
		}
		trials[2].Config = 2
		fakeRun(t, filepath.Join(dir, RunsDir, plan.Runs[i].ID), trials, []lab.CurvePoint{{Step: 100, CumReward: 1}}, nil)
	}
	if err := o.Merge(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, RetentionRunsCSV))
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 1+3+3+2 || lines[0] != "run,agent,seed,"+strings.Join(lab.RetentionHeader, ",") ||
		lines[3] != `"agent=dyna,seed=1",dyna,1,1,000000000000000a,2,return,4,100,1,10,10,1,1,40,4,0.25` {
		t.Errorf("retention_runs.csv:\n%s", b)
	}
	t2, t1 := 4.302652729749464, 12.706204736174698
	r3 := math.Sqrt(3)
	nan := math.NaN()
	rows := readRows(t, filepath.Join(dir, RetentionSummaryCSV), 3) // agent, config, visit, measure
	for i, tc := range []struct {
		key  string
		want lab.Stat
	}{
		{"dyna,1,1,first_path_ratio", stat(3, 3, 1, 3-t2/r3, 3+t2/r3)},           // 4, 2, 3
		{"dyna,1,1,cost", stat(0, nan, nan, nan, nan)},                           // birth has no base
		{"dyna,1,1,trials", stat(3, 2, 0, 2, 2)},                                 // trials 1 and 2
		{"dyna,1,1,last5_path_ratio", stat(3, 2, 0.5, 2-t2*0.5/r3, 2+t2*0.5/r3)}, // medians of (4, 1), (2, 1), (3, 1): 2.5, 1.5, 2
		{"dyna,2,1,first_moves", stat(3, 40, 17.320508075688775, 40-t2*17.320508075688775/r3, 40+t2*17.320508075688775/r3)},
		{"dyna,2,1,cost", stat(3, 17.0/12, math.Sqrt(19.0/48), 17.0/12-t2*math.Sqrt(19.0/48)/r3, 17.0/12+t2*math.Sqrt(19.0/48)/r3)}, // 0.75, 1.5, 2
		{"dyna,1,2,first_path_ratio", stat(2, 1.5, math.Sqrt(0.5), 1.5-t1*0.5, 1.5+t1*0.5)},                                         // 1, 2 (seed 3 never returned)
		{"dyna,1,2,cost", stat(2, 0.625, math.Sqrt(0.28125), 0.625-t1*0.375, 0.625+t1*0.375)},                                       // 0.25, 1
		{"dyna,,,returns", stat(3, 2.0/3, math.Sqrt(1.0/3), 2.0/3-t2*math.Sqrt(1.0/3)/r3, 2.0/3+t2*math.Sqrt(1.0/3)/r3)},            // 1, 1, 0
		{"dyna,,,remeet_path_ratio_median", stat(2, 1.5, math.Sqrt(0.5), 1.5-t1*0.5, 1.5+t1*0.5)},
		{"dyna,,,transfer_median", stat(3, 17.0/12, math.Sqrt(19.0/48), 17.0/12-t2*math.Sqrt(19.0/48)/r3, 17.0/12+t2*math.Sqrt(19.0/48)/r3)},
	} {
		checkStatRow(t, i, rows, tc.key, tc.want)
	}
}
