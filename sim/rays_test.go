package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jakecoffman/cp/v2"
	"github.com/mazerat/mazerat/world"
)

// insideWall reports whether the point lies in (or within eps of) a wall box.
func insideWall(g *geometry, x, y, eps float64) bool {
	for _, r := range g.rects {
		if x > r.MinX-eps && x < r.MaxX+eps && y > r.MinY-eps && y < r.MaxY+eps {
			return true
		}
	}
	return false
}

// TestRaysAgainstCp casts thousands of random rays with the grid caster and
// with cp's SegmentQueryFirst against the same walls and compares.
func TestRaysAgainstCp(t *testing.T) {
	cases := []struct {
		name string
		sc   *world.Scenario
	}{
		{"blocks dyna-maze", parse(t, dynaMaze)},
		{"blocks blocking after change", func() *world.Scenario {
			sc := parse(t, blockingMaze)
			sc.Doors = sc.Doors.With('a', true).With('b', false)
			return sc
		}()},
		{"thin door closed", parse(t, thinDoor)},
		{"thin generated 12x12", generated(t, "dfs", 12, 12, 0.5, 3)},
		{"thin generated 30x30 prim", generated(t, "prim", 30, 30, 0.3, 4)},
		{"blocks generated 9x7", func() *world.Scenario {
			sc, err := world.Generate(world.GenConfig{Algorithm: "kruskal", W: 9, H: 7, Braid: 0.5, Style: world.Blocks, Seed: 5})
			if err != nil {
				t.Fatal(err)
			}
			return sc
		}()},
	}
	filter := cp.NewShapeFilter(cp.NO_GROUP, cp.ALL_CATEGORIES, catWall)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, tc.sc, 1)
			rng := rand.New(rand.NewPCG(7, 11))
			W := float64(w.maze.W) * w.sc.Cell
			H := float64(w.maze.H) * w.sc.Cell
			const n = 5000
			hits, misses := 0, 0
			for i := 0; i < n; i++ {
				var x, y float64
				for {
					x, y = rng.Float64()*W, rng.Float64()*H
					if !insideWall(w.geom, x, y, 1e-6) {
						break
					}
				}
				a := rng.Float64() * 2 * math.Pi
				dx, dy := math.Cos(a), math.Sin(a)
				rangeM := 0.1 + rng.Float64()*3
				got := w.geom.cast(x, y, dx, dy, rangeM)
				start := cp.Vector{X: x, Y: y}
				end := cp.Vector{X: x + dx*rangeM, Y: y + dy*rangeM}
				info := w.space.SegmentQueryFirst(start, end, 0, filter)
				want := rangeM
				if info.Shape != nil {
					want = info.Alpha * rangeM
					hits++
				} else {
					misses++
				}
				if math.Abs(got-want) > 1e-9*math.Max(1, want) {
					t.Fatalf("ray %d from (%.6f, %.6f) angle %.6f range %.3f: grid caster %.12f, cp %.12f", i, x, y, a, rangeM, got, want)
				}
			}
			if hits == 0 || misses == 0 {
				t.Errorf("rays: %d hits and %d misses; expected both to occur so the comparison covers both", hits, misses)
			}
		})
	}
}

// TestRaysAfterDoorChange checks that rays see a door close and open.
func TestRaysAfterDoorChange(t *testing.T) {
	sc := parse(t, thinDoor)
	w := newWorld(t, sc, 1)
	// From the centre of the start cell (0,0) looking east along row 0: the
	// door a stands on the east edge of cell (0,1).
	x, y := w.centre(world.Cell{Row: 0, Col: 0})
	half := sc.WallWidth / 2
	closed := w.geom.cast(x, y, 1, 0, 5)
	if want := 2*sc.Cell - half - sc.Cell/2; math.Abs(closed-want) > 1e-12 {
		t.Errorf("door closed: ray = %v, want %v", closed, want)
	}
	if err := w.Apply(world.Event{Open: []byte{'a'}}); err != nil {
		t.Fatal(err)
	}
	open := w.geom.cast(x, y, 1, 0, 5)
	if want := 3*sc.Cell - half - sc.Cell/2; math.Abs(open-want) > 1e-12 {
		t.Errorf("door open: ray = %v, want %v (the outline)", open, want)
	}
}

func BenchmarkRay(b *testing.B) {
	sc := generated(b, "dfs", 30, 30, 0.5, 1)
	w := newWorld(b, sc, 1)
	x, y := w.centre(world.Cell{Row: 15, Col: 15})
	b.Run("grid", func(b *testing.B) {
		b.ReportAllocs()
		a := 0.0
		for b.Loop() {
			a += 0.37
			w.geom.cast(x, y, math.Cos(a), math.Sin(a), 2)
		}
	})
	b.Run("cp", func(b *testing.B) {
		b.ReportAllocs()
		filter := cp.NewShapeFilter(cp.NO_GROUP, cp.ALL_CATEGORIES, catWall)
		a := 0.0
		for b.Loop() {
			a += 0.37
			w.space.SegmentQueryFirst(cp.Vector{X: x, Y: y}, cp.Vector{X: x + 2*math.Cos(a), Y: y + 2*math.Sin(a)}, 0, filter)
		}
	})
}
