package lab

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestTrace: a trace stays bounded however long the trial, and point i
// is always the point of step i*stride.
func TestTrace(t *testing.T) {
	for _, steps := range []int64{0, 1, maxPathPoints - 1, maxPathPoints, 3*maxPathPoints + 7, 40 * maxPathPoints} {
		var tr trace
		tr.reset(PathPoint{X: 0})
		for s := int64(1); s <= steps; s++ {
			if tr.due() {
				tr.add(PathPoint{X: float64(s)})
			}
		}
		if len(tr.pts) > maxPathPoints {
			t.Errorf("%d steps: %d points, want at most %d", steps, len(tr.pts), maxPathPoints)
		}
		if steps > 0 && len(tr.pts) < maxPathPoints/2 && steps >= maxPathPoints {
			t.Errorf("%d steps: only %d points kept", steps, len(tr.pts))
		}
		if want := min(steps+1, maxPathPoints); steps < maxPathPoints && int64(len(tr.pts)) != want {
			t.Errorf("%d steps: %d points, want %d (one per step and the start)", steps, len(tr.pts), want)
		}
		for i, p := range tr.pts {
			if p.X != float64(int64(i)*tr.stride) {
				t.Errorf("%d steps: point %d is step %g, want %d (stride %d)", steps, i, p.X, int64(i)*tr.stride, tr.stride)
				break
			}
		}
	}
}

// TestTrialPath: the last trial's path runs from the start to the cheese
// through open space, a point per step.
func TestTrialPath(t *testing.T) {
	tests := []struct {
		scenario, agent string
		set             map[string]string
	}{
		{"dyna-maze", "wallfollow", nil},
		{"dyna-maze", "dyna", map[string]string{"on_cheese": "stay"}},
		{"theseus", "dyna", nil},
		{"shortcut-maze", "random", nil},
	}
	for i, tc := range tests {
		l, err := NewLifetime(Config{Scenario: load(t, tc.scenario), Agent: tc.agent, Set: tc.set, Trials: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.LastTrialPath()) != 0 {
			t.Errorf("%d: a last-trial path before any trial ended", i)
		}
		for !l.Done() {
			if err := l.Step(); err != nil {
				t.Fatal(err)
			}
		}
		w, sc := l.World(), l.Scenario()
		last := l.Trials()[len(l.Trials())-1]
		path := l.LastTrialPath()
		if int64(len(path)) != last.Steps+1 {
			t.Errorf("%d: %d path points for a trial of %d steps, want %d", i, len(path), last.Steps, last.Steps+1)
		}
		near := func(p PathPoint, c world.Cell) bool {
			x, y := w.CellCentre(c)
			return math.Abs(p.X-x) <= sc.Cell/2 && math.Abs(p.Y-y) <= sc.Cell/2
		}
		// With stay, the next trial starts where the last one ate.
		start := sc.Maze.Start
		if tc.set["on_cheese"] == "stay" {
			start = sc.Maze.Cheese[0]
		}
		if !near(path[0], start) {
			t.Errorf("%d: path starts at %v, not in the start cell %v", i, path[0], start)
		}
		if end := path[len(path)-1]; !near(end, sc.Maze.Cheese[0]) {
			t.Errorf("%d: path ends at %v, not in the cheese cell %v", i, end, sc.Maze.Cheese[0])
		}
		for j, p := range path {
			for _, r := range w.Walls() {
				if p.X > r.MinX && p.X < r.MaxX && p.Y > r.MinY && p.Y < r.MaxY {
					t.Errorf("%d: point %d %v inside a wall %+v", i, j, p, r)
				}
			}
		}
		// The next trial starts where this one did.
		if cur := l.TrialPath(); len(cur) != 1 || !near(cur[0], start) {
			t.Errorf("%d: the trial under way has path %v, want one point in %v", i, cur, start)
		}
	}
}

// TestMazePNG checks maze.png's geometry pixel by pixel: walls where the
// maze has walls, open floor elsewhere, y up and one metre as long on
// both axes.
func TestMazePNG(t *testing.T) {
	l, err := NewLifetime(Config{Scenario: load(t, "dyna-maze"), Agent: "wallfollow", Steps: 1})
	if err != nil {
		t.Fatal(err)
	}
	pic := l.MazePicture()
	pic.Path = nil // floor pixels must not be covered by the path
	img, at, err := pic.draw()
	if err != nil {
		t.Fatal(err)
	}
	w := l.World()
	// Sutton & Barto's dyna maze: (1,2) is a wall, (5,0) open floor, row 0
	// at the top.
	tests := []struct {
		name string
		x, y float64
		want color.Color
	}{
		{"wall cell (1,2)", 0, 0, wallColour},
		{"floor cell (5,0)", 0, 0, color.White},
		{"floor cell (0,4)", 0, 0, color.White},
		{"outside, left", -0.1, 1, wallColour},
		{"outside, top", 2, 3.1, wallColour},
	}
	tests[0].x, tests[0].y = w.CellCentre(world.Cell{Row: 1, Col: 2})
	tests[1].x, tests[1].y = w.CellCentre(world.Cell{Row: 5, Col: 0})
	tests[2].x, tests[2].y = w.CellCentre(world.Cell{Row: 0, Col: 4})
	for i, tc := range tests {
		p := at(tc.x, tc.y)
		r, g, b, _ := img.At(p.X, p.Y).RGBA()
		wr, wg, wb, _ := tc.want.RGBA()
		if r != wr || g != wg || b != wb {
			t.Errorf("%d: %s at (%g,%g) m = pixel %v: colour %x %x %x, want %x %x %x", i, tc.name, tc.x, tc.y, p, r>>8, g>>8, b>>8, wr>>8, wg>>8, wb>>8)
		}
	}
	o, right, up := at(0, 0), at(1, 0), at(0, 1)
	if up.Y >= o.Y {
		t.Errorf("y=1 m is drawn at pixel row %d, not above y=0 at row %d", up.Y, o.Y)
	}
	if dx, dy := right.X-o.X, o.Y-up.Y; dx < 50 || math.Abs(float64(dx-dy)) > 1 {
		t.Errorf("one metre is %d pixels across and %d up, want equal", dx, dy)
	}

	// The encoded file decodes to the same picture.
	b, err := l.MazePicture().PNG()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if dec.Bounds() != img.Bounds() {
		t.Errorf("PNG is %v, drawn %v", dec.Bounds(), img.Bounds())
	}
	if _, err := (MazePicture{}).PNG(); err == nil {
		t.Errorf("an empty picture drew without error")
	}
}
