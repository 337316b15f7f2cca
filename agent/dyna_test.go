package agent

import (
	"math"
	"strconv"
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

// knownCorridor returns dyna in a 1 x n corridor it has walked end to end:
// every place visited, every edge known open, the cheese at the east end,
// and no values yet (as if it had just learned where the cheese is).
func knownCorridor(t *testing.T, n int, k string) *dyna {
	t.Helper()
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
	d.queue = newPairQueue(n * 4)
	d.enterR[n-1], d.terminal[n-1] = 1, true
	d.touchPlace(n - 1) // what an agent does when it learns where the cheese is
	d.bank = 0
	return d
}

// reachedCheese counts the places west of the cheese whose value knows it.
func reachedCheese(d *dyna, n int) int {
	reached := 0
	for p := 0; p < n-1; p++ {
		if d.value(p) > 0 {
			reached++
		}
	}
	return reached
}

// TestPlanningBudget: K is the number of backups planning executes in a
// step while there is work queued, and a value travels at most one place
// per backup: in a long corridor the cheese's value cannot have gone
// further than the backups allow. With K = 0 the model is never consulted.
func TestPlanningBudget(t *testing.T) {
	const n, steps = 60, 6
	for _, k := range []int{0, 1, 3} {
		d := knownCorridor(t, n, strconv.Itoa(k))
		before := d.backups
		for step := 0; step < steps; step++ {
			d.step = int64(step)
			queued := d.queue.Len() > 0
			b := d.backups
			d.plan()
			if got := d.backups - b; queued && got != int64(k) {
				t.Errorf("K=%d: step %d executed %d backups with work queued, want K", k, step, got)
			}
		}
		// With planning, touchPlace backed up the pair entering the
		// cheese: one place; each backup carries the value one place on
		// at most.
		reached := reachedCheese(d, n)
		if most := 1 + k*steps; k > 0 && (reached > most || reached < 2) {
			t.Errorf("K=%d: after %d steps %d places know the cheese, want 2..%d (one place per backup at most)", k, steps, reached, most)
		}
		if k == 0 && (reached != 0 || d.backups != before) {
			t.Errorf("K=0: %d places know the cheese and %d backups were planned, want none", reached, d.backups-before)
		}
	}
}

// TestPlanningBank: budget a quiet step does not need is saved, up to
// bankSteps*K, and spent at once when work arrives (a surprise, a
// discovery), so that a whole sweep happens in the step it is due.
func TestPlanningBank(t *testing.T) {
	const n, k = 60, 3
	d := knownCorridor(t, n, strconv.Itoa(k))
	for step := 0; step < 500; step++ { // long enough for the sweep to end and the bank to fill
		d.step = int64(step)
		d.plan()
	}
	if d.queue.Len() != 0 || d.bank != bankSteps*k {
		t.Fatalf("after 500 quiet steps: %d queued, bank %d, want 0 and %d", d.queue.Len(), d.bank, bankSteps*k)
	}
	for pair := 0; pair < 4*n; pair++ {
		d.queue.raise(pair, 1) // more work than the bank and the step together
	}
	b := d.backups
	d.plan()
	if got := d.backups - b; got != int64(k+bankSteps*k) {
		t.Errorf("a busy step after quiet ones executed %d backups, want K + bank = %d", got, k+bankSteps*k)
	}
	if d.bank != 0 {
		t.Errorf("bank %d after a busy step, want 0", d.bank)
	}
}

// TestSurpriseInvalidates: when a wall appears on the way to the cheese,
// the values that rested on the way through are reset and rebuilt from
// what is left, not left to sink by a factor gamma per round of backups:
// one step of planning with a small budget after the surprise, nothing
// west of the new wall promises the cheese any more.
func TestSurpriseInvalidates(t *testing.T) {
	const n, k = 12, 50
	d := knownCorridor(t, n, strconv.Itoa(k))
	for step := 0; step < 50; step++ {
		d.step = int64(step)
		d.plan()
	}
	const west = 5 // the wall goes up between places 5 and 6
	if v := d.value(0); v < 0.1 {
		t.Fatalf("V(0) = %g before the change, want the discounted cheese", v)
	}
	d.clock = 100
	if _, sur := d.m.set(west, world.East, Wall, d.clock); !sur {
		t.Fatal("a wall where the map had an opening is not a surprise")
	}
	d.edgeChanged(west, world.East, true)
	d.bank = 0
	d.k = 4 // too few backups to walk the news west by value iteration alone
	d.step = 50
	d.plan()
	for p := 0; p <= west; p++ {
		if v := d.value(p); v > 1e-6 {
			t.Errorf("V(%d) = %g the step after the way was cut, want 0 (no way to the cheese)", p, v)
		}
	}
	// East of the wall the value is rebuilt from the cheese, and nothing
	// leaks back west through the wall.
	for step := 51; step < 60; step++ {
		d.step = int64(step)
		d.plan()
	}
	if v := d.value(west + 1); v < 0.5 {
		t.Errorf("V(%d) = %g east of the wall, want the cheese's value back", west+1, v)
	}
	if v := d.value(west); v > 1e-6 {
		t.Errorf("V(%d) = %g west of the wall, want 0", west, v)
	}
}

// TestSplitHorizon: a place's value as seen from the neighbour it would go
// back to leaves out the option that goes straight back, so two places
// cannot prop each other's values up after their source is gone.
func TestSplitHorizon(t *testing.T) {
	d := knownCorridor(t, 5, "10")
	const p = 2
	// p's best option goes west, back to 1; its next best goes east.
	d.q[p*4+int(world.West)], d.q[p*4+int(world.East)] = 0.8, 0.3
	d.q[p*4+int(world.North)], d.q[p*4+int(world.South)] = 0, 0
	d.revalue(p)
	if got := d.valueFrom(p, world.West); got != 0.3 {
		t.Errorf("V(%d) seen from the west = %g, want 0.3 (its best option leads back west and is left out)", p, got)
	}
	if got := d.valueFrom(p, world.East); got != 0.8 {
		t.Errorf("V(%d) seen from the east = %g, want 0.8 (the whole value)", p, got)
	}
	// The source of both values goes away: the two places must not hold
	// each other up. Places 1 and 2 pointing at each other, nothing else.
	for q := 0; q < 5*4; q++ {
		d.q[q] = 0
	}
	d.enterR[4], d.terminal[4] = 0, false
	d.q[1*4+int(world.East)], d.q[2*4+int(world.West)] = 0.5, 0.5
	d.revalue(1)
	d.revalue(2)
	d.update(1*4 + int(world.East))
	d.update(2*4 + int(world.West))
	for _, q := range []int{1, 2} {
		if v := d.value(q); v > 1e-9 {
			t.Errorf("V(%d) = %g after one backup each, want 0: the two places held each other up", q, v)
		}
	}
}

// TestStaleWalls: the chance that a wall opened grows as
// kappa*sqrt(options since it was last seen), scaled to the maze, capped
// at 1, and is what makes an old wall on a short way worth trying: dyna's
// form of Dyna-Q+'s exploration bonus.
func TestStaleWalls(t *testing.T) {
	const n = 8
	for _, kappa := range []string{"0", "0.01"} {
		d := newTestDyna(t, corridorEnv(n), map[string]string{"agent.planning": "10", "agent.kappa": kappa})
		d.m.set(3, world.East, Wall, 0)
		kap, _ := strconv.ParseFloat(kappa, 64)
		edges := (n-1)*1 + 0*n
		scaled := kap * math.Sqrt(refEdges/float64(edges))
		for _, clock := range []int64{0, 1, 100, 10000, 1e9} {
			d.clock = clock
			want := math.Min(1, scaled*math.Sqrt(float64(clock)))
			if got := d.openProb(3, world.East); math.Abs(got-want) > 1e-12 {
				t.Errorf("kappa %s: the chance a wall seen at 0 opened by %d is %g, want %g", kappa, clock, got, want)
			}
		}
	}
}

// TestDynaQPlusBonus: Dyna-Q+ plans with reward r + kappa*sqrt(tau), so an
// action never tried since long ago looks better the longer it waits;
// without kappa it does not.
func TestDynaQPlusBonus(t *testing.T) {
	env := corridorEnv(3)
	for _, kappa := range []string{"0", "0.5"} {
		a, err := New("dynaq", env, map[string]string{"agent.kappa": kappa, "agent.planning": "50", "agent.epsilon": "0"})
		if err != nil {
			t.Fatal(err)
		}
		d := a.(*dynaQ)
		// Stay in place 0 trying only east-west moves between 0 and 1.
		obs := sim.Observation{Place: 0}
		for step := int64(0); step < 200; step++ {
			obs.Step = step
			obs.Place = int(step % 2)
			d.Act(obs)
		}
		north := d.q[0*4+int(world.North)]
		switch kappa {
		case "0":
			if north != 0 {
				t.Errorf("kappa 0: Q(0, N) = %g, want 0 (an untried move earns nothing)", north)
			}
		default:
			if north <= 0.5 {
				t.Errorf("kappa %s: Q(0, N) = %g after 200 steps untried, want the bonus kappa*sqrt(tau) > 0.5", kappa, north)
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

// TestFrontierNotHere: the nearest place never visited is never the place
// the agent stands in, even when that place was never visited itself
// (without the place sensor a belief in doubt does not visit): the search
// returns the first option towards another place. It returned "option
// -1" (move 255), which stopped a lifetime of the curriculum without the
// place sensor at step 32 572.
func TestFrontierNotHere(t *testing.T) {
	d := newTestDyna(t, corridorEnv(4), nil)
	for p := 0; p < 3; p++ {
		d.m.set(p, world.East, Open, 0)
	}
	side, dist, ok := d.frontier(1, 0)
	if !ok || dist != 1 || (side != world.East && side != world.West) {
		t.Errorf("frontier from unvisited place 1: side %d, %d away, found %v; want a neighbour, 1 away", side, dist, ok)
	}
}
