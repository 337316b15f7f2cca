package agent

import (
	"errors"
	"slices"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// ownTruth returns the place on dyna's own lattice of the cell the body
// is in (born at the scenario's start, as lab.Lifetime.View aligns it).
func ownTruth(d *dyna, row, col, startRow, startCol int) int {
	return d.origin + (row-startRow)*d.w + col - startCol
}

// TestOwnMapsSwitchAndRecall: without the place sensor, when the layout
// becomes maze b the rat keeps believing where it is (the switch does not
// move it) and starts a second map; back in a it recalls the first, which
// b did not write into; b's return recalls the second. No map is started
// for nothing.
func TestOwnMapsSwitchAndRecall(t *testing.T) {
	w, d := switchWorldPlace(t, []string{"3000:b", "6000:a", "9000:b"}, nil, false)
	start := w.Scenario().Maze.Start
	obs := w.Observation()
	live(w, d, &obs, 2999)
	if d.held != 1 || d.active != 0 {
		t.Fatalf("in maze a alone: %d maps held, map %d in use; want 1 and 0", d.held, d.active)
	}
	before := known(d.models[0])
	if len(before) < 100 {
		t.Fatalf("the map of a knows %d sides after 3000 steps; the test needs it explored", len(before))
	}
	// right counts the steps from now to step n on which the belief is
	// the body's place (lost counts as wrong).
	right := func(n int64) (ok, all int) {
		for obs.Step < n {
			act := d.Act(obs)
			c := w.Cell()
			if d.Belief().Place == ownTruth(d, c.Row, c.Col, start.Row, start.Col) {
				ok++
			}
			all++
			obs = w.Step(act)
		}
		return ok, all
	}
	for _, c := range []struct {
		step         int64
		held, active int
		what         string
	}{{3500, 2, 1, "maze b, new"}, {6500, 2, 0, "maze a again, recalled"}, {9500, 2, 1, "maze b again, recalled"}} {
		ok, all := right(c.step)
		if d.held != c.held || d.active != c.active {
			t.Fatalf("step %d (%s): %d maps held, map %d in use; want %d and %d", c.step, c.what, d.held, d.active, c.held, c.active)
		}
		if ok < all*95/100 {
			t.Errorf("step %d (%s): the belief was the body's place on %d of the %d steps since the switch, want 95 %%", c.step, c.what, ok, all)
		}
		if c.step == 6500 {
			changed := 0
			for e, b := range before {
				if d.models[0].m.side[e] != b {
					changed++
				}
			}
			if changed > 0 {
				t.Errorf("the recalled map of a: %d of the %d sides it knew before b changed", changed, len(before))
			}
		}
	}
	if d.judge.created != 1 || d.judge.evicted != 0 {
		t.Errorf("created %d maps, evicted %d; want 1 and 0", d.judge.created, d.judge.evicted)
	}
}

// TestOwnMapsStateRoundTrip: saved just after a switch without the place
// sensor (rivals on stored maps, the fresh map, the dead-reckoned pose,
// the snapshot of a recall), restored into a fresh dyna, every field
// equals the saved one's, and both act alike from there.
func TestOwnMapsStateRoundTrip(t *testing.T) {
	events := []string{"3000:b", "6000:a"}
	w, d := switchWorldPlace(t, events, nil, false)
	obs := w.Observation()
	live(w, d, &obs, 6000)
	// The step of the switch back, with rivals alive or the recall on trial.
	for d.bel.nRivals == 0 && d.judge.snapAt < 0 {
		if obs.Step > 6100 {
			t.Fatal("no rival and no recall on trial within 100 steps of the switch")
		}
		obs = w.Step(d.Act(obs))
	}
	data, err := d.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	_, e := switchWorldPlace(t, events, nil, false)
	restoreAndFollow(t, w, d, e, data, &obs, obs.Step+600)
	// A rival on a map not held is refused, not an index out of range later.
	d.bel.nRivals = 1
	d.bel.rivals[0].mp = int32(d.held)
	bad, err := d.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.UnmarshalState(bad); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("a rival on map %d of %d: %v, want ErrStateMismatch", d.held, d.held, err)
	}
}

// TestRecallOnTrial: a map recalled and left again within confirmRecall
// steps is put back as it was (the recall was wrong: what the other world
// wrote into it is forgotten); left later, it keeps what it learned.
func TestRecallOnTrial(t *testing.T) {
	for _, confirmed := range []bool{false, true} {
		w, d := switchWorldPlace(t, []string{"3000:b"}, nil, false)
		obs := w.Observation()
		live(w, d, &obs, 3500)
		if d.held != 2 || d.active != 1 {
			t.Fatalf("%d maps held, map %d in use; want 2 and 1", d.held, d.active)
		}
		before := known(d.models[0])
		d.remapTo(rival{mp: 0})
		if d.active != 0 {
			t.Fatalf("recalled map 0, map %d in use", d.active)
		}
		// The other world writes into the map recalled.
		e := slices.IndexFunc(d.models[0].m.side, func(b Belief) bool { return b != Unknown })
		flip := Open
		if before[e] == Open {
			flip = Wall
		}
		d.m.set(e/4, world.Side(e%4), flip, d.clock)
		d.step += 10
		if confirmed {
			d.step += confirmRecall
			d.deadReckon()
		}
		d.remapTo(rival{mp: 1})
		got := d.models[0].m.side[e]
		switch {
		case !confirmed && got != before[e]:
			t.Errorf("left 10 steps after the recall: side %d of place %d is %v, want %v as before the recall", e%4, e/4, got, before[e])
		case confirmed && got != flip:
			t.Errorf("left %d steps after the recall: side %d of place %d is %v, want %v as learned", 10+confirmRecall, e%4, e/4, got, flip)
		}
	}
}
