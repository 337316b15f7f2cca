package agent

import (
	"errors"
	"hash/fnv"
	"math"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// ownEnv is a body without the place sensor: nine rays over 270°, two
// metres, compass, odometry, in a maze of w x h cells of half a metre.
func ownEnv(w, h int, control world.Control) Env {
	angles := make([]float64, 9)
	for i := range angles {
		angles[i] = -3*math.Pi/4 + 3*math.Pi/2*float64(i)/8
	}
	return Env{
		Obs: sim.ObservationSpec{Rays: 9, RayAngles: angles, RayRange: 2, Touch: true, Compass: true, Odometry: true, Reward: true,
			NumPlaces: w * h, PlaceW: w, PlaceH: h, Cell: 0.5, MaxSpeed: 0.8, MaxTurn: 6.7},
		Act:  sim.ActionSpec{Control: control, NumMoves: 4, WheelMin: -1, WheelMax: 1, TicksPerStep: 6, MaxSpeed: 0.8, MaxTurn: 6.7, SecondsPerTick: 1.0 / 60},
		Seed: 1,
	}
}

// blindObs is an observation of a body that sees nothing within range,
// heading east, having driven dist metres in the last step.
func blindObs(step int64, dist float64) sim.Observation {
	rays := make([]float64, 9)
	for i := range rays {
		rays[i] = 1
	}
	return sim.Observation{Step: step, Rays: rays, Compass: [2]float64{0, 1}, Forward: dist / 0.1, Duration: 0.1, Place: -1}
}

// dynaIn returns a world of scenario sc and the default dyna born in it,
// both of the given seed.
func dynaIn(t testing.TB, sc *world.Scenario, seed uint64) (*sim.World, *dyna) {
	t.Helper()
	w, err := sim.New(sc, seed)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New("dyna", envOf(w, seed), nil)
	if err != nil {
		t.Fatal(err)
	}
	return w, a.(*dyna)
}

// TestOwnLattice: the agent's own lattice holds the whole maze whichever
// cell it was born in, and it is born in the middle.
func TestOwnLattice(t *testing.T) {
	for _, sz := range [][2]int{{1, 1}, {5, 5}, {9, 6}, {12, 3}} {
		lw, lh, origin := ownLattice(sz[0], sz[1])
		or, oc := origin/lw, origin%lw
		for r := 0; r < sz[1]; r++ {
			for c := 0; c < sz[0]; c++ {
				// Born in (r, c): every maze cell (r2, c2) lies at
				// (or + r2 - r, oc + c2 - c) on the lattice.
				for _, far := range [][2]int{{0, 0}, {sz[1] - 1, sz[0] - 1}, {0, sz[0] - 1}, {sz[1] - 1, 0}} {
					lr, lc := or+far[0]-r, oc+far[1]-c
					if lr < 0 || lr >= lh || lc < 0 || lc >= lw {
						t.Fatalf("%dx%d born in (%d,%d): cell %v falls off the %dx%d lattice", sz[0], sz[1], r, c, far, lw, lh)
					}
				}
			}
		}
	}
}

// TestDeadReckoning: with nothing in sight the belief is the odometry's
// sum: ten steps of 0.1 m east from birth put it 1 m east, two places on.
func TestDeadReckoning(t *testing.T) {
	// A large maze: no ray reaches the end of the agent's lattice, beyond
	// which no maze can be.
	d := newTestDyna(t, ownEnv(20, 20, world.Wheels), nil)
	x0, y0 := d.m.centre(d.origin)
	d.localiseOwn(blindObs(0, 0))
	if d.x != x0 || d.y != y0 {
		t.Fatalf("born at (%v, %v), want the origin's centre (%v, %v)", d.x, d.y, x0, y0)
	}
	var p int
	for i := 1; i <= 10; i++ {
		p = d.localiseOwn(blindObs(int64(i), 0.1))
	}
	if math.Abs(d.x-(x0+1)) > 1e-9 || math.Abs(d.y-y0) > 1e-9 {
		t.Errorf("after 1 m east: (%v, %v), want (%v, %v)", d.x, d.y, x0+1, y0)
	}
	if p != d.origin+2 {
		t.Errorf("place %d, want %d (two east of the origin %d)", p, d.origin+2, d.origin)
	}
	if !d.bel.trusted || d.Belief().Place != p {
		t.Errorf("belief %+v (trusted %v), want place %d, trusted: nothing contradicts it", d.Belief(), d.bel.trusted, p)
	}
}

// wallRays returns the rays of a body at (x, y) heading east in a corridor
// running east-west between walls on the lines y = yS and y = yN, closed
// by a wall on the line x = xE (+Inf: open), whose faces stand half
// metres off the lines, and nothing else within range.
func wallRays(d *dyna, x, y, yS, yN, xE, half float64) []float64 {
	rays := make([]float64, len(d.spec.RayAngles))
	for i, a := range d.spec.RayAngles {
		s, c := math.Sincos(a)
		dist := d.spec.RayRange
		switch {
		case s > 1e-9:
			dist = math.Min(dist, (yN-half-y)/s)
		case s < -1e-9:
			dist = math.Min(dist, (yS+half-y)/s)
		}
		if c > 1e-9 {
			dist = math.Min(dist, (xE-half-x)/c)
		}
		rays[i] = dist / d.spec.RayRange
	}
	return rays
}

// TestRayCorrection: in a corridor the map knows, closed a place east of
// the body, rays that end on its walls pull a pose that drifted 4 cm
// across and 3 cm along it back to the truth, and measure how thick the
// walls are.
func TestRayCorrection(t *testing.T) {
	d := newTestDyna(t, ownEnv(5, 5, world.Wheels), nil)
	// The corridor: the origin's row, walls north and south of every place
	// along it, open east-west.
	r := d.origin / d.w
	for c := 0; c < d.w; c++ {
		p := r*d.w + c
		d.m.set(p, world.North, Wall, 0)
		d.m.set(p, world.South, Wall, 0)
		if c+1 < d.w {
			d.m.set(p, world.East, Open, 0)
		}
	}
	d.m.set(d.origin+1, world.East, Wall, 0)
	const half = 0.02 // the walls' true half thickness; the agent starts from 0.0125
	x, y := d.m.centre(d.origin)
	yS, yN, xE := y-0.25, y+0.25, x+0.75
	obs := blindObs(0, 0)
	obs.Rays = wallRays(d, x, y, yS, yN, xE, half)
	d.localiseOwn(obs)
	// Drifted, and knows it may have: what the odometry's noise would have
	// made of its covariance after a long drive.
	d.x += 0.03
	d.y += 0.04
	d.bel.cov[0][0] += 0.05 * 0.05
	d.bel.cov[1][1] += 0.05 * 0.05
	for i := 1; i <= 5; i++ {
		d.trackRays(obs)
	}
	if e := math.Abs(d.y - y); e > 0.003 {
		t.Errorf("pose %.4f m off across the corridor after 5 corrections, want under 3 mm (it drifted 40 mm)", e)
	}
	if e := math.Abs(d.x - x); e > 0.003 {
		t.Errorf("pose %.4f m off along the corridor after 5 corrections, want under 3 mm (it drifted 30 mm)", e)
	}
	if math.Abs(d.bel.half-half) > 0.002 {
		t.Errorf("walls' half thickness %.4f m, want %.4f", d.bel.half, half)
	}
}

// TestScanScore: the scan seen from the true pose agrees with the map, the
// same scan seen from a pose a place off contradicts it, and a map that
// knows nothing says nothing.
func TestScanScore(t *testing.T) {
	d := newTestDyna(t, ownEnv(5, 5, world.Wheels), nil)
	r := d.origin / d.w
	for c := 0; c < d.w; c++ {
		p := r*d.w + c
		d.m.set(p, world.North, Wall, 0)
		if c != 5 {
			d.m.set(p, world.South, Wall, 0)
		} else {
			d.m.set(p, world.South, Open, 0) // a side opening, two places east of the origin
		}
		if c+1 < d.w {
			d.m.set(p, world.East, Open, 0)
		}
	}
	d.bel.half = 0.0125
	x, y := d.m.centre(d.origin)
	obs := blindObs(0, 0)
	obs.Rays = wallRays(d, x, y, y-0.25, y+0.25, math.Inf(1), 0.0125)
	empty := newTestDyna(t, ownEnv(5, 5, world.Wheels), nil)
	empty.bel.half = 0.0125
	truth := d.scanScore(obs, x, y)
	if truth < 3*logAgree {
		t.Errorf("score at the truth %v, want at least %v (the map explains the scan: more boundaries agree than not)", truth, 3*logAgree)
	}
	// One place east the ray south-west ends where the map knows the
	// opening: it contradicts, while the rest of the corridor agrees.
	if s := d.scanScore(obs, x+0.5, y); s > truth+logContradict-logAgree+1e-9 {
		t.Errorf("score one place east %v, want at most %v (the truth's, less one ray turned from agreeing to contradicting)", s, truth+logContradict-logAgree)
	}
	if s := empty.scanScore(obs, x, y); s != 0 {
		t.Errorf("score on an empty map %v, want 0: it knows nothing to agree or disagree with", s)
	}
}

// corridorScenario is a 12-cell corridor, closed at both ends, the start
// at its west end and the cheese at its east end, in moves control without
// the place sensor. Rays reach four cells, so places 4 to 7 look the same.
func corridorScenario(t testing.TB) *world.Scenario {
	t.Helper()
	row := []byte("|" + strings.Repeat("   ", 11) + "  |")
	row[1], row[3*11+1] = 'S', 'G'
	src := "---\nname: corridor\ncontrol: moves\nsensors: {place: false}\n---\n" +
		strings.Repeat("+--", 12) + "+\n" + string(row) + "\n" + strings.Repeat("+--", 12) + "+\n"
	sc, err := world.Parse("corridor.maze", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestAmbiguousUntilEvidence: a rat that has mapped a corridor, picked up
// in sight of its east end and set down facing east in its middle, where
// every place west of 8 looks alike, notices (the end has gone from
// sight, though carries are rare enough that one ray does not convince
// it) but does not pretend to know where it is: its belief is "lost"
// until its moves bring the end into sight again, and then it is right.
// Once in doubt it never settles on a wrong place.
func TestAmbiguousUntilEvidence(t *testing.T) {
	sc := corridorScenario(t)
	w, d := dynaIn(t, sc, 1)
	a := Agent(d)
	truth := func() int { return d.origin + w.Cell().Col - sc.Maze.Start.Col }
	obs := w.Observation()
	for i := 0; i < 1000 && w.Trial() < 4; i++ {
		obs = w.Step(a.Act(obs))
	}
	if w.Trial() < 4 {
		t.Fatal("the rat did not eat three times in 1000 steps")
	}
	// On its way east, in sight of the corridor's east end, it knows
	// where it is.
	for run, i := 0, 0; run < 3 || w.Cell().Col != 9; i++ {
		if i == 100 {
			t.Fatalf("not at place 9, sure of it, within 100 steps")
		}
		act := a.Act(obs)
		if d.Belief().Place == truth() {
			run++
		} else {
			run = 0
		}
		obs = w.Step(act)
	}
	mid := world.Cell{Row: 0, Col: 5}
	if err := w.Apply(world.Event{Rat: &mid}); err != nil {
		t.Fatal(err)
	}
	obs = w.Observation()
	sawLost, right := false, -1
	jumps := d.bel.relocalised
	for i := 0; i < 30 && right < 0; i++ {
		act := a.Act(obs)
		jumped := d.bel.relocalised != jumps
		jumps = d.bel.relocalised
		switch bp := d.Belief().Place; {
		case bp < 0:
			sawLost = true
		case bp == truth():
			right = i
		case jumped || sawLost:
			// Until the rays have said enough, the belief may stay where
			// the carry found it (carries are rare); but it must never
			// settle on a wrong place once it has doubted.
			t.Fatalf("step %d after the carry: settled on place %d, the body is in %d", i, bp, truth())
		}
		obs = w.Step(act)
	}
	t.Logf("after the carry: lost %v, right after %d steps", sawLost, right)
	if !sawLost {
		t.Errorf("after the carry the belief was never 'lost', though several places looked the same")
	}
	if right < 0 || right > 12 {
		t.Errorf("right %d steps after the carry, want within 12 (an end comes into sight within four moves)", right)
	}
}

// TestRelocaliseAfterCarry: a rat that has learned Theseus's maze without
// the place sensor, picked up and set down elsewhere (the window's "carry
// the rat"), finds itself again within a few steps, in both control modes,
// on the map it had.
func TestRelocaliseAfterCarry(t *testing.T) {
	for _, control := range []string{"wheels", "moves"} {
		t.Run(control, func(t *testing.T) {
			sc, err := scenarios.Load("theseus")
			if err != nil {
				t.Fatal(err)
			}
			sc.Sensors.Place = false
			if err := sc.Set("control", control); err != nil {
				t.Fatal(err)
			}
			w, d := dynaIn(t, sc, 3)
			a := Agent(d)
			obs := w.Observation()
			for i := 0; i < 1500; i++ {
				obs = w.Step(a.Act(obs))
			}
			start := w.Cell()
			dest := world.Cell{Row: 2, Col: 2} // on its way to the cheese
			if start == dest {
				dest = world.Cell{Row: 3, Col: 0}
			}
			if err := w.Apply(world.Event{Rat: &dest}); err != nil {
				t.Fatal(err)
			}
			obs = w.Observation()
			before, active := d.bel.relocalised, d.active
			right := -1
			for i := 0; i < 50 && right < 0; i++ {
				act := a.Act(obs)
				if bp := d.Belief().Place; bp >= 0 && d.toMaze(bp, sc) == w.Cell() {
					right = i
				}
				obs = w.Step(act)
			}
			if right < 0 {
				t.Fatalf("carried from %v to %v: not relocalised within 50 steps", start, dest)
			}
			if d.bel.relocalised == before {
				t.Errorf("the belief became right without a relocalisation: the carry went unnoticed")
			}
			// With several maps, a carry in a world that did not change
			// is found on the same map (not taken for a new world).
			if d.active != active {
				t.Errorf("relocalised on map %d of %d, the map before the carry was %d", d.active, d.held, active)
			}
		})
	}
}

// toMaze returns the maze cell of place p on the agent's lattice, for a
// body born at the scenario's start (what lab.Lifetime.View does).
func (d *dyna) toMaze(p int, sc *world.Scenario) world.Cell {
	return world.Cell{Row: p/d.w - d.origin/d.w + sc.Maze.Start.Row, Col: p%d.w - d.origin%d.w + sc.Maze.Start.Col}
}

// TestOwnDeterminism: without the place sensor, as everywhere, the same
// seed gives the same lifetime and another seed another.
func TestOwnDeterminism(t *testing.T) {
	sc, err := scenarios.Load("kidnapped")
	if err != nil {
		t.Fatal(err)
	}
	life := func(seed uint64) uint64 {
		w, a := dynaIn(t, sc, seed)
		h := fnv.New64a()
		obs := w.Observation()
		for i := 0; i < 1500; i++ {
			act := a.Act(obs)
			p := a.View().Pose
			h.Write([]byte{byte(p.Place), byte(p.Place >> 8), byte(math.Float64bits(p.X)), byte(math.Float64bits(p.Y) >> 3)})
			obs = w.Step(act)
		}
		return h.Sum64() ^ w.Hash()
	}
	if a, b := life(4), life(4); a != b {
		t.Errorf("seed 4 lived twice: %x then %x", a, b)
	}
	if a, b := life(4), life(5); a == b {
		t.Errorf("seeds 4 and 5 gave the same lifetime %x", a)
	}
}

// TestDynaBody: dyna refuses a body it cannot work with and says what to
// turn on, as a --set flag.
func TestDynaBody(t *testing.T) {
	for i, tc := range []struct {
		control world.Control
		off     []string
		want    []string // in the error; none: accepted
	}{
		{world.Wheels, nil, nil},
		{world.Moves, nil, nil},
		{world.Moves, []string{"compass", "touch"}, nil},
		{world.Wheels, []string{"compass"}, []string{"--set sensors.compass=true"}},
		{world.Wheels, []string{"odometry"}, []string{"--set sensors.odometry=true"}},
		{world.Moves, []string{"odometry"}, []string{"--set sensors.odometry=true"}},
		{world.Moves, []string{"rays"}, []string{"--set sensors.rays=", "--set sensors.place=true"}},
		{world.Wheels, []string{"rays", "compass", "odometry"}, []string{"sensors.rays", "sensors.compass=true", "sensors.odometry=true"}},
	} {
		env := ownEnv(5, 5, tc.control)
		for _, s := range tc.off {
			switch s {
			case "compass":
				env.Obs.Compass = false
			case "touch":
				env.Obs.Touch = false
			case "odometry":
				env.Obs.Odometry = false
			case "rays":
				env.Obs.Rays, env.Obs.RayAngles = 0, nil
			}
		}
		_, err := New("dyna", env, nil)
		if len(tc.want) == 0 {
			if err != nil {
				t.Errorf("%d: %v without %v: %v, want it accepted", i, tc.control, tc.off, err)
			}
			continue
		}
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%d: %v without %v: %v, want ErrUnsupported", i, tc.control, tc.off, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%d: %v without %v: %q does not say %q", i, tc.control, tc.off, err, w)
			}
		}
	}
}
