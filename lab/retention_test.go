package lab

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// blockingToggle is the blocking maze with its gap moved at step 1000 and
// moved back 20 steps later: too soon for three trials of at least ten
// moves, so the rat cannot recover from the first change before the
// second.
const blockingToggle = `---
name: Blocking toggle
control: moves
doors: {a: closed, b: open}
events:
  - {at_step: 1000, open: [a], close: [b]}
  - {at_step: 1020, open: [b], close: [a]}
---
........G
.........
.........
a#######b
.........
...S.....
`

// TestRecoveryStopsAtNextEvent: recovery is counted only up to the next
// world event. The first change is reported as never recovered from (it
// used to count the good trials after the second change as its recovery);
// the second is recovered from, after the first; both are written so in
// events.csv and summary.json.
func TestRecoveryStopsAtNextEvent(t *testing.T) {
	sc, err := world.Parse("toggle.maze", []byte(blockingToggle))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := Run(context.Background(), Config{Scenario: sc, Agent: "dyna", Steps: 3000}, Options{Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	ev := res.Lifetime.Events()
	if len(ev) != 2 || ev[0].Step != 1000 || ev[1].Step != 1020 {
		t.Fatalf("events %+v, want two, at steps 1000 and 1020", ev)
	}
	if !ev[0].Unrecovered || ev[0].RecoveryTrials != -1 || ev[0].RecoverySteps != -1 {
		t.Errorf("first change: %+v, want unrecovered (the second came 20 steps later)", ev[0])
	}
	if ev[1].Unrecovered || ev[1].RecoveryTrials < 0 {
		t.Errorf("second change: %+v, want recovered within 2000 steps", ev[1])
	}
	recs, err := csv.NewReader(bytes.NewReader(mustRead(t, filepath.Join(dir, EventsFile)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == "recovered" {
			col = i
		}
	}
	if col < 0 || len(recs) != 3 || recs[1][col] != "0" || recs[2][col] != "1" || recs[1][4] != "" {
		t.Errorf("events.csv:\n%v\nwant a recovered column, 0 with no recovery_trials for the first event, 1 for the second", recs)
	}
	var sum struct {
		Events []struct {
			Recovered     *bool `json:"recovered"`
			RecoveryTrial *int  `json:"recovery_trials"`
		} `json:"events"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(dir, SummaryFile)), &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Events) != 2 || sum.Events[0].Recovered == nil || *sum.Events[0].Recovered || sum.Events[0].RecoveryTrial != nil ||
		sum.Events[1].Recovered == nil || !*sum.Events[1].Recovered {
		t.Errorf("summary.json events %s, want recovered false then true", mustRead(t, filepath.Join(dir, SummaryFile)))
	}
}

// TestRecoveryWindow drives updateRecovery with trials of known path
// ratios: three good trials count only when all three begin before the
// first trial changed by the next event; an event whose window closed
// without them is unrecovered; the last event's window stays open.
func TestRecoveryWindow(t *testing.T) {
	good, bad := 1.0, 2.0
	ratios := []float64{bad, good, good, bad, good, good, good, bad, bad, good, good, good}
	l := &Lifetime{}
	// Event A changes trials 2 on, event B trials 4 on, event C trials 5
	// on (with D, which changes the same trial), E trials 10 on.
	for _, first := range []int{2, 4, 5, 5, 10} {
		l.events = append(l.events, EventRow{RecoveryTrials: -1, RecoverySteps: -1, firstTrialAfter: first, Step: int64(first*100 - 50)})
	}
	for i, r := range ratios {
		l.trials = append(l.trials, TrialRow{Trial: i + 1, StartStep: int64((i + 1) * 100), PathRatio: r})
		l.updateRecovery()
	}
	// A: trials 2, 3 good, but 4 belongs to B's window: never recovered.
	// B: window is trial 4 only. C and D: trials 5, 6, 7 good, from trial
	// 5 (0 trials after, 50 steps after the event). E: trials 10..12.
	want := []struct {
		trials      int
		unrecovered bool
	}{{-1, true}, {-1, true}, {0, false}, {0, false}, {0, false}}
	for i, w := range want {
		e := l.events[i]
		if e.RecoveryTrials != w.trials || e.Unrecovered != w.unrecovered {
			t.Errorf("event %d (first trial %d): recovery %d trials, unrecovered %v; want %d, %v", i, e.firstTrialAfter, e.RecoveryTrials, e.Unrecovered, w.trials, w.unrecovered)
		}
	}
	if l.events[2].RecoverySteps != 50 {
		t.Errorf("event C recovered after %d steps, want 50", l.events[2].RecoverySteps)
	}
	// A fresh event whose window is still open at the end is neither.
	l.events = append(l.events, EventRow{RecoveryTrials: -1, RecoverySteps: -1, firstTrialAfter: 13})
	l.updateRecovery()
	if e := l.events[5]; e.Unrecovered || e.RecoveryTrials != -1 {
		t.Errorf("open event: %+v, want neither recovered nor unrecovered", e)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRetentionTable: visits are maximal runs of trials in one
// configuration; a return is held against its configuration's first
// visit, a new configuration against birth.
func TestRetentionTable(t *testing.T) {
	// config of each trial, moves (optimal 10 each)
	cfgs := []int{1, 1, 1, 2, 2, 1, 1, 3, 2, 2, 2, 2, 2, 2}
	moves := []int{40, 12, 10, 30, 11, 15, 10, 50, 20, 10, 10, 12, 10, 10}
	var trials []TrialRow
	for i := range cfgs {
		trials = append(trials, TrialRow{Trial: i + 1, StartStep: int64(100 * i), Moves: moves[i], Optimal: 10, PathRatio: float64(moves[i]) / 10, Config: cfgs[i]})
	}
	trials[9].PathRatio = math.NaN() // a timed-out trial: left out of the medians
	rows := Retention(trials, []uint64{0xa, 0xb, 0xc})
	want := []RetentionRow{
		{Config: 1, ID: 0xa, Visit: 1, Kind: VisitBirth, FirstTrial: 1, StartStep: 0, Trials: 3, FirstMoves: 40, FirstOptimal: 10, FirstRatio: 4, Last5Ratio: 1.2, BaseMoves: -1},
		{Config: 2, ID: 0xb, Visit: 1, Kind: VisitNew, FirstTrial: 4, StartStep: 300, Trials: 2, FirstMoves: 30, FirstOptimal: 10, FirstRatio: 3, Last5Ratio: 2.05, BaseMoves: 40, BaseRatio: 4},
		{Config: 1, ID: 0xa, Visit: 2, Kind: VisitReturn, FirstTrial: 6, StartStep: 500, Trials: 2, FirstMoves: 15, FirstOptimal: 10, FirstRatio: 1.5, Last5Ratio: 1.25, BaseMoves: 40, BaseRatio: 4},
		{Config: 3, ID: 0xc, Visit: 1, Kind: VisitNew, FirstTrial: 8, StartStep: 700, Trials: 1, FirstMoves: 50, FirstOptimal: 10, FirstRatio: 5, Last5Ratio: 5, BaseMoves: 40, BaseRatio: 4},
		{Config: 2, ID: 0xb, Visit: 2, Kind: VisitReturn, FirstTrial: 9, StartStep: 800, Trials: 6, FirstMoves: 20, FirstOptimal: 10, FirstRatio: 2, Last5Ratio: 1, BaseMoves: 30, BaseRatio: 3},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d visits, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		if i == 0 {
			if !math.IsNaN(r.BaseRatio) {
				t.Errorf("birth's base ratio %v, want NaN", r.BaseRatio)
			}
			r.BaseRatio = 0
		}
		if math.Abs(r.Last5Ratio-w.Last5Ratio) < 1e-12 {
			r.Last5Ratio = w.Last5Ratio
		}
		if r != w {
			t.Errorf("visit %d:\n got %+v\nwant %+v", i+1, r, w)
		}
	}
	s := SummariseRetention(rows)
	check := func(name string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if s.Configurations != 3 || s.Visits != 5 || s.Returns != 2 {
		t.Errorf("summary %+v, want 3 configurations, 5 visits, 2 returns", s)
	}
	check("birth path ratio", s.BirthPathRatio, 4)
	check("re-meeting path ratio", s.RemeetPathRatio, 1.75) // 1.5 and 2
	check("re-meeting moves", s.RemeetMoves, 17.5)
	check("first meeting path ratio", s.FirstPathRatio, 3.5) // 4 and 3
	check("re-meeting cost", s.RemeetCost, (1.5/4+2.0/3)/2)
	check("new path ratio", s.NewPathRatio, 4) // 3 and 5
	check("transfer", s.Transfer, 1)           // 0.75 and 1.25
	check("last 5", s.Last5PathRatio, 1.25)
	csvRows, err := csv.NewReader(bytes.NewReader(RetentionCSV(rows))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(csvRows) != 6 || strings.Join(csvRows[0], ",") != strings.Join(RetentionHeader, ",") ||
		strings.Join(csvRows[3], ",") != "1,000000000000000a,2,return,6,500,2,15,10,1.5,1.25,40,4,0.375" ||
		strings.Join(csvRows[1], ",") != "1,000000000000000a,1,birth,1,0,3,40,10,4,1.2,,," {
		t.Errorf("retention.csv:\n%s", RetentionCSV(rows))
	}
}

// blockingCycle switches the blocking maze's gap every 600 steps: two
// configurations, met in turn.
const blockingCycle = `---
name: Blocking cycle
control: moves
doors: {a: closed, b: open}
events:
  - {at_step: 600, every: 600, cycle: [{open: [a], close: [b]}, {open: [b], close: [a]}]}
---
........G
.........
.........
a#######b
.........
...S.....
`

// TestRetentionLifetime: a lifetime cycling two configurations numbers
// them 1 and 2 by their ids, gives each trial the configuration it began
// in, and writes retention.csv, retention.png and summary.json's
// "retention" that agree with its trials; a checkpoint keeps the
// configurations met.
func TestRetentionLifetime(t *testing.T) {
	sc, err := world.Parse("cycle.maze", []byte(blockingCycle))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Scenario: sc, Agent: "dyna", Steps: 3000}
	l, err := NewLifetime(cfg)
	if err != nil {
		t.Fatal(err)
	}
	birth := l.World().ConfigID()
	for l.World().StepCount() < 900 { // in the second configuration
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
	}
	data, err := l.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	resumed, err := ResumeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := Continue(context.Background(), resumed, Options{Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	l = res.Lifetime
	ids := l.ConfigIDs()
	if len(ids) != 2 || ids[0] != birth || ids[1] == birth {
		t.Fatalf("configurations %x, want two, the first %x (birth)", ids, birth)
	}
	for _, tr := range l.Trials() {
		// Switches at 600, 1200, ...: the configuration a trial began in.
		want := 1 + int(tr.StartStep/600)%2
		if tr.Config != want {
			t.Errorf("trial %d began at step %d in configuration %d, want %d", tr.Trial, tr.StartStep, tr.Config, want)
		}
	}
	rows := l.Retention()
	if len(rows) < 4 || rows[0].Kind != VisitBirth || rows[1].Kind != VisitNew || rows[2].Kind != VisitReturn || rows[3].Kind != VisitReturn {
		t.Fatalf("visits %+v, want birth, new, then returns", rows)
	}
	n := 0
	for _, r := range rows {
		n += r.Trials
		if first := l.Trials()[r.FirstTrial-1]; first.Moves != r.FirstMoves || first.Config != r.Config {
			t.Errorf("visit %+v: its first trial is %+v", r, first)
		}
	}
	if n != len(l.Trials()) {
		t.Errorf("visits hold %d trials, the lifetime %d", n, len(l.Trials()))
	}
	if got := mustRead(t, filepath.Join(dir, RetentionFile)); !bytes.Equal(got, RetentionCSV(rows)) {
		t.Errorf("retention.csv:\n%s", got)
	}
	if png := mustRead(t, filepath.Join(dir, RetentionPNG)); len(png) < 1000 {
		t.Errorf("retention.png is %d bytes", len(png))
	}
	var sum struct {
		Retention *RetentionSummary `json:"retention"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(dir, SummaryFile)), &sum); err != nil {
		t.Fatal(err)
	}
	if r := sum.Retention; r == nil || r.Configurations != 2 || r.Visits != len(rows) || r.Returns != len(rows)-2 || r.RemeetPathRatio == nil {
		t.Errorf("summary.json retention %+v, want 2 configurations, %d visits, %d returns", r, len(rows), len(rows)-2)
	}
}

// TestProbesLeaveLifetime: a lifetime with probe trials of every
// configuration met is, output for output, the lifetime without them;
// its probes.csv has a row per configuration per probe, the current one
// marked; a checkpoint keeps the probes taken and asked for.
func TestProbesLeaveLifetime(t *testing.T) {
	sc, err := world.Parse("cycle.maze", []byte(blockingCycle))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Scenario: sc, Agent: "dyna", Steps: 2100, Seed: 5, SeedSet: true}
	plain := runOut(t, cfg)
	cfg.Probes = Probes{Every: 500, At: []int64{599, 601}, All: true, Steps: 300}
	dir := t.TempDir()
	l, err := NewLifetime(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for l.World().StepCount() < 1000 {
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
	}
	data, err := l.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	if l, err = ResumeCheckpoint(data); err != nil {
		t.Fatal(err)
	}
	res, err := Continue(context.Background(), l, Options{Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range OutputFiles {
		got := Deterministic(f, mustRead(t, filepath.Join(dir, f)))
		if f == SummaryFile {
			// The same summary but for the count of probes taken.
			var m map[string]any
			if err := json.Unmarshal(got, &m); err != nil || m["probe_trials"] != float64(10) {
				t.Errorf("summary.json: probe_trials %v, want 10 (%v)", m["probe_trials"], err)
			}
			delete(m, "probe_trials")
			got, _ = json.Marshal(m)
		}
		switch {
		case bytes.Equal(got, plain[f]):
		case strings.HasSuffix(f, ".png"):
			t.Errorf("%s differs with probes", f)
		default:
			t.Errorf("%s differs with probes:\n%s\nwithout:\n%s", f, got, plain[f])
		}
	}
	// Probes after steps 500, 599, 601, 1000, 1500, 2000: one configuration
	// (the current) until the first trial begun after the switch at 600,
	// then both.
	rows := res.Lifetime.ProbeRows()
	var steps []int64
	for _, r := range rows {
		steps = append(steps, r.Step)
		reached := r.Optimal > 0 && r.PathRatio == float64(r.Moves)/float64(r.Optimal) && r.PathRatio >= 1 && r.Steps <= 300
		timedOut := math.IsNaN(r.PathRatio) && r.Steps == 300
		if r.Steps < 1 || r.Reached != reached || r.Reached == timedOut {
			t.Errorf("probe %+v: steps, moves and ratio do not agree", r)
		}
	}
	want := []int64{500, 599, 601, 601, 1000, 1000, 1500, 1500, 2000, 2000}
	if !slices.Equal(steps, want) {
		t.Fatalf("probes at steps %v, want %v", steps, want)
	}
	// The switch at 600 came within trial 58: at 601 the new
	// configuration is current but not yet met at a trial's start, so it
	// has no number yet.
	if r := rows[3]; r.Config != 0 || !r.Current || rows[2].Config != 1 || rows[2].Current {
		t.Errorf("probes at 601: %+v and %+v, want configuration 1, then the current one unnumbered", rows[2], r)
	}
	ids := res.Lifetime.ConfigIDs()
	for _, r := range rows {
		wantCur := ids[0]
		if r.Step >= 600 && r.Step < 1200 || r.Step >= 1800 {
			wantCur = ids[1]
		}
		if r.Current != (r.ID == wantCur) || (r.Config > 0 && ids[r.Config-1] != r.ID) {
			t.Errorf("probe %+v: current %v, want the current configuration %016x marked", r, r.Current, wantCur)
		}
	}
	// The agent learned the birth maze in 500 steps: the probe of it is
	// short.
	if r := rows[0]; !r.Reached || r.PathRatio > 2 {
		t.Errorf("first probe %+v, want the cheese reached, path ratio at most 2", r)
	}
	if got := mustRead(t, filepath.Join(dir, ProbesFile)); !bytes.Equal(got, ProbesCSV(rows)) {
		t.Errorf("probes.csv:\n%s", got)
	}
}

// noMemory is an agent that cannot save its memory.
type noMemory struct{}

func (noMemory) Act(sim.Observation) sim.Action { return sim.Action{} }
func (noMemory) View() agent.View               { return agent.View{} }

// TestProbesNeedState: probes of an agent that cannot save its memory are
// refused, naming the agent; bad probe settings name the value.
func TestProbesNeedState(t *testing.T) {
	spec := &agent.Spec{Name: "amnesiac", New: func(agent.Env, agent.Params) (agent.Agent, error) { return noMemory{}, nil }}
	_, err := NewLifetime(Config{Scenario: load(t, "dyna-maze"), AgentSpec: spec, Steps: 10, Probes: Probes{Every: 5}})
	if err == nil || !strings.Contains(err.Error(), "agent amnesiac cannot save its memory") {
		t.Errorf("error %v, want one naming agent amnesiac", err)
	}
	for _, p := range []Probes{{Every: -1}, {At: []int64{0}}, {Every: 5, Steps: -3}} {
		if _, err := NewLifetime(Config{Scenario: load(t, "dyna-maze"), Agent: "dyna", Steps: 10, Probes: p}); err == nil {
			t.Errorf("probes %+v accepted", p)
		}
	}
}
