package render

import (
	"image/color"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// BenchmarkDraw draws the window's frame in software with every overlay
// on: a 30x30 generated maze (dfs, braid 0.5), the dyna agent after 2000
// steps, a 1280x800 canvas. ns/op is the CPU time of one frame on
// SoftCanvas (the budget is 8 ms a frame).
func BenchmarkDraw(b *testing.B) {
	a := benchApp(b, 30, 2000)
	c := NewSoftCanvas(DefaultWidth, DefaultHeight, 1)
	a.Draw(c)
	b.ReportAllocs()
	for b.Loop() {
		a.Draw(c)
	}
}

// benchApp returns an App with every overlay on over a generated n x n
// maze (dfs, braid 0.5, seed 1) whose dyna lifetime has lived steps
// steps.
func benchApp(b *testing.B, n int, steps int64) *App {
	sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: n, H: n, Braid: 0.5, Style: world.ThinWalls, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	opt := DefaultOptions()
	opt.Overlays = OverlaysAll
	a, err := NewAppFor(lived(b, sc, steps), opt)
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// meshCanvas feeds a Mesh as the window's canvas does, without a GPU:
// what building a frame's triangles costs, and how many there are.
type meshCanvas struct {
	w, h  int
	fonts *Fonts
	mesh  Mesh
	tris  int
}

func newMeshCanvas(w, h int) *meshCanvas {
	c := &meshCanvas{w: w, h: h, fonts: NewFonts(1)}
	c.mesh.Flush = func(m *Mesh) { c.tris += len(m.Indices) / 3 }
	return c
}

func (c *meshCanvas) Size() (int, int)                   { return c.w, c.h }
func (c *meshCanvas) Fonts() *Fonts                      { return c.fonts }
func (c *meshCanvas) Region(RegionID, Rect, uint64) bool { return true }
func (c *meshCanvas) Layer(LayerID, Rect, uint64) bool   { return true }
func (c *meshCanvas) EndLayer()                          {}
func (c *meshCanvas) FillRect(r Rect, col color.NRGBA) {
	x0, y0, x1, y1 := SnapRect(r)
	c.mesh.Rect(x0, y0, x1, y1, col)
}
func (c *meshCanvas) Grid(r Rect, cols, rows int, cells []color.NRGBA) {
	for row := 0; row < rows; row++ {
		for col := 0; col < cols; col++ {
			c.mesh.Rect(GridEdge(r.X, r.W, col, cols), GridEdge(r.Y, r.H, row, rows), GridEdge(r.X, r.W, col+1, cols), GridEdge(r.Y, r.H, row+1, rows), cells[row*cols+col])
		}
	}
}
func (c *meshCanvas) Line(x0, y0, x1, y1, w float32, col color.NRGBA) {
	c.mesh.Line(x0, y0, x1, y1, w, col)
}
func (c *meshCanvas) Polygon(pts []Point, col color.NRGBA)    { c.mesh.Convex(pts, col) }
func (c *meshCanvas) Circle(x, y, r float32, col color.NRGBA) { c.mesh.Circle(x, y, r, col) }
func (c *meshCanvas) Ring(x, y, r, w float32, col color.NRGBA) {
	c.mesh.Ring(x, y, r, w, col)
}
func (c *meshCanvas) Sprite(id SpriteID, x, y, w float32, angle float64, col color.NRGBA) {
	c.mesh.Quad(SpriteCorners(id, x, y, w, angle), Rect{0, 0, 1, 1}, col)
}
func (c *meshCanvas) Text(x, y float32, s string, f Font, col color.NRGBA) {
	c.fonts.Glyphs(s, f, x, func(r rune, dotX int) {
		c.mesh.Image(Rect{float32(dotX), y, 6, 10}, Rect{0, 0, 6, 10}, col)
	})
}

// frame ends a frame: counts and empties the mesh.
func (c *meshCanvas) frame() int {
	n := c.tris + len(c.mesh.Indices)/3
	c.tris = 0
	c.mesh.Reset()
	return n
}

// BenchmarkMeshFrame builds the triangles of the window's whole frame with
// every overlay on, a 40x40 maze (dfs, braid 0.5) and dyna after 30,000
// steps, as the window's canvas does when the whole board changes (the
// fastest speed): ns/op is the Go side of drawing a frame, tris/op how
// many triangles the GPU (Mesa's software rasteriser, under Xvfb) gets.
func BenchmarkMeshFrame(b *testing.B) {
	a := benchApp(b, 40, 30000)
	c := newMeshCanvas(DefaultWidth, DefaultHeight)
	a.Draw(c)
	tris := c.frame()
	b.ReportAllocs()
	for b.Loop() {
		a.Draw(c)
		tris = c.frame()
	}
	b.ReportMetric(float64(tris), "tris/op")
}
