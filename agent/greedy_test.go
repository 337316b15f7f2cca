package agent

import (
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestGreedyOnlyWithPreference: View's greedy option is -1 wherever the
// best option's value ties another's (the window draws no arrow there:
// at birth every value ties and every arrow would point north), and names
// an option whose value is above every other's elsewhere; after learning
// some places have a preference.
func TestGreedyOnlyWithPreference(t *testing.T) {
	for _, name := range []string{"dyna", "dynaq"} {
		t.Run(name, func(t *testing.T) {
			w := conformanceWorld(t, "dyna-maze", "moves", 1)
			ag, err := New(name, envOf(w, 1), nil)
			if err != nil {
				t.Fatal(err)
			}
			q := func(p int) []float64 {
				switch a := ag.(type) {
				case *dyna:
					return a.q[4*p : 4*p+4]
				case *dynaQ:
					return a.q[4*p : 4*p+4]
				}
				t.Fatalf("unexpected agent type %T", ag)
				return nil
			}
			considered := func(p int, s world.Side) bool {
				if d, ok := ag.(*dyna); ok && d.k == 0 {
					b, _ := d.m.belief(p, s)
					return b != Wall
				}
				return true
			}
			obs := w.Observation()
			preferences := 0
			for step := 0; step < 3000; step++ {
				obs = w.Step(ag.Act(obs))
				if step%100 != 0 {
					continue
				}
				v := ag.View()
				for p, g := range v.Greedy {
					if g < 0 || v.Value[p] != v.Value[p] {
						continue
					}
					preferences++
					qs := q(p)
					for s := world.North; s <= world.West; s++ {
						if s != world.Side(g) && considered(p, s) && qs[s] >= qs[g] {
							t.Fatalf("step %d, place %d: greedy %d with value %v, but option %d has %v: no preference", step, p, g, qs[g], s, qs[s])
						}
					}
				}
			}
			if preferences == 0 {
				t.Fatalf("no place ever had a preference in 3000 steps")
			}
		})
	}
}
