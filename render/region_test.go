package render

import (
	"image"
	"image/color"
	"image/draw"

	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestRegionClip: what is drawn after Region(r) stays in r's pixels, as
// in the window, whose canvas keeps the last frame and redraws only the
// regions that changed (the rat's tail crossing the maze's outline must
// not leave marks outside the board).
func TestRegionClip(t *testing.T) {
	c := NewSoftCanvas(64, 64, 1)
	r := Rect{10.5, 10.5, 20, 20}
	in := RegionPixels(r)
	if in != image.Rect(11, 11, 31, 31) {
		t.Fatalf("RegionPixels(%+v) = %v, want the pixels FillRect paints", r, in)
	}
	c.Region(RegionBoard, r, 0)
	c.Circle(10, 10, 9, colTextHead)
	c.Line(0, 20, 64, 20, 3, colTextHead)
	c.Polygon([]Point{{25, 25}, {60, 25}, {60, 60}}, colTextHead)
	c.Ring(30, 30, 6, 2, colTextHead)
	c.FillRect(Rect{28, 0, 4, 64}, colTextHead)
	c.Grid(Rect{0, 40, 64, 10}, 4, 1, []color.NRGBA{colTextHead, colTextHead, colTextHead, colTextHead})
	c.Text(0, 12, "mazerat", FontBody, colTextHead)
	img := c.Image()
	inside, outside := 0, 0
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			if img.RGBAAt(x, y).A == 0 {
				continue
			}
			if (image.Point{x, y}).In(in) {
				inside++
			} else {
				outside++
			}
		}
	}
	if outside != 0 || inside == 0 {
		t.Errorf("after Region(%v): %d pixels painted outside it, %d inside; want none outside", in, outside, inside)
	}
	// A new region opens its own clip.
	c.Region(RegionStats, Rect{40, 40, 10, 10}, 0)
	c.FillRect(Rect{0, 0, 64, 64}, colTextHead)
	if img.RGBAAt(45, 45).A == 0 || img.RGBAAt(5, 5).A != 0 {
		t.Errorf("the second region's fill: inside alpha %d, outside alpha %d", img.RGBAAt(45, 45).A, img.RGBAAt(5, 5).A)
	}
}

// retainedCanvas keeps its picture between frames and skips a region
// whose version is the one it drew last, and keeps layers and puts a
// layer back when its version is the one it drew, as the window's canvas
// does.
type retainedCanvas struct {
	*SoftCanvas
	versions map[RegionID]uint64
	layers   [NumLayers]keptLayer
	open     LayerID
}

type keptLayer struct {
	version uint64
	r       image.Rectangle
	pix     *image.RGBA
}

func (c *retainedCanvas) Layer(id LayerID, r Rect, v uint64) bool {
	rp := RegionPixels(r)
	if k := c.layers[id]; k.pix != nil && k.version == v && k.r == rp {
		draw.Draw(c.img, rp, k.pix, rp.Min, draw.Src)
		return false
	}
	c.layers[id] = keptLayer{version: v, r: rp}
	c.open = id
	return true
}

func (c *retainedCanvas) EndLayer() {
	k := &c.layers[c.open]
	k.pix = image.NewRGBA(k.r)
	draw.Draw(k.pix, k.r, c.img, k.r.Min, draw.Src)
}

func (c *retainedCanvas) Region(id RegionID, r Rect, v uint64) bool {
	if old, ok := c.versions[id]; ok && old == v && id != RegionFrame {
		return false
	}
	if old, ok := c.versions[RegionFrame]; id == RegionFrame && ok && old == v {
		return false
	}
	c.versions[id] = v
	return c.SoftCanvas.Region(id, r, v)
}

// TestRetainedFrames draws a lifetime frame after frame on a canvas that
// keeps its picture and redraws only the regions whose version changed,
// and checks that the picture is always the one drawn from scratch: every
// change is in some region's version, and nothing is drawn outside its
// region.
func TestRetainedFrames(t *testing.T) {
	for _, name := range []string{"theseus", "blocking-maze"} {
		t.Run(name, func(t *testing.T) {
			a := newApp(t, builtin(t, name), 1<<40, OverlaysAll, true)
			c := &retainedCanvas{SoftCanvas: NewSoftCanvas(testW, testH, 1), versions: map[RegionID]uint64{}}
			keys := map[int][]Key{40: {"4"}, 120: {"h"}, 130: {"h"}, 200: {"g", "c"}, 260: {"space"}, 270: {"right"}}
			checked, compared := 0, 0
			for f := 0; f < 300; f++ {
				a.Update(Command{Keys: keys[f], Width: testW, Height: testH})
				a.Draw(c)
				// At speed the window redraws the maze and the panel's live
				// parts every few frames (refreshEvery): compare on those,
				// about every 25 frames.
				if f-checked < 25 || !a.refreshed {
					continue
				}
				checked = f
				want := paint(a)
				if n := diffPixels(c.Image(), want, Rect{0, 0, testW, testH}); n > 0 {
					t.Fatalf("frame %d: the kept picture differs from a fresh one in %d pixels, within %v", f, n, diffBox(c.Image(), want))
				}
				compared++
			}
			if compared < 8 {
				t.Fatalf("compared %d frames, want at least 8", compared)
			}
		})
	}
}

// diffBox returns the bounding box of the pixels that differ.
func diffBox(a, b *image.RGBA) image.Rectangle {
	var r image.Rectangle
	for y := 0; y < a.Rect.Dy(); y++ {
		for x := 0; x < a.Rect.Dx(); x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// TestSceneSizes: the window is resizable; at any size the board fits
// left of the panel and its walls are drawn where the maze has them.
func TestSceneSizes(t *testing.T) {
	sc := builtin(t, "theseus")
	for _, size := range [][2]int{{640, 400}, {1000, 1000}, {1920, 1080}, {2560, 1440}} {
		w, h := size[0], size[1]
		a := newApp(t, sc, 100, 0, true) // no overlays: rays cross walls
		a.Update(Command{Width: w, Height: h})
		c := NewSoftCanvas(w, h, 1)
		a.Draw(c)
		img := c.Image()
		l := a.layout()
		if l.board.X < 0 || l.board.Y < 0 || l.board.Right() > l.panel.X || l.board.Bottom() > float32(h) || l.board.W < float32(min(w, h))/4 {
			t.Errorf("%dx%d: board %+v does not fit left of the panel %+v", w, h, l.board, l.panel)
		}
		m, doors := a.life.World().Maze(), a.life.World().Doors()
		walls := 0
		for i := 0; i < m.NumCells(); i++ {
			cell := m.CellAt(i)
			for _, s := range world.Sides {
				if m.Passable(cell, s, doors) || m.Edge(cell, s).IsDoor() {
					continue
				}
				p := edgeMid(l.cam, cell, s, 0)
				if dist(p, ratPixel(a)) < 2.6*float32(sc.Rat.Radius)*l.cam.k+3 {
					continue
				}
				if got := at(img, p); got != opaque(colWall) {
					t.Errorf("%dx%d: wall on the %s side of %v at pixel %v: %v, want %v", w, h, sideName(s), cell, p, got, colWall)
				}
				walls++
			}
		}
		if walls == 0 {
			t.Errorf("%dx%d: no walls checked", w, h)
		}
	}
}

// TestRetainedInteractions: as TestRetainedFrames, with the mouse
// changing the world between frames (a wall toggled, the cheese dragged,
// the rat carried, a paused single step): the kept picture, its board's
// layer included, is always the one drawn from scratch.
func TestRetainedInteractions(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 1<<40, OverlaysAll, true)
	c := &retainedCanvas{SoftCanvas: NewSoftCanvas(testW, testH, 1), versions: map[RegionID]uint64{}}
	check := func(what string) {
		t.Helper()
		a.Draw(c)
		if n := diffPixels(c.Image(), paint(a), Rect{0, 0, testW, testH}); n > 0 {
			t.Fatalf("after %s: the kept picture differs from a fresh one in %d pixels", what, n)
		}
	}
	run := func(n int) {
		for i := 0; i < n; i++ {
			a.Update(Command{Width: testW, Height: testH})
			a.Draw(c)
		}
	}
	run(120)
	check("living")
	cam := a.layout().cam
	cell, side := farEdge(t, a, func(w world.Wall, _ world.Cell, _ world.Side) bool { return w == world.Solid })
	click(a, edgeMid(cam, cell, side, 0))
	check("removing a wall")
	run(30)
	from := a.life.World().Cheese()[0]
	drag(a, cam.centre(from), cam.centre(farCell(t, a)))
	check("dragging the cheese")
	run(30)
	keys(a, "space")
	drag(a, ratPixel(a), cam.centre(farCell(t, a)))
	check("carrying the rat while paused")
	keys(a, "right")
	check("a step after carrying the rat")
	keys(a, "v", "b")
	check("switching overlays")
}

// countingCanvas counts the frames in which the board region and the
// maze's layer are drawn.
type countingCanvas struct {
	*retainedCanvas
	board, maze int
}

func (c *countingCanvas) Region(id RegionID, r Rect, v uint64) bool {
	ok := c.retainedCanvas.Region(id, r, v)
	if ok && id == RegionBoard {
		c.board++
	}
	return ok
}

func (c *countingCanvas) Layer(id LayerID, r Rect, v uint64) bool {
	ok := c.retainedCanvas.Layer(id, r, v)
	if ok {
		c.maze++
	}
	return ok
}

// TestRefreshAtSpeed: over a second of frames, the board and the maze's
// layer are redrawn as often as refreshEvery says at each speed: every
// frame at 1x, the maze 20 times a second at 16x with the rat still 60,
// and both 10 times a second at the fastest speed.
func TestRefreshAtSpeed(t *testing.T) {
	for _, tc := range []struct {
		key               Key
		maxBoard, maxMaze int
		minBoard          int
	}{{"1", 60, 60, 55}, {"5", 60, 21, 55}, {"0", 11, 11, 9}} {
		a := newApp(t, builtin(t, "braid12"), 1<<40, OverlaysAll, true)
		c := &countingCanvas{retainedCanvas: &retainedCanvas{SoftCanvas: NewSoftCanvas(testW, testH, 1), versions: map[RegionID]uint64{}}}
		keys(a, tc.key)
		a.Draw(c)
		c.board, c.maze = 0, 0
		for f := 0; f < FramesPerSecond; f++ {
			a.Update(Command{Width: testW, Height: testH})
			a.Draw(c)
		}
		if c.board > tc.maxBoard || c.board < tc.minBoard || c.maze > tc.maxMaze {
			t.Errorf("speed %dx: the board drawn in %d frames of %d (want %d to %d), the maze in %d (want at most %d)",
				a.Speed(), c.board, FramesPerSecond, tc.minBoard, tc.maxBoard, c.maze, tc.maxMaze)
		}
	}
}
