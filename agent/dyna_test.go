package agent

import (
	"errors"
	"math"
	"testing"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// corridorEnv is the body of a 1 x n corridor in moves control with the
// place sensor and no rays: the agent learns only from what it tries.
func corridorEnv(n int) Env {
	return Env{
		Obs: sim.ObservationSpec{Place: true, Compass: true, Touch: true, Reward: true, NumPlaces: n, PlaceW: n, PlaceH: 1, Cell: 0.5},
		Act: sim.ActionSpec{Control: world.Moves, NumMoves: 4},
	}
}

func newTestDyna(t *testing.T, env Env, set map[string]string) *dyna {
	t.Helper()
	a, err := New("dyna", env, set)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*dyna)
}

// TestPlannerValues: with the map of a corridor known and the cheese
// known at its east end, planning gives every place the discounted value
// of the cheese, gamma^(d-1) for d moves away, and the greedy option east.
func TestPlannerValues(t *testing.T) {
	const n = 6
	d := newTestDyna(t, corridorEnv(n), map[string]string{"agent.planning": "50", "agent.gamma": "0.9", "agent.kappa": "0"})
	// Every place visited, every edge known: open along the corridor, walls
	// north and south (the outline is known from birth).
	for p := 0; p < n; p++ {
		d.visit(p)
		if p+1 < n {
			d.m.set(p, world.East, Open, 0)
		}
	}
	d.enterR[n-1], d.terminal[n-1] = 1, true
	for p := 0; p < n; p++ {
		for s := world.North; s <= world.West; s++ {
			d.touchEdge(p, s)
		}
	}
	for i := 0; i < 20; i++ {
		d.plan()
	}
	for p := 0; p < n-1; p++ {
		want := math.Pow(0.9, float64(n-2-p))
		if got := d.q[p*4+int(world.East)]; math.Abs(got-want) > 1e-12 {
			t.Errorf("Q(%d, E) = %v, want %v", p, got, want)
		}
		if got := d.value(p); math.Abs(got-want) > 1e-12 {
			t.Errorf("V(%d) = %v, want %v", p, got, want)
		}
		if s, _ := d.greedy(p); s != world.East {
			t.Errorf("greedy at %d = %v, want E", p, s)
		}
		// A wall seen just now: staying, discounted.
		if got, want := d.q[p*4+int(world.North)], 0.9*want; math.Abs(got-want) > 1e-12 {
			t.Errorf("Q(%d, N) = %v, want %v (bump and stay)", p, got, want)
		}
	}
}

// TestPlanningBudget: K counts the backups of planning. With K = 1 the
// cheese's value climbs the corridor one place per step; with K = 0 the
// model is never consulted.
func TestPlanningBudget(t *testing.T) {
	const n = 8
	for _, k := range []string{"0", "1"} {
		d := newTestDyna(t, corridorEnv(n), map[string]string{"agent.planning": k, "agent.gamma": "0.9", "agent.kappa": "0"})
		for p := 0; p < n; p++ {
			d.visit(p)
			if p+1 < n {
				d.m.set(p, world.East, Open, 0)
			}
			for q := 0; q < 4; q++ {
				d.q[p*4+q] = 0
			}
			d.v[p] = 0
		}
		d.enterR[n-1], d.terminal[n-1] = 1, true
		d.touchPlace(n - 1) // what an agent does when it learns where the cheese is
		d.bank = 0
		for step := 0; step < n; step++ {
			d.step = int64(step)
			d.plan()
		}
		reached := 0
		for p := 0; p < n-1; p++ {
			if d.value(p) > 0 {
				reached++
			}
		}
		switch k {
		case "0":
			if reached != 0 {
				t.Errorf("K=0: %d places learned the cheese's value without experience, want 0", reached)
			}
		case "1":
			// touchPlace backed up the pair entering the cheese; each step's
			// one backup carries the value one place further.
			if reached < 2 || reached > n-1 {
				t.Errorf("K=1: after %d steps %d places know the cheese, want between 2 and %d", n, reached, n-1)
			}
		}
	}
}

// TestPairQueue: highest priority first, ties by pair index, raise only
// raises, and each pair is queued once.
func TestPairQueue(t *testing.T) {
	q := newPairQueue(10)
	for _, x := range []struct {
		p  int
		pr float64
	}{{3, 0.5}, {7, 2}, {1, 0.5}, {3, 0.1}, {9, 1}, {3, 3}} {
		q.raise(x.p, x.pr)
	}
	if q.Len() != 4 {
		t.Fatalf("%d queued, want 4 (pair 3 once)", q.Len())
	}
	var got []int
	for q.Len() > 0 {
		got = append(got, q.pop())
	}
	want := []int{3, 7, 9, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pop order %v, want %v", got, want)
		}
	}
}

// TestRayMapping: rays from the centre of a place mark what they pass as
// open and where they stop as a wall, and leave corners alone.
func TestRayMapping(t *testing.T) {
	// A 3x3 grid of 1 m cells; the agent stands at the centre of (1,1).
	tests := []struct {
		name      string
		angle     float64 // world direction
		dist, max float64
		open      [][2]int // place, side
		wall      [][2]int
	}{
		{"east to an inner wall", 0, 0.5, 5, nil, [][2]int{{4, int(world.East)}}},
		{"east to the outline (known already)", 0, 1.5, 5, [][2]int{{4, int(world.East)}}, nil},
		{"north, nothing in range: the outline is not opened", math.Pi / 2, 5, 5, [][2]int{{4, int(world.North)}}, nil},
		{"west, a wall at once", math.Pi, 0.5, 5, nil, [][2]int{{4, int(world.West)}}},
		{"diagonal to the corner: left alone", math.Pi / 4, 0.6, 5, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newGridMap(3, 3, 1)
			x, y := m.centre(4)
			changed := 0
			m.ray(x, y, math.Cos(tc.angle), math.Sin(tc.angle), tc.dist, tc.max, 0.1, 1, func(int, world.Side, bool) { changed++ })
			for _, e := range tc.open {
				if b, _ := m.belief(e[0], world.Side(e[1])); b != Open {
					t.Errorf("place %d side %v: %v, want open", e[0], world.Side(e[1]), b)
				}
			}
			for _, e := range tc.wall {
				if b, _ := m.belief(e[0], world.Side(e[1])); b != Wall {
					t.Errorf("place %d side %v: %v, want wall", e[0], world.Side(e[1]), b)
				}
			}
			if changed != len(tc.open)+len(tc.wall) {
				t.Errorf("%d changes reported, want %d", changed, len(tc.open)+len(tc.wall))
			}
		})
	}
}

// TestSurprise: when the world contradicts the map, the agent counts a
// surprise and replans: after the blocking maze's change, dyna's surprises
// rise, and it still finds the new way.
func TestSurprise(t *testing.T) {
	sc, err := scenarios.Load("blocking-maze")
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New("dyna", Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := a.(*dyna)
	obs := w.Observation()
	var before int64
	for w.StepCount() < 2000 {
		if w.StepCount() == 1000 {
			before = d.Surprises()
		}
		obs = w.Step(a.Act(obs))
	}
	if d.Surprises() <= before {
		t.Errorf("surprises %d before the change and %d after, want more after", before, d.Surprises())
	}
	v := a.View()
	last := v.Surprises[len(v.Surprises)-1]
	if last.Step < 1000 || last.Place < 0 || last.Place >= v.Places {
		t.Errorf("last surprise %+v, want one after step 1000 at a place", last)
	}
	tr, ok := w.TrialEnded()
	for !ok {
		obs = w.Step(a.Act(obs))
		tr, ok = w.TrialEnded()
	}
	if tr.Moves > 30 {
		t.Errorf("a trial long after the change took %d moves (shortest 16)", tr.Moves)
	}
}

// TestDynaNeedsPlace: without the place sensor dyna says what it needs.
func TestDynaNeedsPlace(t *testing.T) {
	env := corridorEnv(3)
	env.Obs.Place = false
	_, err := New("dyna", env, nil)
	if err == nil || !errors.Is(err, ErrUnsupported) {
		t.Fatalf("error %v, want ErrUnsupported", err)
	}
}

// TestMemoryBounded: dyna's memory is sized by the maze at birth and does
// not grow with the lifetime.
func TestMemoryBounded(t *testing.T) {
	sc, err := scenarios.Load("braid12")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := sim.New(sc, 1)
	a, _ := New("dyna", Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: 1}, nil)
	d := a.(*dyna)
	sizes := func() [4]int { return [4]int{cap(d.q), cap(d.queue.pairs), cap(d.swept), len(d.surprises)} }
	obs := w.Observation()
	for i := 0; i < 2000; i++ {
		obs = w.Step(a.Act(obs))
	}
	early := sizes()
	for i := 0; i < 20000; i++ {
		obs = w.Step(a.Act(obs))
	}
	if late := sizes(); late != early || late[1] > 4*w.ObservationSpec().NumPlaces {
		t.Errorf("buffer capacities grew from %v to %v", early, late)
	}
}

// BenchmarkDynaView: View is cheap enough for every frame.
func BenchmarkDynaView(b *testing.B) {
	sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 30, H: 30, Braid: 0.5, Style: world.ThinWalls, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	w, _ := sim.New(sc, 1)
	a, _ := New("dyna", Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: 1}, nil)
	obs := w.Observation()
	for i := 0; i < 3000; i++ {
		obs = w.Step(a.Act(obs))
	}
	b.ReportAllocs()
	for b.Loop() {
		a.View()
	}
}
