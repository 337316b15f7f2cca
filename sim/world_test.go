package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/world"
)

// penetration returns how deep a circle of radius r at (x, y) reaches into
// the nearest wall box (0 if it touches none).
func penetration(g *geometry, x, y, r float64) float64 {
	deepest := 0.0
	for _, b := range g.rects {
		// Distance from the point to the box.
		dx := math.Max(math.Max(b.MinX-x, 0), x-b.MaxX)
		dy := math.Max(math.Max(b.MinY-y, 0), y-b.MaxY)
		d := math.Hypot(dx, dy)
		if dx == 0 && dy == 0 {
			d = -math.Min(math.Min(x-b.MinX, b.MaxX-x), math.Min(y-b.MinY, b.MaxY-y))
		}
		if p := r - d; p > deepest {
			deepest = p
		}
	}
	return deepest
}

// crossable reports whether the body can have gone from cell a to cell b
// in one tick: they are neighbours with an open edge, or diagonal
// neighbours with an open way round at least one side.
func crossable(m *world.Maze, d world.Doors, a, b world.Cell) bool {
	for _, s := range world.Sides {
		if a.Step(s) == b {
			return m.Passable(a, s, d)
		}
	}
	for _, s1 := range world.Sides {
		for _, s2 := range world.Sides {
			mid := a.Step(s1)
			if mid.Step(s2) == b && m.Passable(a, s1, d) && m.Passable(mid, s2, d) {
				return true
			}
		}
	}
	return false
}

// TestNoEscape drives the rat at full speed into corners and walls for a
// million ticks: it must stay inside the maze and never sink into a wall.
func TestNoEscape(t *testing.T) {
	ticks := 1_000_000
	if testing.Short() || racebuild.Enabled {
		ticks = 50_000
	}
	cases := []struct {
		name  string
		sc    *world.Scenario
		drive func(rng *rand.Rand, k int) Action
	}{
		{"thin corner full speed", parse(t, thinDoor), func(*rand.Rand, int) Action { return Action{Left: 1, Right: 1} }},
		{"blocks corner full speed", parse(t, dynaMaze), func(*rand.Rand, int) Action { return Action{Left: 1, Right: 1} }},
		{"thin random commands", generated(t, "dfs", 6, 6, 0.5, 2), func(rng *rand.Rand, k int) Action {
			return Action{Left: rng.Float64()*2 - 1, Right: rng.Float64()*2 - 1}
		}},
		{"blocks spin into walls", parse(t, dynaMaze), func(rng *rand.Rand, k int) Action {
			if k%40 < 30 {
				return Action{Left: 1, Right: 1}
			}
			return Action{Left: -1, Right: 1}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.sc.Control = world.Wheels
			tc.sc.OnCheese = world.Stay // no carrying back to the start
			w := newWorld(t, tc.sc, 1)
			// Face the top-left corner of the start cell.
			w.rat.SetAngle(3 * math.Pi / 4)
			rng := rand.New(rand.NewPCG(1, 2))
			W := float64(w.maze.W) * w.sc.Cell
			H := float64(w.maze.H) * w.sc.Cell
			r := w.sc.Rat.Radius
			worst := 0.0
			k := 0
			last := w.Cell()
			for i := 0; i < ticks; i++ {
				if !w.InStep() {
					w.Begin(tc.drive(rng, k))
					k++
				}
				w.Tick()
				if c := w.Cell(); c != last {
					if !crossable(w.maze, w.doors, last, c) {
						t.Fatalf("tick %d: the rat went from %v to %v through a wall", i, last, c)
					}
					last = c
				}
				p := w.rat.Position()
				if !(p.X > 0 && p.X < W && p.Y > 0 && p.Y < H) {
					t.Fatalf("tick %d: the rat left the maze: at (%.4f, %.4f), maze is %.2f x %.2f m", i, p.X, p.Y, W, H)
				}
				if i%16 == 0 {
					worst = math.Max(worst, penetration(w.geom, p.X, p.Y, r))
				}
			}
			// A contact is found after the tick that made it, so the body
			// can overlap a wall by one tick's travel, plus the 1 mm slop;
			// it must never settle deeper.
			if limit := w.sc.Rat.MaxSpeed*w.sc.DT() + 0.001; worst > limit {
				t.Errorf("the rat sank %.4f m into a wall; expected at most one tick's travel plus slop, %.4f", worst, limit)
			}
		})
	}
}

// TestDeterminism: the same scenario and seed give the same trajectory,
// bit for bit; another seed (another action stream) gives another.
func TestDeterminism(t *testing.T) {
	run := func(sc *world.Scenario, seed uint64, steps int) (uint64, []float64) {
		w := newWorld(t, sc, seed)
		rng := NewRand(seed, "test-actions")
		var odo []float64
		for i := 0; i < steps; i++ {
			var a Action
			if sc.Control == world.Moves {
				a.Move = world.Side(rng.IntN(4))
			} else {
				a = Action{Left: rng.Float64()*2 - 1, Right: rng.Float64()*2 - 1}
			}
			o := w.Step(a)
			odo = append(odo, o.Forward, o.Turn)
		}
		return w.Hash(), odo
	}
	for _, control := range []string{"wheels", "moves"} {
		for _, name := range []string{"thin", "blocks"} {
			t.Run(control+" "+name, func(t *testing.T) {
				var sc *world.Scenario
				if name == "thin" {
					sc = generated(t, "kruskal", 8, 8, 0.5, 9)
				} else {
					sc = parse(t, blockingMaze)
				}
				if err := sc.Set("control", control); err != nil {
					t.Fatal(err)
				}
				h1, o1 := run(sc, 42, 400)
				h2, o2 := run(sc, 42, 400)
				h3, _ := run(sc, 43, 400)
				if h1 != h2 {
					t.Errorf("same seed: hashes %x and %x differ", h1, h2)
				}
				for i := range o1 {
					if math.Float64bits(o1[i]) != math.Float64bits(o2[i]) {
						t.Fatalf("same seed: odometry reading %d differs: %v vs %v", i, o1[i], o2[i])
					}
				}
				if h1 == h3 {
					t.Errorf("seeds 42 and 43 gave the same hash %x", h1)
				}
			})
		}
	}
}

// TestConcurrentWorlds builds and steps worlds on several goroutines (run
// with -race) and checks each equals the same world built alone.
func TestConcurrentWorlds(t *testing.T) {
	sc := generated(t, "dfs", 10, 10, 0.5, 1)
	want := func() uint64 {
		w := newWorld(t, sc, 5)
		for i := 0; i < 200; i++ {
			w.Step(Action{Left: 1, Right: 0.5})
		}
		return w.Hash()
	}()
	var wg sync.WaitGroup
	got := make([]uint64, 8)
	errs := make([]error, 8)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := New(sc, 5)
			if err != nil {
				errs[g] = err
				return
			}
			for i := 0; i < 200; i++ {
				w.Step(Action{Left: 1, Right: 0.5})
			}
			got[g] = w.Hash()
		}()
	}
	wg.Wait()
	for g := range got {
		if errs[g] != nil {
			t.Fatalf("goroutine %d: %v", g, errs[g])
		}
		if got[g] != want {
			t.Errorf("goroutine %d: hash %x, want %x", g, got[g], want)
		}
	}
}

// steps drives a moves-control world through a list of moves and returns
// the cells after each.
func steps(w *World, moves string) []world.Cell {
	var cells []world.Cell
	for _, m := range moves {
		s, _ := world.ParseSide(string(m))
		w.Step(Action{Move: s})
		cells = append(cells, w.Cell())
	}
	return cells
}

// TestMoves checks the motor program: each move ends at the neighbour's
// centre, a wall sends the body back to where it was, and touch says so.
func TestMoves(t *testing.T) {
	sc := parse(t, dynaMaze)
	w := newWorld(t, sc, 1)
	start := w.Cell()
	if start != (world.Cell{Row: 2, Col: 0}) {
		t.Fatalf("start %v, want (2,0)", start)
	}
	tests := []struct {
		move  string
		want  world.Cell
		touch bool
	}{
		{"W", world.Cell{Row: 2, Col: 0}, true}, // the grid's edge
		{"E", world.Cell{Row: 2, Col: 1}, false},
		{"E", world.Cell{Row: 2, Col: 1}, true}, // the wall at (2,2)
		{"N", world.Cell{Row: 1, Col: 1}, false},
		{"N", world.Cell{Row: 0, Col: 1}, false},
		{"N", world.Cell{Row: 0, Col: 1}, true},
		{"S", world.Cell{Row: 1, Col: 1}, false},
	}
	for i, tc := range tests {
		s, _ := world.ParseSide(tc.move)
		o := w.Step(Action{Move: s})
		if got := w.Cell(); got != tc.want {
			t.Fatalf("%d: move %s: cell %v, want %v", i, tc.move, got, tc.want)
		}
		if o.Touch != tc.touch {
			t.Errorf("%d: move %s: touch %v, want %v", i, tc.move, o.Touch, tc.touch)
		}
		x, y := w.centre(tc.want)
		px, py, _ := w.Pose()
		if d := math.Hypot(px-x, py-y); d > 0.02 {
			t.Errorf("%d: move %s: ended %.4f m from the centre of %v, want within 0.02", i, tc.move, d, tc.want)
		}
		if o.Place != w.maze.Index(tc.want) {
			t.Errorf("%d: place %d, want %d", i, o.Place, w.maze.Index(tc.want))
		}
	}
}

// TestTrialsAndOnCheese runs the optimal path of the Dyna maze and checks
// trial records and each on_cheese rule.
func TestTrialsAndOnCheese(t *testing.T) {
	const path = "SSEEEENEEEENNN" // 14 moves from (2,0) to (0,8)
	for _, rule := range []string{"return_to_start", "stay", "respawn"} {
		t.Run(rule, func(t *testing.T) {
			sc := parse(t, dynaMaze)
			if err := sc.Set("on_cheese", rule); err != nil {
				t.Fatal(err)
			}
			if err := sc.Set("reward.step", "-0.5"); err != nil {
				t.Fatal(err)
			}
			w := newWorld(t, sc, 1)
			cells := steps(w, path)
			tr, ok := w.TrialEnded()
			if !ok {
				t.Fatalf("no trial ended after the optimal path; at %v", cells[len(cells)-1])
			}
			want := TrialRecord{Trial: 1, StartStep: 0, EndStep: 13, StartCell: world.Cell{Row: 2, Col: 0}, EndCell: world.Cell{Row: 0, Col: 8}, Moves: 14, Optimal: 14, Reward: 1 - 0.5*14, FirstRegion: -1}
			tr.StartTick, tr.EndTick = 0, 0
			if tr != want {
				t.Errorf("trial record\n got %+v\nwant %+v", tr, want)
			}
			if w.Trial() != 2 {
				t.Errorf("trial under way %d, want 2", w.Trial())
			}
			o := w.Observation()
			if !o.Ate || o.Reward != 0.5 {
				t.Errorf("observation after eating: ate %v reward %v, want true 0.5", o.Ate, o.Reward)
			}
			switch rule {
			case "return_to_start":
				if w.Cell() != sc.Maze.Start {
					t.Errorf("after eating: at %v, want the start %v", w.Cell(), sc.Maze.Start)
				}
			case "stay", "respawn": // one G spot: respawn keeps it where it is
				if w.Cell() != (world.Cell{Row: 0, Col: 8}) {
					t.Errorf("after eating: at %v, want still at the cheese", w.Cell())
				}
				// Standing on the cheese does not eat it again, nor does
				// stepping out and back in: the eaten cheese waits until the
				// rat has reached the start (or another spot).
				steps(w, "S")
				if _, ok := w.TrialEnded(); ok {
					t.Errorf("leaving the cheese ended a trial")
				}
				steps(w, "N")
				if tr, ok := w.TrialEnded(); ok {
					t.Errorf("stepping out and back in ate the same cheese again: %+v", tr)
				}
				back := "SSSWWWWSWWWWNN" // the optimal path reversed, to the start
				steps(w, back)
				if _, ok := w.TrialEnded(); ok || w.Cell() != sc.Maze.Start {
					t.Fatalf("on the way to the start: ended %v at %v", ok, w.Cell())
				}
				steps(w, path)
				tr, ok := w.TrialEnded()
				if !ok || tr.Trial != 2 || tr.Moves != 2+28 || tr.Optimal != 28 || tr.PathRatio() != 30.0/28 {
					t.Errorf("through the start and back: ended %v record %+v, want trial 2 with 30 moves, optimal 28", ok, tr)
				}
			}
		})
	}
}

// TestRespawnMovesCheese: with several G spots and respawn, the cheese
// goes to another spot, chosen by the seed.
func TestRespawnMovesCheese(t *testing.T) {
	sc := parse(t, `---
control: moves
on_cheese: respawn
---
G..G
S...
G..G
`)
	seen := map[world.Cell]bool{}
	for seed := uint64(1); seed <= 20; seed++ {
		w := newWorld(t, sc, seed)
		if got := w.Cheese(); len(got) != 1 || got[0] != (world.Cell{Row: 0, Col: 0}) {
			t.Fatalf("cheese at birth %v, want only the first G (0,0)", got)
		}
		steps(w, "N")
		if _, ok := w.TrialEnded(); !ok {
			t.Fatalf("seed %d: eating did not end the trial", seed)
		}
		c := w.Cheese()[0]
		if c == (world.Cell{Row: 0, Col: 0}) || !sc.Maze.IsCheese(c) {
			t.Errorf("seed %d: cheese respawned at %v, want another G spot", seed, c)
		}
		seen[c] = true
	}
	if len(seen) != 3 {
		t.Errorf("over 20 seeds the cheese went to %d spots, want all 3 others", len(seen))
	}
}

// TestDoorsBlock: the rat passes a door only while it is open, in both
// styles, and events open and close doors at their step.
func TestDoorsBlock(t *testing.T) {
	t.Run("thin", func(t *testing.T) {
		sc := parse(t, thinDoor)
		sc.Control = world.Moves
		w := newWorld(t, sc, 1)
		if got := steps(w, "EE"); got[1] != (world.Cell{Row: 0, Col: 1}) {
			t.Fatalf("closed door: at %v, want stopped at (0,1)", got[1])
		}
		if err := w.Apply(world.Event{Open: []byte{'a'}}); err != nil {
			t.Fatal(err)
		}
		steps(w, "E")
		tr, ok := w.TrialEnded()
		if !ok || tr.EndCell != (world.Cell{Row: 0, Col: 2}) {
			t.Fatalf("open door: trial ended %v at %v, want through the door to the cheese at (0,2)", ok, tr.EndCell)
		}
		if w.Cell() != sc.Maze.Start {
			t.Errorf("after eating: at %v, want back at the start", w.Cell())
		}
	})
	t.Run("blocks scheduled", func(t *testing.T) {
		sc := parse(t, blockingMaze)
		w := newWorld(t, sc, 1)
		// Walk to (4,8) below the right gap, then wait until step 1000.
		steps(w, "NEEEEE")
		if w.Cell() != (world.Cell{Row: 4, Col: 8}) {
			t.Fatalf("at %v, want (4,8)", w.Cell())
		}
		for w.StepCount() < 999 {
			w.Step(Action{Move: world.East}) // bumps the outline, stays
		}
		if w.Doors().Open('a') || !w.Doors().Open('b') {
			t.Fatalf("before step 1000 doors = %b, want a closed, b open", w.Doors())
		}
		w.Step(Action{Move: world.East})
		if w.StepCount() != 1000 || !w.Doors().Open('a') || w.Doors().Open('b') {
			t.Fatalf("at step %d doors = %b, want a open, b closed", w.StepCount(), w.Doors())
		}
		steps(w, "N")
		if w.Cell() != (world.Cell{Row: 4, Col: 8}) {
			t.Errorf("door b closed: at %v, want still at (4,8)", w.Cell())
		}
		o := w.Observation()
		if !o.Touch {
			t.Errorf("bumping the closed door: touch false, want true")
		}
	})
}

// TestTrialEvents: at_trial events fire when their trial begins, and
// reward and cheese events take effect.
func TestTrialEvents(t *testing.T) {
	sc := parse(t, `---
control: moves
reward: {cheese: 1}
events:
  - {at_trial: 2, reward: {cheese: 5}}
  - {at_trial: 3, cheese: [[1, 0]]}
---
S.G
...
`)
	w := newWorld(t, sc, 1)
	steps(w, "EE")
	if tr, ok := w.TrialEnded(); !ok || tr.Reward != 1 {
		t.Fatalf("trial 1: ended %v reward %v, want true 1", ok, tr.Reward)
	}
	if w.Reward().Cheese != 5 {
		t.Fatalf("trial 2 began with cheese reward %v, want 5", w.Reward().Cheese)
	}
	steps(w, "EE")
	if tr, ok := w.TrialEnded(); !ok || tr.Reward != 5 {
		t.Fatalf("trial 2: ended %v reward %v, want true 5", ok, tr.Reward)
	}
	if c := w.Cheese(); len(c) != 1 || c[0] != (world.Cell{Row: 1, Col: 0}) {
		t.Fatalf("trial 3 cheese %v, want [(1,0)]", c)
	}
	steps(w, "S")
	if tr, ok := w.TrialEnded(); !ok || tr.Trial != 3 || tr.Optimal != 1 {
		t.Fatalf("trial 3: ended %v record %+v, want trial 3 with optimal 1", ok, tr)
	}
}

// TestObservationsValid runs both control modes with every sensor setting
// and validates every observation against the spec.
func TestObservationsValid(t *testing.T) {
	for _, set := range [][]string{
		{},
		{"sensors.rays", "0"},
		{"sensors.rays", "1"},
		{"sensors.fov_deg", "360"},
		{"sensors.place", "false"},
		{"sensors.compass", "false"},
		{"sensors.odometry", "false"},
		{"sensors.touch", "false"},
		{"sensors.reward", "false"},
	} {
		for _, control := range []string{"wheels", "moves"} {
			t.Run(fmt.Sprint(control, set), func(t *testing.T) {
				sc := generated(t, "prim", 5, 5, 0.5, 1)
				sc.Set("control", control)
				if len(set) == 2 {
					if err := sc.Set(set[0], set[1]); err != nil {
						t.Fatal(err)
					}
				}
				w := newWorld(t, sc, 3)
				spec := w.ObservationSpec()
				rng := NewRand(3, "test")
				for i := 0; i < 300; i++ {
					a := Action{Left: rng.Float64()*2 - 1, Right: rng.Float64()*2 - 1, Move: world.Side(rng.IntN(4))}
					if err := w.ActionSpec().Validate(a); err != nil {
						t.Fatalf("action %+v: %v", a, err)
					}
					o := w.Step(a)
					if err := spec.Validate(o); err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
					if o.Step != int64(i+1) {
						t.Fatalf("step %d: observation step %d", i, o.Step)
					}
				}
			})
		}
	}
}

// TestZeroAllocs: a tick and a step allocate nothing of their own. cp
// v2.4.0 allocates inside space.Step for every shape pair in contact
// (Space.LookupHandler and Collide's CollisionInfo escape to the heap), so
// a whole tick is allocation-free only while the rat touches nothing; with
// contact, every part of the tick that is ours is still checked.
func TestZeroAllocs(t *testing.T) {
	t.Run("open room, whole step and tick", func(t *testing.T) {
		sc := parse(t, `---
control: moves
---
.......
.......
.......
...S...
.......
.......
......G
`)
		w := newWorld(t, sc, 1)
		k := 0
		if a := testing.AllocsPerRun(100, func() {
			k++
			w.Step(Action{Move: world.Side(2 * (k % 2))}) // N, S, N, ...
		}); a != 0 {
			t.Errorf("%v allocations per step in the open, want 0", a)
		}
		if a := testing.AllocsPerRun(1000, func() {
			if !w.InStep() {
				k++
				w.Begin(Action{Move: world.Side(2 * (k % 2))})
			}
			w.Tick()
		}); a != 0 {
			t.Errorf("%v allocations per tick in the open, want 0", a)
		}
	})
	t.Run("in contact, our parts of a tick", func(t *testing.T) {
		sc := generated(t, "dfs", 30, 30, 0.5, 1)
		w := newWorld(t, sc, 1)
		for i := 0; i < 300 && !w.touched; i++ {
			w.Step(Action{Left: 1, Right: 1})
		}
		if !w.touched {
			t.Fatal("the rat never touched a wall driving straight for 300 steps")
		}
		for _, f := range []struct {
			name string
			fn   func()
		}{
			{"sense", w.sense},
			{"contacts", func() { w.rat.EachArbiter(w.onArbiter) }},
			{"drive", func() { w.drive(0.5, 1) }},
			{"motor", func() { w.motor.begin(w, world.East); w.motor.command(w) }},
			{"cellOf", func() { w.cellOf(w.rat.Position()) }},
		} {
			if a := testing.AllocsPerRun(1000, f.fn); a != 0 {
				t.Errorf("%s: %v allocations, want 0", f.name, a)
			}
		}
	})
}

// TestValidateSpeed: a body fast enough to pass through walls in one tick
// is refused when the world is built.
func TestNewRejects(t *testing.T) {
	sc := parse(t, dynaMaze)
	sc.Rat.MaxSpeed = 20
	if _, err := New(sc, 1); err == nil {
		t.Errorf("max_speed 20 at 60 ticks/s with 5 cm walls: New succeeded, want an error")
	}
	if _, err := New(nil, 1); err == nil {
		t.Errorf("New(nil) succeeded, want an error")
	}
	cfg := DefaultConfig()
	cfg.Traction = math.NaN()
	if _, err := NewWithConfig(parse(t, dynaMaze), 1, cfg); err == nil {
		t.Errorf("NaN traction: NewWithConfig succeeded, want an error")
	}
}
