package sim

import (
	"bytes"
	"encoding/gob"
	"math"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestSnapshotRestore: a world snapshotted at step k and restored in a new
// world continues exactly as the original does, through contacts, events,
// interventions and trials, in both control modes. The snapshot also goes
// through gob, as checkpoint files carry it.
func TestSnapshotRestore(t *testing.T) {
	cases := []struct {
		name    string
		sc      *world.Scenario
		control string
		at      int
	}{
		{"thin wheels", generated(t, "dfs", 6, 6, 0.5, 2), "wheels", 333},
		{"blocks moves, door change ahead", parse(t, blockingMaze), "moves", 700},
		{"blocks moves, after the change", parse(t, blockingMaze), "moves", 1200},
		{"thin moves respawn", func() *world.Scenario {
			sc := parse(t, `---
on_cheese: respawn
---
+--+--+--+
|S  G  G |
+  +  +  +
|G       |
+--+--+--+
`)
			return sc
		}(), "moves", 150},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.sc.Set("control", tc.control); err != nil {
				t.Fatal(err)
			}
			actions := NewRand(9, "test-actions")
			next := func() Action {
				return Action{Left: actions.Float64()*2 - 1, Right: actions.Float64()*2 - 1, Move: world.Side(actions.IntN(4))}
			}
			var script []Action
			for i := 0; i < tc.at+400; i++ {
				script = append(script, next())
			}
			intervene := func(w *World, i int) {
				if i == tc.at+50 {
					// An experimenter moves the rat: logged, and snapshot-proof.
					if err := w.Apply(world.Event{Rat: &world.Cell{Row: 0, Col: 0}}); err != nil {
						t.Fatal(err)
					}
				}
			}
			a := newWorld(t, tc.sc, 4)
			for i := 0; i < tc.at; i++ {
				a.Step(script[i])
			}
			snap, err := a.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(snap); err != nil {
				t.Fatal(err)
			}
			var back Snapshot
			if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
				t.Fatal(err)
			}
			b, err := Restore(tc.sc, 4, &back)
			if err != nil {
				t.Fatal(err)
			}
			if b.Hash() != a.Hash() || b.StepCount() != a.StepCount() {
				t.Fatalf("right after restore: hash %x step %d, want %x %d", b.Hash(), b.StepCount(), a.Hash(), a.StepCount())
			}
			for i := tc.at; i < len(script); i++ {
				intervene(a, i)
				intervene(b, i)
				oa, ob := a.Step(script[i]), b.Step(script[i])
				if a.Hash() != b.Hash() {
					xa, ya, ha := a.Pose()
					xb, yb, hb := b.Pose()
					t.Fatalf("step %d: diverged: (%v %v %v) vs (%v %v %v)", i, xa, ya, ha, xb, yb, hb)
				}
				for j := range oa.Rays {
					if math.Float64bits(oa.Rays[j]) != math.Float64bits(ob.Rays[j]) {
						t.Fatalf("step %d: ray %d differs", i, j)
					}
				}
				if oa.Forward != ob.Forward || oa.Turn != ob.Turn || oa.Reward != ob.Reward || oa.Ate != ob.Ate || oa.Place != ob.Place {
					t.Fatalf("step %d: observations differ: %+v vs %+v", i, oa, ob)
				}
			}
			if a.Trial() != b.Trial() || a.TotalReward() != b.TotalReward() || len(a.Applied()) != len(b.Applied()) {
				t.Errorf("trial %d/%d reward %v/%v events %d/%d", a.Trial(), b.Trial(), a.TotalReward(), b.TotalReward(), len(a.Applied()), len(b.Applied()))
			}
		})
	}
}

func TestSnapshotInStep(t *testing.T) {
	w := newWorld(t, parse(t, dynaMaze), 1)
	w.Begin(Action{Move: world.East})
	w.Tick()
	if _, err := w.Snapshot(); err != ErrInStep {
		t.Errorf("snapshot during a step: %v, want ErrInStep", err)
	}
}

func TestRestoreRejectsMismatch(t *testing.T) {
	w := newWorld(t, parse(t, dynaMaze), 1)
	snap, err := w.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(parse(t, thinDoor), 1, snap); err == nil {
		t.Errorf("a dyna-maze snapshot restored into another maze")
	}
}
