package agent

import (
	"math"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// bodyEnv returns the Env of a body in the default scenario (9 rays over
// 270°, range 2 m, cell 0.5 m, radius 0.12 m) with the given control and
// sensor changes: the specs come from a real world, the observations of
// the unit tests are made by hand.
func bodyEnv(t testing.TB, control world.Control, sensors func(*world.Sensors)) Env {
	t.Helper()
	m := world.NewMaze(world.ThinWalls, 2, 1)
	m.Start = world.Cell{Row: 0, Col: 0}
	m.Cheese = []world.Cell{{Row: 0, Col: 1}}
	sc := world.DefaultScenario(m)
	sc.Control = control
	if sensors != nil {
		sensors(&sc.Sensors)
	}
	w, err := sim.New(sc, 1)
	if err != nil {
		t.Fatalf("sim.New: %v", err)
	}
	return Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: 1}
}

func newWF(t testing.TB, env Env, set map[string]string) *wallfollow {
	t.Helper()
	a, err := New("wallfollow", env, set)
	if err != nil {
		t.Fatalf("New(wallfollow, %v): %v", set, err)
	}
	return a.(*wallfollow)
}

// compassOf returns the compass reading of a world heading.
func compassOf(heading float64) [2]float64 {
	s, c := math.Sincos(heading)
	return [2]float64{s, c}
}

// cellRays returns the ray readings from the middle of a thin-wall cell
// (walls 0.05 m thick) for a body facing heading, with the sides in open
// open (N, E, S, W): a ray leaving through a walled side stops at the wall
// face, one leaving through an open side reaches the far wall of the next
// cell or beyond (taken as 1.5 cells).
func cellRays(spec sim.ObservationSpec, heading float64, open [4]bool) []float64 {
	face := spec.Cell/2 - 0.025
	rays := make([]float64, spec.Rays)
	for i, a := range spec.RayAngles {
		s, c := math.Sincos(heading + a)
		// Distance to leave the box through each of the four sides.
		t, side := math.Inf(1), world.North
		for _, cand := range []struct {
			d    float64
			side world.Side
		}{{s, world.North}, {c, world.East}, {-s, world.South}, {-c, world.West}} {
			if cand.d > 1e-9 && face/cand.d < t {
				t, side = face/cand.d, cand.side
			}
		}
		d := t
		if open[side] {
			d = 1.5 * spec.Cell / math.Max(math.Abs(s), math.Abs(c))
		}
		rays[i] = math.Min(d, spec.RayRange) / spec.RayRange
	}
	return rays
}

func TestWallfollowMovesDecisions(t *testing.T) {
	type step struct {
		heading float64 // the body's heading (compass), rad
		open    [4]bool // sides of the cell that are open, N E S W
		touch   bool
		moved   float64 // metres the last move got (odometry)
		want    world.Side
	}
	const (
		n, e, s, w = math.Pi / 2, 0, -math.Pi / 2, math.Pi
	)
	all := [4]bool{true, true, true, true}
	N, E, S, W := world.North, world.East, world.South, world.West
	for i, c := range []struct {
		name    string
		set     map[string]string
		sensors func(*world.Sensors)
		steps   []step
	}{
		{"prefers the right", nil, nil, []step{{heading: n, open: all, want: E}}},
		{"straight on when the right is walled", nil, nil, []step{{heading: n, open: [4]bool{true, false, true, true}, want: N}}},
		{"left when right and ahead are walled", nil, nil, []step{{heading: n, open: [4]bool{false, false, true, true}, want: W}}},
		{"back out of a dead end", nil, nil, []step{{heading: n, open: [4]bool{false, false, true, false}, want: S}}},
		{"right of east is south", nil, nil, []step{{heading: e, open: all, want: S}}},
		{"a slightly turned body reads the same", nil, nil, []step{{heading: n + 0.05, open: [4]bool{true, false, true, true}, want: N}}},
		{"left hand prefers the left", map[string]string{"agent.side": "left"}, nil, []step{{heading: n, open: all, want: W}}},
		{"left hand, left walled: straight", map[string]string{"agent.side": "left"}, nil, []step{{heading: n, open: [4]bool{true, true, true, false}, want: N}}},
		{"a move that got through sets the travel", nil, nil, []step{
			{heading: n, open: all, want: E},
			{heading: e, open: [4]bool{false, true, false, true}, moved: 0.5, want: E}, // right (S) walled now
		}},
		{"touch only: tries in order, learning from bumps", nil, func(s *world.Sensors) { s.Rays = 0 }, []step{
			{heading: n, want: E},
			{heading: e, touch: true, want: N},
			{heading: n, touch: true, want: W},
			{heading: w, touch: true, want: S},
			{heading: s, moved: 0.5, want: W}, // got through going south: right of south
		}},
		{"a touch with a full cell of travel is no bump", nil, nil, []step{
			{heading: n, open: all, want: E},
			{heading: e, open: all, touch: true, moved: 0.5, want: S},
		}},
		{"a ray that saw room but a bump that said no", nil, nil, []step{
			{heading: n, open: all, want: E},
			{heading: e, open: all, touch: true, want: N}, // blocked after all: next preference
		}},
		{"lets go after going round nothing", nil, nil, []step{
			{heading: n, open: all, want: E},
			{heading: e, open: all, moved: 0.5, want: S},
			{heading: s, open: all, moved: 0.5, want: W},
			{heading: w, open: all, moved: 0.5, want: N},                              // round four open cells
			{heading: n, open: all, moved: 0.5, want: N},                              // back where it started, four quarters lower: let go
			{heading: n, open: all, moved: 0.5, want: N},                              // straight on
			{heading: n, open: [4]bool{false, true, true, true}, moved: 0.5, want: W}, // a wall ahead: turn away from it
			{heading: w, open: all, moved: 0.5, want: N},                              // the wall is in hand
		}},
		{"winding low elsewhere is no circuit", nil, nil, []step{
			{heading: n, open: all, want: E},
			{heading: e, open: all, moved: 0.5, want: S},
			{heading: s, open: [4]bool{true, true, true, false}, moved: 0.5, want: S},
			{heading: s, open: all, moved: 0.5, want: W},
			{heading: w, open: [4]bool{false, true, true, true}, moved: 0.5, want: W},
			{heading: w, open: all, moved: 0.5, want: N},
			{heading: n, open: all, moved: 0.5, want: E}, // four quarters lower, but a cell off: keep the wall
		}},
		{"no compass: the last move is the heading", nil, func(s *world.Sensors) { s.Compass = false }, []step{
			{heading: n, open: all, want: E},                                          // unknown heading: tries the right of north blind
			{heading: e, open: [4]bool{true, true, false, true}, moved: 0.5, want: E}, // facing east, so the right ray looks south
		}},
	} {
		env := bodyEnv(t, world.Moves, c.sensors)
		a := newWF(t, env, c.set)
		for j, st := range c.steps {
			obs := sim.Observation{Step: int64(j), Place: -1, Duration: 1, Forward: st.moved, Touch: st.touch}
			if env.Obs.Compass {
				obs.Compass = compassOf(st.heading)
			}
			if env.Obs.Rays > 0 {
				obs.Rays = cellRays(env.Obs, st.heading, st.open)
			}
			if !env.Obs.Odometry {
				obs.Forward = 0
			}
			got := a.Act(obs)
			if got.Move != st.want {
				t.Errorf("%d %s: step %d: move %v, want %v", i, c.name, j, got.Move, st.want)
				break
			}
		}
	}
}

// corridorRays returns ray readings for a body in a corridor, in its own
// frame: a wall right units to its right (0: none) that ends rightEnd
// ahead of it (+Inf: does not end), a wall left units to its left (0:
// none), a wall front units ahead (0: none), the body turned by tilt (rad,
// CCW) from the corridor's direction.
func corridorRays(spec sim.ObservationSpec, right, rightEnd, left, front, tilt float64) []float64 {
	rays := make([]float64, spec.Rays)
	for i, a := range spec.RayAngles {
		s, c := math.Sincos(a + tilt)
		d := spec.RayRange
		if right > 0 && s < 0 {
			if t := right / -s; c*t <= rightEnd {
				d = math.Min(d, t)
			}
		}
		if left > 0 && s > 0 {
			d = math.Min(d, left/s)
		}
		if front > 0 && c > 0 {
			d = math.Min(d, front/c)
		}
		rays[i] = d / spec.RayRange
	}
	return rays
}

func TestWallfollowWheelsDecisions(t *testing.T) {
	const keep = 0.225 // a thin-wall corridor's middle
	inf := math.Inf(1)
	type want int
	const (
		ahead     want = iota // both wheels forward, nearly equal
		veerLeft              // both forward, right faster
		veerRight             // both forward, left faster
		spinLeft              // left back, right forward
		spinRight             // left forward, right back
		backOff               // both back
	)
	names := []string{"ahead", "veer left", "veer right", "spin left", "spin right", "back off"}
	classify := func(a sim.Action) want {
		switch {
		case a.Left < 0 && a.Right < 0:
			return backOff
		case a.Left < 0 && a.Right > 0:
			return spinLeft
		case a.Left > 0 && a.Right < 0:
			return spinRight
		case a.Right-a.Left > 0.05:
			return veerLeft
		case a.Left-a.Right > 0.05:
			return veerRight
		}
		return ahead
	}
	for i, c := range []struct {
		name                             string
		set                              map[string]string
		right, rightEnd, left, front, tl float64
		touch                            bool
		touchAngle                       float64
		want                             want
	}{
		{"centred in a corridor: ahead", nil, keep, inf, keep, 0, 0, false, 0, ahead},
		{"too near the right wall: veer left", nil, 0.15, inf, 0.30, 0, 0, false, 0, veerLeft},
		{"too far from it: veer right", nil, 0.27, inf, 0.18, 0, 0, false, 0, veerRight},
		{"turned towards the wall: veer left", nil, keep, inf, keep, 0, -0.2, false, 0, veerLeft},
		{"turned away from it: veer right", nil, keep, inf, keep, 0, 0.2, false, 0, veerRight},
		{"wall ahead and in hand: spin left", nil, keep, inf, keep, 0.22, 0, false, 0, spinLeft},
		{"wall ahead, right open: spin right", nil, 0, inf, keep, 0.22, 0, false, 0, spinRight},
		{"touched ahead: back off", nil, keep, inf, keep, 0, 0, true, 0.1, backOff},
		{"left hand, too near the left wall: veer right", map[string]string{"agent.side": "left"}, 0.30, inf, 0.15, 0, 0, false, 0, veerRight},
		{"left hand, wall ahead and in hand: spin right", map[string]string{"agent.side": "left"}, keep, inf, keep, 0.22, 0, false, 0, spinRight},
	} {
		env := bodyEnv(t, world.Wheels, nil)
		a := newWF(t, env, c.set)
		obs := sim.Observation{
			Place: -1, Duration: 0.1, Forward: 0.4,
			Compass: compassOf(c.tl), // the corridor runs east
			Rays:    corridorRays(env.Obs, c.right, c.rightEnd, c.left, c.front, c.tl),
			Touch:   c.touch, TouchAngle: c.touchAngle,
		}
		got := a.Act(obs)
		if err := env.Act.Validate(got); err != nil {
			t.Errorf("%d %s: %v", i, c.name, err)
		}
		if g := classify(got); g != c.want {
			t.Errorf("%d %s: action %+v is %q, want %q", i, c.name, got, names[g], names[c.want])
		}
	}
}

// TestWallfollowWheelsGap feeds a corridor whose right wall ends: the
// follower drives on (into the middle of the gap) and then turns right on
// the spot, about half a cell after the wall's end.
func TestWallfollowWheelsGap(t *testing.T) {
	env := bodyEnv(t, world.Wheels, nil)
	a := newWF(t, env, nil)
	const speed, dt = 0.4, 0.1 // m/s and s per step, as the odometry will say
	end := 0.3                 // the right wall ends this far ahead of the body
	turnedAt := math.NaN()
	for step := 0; step < 30; step++ {
		obs := sim.Observation{
			Step: int64(step), Place: -1, Duration: dt, Forward: speed,
			Compass: compassOf(0),
			Rays:    corridorRays(env.Obs, 0.225, end, 0.225, 0, 0),
		}
		act := a.Act(obs)
		if act.Left > 0 && act.Right < 0 {
			turnedAt = -end // how far past the wall's end the body is
			break
		}
		if !(act.Left > 0 && act.Right > 0) {
			t.Fatalf("step %d (wall end %.2f m ahead): action %+v, want forward until the turn", step, end, act)
		}
		end -= speed * dt
	}
	// The gap's middle is half a cell past the wall's end; the body may
	// be off by a step's travel (0.04 m) and the side ray's slant.
	if want := env.Obs.Cell / 2; !(math.Abs(turnedAt-want) < 0.08) {
		t.Errorf("turned right %.3f m past the wall's end, want about %.3f", turnedAt, want)
	}
}

func TestWallfollowParams(t *testing.T) {
	env := bodyEnv(t, world.Wheels, nil)
	for i, c := range []struct {
		set  map[string]string
		want string // part of the error, "" for none
	}{
		{nil, ""},
		{map[string]string{"agent.side": "left"}, ""},
		{map[string]string{"agent.side": "middle"}, "agent.side=middle"},
		{map[string]string{"agent.speed": "0"}, "agent.speed=0"},
		{map[string]string{"agent.speed": "1.5"}, "agent.speed=1.5"},
		{map[string]string{"agent.distance": "0.9"}, "agent.distance=0.9"},
		{map[string]string{"agent.steer": "NaN"}, "agent.steer=NaN"},
		{map[string]string{"agent.hold": "3"}, "agent.hold"},
	} {
		_, err := New("wallfollow", env, c.set)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%d: New(%v): %v, want no error", i, c.set, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%d: New(%v): error %v, want one naming %q", i, c.set, err, c.want)
		}
	}
}

// edges returns the number of open edges between open cells of the maze
// with every door open: the most a traversal can use.
func edges(m *world.Maze) int {
	open := world.Doors(1<<26 - 1)
	n := 0
	for r := 0; r < m.H; r++ {
		for c := 0; c < m.W; c++ {
			cell := world.Cell{Row: r, Col: c}
			if !m.Open(cell, open) {
				continue
			}
			for _, s := range []world.Side{world.East, world.South} {
				if m.Passable(cell, s, open) {
					n++
				}
			}
		}
	}
	return n
}

// trialRun lives wallfollow in w until it has eaten `trials` times or
// spent maxSteps, and returns the records of the trials it finished and
// the longest run of steps in which the body's cell did not change.
func trialRun(t *testing.T, w *sim.World, set map[string]string, trials, maxSteps int) ([]sim.TrialRecord, int) {
	t.Helper()
	ag, err := New("wallfollow", envOf(w, 1), set)
	if err != nil {
		t.Fatal(err)
	}
	var done []sim.TrialRecord
	still, longest := 0, 0
	cell := w.Cell()
	obs := w.Observation()
	for step := 0; step < maxSteps && len(done) < trials; step++ {
		obs = w.Step(ag.Act(obs))
		if c := w.Cell(); c != cell {
			cell, still = c, 0
		} else if still++; still > longest {
			longest = still
		}
		if tr, ok := w.TrialEnded(); ok {
			done = append(done, tr)
		}
	}
	return done, longest
}

func generated(t testing.TB, algo string, w, h int, style world.Style, seed uint64) *world.Scenario {
	t.Helper()
	sc, err := world.Generate(world.GenConfig{Algorithm: algo, W: w, H: h, Style: style, Seed: seed})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return sc
}

func builtin(t testing.TB, name string) *world.Scenario {
	t.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatalf("scenarios.Load(%q): %v", name, err)
	}
	return sc
}

// TestWallfollowMovesFindsCheese: in moves control the right-hand rule
// finds the cheese in perfect mazes and in the book's mazes, every trial,
// within a bound. A wall-following walk crosses each edge at most once
// each way before it reaches the goal (in a perfect maze it is the
// depth-first tour of the tree), so a trial takes at most 2E moves for E
// open edges; with rays a blocked side is seen, not bumped, so steps =
// moves; by touch alone each move is preceded by at most three bumps, so
// steps <= 4·2E.
func TestWallfollowMovesFindsCheese(t *testing.T) {
	t.Parallel()
	touchOnly := func(s *world.Scenario) { s.Sensors.Rays = 0 }
	for i, c := range []struct {
		name   string
		sc     *world.Scenario
		mod    func(*world.Scenario)
		trials int
		per    int // steps allowed per move in the bound
	}{
		{"dfs 8x8 thin", generated(t, "dfs", 8, 8, world.ThinWalls, 1), nil, 3, 1},
		{"kruskal 8x8 thin", generated(t, "kruskal", 8, 8, world.ThinWalls, 2), nil, 3, 1},
		{"prim 8x8 thin", generated(t, "prim", 8, 8, world.ThinWalls, 3), nil, 3, 1},
		{"dfs 6x6 blocks", generated(t, "dfs", 6, 6, world.Blocks, 4), nil, 3, 1},
		{"dfs 8x8 thin, touch only", generated(t, "dfs", 8, 8, world.ThinWalls, 1), touchOnly, 3, 4},
		{"dyna-maze", builtin(t, "dyna-maze"), nil, 5, 1},
		{"dyna-maze, touch only", builtin(t, "dyna-maze"), touchOnly, 5, 4},
		{"blocking-maze", builtin(t, "blocking-maze"), nil, 3, 1},
		{"theseus", builtin(t, "theseus"), nil, 10, 1}, // its doors move at trial 8
		{"shortcut-maze", builtin(t, "shortcut-maze"), nil, 3, 1},
	} {
		sc := c.sc
		sc.Control = world.Moves
		if c.mod != nil {
			c.mod(sc)
		}
		bound := c.per * 2 * edges(sc.Maze)
		w, err := sim.New(sc, 1)
		if err != nil {
			t.Fatalf("%d %s: %v", i, c.name, err)
		}
		got, _ := trialRun(t, w, nil, c.trials, c.trials*bound)
		if len(got) < c.trials {
			t.Errorf("%d %s: %d trials in %d steps, want %d", i, c.name, len(got), c.trials*bound, c.trials)
			continue
		}
		for j, tr := range got {
			if tr.Steps() > int64(bound) {
				t.Errorf("%d %s: trial %d took %d steps, want <= %d (%d per move, 2E = %d)", i, c.name, j+1, tr.Steps(), bound, c.per, 2*edges(sc.Maze))
			}
		}
	}
}

// TestWallfollowMovesBlockingMazeChange: the blocking maze's gap moves at
// step 1000; the follower, which never learns, still finds the cheese
// every trial after it, by the other wall.
func TestWallfollowMovesBlockingMazeChange(t *testing.T) {
	t.Parallel()
	sc := builtin(t, "blocking-maze")
	sc.Control = world.Moves
	w, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	bound := 2 * edges(sc.Maze)
	got, _ := trialRun(t, w, nil, 1<<30, 1300)
	after := 0
	for j, tr := range got {
		if tr.Steps() > int64(bound) {
			t.Errorf("trial %d (steps %d..%d) took %d steps, want <= %d", j+1, tr.StartStep, tr.EndStep, tr.Steps(), bound)
		}
		if tr.StartStep > 1000 {
			after++
			if tr.Optimal != 16 {
				t.Errorf("trial %d after the change: optimal %d, want 16 (the long way)", j+1, tr.Optimal)
			}
		}
	}
	if after < 3 {
		t.Errorf("%d trials after the change at step 1000, want >= 3", after)
	}
}

// TestWallfollowWheelsFindsCheese: in wheels control the continuous
// follower gets round the corners of small thin-wall and block mazes and
// finds the cheese, trial after trial, and never stalls. The tick budget
// is generous: 2E cells of travel (as in moves control) at 4 s of
// simulated time each, where driving a cell at the default speed takes
// about 1 s and a quarter turn on the spot about 0.6 s. Stalling is
// measured as the longest run of steps without the body changing cell: a
// dead end costs two quarter turns and a cell's drive there and back,
// about 3-4 s (30-45 steps); 10 s is a stall.
func TestWallfollowWheelsFindsCheese(t *testing.T) {
	t.Parallel()
	for i, c := range []struct {
		name string
		sc   *world.Scenario
		set  map[string]string
	}{
		{"dfs 6x6 thin", generated(t, "dfs", 6, 6, world.ThinWalls, 1), nil},
		{"prim 6x6 thin", generated(t, "prim", 6, 6, world.ThinWalls, 2), nil},
		{"dfs 5x5 blocks", generated(t, "dfs", 5, 5, world.Blocks, 3), nil},
		{"kruskal 5x5 blocks", generated(t, "kruskal", 5, 5, world.Blocks, 2), nil},
		{"dfs 6x6 thin, left hand", generated(t, "dfs", 6, 6, world.ThinWalls, 1), map[string]string{"agent.side": "left"}},
		{"theseus", builtin(t, "theseus"), nil},
	} {
		sc := c.sc
		sc.Control = world.Wheels
		w, err := sim.New(sc, 1)
		if err != nil {
			t.Fatalf("%d %s: %v", i, c.name, err)
		}
		const trials = 3
		ticksPerCell := int64(4 * sc.TicksPerSecond)
		budget := 2 * int64(edges(sc.Maze)) * ticksPerCell
		maxSteps := trials * int(budget) / sc.ControlEvery
		got, still := trialRun(t, w, c.set, trials, maxSteps)
		if len(got) < trials {
			t.Errorf("%d %s: %d trials in %d steps, want %d", i, c.name, len(got), maxSteps, trials)
		}
		for j, tr := range got {
			if tr.Ticks() > budget {
				t.Errorf("%d %s: trial %d took %d ticks, want <= %d", i, c.name, j+1, tr.Ticks(), budget)
			}
		}
		if limit := 10 * sc.TicksPerSecond / sc.ControlEvery; still > limit {
			t.Errorf("%d %s: the body stayed in one cell for %d steps, want <= %d", i, c.name, still, limit)
		}
	}
}

// TestWallfollowWheelsNeverStalls runs the follower in wheels control in
// bodies it is weaker in (no compass, touch only, the book's open rooms)
// and asks only that it keeps moving from cell to cell.
func TestWallfollowWheelsNeverStalls(t *testing.T) {
	t.Parallel()
	steps := 3000
	if testing.Short() {
		steps = 1000
	}
	for i, c := range []struct {
		name string
		sc   *world.Scenario
		mod  func(*world.Scenario)
	}{
		{"dyna-maze", builtin(t, "dyna-maze"), nil},
		{"braid12", builtin(t, "braid12"), nil},
		{"dfs 6x6 thin, no compass", generated(t, "dfs", 6, 6, world.ThinWalls, 5), func(s *world.Scenario) { s.Sensors.Compass = false }},
		{"dfs 5x5 blocks, no compass or odometry", generated(t, "dfs", 5, 5, world.Blocks, 5), func(s *world.Scenario) {
			s.Sensors.Compass, s.Sensors.Odometry = false, false
		}},
		{"dfs 6x6 thin, touch only", generated(t, "dfs", 6, 6, world.ThinWalls, 5), func(s *world.Scenario) { s.Sensors.Rays = 0 }},
	} {
		sc := c.sc
		sc.Control = world.Wheels
		if c.mod != nil {
			c.mod(sc)
		}
		w, err := sim.New(sc, 1)
		if err != nil {
			t.Fatalf("%d %s: %v", i, c.name, err)
		}
		_, still := trialRun(t, w, nil, 1<<30, steps)
		if limit := 10 * sc.TicksPerSecond / sc.ControlEvery; still > limit {
			t.Errorf("%d %s: the body stayed in one cell for %d steps, want <= %d", i, c.name, still, limit)
		}
	}
}

// actionTrace returns the actions of agent name over steps steps of a
// lifetime with the given seed.
func actionTrace(t *testing.T, name, scenario, control string, seed uint64, steps int) []sim.Action {
	t.Helper()
	w := conformanceWorld(t, scenario, control, seed)
	ag, err := New(name, envOf(w, seed), nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]sim.Action, steps)
	obs := w.Observation()
	for i := range out {
		out[i] = ag.Act(obs)
		obs = w.Step(out[i])
	}
	return out
}

func TestWallfollowDeterministic(t *testing.T) {
	t.Parallel()
	for i, control := range []string{"moves", "wheels"} {
		a := actionTrace(t, "wallfollow", "theseus", control, 3, 300)
		b := actionTrace(t, "wallfollow", "theseus", control, 3, 300)
		for j := range a {
			if a[j] != b[j] {
				t.Errorf("%d %s: step %d: %+v then %+v, want the same action", i, control, j, a[j], b[j])
				break
			}
		}
	}
}

func TestWallfollowView(t *testing.T) {
	a := newWF(t, bodyEnv(t, world.Moves, nil), nil)
	if got := a.View(); got.Name != "wallfollow" || got.Places != 0 || got.Value != nil {
		t.Errorf("View() = %+v, want only the name wallfollow", got)
	}
}

// recordedObs returns an observation from a real world, a few steps into
// a lifetime, for the benchmarks and the allocation test.
func recordedObs(t testing.TB, control world.Control) (Env, sim.Observation) {
	t.Helper()
	sc := generated(t, "dfs", 6, 6, world.ThinWalls, 1)
	sc.Control = control
	w, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		w.Step(sim.Action{Left: 0.5, Right: 0.5, Move: world.South})
	}
	return envOf(w, 1), w.Observation()
}

func TestWallfollowActAllocatesNothing(t *testing.T) {
	for i, control := range []world.Control{world.Moves, world.Wheels} {
		env, obs := recordedObs(t, control)
		a := newWF(t, env, nil)
		if n := testing.AllocsPerRun(200, func() { a.Act(obs) }); n != 0 {
			t.Errorf("%d %v: Act allocates %v times per call, want 0", i, control, n)
		}
	}
}

func BenchmarkWallfollowAct(b *testing.B) {
	for _, control := range []world.Control{world.Moves, world.Wheels} {
		b.Run(control.String(), func(b *testing.B) {
			env, obs := recordedObs(b, control)
			a := newWF(b, env, nil)
			b.ReportAllocs()
			for b.Loop() {
				a.Act(obs)
			}
		})
	}
}
