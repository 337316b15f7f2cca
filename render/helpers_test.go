package render

import (
	"image"
	"image/color"
	"testing"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

// The tests draw on a canvas of the window's default size at scale 1, so
// the App's own layout (a.layout) is the one Draw uses.
const testW, testH = DefaultWidth, DefaultHeight

// builtin loads a built-in scenario.
func builtin(t testing.TB, name string) *world.Scenario {
	t.Helper()
	sc, err := scenarios.Resolve(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// lived returns a dyna lifetime of sc that has lived steps steps.
func lived(t testing.TB, sc *world.Scenario, steps int64) *lab.Lifetime {
	t.Helper()
	res, err := lab.Run(t.Context(), lab.Config{Scenario: sc, Agent: "dyna", Steps: steps}, lab.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Lifetime
}

// newApp returns an App on a new lifetime of sc (dyna, steps long) with
// the given overlays, paused unless run.
func newApp(t testing.TB, sc *world.Scenario, steps int64, o Overlays, run bool) *App {
	t.Helper()
	opt := DefaultOptions()
	opt.Overlays, opt.Paused, opt.Dir = o, !run, t.TempDir()
	a, err := NewApp(lab.Config{Scenario: sc, Agent: "dyna", Steps: steps}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// paint draws a's picture on a fresh software canvas of the test size.
func paint(a *App) *image.RGBA {
	c := NewSoftCanvas(testW, testH, 1)
	a.Draw(c)
	return c.Image()
}

// at returns the colour of the pixel that holds point p.
func at(img *image.RGBA, p Point) color.RGBA {
	return img.RGBAAt(int(p.X), int(p.Y))
}

// opaque returns c as the colour an opaque pixel of it reads back as.
func opaque(c color.NRGBA) color.RGBA {
	return color.RGBA{c.R, c.G, c.B, 0xff}
}

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

// diffPixels counts the pixels of r that differ between two pictures.
func diffPixels(a, b *image.RGBA, r Rect) int {
	x0, y0, x1, y1 := SnapRect(r)
	n := 0
	for y := max(y0, 0); y < min(y1, a.Rect.Dy()); y++ {
		for x := max(x0, 0); x < min(x1, a.Rect.Dx()); x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				n++
			}
		}
	}
	return n
}

// edgeMid returns the pixel in the middle of a cell's side, nudged a
// little into the cell (inside) or exactly on the edge.
func edgeMid(cam camera, c world.Cell, s world.Side, inside float32) Point {
	ctr := cam.centre(c)
	dr, dc := s.Delta()
	d := cam.cellPx() * (0.5 - inside)
	return Point{ctr.X + float32(dc)*d, ctr.Y + float32(dr)*d}
}

// alongEdge moves p, on side s of a cell, a fraction f of a cell along
// that side.
func alongEdge(cam camera, p Point, s world.Side, f float32) Point {
	dr, dc := s.Delta()
	d := cam.cellPx() * f
	return Point{p.X + float32(dr)*d, p.Y + float32(dc)*d}
}

// ratPixel returns the pixel of the rat's centre.
func ratPixel(a *App) Point {
	x, y, _ := a.life.World().Pose()
	return a.layout().cam.pt(x, y)
}

// frames runs n frames of a with no input.
func frames(a *App, n int) {
	for i := 0; i < n; i++ {
		a.Update(Command{})
	}
}
