package sim

import (
	"testing"

	"github.com/mazerat/mazerat/world"
)

// configScenario changes each part of the configuration and puts it back,
// one event a step, then makes changes that are not the configuration's
// (the rat carried, a reward).
const configScenario = `---
control: moves
trial: {max_steps: 40}
rearm: never
doors: {a: open}
mazes:
  b: |
    S.....
    .....G
  a: |
    ---
    doors: {a: open}
    ---
    S...aG
    ......
events:
  - {at_step: 1, close: [a]}
  - {at_step: 2, open: [a]}
  - {at_step: 3, add_walls: [[1, 3]]}
  - {at_step: 4, remove_walls: [[1, 3]]}
  - {at_step: 5, cheese: [[1, 5]]}
  - {at_step: 6, cheese: [[0, 5]]}
  - {at_step: 7, maze: b}
  - {at_step: 8, maze: a}
  - {at_step: 9, rat: [1, 0]}
  - {at_step: 10, reward: {cheese: 2, step: -1}}
  - {at_step: 20, close: [a]}
  - {at_step: 22, open: [a]}
---
S...aG
......
`

// configID0 is the id of configScenario's configuration at birth. It is
// stable: any machine, any lifetime, any Go version computes it (the
// retention table and the window compare ids across runs).
const configID0 = 0x20a26a6bd1cddfc9

// TestConfigID: the configuration id changes exactly when the layout, the
// doors or the cheese spots change, each to an id of its own, and comes
// back when the configuration does; carrying the rat, a reward change,
// eating, depletion, a probe and respawn leave it; two worlds (of any
// seed) in one configuration share it, and a snapshot restores it.
func TestConfigID(t *testing.T) {
	sc := parse(t, configScenario)
	w := newWorld(t, sc, 1)
	other := newWorld(t, sc, 99)
	id0 := w.ConfigID()
	if id0 != configID0 {
		t.Errorf("the id at birth is %#x, want %#x (the same on every machine and run)", id0, uint64(configID0))
	}
	// After step call k, the events at step k+1 have been applied.
	names := []string{"door a closed", "door a open", "a wall added", "the wall removed", "cheese moved", "cheese back", "maze b", "maze a again", "the rat carried", "rewards changed"}
	back := map[string]bool{"door a open": true, "the wall removed": true, "cheese back": true, "maze a again": true, "the rat carried": true, "rewards changed": true}
	seen := map[uint64]string{id0: "birth"}
	var snap *Snapshot
	var ids []uint64
	for k, name := range names {
		w.Step(Action{Move: world.North}) // into the outline: the rat stays
		other.Step(Action{Move: world.North})
		id := w.ConfigID()
		ids = append(ids, id)
		if other.ConfigID() != id {
			t.Errorf("after %s: worlds of seeds 1 and 99 have ids %#x and %#x, want one", name, id, other.ConfigID())
		}
		switch {
		case back[name] && id != id0:
			t.Errorf("after %s (step %d) the id is %#x, want the id at birth %#x", name, k+1, id, id0)
		case !back[name] && id == id0:
			t.Errorf("after %s (step %d) the id is still the one at birth", name, k+1)
		case !back[name]:
			if prev, dup := seen[id]; dup {
				t.Errorf("after %s the id %#x is the one of %s: want one id per configuration", name, id, prev)
			}
			seen[id] = name
		}
		if name == "cheese moved" {
			var err error
			if snap, err = w.Snapshot(); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A snapshot taken with the cheese moved restores the id, and the
	// restored world's ids follow the original's.
	r, err := Restore(sc, 1, snap)
	if err != nil {
		t.Fatal(err)
	}
	if r.ConfigID() != ids[4] {
		t.Errorf("restored with the cheese moved, the id is %#x, want %#x", r.ConfigID(), ids[4])
	}
	for k := 5; k < len(names); k++ {
		r.Step(Action{Move: world.North})
		if r.ConfigID() != ids[k] {
			t.Errorf("restored world after %s: id %#x, want %#x", names[k], r.ConfigID(), ids[k])
		}
	}
	// Eating with rearm: never empties the spot; the spots, and the id,
	// stay.
	// The last step went north from [1, 0], where the rat was carried.
	if trs := walk(w, "EEEE"); len(trs) != 0 || w.Cell() != (world.Cell{Row: 0, Col: 4}) {
		t.Fatalf("walking to [0, 4]: trials %+v, the rat at %v", trs, w.Cell())
	}
	w.Step(Action{Move: world.East})
	if tr, ok := w.TrialEnded(); !ok || tr.TimedOut || tr.EndCell != (world.Cell{Row: 0, Col: 5}) {
		t.Fatalf("the rat did not eat at [0, 5]: ended %v %+v", ok, tr)
	}
	if len(w.Cheese()) != 0 || w.ConfigID() != id0 {
		t.Errorf("after eating: cheese %v, id %#x; want no cheese and the id at birth", w.Cheese(), w.ConfigID())
	}
	// With the cheese eaten and the rat elsewhere, door a closes and opens
	// again: the ids are those of the configurations met before.
	walk(w, "S")
	for w.StepCount() < 21 {
		w.Step(Action{Move: world.South})
	}
	if w.ConfigID() != ids[0] {
		t.Errorf("door a closed again (the cheese eaten, the rat at %v): id %#x, want %#x as at step 1", w.Cell(), w.ConfigID(), ids[0])
	}
	w.Step(Action{Move: world.South})
	if w.ConfigID() != id0 {
		t.Errorf("door a open again: id %#x, want the id at birth %#x", w.ConfigID(), id0)
	}

	// A probe withdraws the cheese for a trial; respawn moves it to
	// another spot: neither changes the configuration.
	p := newWorld(t, parse(t, "---\ncontrol: moves\non_cheese: respawn\ntrial: {max_steps: 3}\nevents:\n  - {at_trial: 2, probe: 3}\n---\nS.G\n..G\n"), 1)
	pid := p.ConfigID()
	if trs := walk(p, "EE"); len(trs) != 1 || trs[0].EndCell != (world.Cell{Row: 0, Col: 2}) {
		t.Fatalf("eating at [0, 2]: trials %+v", trs)
	}
	if p.Trial() != 2 || len(p.Cheese()) != 0 || p.ConfigID() != pid {
		t.Errorf("in the probe: trial %d, cheese %v, id changed %v; want trial 2 without cheese and the id unchanged", p.Trial(), p.Cheese(), p.ConfigID() != pid)
	}
	trs := walk(p, "WWW")
	if len(trs) != 1 || !trs[0].Probe || len(p.Cheese()) != 1 || p.Cheese()[0] != (world.Cell{Row: 1, Col: 2}) || p.ConfigID() != pid {
		t.Errorf("after the probe: trials %+v, cheese %v, id changed %v; want the probe ended, the cheese respawned at [1, 2] and the id unchanged", trs, p.Cheese(), p.ConfigID() != pid)
	}
}
