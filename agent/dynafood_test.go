package agent

import (
	"fmt"
	"math"
	"testing"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

// TestFoodBelief: once the cheese has been seen to move, a meal at one
// spot leaves it there with chance 1 - pMove and spreads pMove over the
// other spots; a visit that finds a spot empty gives its chance to the
// others by Bayes' rule; with no move ever seen the model is the plain one.
func TestFoodBelief(t *testing.T) {
	d := newTestDyna(t, corridorEnv(8), map[string]string{"agent.planning": "10"})
	d.stepR = 0
	// Meals at 2 and 2 again: the cheese stays. Nothing spreads.
	d.meal(2, 1)
	d.meal(2, 1)
	if d.pMove() != 0 || !d.terminal[2] || d.food[2] != 0 {
		t.Fatalf("after two meals at one place: pMove %v, terminal %v, food %v; want 0, true, 0 (the plain model)", d.pMove(), d.terminal[2], d.food[2])
	}
	// Then at 5, then at 7: it moved twice, stayed once.
	d.meal(5, 1)
	d.meal(7, 1)
	if got, want := d.pMove(), 2.0/4; got != want {
		t.Fatalf("pMove %v, want %v (2 moves, 1 stay, +1)", got, want)
	}
	if d.terminal[7] {
		t.Errorf("place 7 is sure of cheese right after a meal, though the cheese moves")
	}
	sum := 0.0
	for _, c := range []struct {
		p    int
		want float64
	}{{7, 0.5}, {2, 0.25}, {5, 0.25}} {
		if got := d.food[c.p]; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("chance of cheese at %d: %v, want %v", c.p, got, c.want)
		}
		sum += d.food[c.p]
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("chances sum to %v, want 1", sum)
	}
	// Visiting 2 finds nothing: 5 and 7 share its quarter in proportion.
	d.foodGone(2)
	for _, c := range []struct {
		p    int
		want float64
	}{{2, 0}, {5, 1.0 / 3}, {7, 2.0 / 3}} {
		if got := d.food[c.p]; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("after ruling out 2, chance at %d: %v, want %v", c.p, got, c.want)
		}
	}
	if m := d.spotMass(); math.Abs(m-1) > 1e-12 {
		t.Errorf("spot mass %v after ruling one out, want 1", m)
	}
}

// TestFoodPlanning: with the corridor's map known and cheese that moves,
// the values follow the chances: the planner's value of the spot with
// the larger chance is higher, and after every spot is ruled out the rat
// searches the nearest place it has not entered since its meal.
func TestFoodPlanning(t *testing.T) {
	const n = 8
	d := newTestDyna(t, corridorEnv(n), map[string]string{"agent.planning": "50", "agent.gamma": "0.9", "agent.kappa": "0", "agent.optimism": "0"})
	for p := 0; p < n; p++ {
		d.visit(p)
		if p+1 < n {
			d.m.set(p, world.East, Open, 0)
		}
	}
	d.clock = 5
	d.meal(0, 1)
	d.meal(7, 1) // moved
	d.meal(0, 1) // moved again: pMove 2/3; spots 0 and 7
	for i := 0; i < 40; i++ {
		d.plan()
	}
	// At 0 after the meal: the cheese is at 7 with 2/3, at 0 with 1/3.
	if s := d.choose(1); s != world.East {
		t.Errorf("at 1 the rat goes %v, want E (towards 7, the likelier spot)", s)
	}
	d.foodGone(7)
	d.foodGone(0)
	if m := d.spotMass(); m != 0 {
		t.Fatalf("spot mass %v after both are ruled out, want 0", m)
	}
	// Entered since the meal: 0 and 3 to 7. From 4 the nearest place not
	// entered is 2, to the west, whatever the random tie-breaks say.
	d.clock++
	for _, p := range []int{0, 3, 4, 5, 6, 7} {
		d.visited[p] = d.clock
	}
	for i := 0; i < 8; i++ {
		if s := d.choose(4); s != world.West {
			t.Fatalf("searching from 4: goes %v, want W (2 is the nearest place not entered since the meal)", s)
		}
	}
}

// TestOwnStateRoundTrip: without the place sensor, a dyna saved while it
// holds rival poses (after a carry) and one saved while it searches for
// moving cheese continue exactly as the original, with every field of
// their memory equal.
func TestOwnStateRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		control  string
		carry    bool
		steps    int
	}{
		{"theseus", "wheels", true, 1200},
		{"theseus", "moves", true, 600},
		{"foraging", "wheels", false, 6000},
	} {
		t.Run(fmt.Sprintf("%s/%s", tc.scenario, tc.control), func(t *testing.T) {
			sc, err := scenarios.Load(tc.scenario)
			if err != nil {
				t.Fatal(err)
			}
			sc.Sensors.Place = false
			if err := sc.Set("control", tc.control); err != nil {
				t.Fatal(err)
			}
			w, d := dynaIn(t, sc, 5)
			env := envOf(w, 5)
			a := Agent(d)
			obs := w.Observation()
			for i := 0; i < tc.steps; i++ {
				obs = w.Step(a.Act(obs))
			}
			if tc.carry {
				dest := world.Cell{Row: 2, Col: 2}
				if w.Cell() == dest {
					dest = world.Cell{Row: 3, Col: 0}
				}
				if err := w.Apply(world.Event{Rat: &dest}); err != nil {
					t.Fatal(err)
				}
				obs = w.Observation()
				for i := 0; i < 50 && d.bel.nRivals == 0; i++ {
					obs = w.Step(a.Act(obs))
				}
				if d.bel.nRivals == 0 {
					t.Fatal("no rival poses after the carry: the state saved would not hold them")
				}
			} else if d.moved == 0 || len(d.spots) < 2 {
				t.Fatalf("after %d steps: %d spots, %d moves seen; want the food model in use", tc.steps, len(d.spots), d.moved)
			}
			data, err := d.MarshalState()
			if err != nil {
				t.Fatal(err)
			}
			b, err := New("dyna", env, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.(Stateful).UnmarshalState(data); err != nil {
				t.Fatal(err)
			}
			if diff := stateDiff(a, b); diff != "" {
				t.Fatal(diff)
			}
			for i := 0; i < 300; i++ {
				obs = copyObs(obs)
				aa, ab := a.Act(obs), b.Act(obs)
				if aa != ab {
					t.Fatalf("step %d after restore: actions %+v and %+v", i, aa, ab)
				}
				if pa, pb := a.View().Pose, b.View().Pose; pa != pb {
					t.Fatalf("step %d after restore: beliefs %+v and %+v", i, pa, pb)
				}
				obs = w.Step(aa)
			}
			if diff := stateDiff(a, b); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}

// TestOwnStateRefusesPlaceState: a state saved by a dyna with the place
// sensor does not load into one without it (another lattice), and says so.
func TestOwnStateRefusesPlaceState(t *testing.T) {
	with := newTestDyna(t, ownEnv(5, 5, world.Moves), nil)
	env := ownEnv(5, 5, world.Moves)
	env.Obs.Place = true
	on := newTestDyna(t, env, nil)
	data, err := on.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	if err := with.UnmarshalState(data); err == nil {
		t.Errorf("a place-sensor dyna's state loaded into one without the sensor")
	}
}
