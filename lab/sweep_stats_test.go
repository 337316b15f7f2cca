package lab

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The 0.975 quantiles of Student's t, from a printed table (to the
// digits of scipy.stats.t.ppf), for the hand computations below.
var tTable = map[int]float64{1: 12.706204736174698, 2: 4.302652729749464, 3: 3.182446305284263, 4: 2.7764451051977934, 9: 2.2621571627982053, 29: 2.045229642132703}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestTQuantile(t *testing.T) {
	for df, want := range tTable {
		if got := TQuantile975(df); !near(got, want) {
			t.Errorf("t(0.975, %d) = %.15g, want %.15g", df, got, want)
		}
	}
}

// TestStatOf: mean, standard deviation (n−1) and the 95 % interval
// against values worked by hand.
func TestStatOf(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		xs   []float64
		want Stat
	}{
		{nil, Stat{0, nan, nan, nan, nan}},
		{[]float64{5}, Stat{1, 5, nan, nan, nan}},
		{[]float64{nan}, Stat{0, nan, nan, nan, nan}},
		// mean 2, sd √2, half-width t(1)·√2/√2 = t(1)
		{[]float64{1, nan, 3}, Stat{2, 2, math.Sqrt2, 2 - tTable[1], 2 + tTable[1]}},
		// mean 20, sd 10, half-width t(2)·10/√3
		{[]float64{10, 20, 30}, Stat{3, 20, 10, 20 - tTable[2]*10/math.Sqrt(3), 20 + tTable[2]*10/math.Sqrt(3)}},
		// mean 4, squares 4+0+0+4 = 8, sd √(8/3), half-width t(3)·sd/2
		{[]float64{2, 4, 4, 6}, Stat{4, 4, math.Sqrt(8.0 / 3), 4 - tTable[3]*math.Sqrt(8.0/3)/2, 4 + tTable[3]*math.Sqrt(8.0/3)/2}},
		// constant: sd 0, the interval is the point
		{[]float64{7, 7, 7, 7, 7}, Stat{5, 7, 0, 7, 7}},
	}
	for i, tc := range tests {
		got := StatOf(tc.xs)
		if got.N != tc.want.N || !near(got.Mean, tc.want.Mean) || !near(got.SD, tc.want.SD) || !near(got.CILow, tc.want.CILow) || !near(got.CIHigh, tc.want.CIHigh) {
			t.Errorf("%d: StatOf(%v) = %+v, want %+v", i, tc.xs, got, tc.want)
		}
	}
}

func TestQuantilesOf(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		xs   []float64
		want Quantiles
	}{
		{nil, Quantiles{0, 0, nan, nan, nan}},
		{[]float64{3, 1, inf, 2}, Quantiles{4, 3, 1, 2, 3}},
		{[]float64{inf, inf, 5}, Quantiles{3, 1, 5, inf, inf}},
		{[]float64{4, nan}, Quantiles{1, 1, 4, 4, 4}},
	}
	for i, tc := range tests {
		got := QuantilesOf(tc.xs)
		if got.N != tc.want.N || got.Finite != tc.want.Finite || !near(got.Q25, tc.want.Q25) && got.Q25 != tc.want.Q25 ||
			!near(got.Median, tc.want.Median) && got.Median != tc.want.Median || !near(got.Q75, tc.want.Q75) && got.Q75 != tc.want.Q75 {
			t.Errorf("%d: QuantilesOf(%v) = %+v, want %+v", i, tc.xs, got, tc.want)
		}
	}
}

// fakeRun writes a finished run's files by hand.
func fakeRun(t *testing.T, dir string, trials []TrialRow, curve []CurvePoint, events []EventRow) {
	t.Helper()
	writeFile(t, filepath.Join(dir, TrialsFile), string(TrialsCSV(trials)))
	writeFile(t, filepath.Join(dir, RewardFile), string(RewardCSV(curve)))
	writeFile(t, filepath.Join(dir, EventsFile), string(EventsCSV(events)))
	writeFile(t, filepath.Join(dir, SummaryFile), `{"timing": {"wall_seconds": 0.5}}`)
	writeFile(t, filepath.Join(dir, LearningPNG), "")
	writeFile(t, filepath.Join(dir, MazePNG), "")
	writeFile(t, filepath.Join(dir, MetricsFile), string(MetricsCSV(nil, curve)))
}

func trialRow(trial int, start, steps int64, moves, optimal int) TrialRow {
	r := TrialRow{Trial: trial, StartStep: start, EndStep: start + steps - 1, Steps: steps, Ticks: 10 * steps, Moves: moves, Optimal: optimal, Reward: 1, PathRatio: math.NaN()}
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
	o, err := OpenSweep(dir, plan, Shard{})
	if err != nil {
		t.Fatal(err)
	}
	run := func(i int) string { return filepath.Join(dir, SweepRunsDir, plan.Runs[i].ID) }
	ev := func(rt int, rs int64) []EventRow {
		return []EventRow{{Index: 0, Step: 50, Trial: 2, What: "open a", RecoveryTrials: rt, RecoverySteps: rs}}
	}
	// planning=0, seeds 1..3. Trial 1: steps 10, 20, 30; moves 6, 8, 10
	// against an optimal of 4. Trial 2 (seeds 1 and 2): steps 4 and 6.
	// Seed 1 then has three good trials from trial 2 (start step 10).
	fakeRun(t, run(0), []TrialRow{trialRow(1, 0, 10, 6, 4), trialRow(2, 10, 4, 4, 4), trialRow(3, 14, 4, 4, 4), trialRow(4, 18, 4, 4, 4)},
		[]CurvePoint{{Step: 100, CumReward: 1}, {Step: 200, CumReward: 3}}, ev(1, 30))
	fakeRun(t, run(1), []TrialRow{trialRow(1, 0, 20, 8, 4), trialRow(2, 20, 6, 6, 0)},
		[]CurvePoint{{Step: 100, CumReward: 2}}, ev(-1, -1))
	fakeRun(t, run(2), []TrialRow{trialRow(1, 0, 30, 10, 4)},
		[]CurvePoint{{Step: 100, CumReward: 3}, {Step: 200, CumReward: 5}}, ev(-1, -1))
	for i := 3; i < 6; i++ { // planning=5: the same trial for every seed
		fakeRun(t, run(i), []TrialRow{trialRow(1, 0, 7, 7, 7)}, []CurvePoint{{Step: 100, CumReward: 1}}, nil)
	}
	for i := 6; i < 9; i++ { // wallfollow has no planning: trial 1 in 9, 10, 11 steps
		fakeRun(t, run(i), []TrialRow{trialRow(1, 0, int64(i+3), 5, 5)}, []CurvePoint{{Step: 100, CumReward: 1}}, nil)
	}
	if err := o.Merge(); err != nil {
		t.Fatal(err)
	}
	t2, t1 := tTable[2], tTable[1]
	r3 := math.Sqrt(3)
	nan := math.NaN()
	summary := readRows(t, filepath.Join(dir, SweepSummaryCSV), 3) // agent, planning, trial, metric
	for i, tc := range []struct {
		key  string
		want Stat
	}{
		{"dyna,0,1,steps", Stat{3, 20, 10, 20 - t2*10/r3, 20 + t2*10/r3}},
		{"dyna,0,1,ticks", Stat{3, 200, 100, 200 - t2*100/r3, 200 + t2*100/r3}},
		{"dyna,0,1,moves", Stat{3, 8, 2, 8 - t2*2/r3, 8 + t2*2/r3}},
		{"dyna,0,1,optimal", Stat{3, 4, 0, 4, 4}},
		{"dyna,0,1,path_ratio", Stat{3, 2, 0.5, 2 - t2*0.5/r3, 2 + t2*0.5/r3}}, // 1.5, 2, 2.5
		{"dyna,0,1,reward", Stat{3, 1, 0, 1, 1}},
		{"dyna,0,2,steps", Stat{2, 5, math.Sqrt2, 5 - t1, 5 + t1}}, // 4, 6: sd √2, half t(1)·√2/√2
		{"dyna,0,2,path_ratio", Stat{1, 1, nan, nan, nan}},         // seed 2's optimal is 0
		{"dyna,0,4,moves", Stat{1, 4, nan, nan, nan}},
		{"dyna,5,1,steps", Stat{3, 7, 0, 7, 7}},
		{"wallfollow,,1,steps", Stat{3, 10, 1, 10 - t2/r3, 10 + t2/r3}},
	} {
		checkStatRow(t, i, summary, tc.key, tc.want)
	}
	if _, ok := summary["dyna,5,2,steps"]; ok {
		t.Errorf("summary.csv has a trial 2 for planning=5, which no run lived")
	}
	reward := readRows(t, filepath.Join(dir, SweepRewardCSV), 2) // agent, planning, step
	checkStatRow(t, 100, reward, "dyna,0,100", Stat{3, 2, 1, 2 - t2/r3, 2 + t2/r3})
	checkStatRow(t, 200, reward, "dyna,0,200", Stat{2, 4, math.Sqrt2, 4 - t1, 4 + t1}) // seed 2 ended at step 100

	crit := readRows(t, filepath.Join(dir, SweepCriterionCSV), 1)
	if got, want := strings.Join(crit["dyna,0"], ","), "dyna,0,3,1,inf,10,inf"; got != want {
		t.Errorf("criterion.csv row %q, want %q (seed 1 at step 10, seeds 2 and 3 never)", got, want)
	}
	if got, want := strings.Join(crit["dyna,5"], ","), "dyna,5,3,0,inf,inf,inf"; got != want {
		t.Errorf("criterion.csv row %q, want %q", got, want)
	}
	rec := readRows(t, filepath.Join(dir, SweepRecoveryCSV), 2)
	if got, want := strings.Join(rec["dyna,0,0"], ","), "dyna,0,0,open a,3,1,1,,,,30,,,"; got != want {
		t.Errorf("recovery.csv row %q, want %q", got, want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, SweepRunsCSV))
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 1+7+3+3 {
		t.Fatalf("runs.csv has %d lines, want a header and 13 trials", len(lines))
	}
	if want := `"agent=wallfollow,seed=3",wallfollow,3,,,0,1,0,10,11,110,5,5,1.0000,1,0,0,0`; lines[13] != want {
		t.Errorf("runs.csv line 14 %q, want %q", lines[13], want)
	}
	if want := "run,agent,seed,agent.planning,agent.epsilon,reward.step,trial,start_step,end_step,steps,ticks,moves,optimal,path_ratio,reward,bumps,backups,search_nodes"; lines[0] != want {
		t.Errorf("runs.csv header %q, want %q", lines[0], want)
	}
	if want := `"agent=dyna,agent.planning=0,seed=2",dyna,2,0,0.05,0,2,20,25,6,60,6,0,,1,0,0,0`; lines[6] != want {
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
func checkStatRow(t *testing.T, i int, rows map[string][]string, key string, want Stat) {
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
	got := Stat{n, num(f[1]), num(f[2]), num(f[3]), num(f[4])}
	if got.N != want.N || !near(got.Mean, want.Mean) || !near(got.SD, want.SD) || !near(got.CILow, want.CILow) || !near(got.CIHigh, want.CIHigh) {
		t.Errorf("%d: %s: %+v, want %+v", i, key, got, want)
	}
}
