package sim

import (
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// moveSide maps N, E, S, W to moves.
func moveSide(c byte) world.Side {
	return world.Side(strings.IndexByte("NESW", c))
}

// walk steps the world through moves and returns the trials that ended.
func walk(w *World, moves string) []TrialRecord {
	var out []TrialRecord
	for i := 0; i < len(moves); i++ {
		w.Step(Action{Move: moveSide(moves[i])})
		if tr, ok := w.TrialEnded(); ok {
			out = append(out, tr)
		}
	}
	return out
}

// TestTimeout: a trial that runs trial.max_steps without eating ends
// without reward, timed out, and the rat goes back to the start.
func TestTimeout(t *testing.T) {
	sc := parse(t, `---
control: moves
trial: {max_steps: 5}
reward: {step: -1}
---
S....G
`)
	w := newWorld(t, sc, 1)
	trs := walk(w, "WWWWW")
	if len(trs) != 1 {
		t.Fatalf("%d trials ended in 5 steps, want 1", len(trs))
	}
	tr := trs[0]
	if !tr.TimedOut || tr.Steps() != 5 || tr.Reward != -5 || tr.Optimal != 5 || !isNaN(tr.PathRatio()) {
		t.Errorf("timed-out trial %+v (ratio %v), want timed out after 5 steps, reward -5, optimal 5, no ratio", tr, tr.PathRatio())
	}
	if w.Cell() != sc.Maze.Start || w.Trial() != 2 {
		t.Errorf("after the timeout at %v in trial %d, want the start and trial 2", w.Cell(), w.Trial())
	}
	trs = walk(w, "EEEEE")
	if len(trs) != 1 || trs[0].TimedOut || trs[0].Optimal != 5 || trs[0].PathRatio() != 1 {
		t.Errorf("the next trial %+v, want it to end at cheese with ratio 1", trs)
	}
}

func isNaN(x float64) bool { return x != x }

// TestStrandedAndStuck is the hang of issue 15: a change leaves the rat
// where no cheese can be reached. A trial under way ends stranded and the
// rat is carried to the start; a trial that begins where nothing can be
// reached is stuck, and says so.
func TestStrandedAndStuck(t *testing.T) {
	sc := parse(t, `---
control: moves
doors: {a: open}
events:
  - {at_step: 4, close: [a]}
---
S...G
##a##
#...#
`)
	w := newWorld(t, sc, 1)
	walk(w, "EESS") // into the pocket below door a, which then closes
	tr, ok := w.TrialEnded()
	if !ok || !tr.Stranded || !isNaN(tr.PathRatio()) || tr.Steps() != 4 {
		t.Fatalf("the rat shut in a pocket: trial ended %v %+v, want a stranded trial of 4 steps", ok, tr)
	}
	if w.Cell() != sc.Maze.Start || w.Stuck() {
		t.Errorf("after stranding: at %v stuck %v, want back at the start %v and free", w.Cell(), w.Stuck(), sc.Maze.Start)
	}
	if trs := walk(w, "EEEE"); len(trs) != 1 || trs[0].Stranded || trs[0].PathRatio() != 1 {
		t.Errorf("the next trial: %+v, want it to end at the cheese", trs)
	}
	// The window's hand may not cut the last path either.
	if err := w.Apply(world.Event{Close: []byte("a"), Walls: []world.WallChange{{Cell: world.Cell{Row: 0, Col: 3}, Add: true}}}); err == nil {
		t.Error("Apply walled the cheese off without complaint")
	}
}

// TestStuckReported: a world whose next trial can never end says so.
func TestStuckReported(t *testing.T) {
	sc := parse(t, `---
control: moves
trial: {max_steps: 1000}
doors: {a: open}
events:
  - {at_step: 1, close: [a]}
---
S.a.G
`)
	// Stranded, the rat is carried to the start: from there, beyond closed
	// door a, nothing is reachable either.
	sc2 := sc.Clone()
	sc2.MaxSteps = 0
	if err := sc2.Validate(); err == nil {
		t.Fatal("Validate let a door cut the cheese off without a time limit")
	}
	// Build it anyway through a limit that a probe-free run never uses.
	w := newWorld(t, withLimit(t, sc, 1000), 1)
	w.sc.MaxSteps = 0 // as if it had no limit: the runtime guard is what is tested
	walk(w, "E")
	if !w.Stuck() || w.StuckError() == nil {
		t.Fatalf("stuck %v error %v, want stuck with an error", w.Stuck(), w.StuckError())
	}
	if msg := w.StuckError().Error(); !strings.Contains(msg, "trial: {max_steps: N}") {
		t.Errorf("stuck error %q does not say what to do", msg)
	}
}

func withLimit(t *testing.T, sc *world.Scenario, n int64) *world.Scenario {
	t.Helper()
	sc = sc.Clone()
	sc.MaxSteps = n
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestProbeAndRegions: a probe trial withdraws the cheese, ends by time
// and records the time in each region; the cheese comes back after it.
func TestProbeAndRegions(t *testing.T) {
	sc := parse(t, `---
control: moves
regions: {left: [[0, 0], [0, 1]], right: [[0, 3, 0, 4]]}
events:
  - {at_trial: 2, probe: 4}
---
S...G
`)
	w := newWorld(t, sc, 1)
	trs := walk(w, "EEEE")
	if len(trs) != 1 {
		t.Fatalf("trial 1: %d ended", len(trs))
	}
	if got := trs[0].FirstRegion; got != 1 {
		t.Errorf("trial 1 entered region %d first, want 1 (right): it began in left", got)
	}
	if len(w.Cheese()) != 0 {
		t.Errorf("during the probe the cheese is at %v, want none", w.Cheese())
	}
	trs = walk(w, "EEEE") // the probe: walking onto the cheese cell eats nothing
	if len(trs) != 1 || !trs[0].Probe || !trs[0].TimedOut || trs[0].Reward != 0 || trs[0].Optimal != -1 {
		t.Fatalf("the probe: %+v, want a probe ended by time with no reward", trs)
	}
	p := trs[0]
	ticks := p.RegionTicks[0] + p.RegionTicks[1]
	if p.RegionTicks[1] == 0 || p.RegionTicks[0] == 0 || ticks > p.Ticks() {
		t.Errorf("probe region ticks %v of %d, want time in both and no more than the trial", p.RegionTicks[:2], p.Ticks())
	}
	if len(w.Cheese()) != 1 {
		t.Errorf("after the probe the cheese is at %v, want it back", w.Cheese())
	}
}

// TestStartsCycle: trials begin at the starts in turn and each trial's
// optimal is measured from where it began.
func TestStartsCycle(t *testing.T) {
	sc := parse(t, `---
control: moves
starts: [[0, 0], [0, 2]]
---
S.....G
`)
	w := newWorld(t, sc, 1)
	trs := walk(w, "EEEEEE")
	if len(trs) != 1 || trs[0].Optimal != 6 || w.Cell() != (world.Cell{Row: 0, Col: 2}) {
		t.Fatalf("trial 1 %+v, then at %v; want optimal 6 and the rat at the second start", trs, w.Cell())
	}
	trs = walk(w, "EEEE")
	if len(trs) != 1 || trs[0].StartCell != (world.Cell{Row: 0, Col: 2}) || trs[0].Optimal != 4 || trs[0].PathRatio() != 1 {
		t.Errorf("trial 2 %+v, want it to begin at (0,2) with optimal 4 and ratio 1", trs)
	}
	if w.Cell() != sc.Maze.Start {
		t.Errorf("trial 3 begins at %v, want the first start again", w.Cell())
	}
}

// TestRatEventStart: a rat event at a trial's beginning makes that cell
// the trial's start (the 0.55 path ratios).
func TestRatEventStart(t *testing.T) {
	sc := parse(t, `---
control: moves
events:
  - {at_trial: 2, rat: [0, 3]}
---
S.....G
`)
	w := newWorld(t, sc, 1)
	walk(w, "EEEEEE")
	trs := walk(w, "EEE")
	if len(trs) != 1 || trs[0].StartCell != (world.Cell{Row: 0, Col: 3}) || trs[0].Optimal != 3 || trs[0].PathRatio() != 1 {
		t.Errorf("trial 2 %+v, want it to begin at (0,3), optimal 3, ratio 1", trs)
	}
}

// TestRearm: win-shift with rearm other (the T-maze) and all_eaten (the
// radial arm), each goal with its own reward.
func TestRearm(t *testing.T) {
	const arms = `---
control: moves
rearm: %s
goals: [{cell: [0, 0], reward: 2}]
---
G.S.G
`
	t.Run("other", func(t *testing.T) {
		w := newWorld(t, parse(t, strings.Replace(arms, "%s", "other", 1)), 1)
		trs := walk(w, "WW")
		if len(trs) != 1 || trs[0].Reward != 2 {
			t.Fatalf("left arm: %+v, want its reward 2", trs)
		}
		// Left is gone until right is eaten: going left again ends nothing.
		if trs := walk(w, "WW"); len(trs) != 0 {
			t.Fatalf("the eaten left arm fed the rat again: %+v", trs)
		}
		trs = walk(w, "EEEE")
		if len(trs) != 1 || trs[0].Reward != 1 || trs[0].Optimal != 2 || trs[0].Moves != 6 {
			t.Fatalf("right arm after the error: %+v, want reward 1, optimal 2 (only right was baited), 6 moves", trs)
		}
		if trs := walk(w, "WW"); len(trs) != 1 {
			t.Errorf("left did not come back after right was eaten: %+v", trs)
		}
	})
	t.Run("all_eaten", func(t *testing.T) {
		w := newWorld(t, parse(t, strings.Replace(arms, "%s", "all_eaten", 1)), 1)
		walk(w, "WW")
		if n := len(w.Cheese()); n != 1 {
			t.Fatalf("after one arm %d cheeses out, want 1", n)
		}
		walk(w, "EE")
		if n := len(w.Cheese()); n != 2 {
			t.Errorf("after every arm %d cheeses out, want all 2 back", n)
		}
	})
}

// TestSchedules: every, times, cycle, choose and chance fire as written,
// the same way for the same seed.
func TestSchedules(t *testing.T) {
	sc := parse(t, `---
control: moves
doors: {a: open, b: open}
trial: {max_steps: 1000}
events:
  - {at_step: 2, every: 3, times: 4, cycle: [{close: [a]}, {open: [a]}]}
  - {at_step: 1, every: 1, chance: 0.5, choose: [{close: [b]}, {open: [b]}]}
---
S.a.b.G
`)
	run := func(seed uint64) (string, []int64) {
		w := newWorld(t, sc, seed)
		var doors strings.Builder
		for i := 0; i < 20; i++ {
			w.Step(Action{Move: world.West})
			if w.Doors().Open('a') {
				doors.WriteByte('A')
			} else {
				doors.WriteByte('a')
			}
		}
		var steps []int64
		for _, e := range w.Applied() {
			if e.Index == 0 {
				steps = append(steps, e.Step)
			}
		}
		return doors.String(), steps
	}
	a, steps := run(1)
	if want := []int64{2, 5, 8, 11}; !slices.Equal(steps, want) {
		t.Errorf("the cycle fired at steps %v, want %v", steps, want)
	}
	// Door a: closed at 2, open at 5, closed at 8, open at 11 and after.
	if want := "AaaaAAAaaaAAAAAAAAAA"; a != want { // after step i, events due at i+1 have fired
		t.Errorf("door a over 20 steps %s, want %s", a, want)
	}
	b1 := chanceTrace(t, sc, 7)
	if b2 := chanceTrace(t, sc, 7); b1 != b2 {
		t.Errorf("the same seed gave two chance traces: %s and %s", b1, b2)
	}
	if b3 := chanceTrace(t, sc, 8); b3 == b1 {
		t.Errorf("seeds 7 and 8 gave the same chance trace %s", b1)
	}
	fired := strings.Count(b1, "x")
	if fired < 10 || fired > 40 {
		t.Errorf("chance 0.5 fired %d times in 50 occasions", fired)
	}
}

func chanceTrace(t *testing.T, sc *world.Scenario, seed uint64) string {
	w := newWorld(t, sc, seed)
	var b strings.Builder
	for i := 0; i < 50; i++ {
		n := len(w.Applied())
		w.Step(Action{Move: world.West})
		fired := false
		for _, e := range w.Applied()[n:] {
			fired = fired || e.Index == 1
		}
		if fired {
			b.WriteByte('x')
		} else {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// TestMazeSwitch: a maze event brings another layout, its doors and
// cheese; the rat stays; the configuration id changes exactly when the
// configuration does and comes back with it.
func TestMazeSwitch(t *testing.T) {
	sc := parse(t, `---
control: moves
on_cheese: stay
doors: {a: closed}
mazes:
  b: |
    G...S
    .#.#.
  a: |
    ---
    doors: {a: closed}
    ---
    S...G
    .#a#.
events:
  - {at_step: 3, every: 3, times: 4, cycle: [{maze: b}, {maze: a}]}
---
S...G
.#a#.
`)
	w := newWorld(t, sc, 1)
	id0 := w.ConfigID()
	walk(w, "EE") // steps 0, 1
	if w.ConfigID() != id0 {
		t.Fatal("the configuration id changed without a change")
	}
	w.Step(Action{Move: world.East}) // step 2; the switch comes before step 3
	if w.Cheese()[0] != (world.Cell{Row: 0, Col: 0}) || w.Maze().Start != (world.Cell{Row: 0, Col: 4}) {
		t.Fatalf("after the switch: cheese %v start %v, want b's", w.Cheese(), w.Maze().Start)
	}
	if w.Cell() != (world.Cell{Row: 0, Col: 3}) {
		t.Errorf("the rat moved with the switch to %v, want it where it was", w.Cell())
	}
	idB := w.ConfigID()
	if idB == id0 {
		t.Error("the configuration id did not change with the maze")
	}
	walk(w, "NNN") // bumps; the switch back to a before step 6
	if w.ConfigID() != id0 {
		t.Errorf("back in maze a the configuration id %x, want the first %x", w.ConfigID(), id0)
	}
	// Eating changes no configuration.
	before := w.ConfigID()
	walk(w, "E")
	if tr, ok := w.TrialEnded(); !ok || w.ConfigID() != before {
		t.Errorf("eating: ended %v %+v, id changed %v", ok, tr, w.ConfigID() != before)
	}
}

// TestSnapshotNewState: a snapshot taken mid-lifetime of a scenario using
// every new rule continues bit for bit.
func TestSnapshotNewState(t *testing.T) {
	sc := parse(t, `---
control: moves
trial: {max_steps: 7}
starts: [[0, 0], [0, 2]]
start_order: random
rearm: other
regions: {mid: [[0, 2]]}
events:
  - {at_trial: 3, every: 4, probe: 5}
  - {at_step: 4, every: 5, chance: 0.7, choose: [{reward: {step: -0.1}}, {reward: {step: 0}}]}
---
S....G
`)
	moves := "EEEWEEEEEWWEEEEEEEEEWEEEEEEEEEEEEE"
	a := newWorld(t, sc, 3)
	walk(a, moves[:13])
	snap, err := a.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Restore(sc, 3, snap)
	if err != nil {
		t.Fatal(err)
	}
	ta := walk(a, moves[13:])
	tb := walk(b, moves[13:])
	if a.Hash() != b.Hash() || !slices.Equal(ta, tb) || a.ConfigID() != b.ConfigID() {
		t.Errorf("restored world diverged:\n%+v\n%+v", ta, tb)
	}
}
