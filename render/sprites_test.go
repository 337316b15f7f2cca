package render

import (
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestRatTailStopsAtWalls: the tail ends before the first point the wall
// test reports, so it never crosses a wall; without a wall test it
// reaches further.
func TestRatTailStopsAtWalls(t *testing.T) {
	const x, y, r = 130, 60, 20
	tailPixels := func(wall func(Point) bool) (behind int) {
		c := NewSoftCanvas(200, 120, 1)
		c.FillRect(Rect{0, 0, 200, 120}, colFloor)
		drawRat(c, x, y, 0, r, 0, wall) // facing east: the tail points west
		img := c.Image()
		for py := 0; py < 120; py++ {
			for px := 0; px < 100; px++ {
				if near(img.RGBAAt(px, py), opaque(colRatTail), 40) {
					behind++
				}
			}
		}
		return behind
	}
	if n := tailPixels(nil); n == 0 {
		t.Fatalf("without walls the tail never reaches x < 100: the test proves nothing")
	}
	if n := tailPixels(func(p Point) bool { return p.X < 100 }); n != 0 {
		t.Errorf("%d tail pixels in the wall at x < 100", n)
	}
}

// TestWallAt: the board's wall test is true on walls and off the grid,
// false in the middle of open cells.
func TestWallAt(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 100, 0, false)
	cam := a.layout().cam
	wall := a.wallAt(cam)
	m := a.life.World().Maze()
	for i := 0; i < m.NumCells(); i++ {
		cell := m.CellAt(i)
		if wall(cam.centre(cell)) {
			t.Errorf("the middle of open cell %v reads as a wall", cell)
		}
		for _, s := range world.Sides {
			if !m.Passable(cell, s, a.life.World().Doors()) && !wall(edgeMid(cam, cell, s, 0)) {
				t.Errorf("the %s wall of %v does not read as a wall", sideName(s), cell)
			}
		}
	}
	if g := cam.grid(); !wall(Point{g.X - 5, g.Y - 5}) {
		t.Errorf("a pixel off the grid does not read as a wall")
	}
}
