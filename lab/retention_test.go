package lab

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

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
