package render

import (
	"image"
	"strings"
	"testing"
)

// TestNoArrowWithoutPreference: the greedy overlay draws an arrow in the
// cells where the agent prefers an option and nothing in the cells where
// it has none (View.Greedy -1: tied values, or a place it never saw).
func TestNoArrowWithoutPreference(t *testing.T) {
	a, _ := fakeApp(t, builtin(t, "braid12"), 50, OverlayValue)
	without := paint(a)
	a.overlays = OverlayValue | OverlayGreedy
	with := paint(a)
	cam := a.layout().cam
	v := a.memory()
	if v == nil {
		t.Fatal("the fake agent's memory does not fit the maze")
	}
	none, some := 0, 0
	for p, g := range v.Greedy {
		n := diffPixels(with, without, cellRect(cam, a.sc.Maze.CellAt(p)))
		switch {
		case g < 0 && n > 0:
			t.Errorf("cell %v: no preference (greedy %d), but the greedy overlay changes %d pixels", cellName(a.sc.Maze.CellAt(p)), g, n)
		case g < 0:
			none++
		case n == 0:
			t.Errorf("cell %v: greedy %d, but no arrow is drawn", cellName(a.sc.Maze.CellAt(p)), g)
		default:
			some++
		}
	}
	if none == 0 || some == 0 {
		t.Fatalf("%d cells without a preference and %d with: the fake agent should have both", none, some)
	}
}

// TestValueScale: with the value map on, the status line shows its colour
// scale with the lowest and highest values written out, and the colours
// of the scale's ends are the map's lowest and highest colours; without
// the value map, no scale.
func TestValueScale(t *testing.T) {
	l := lived(t, builtin(t, "braid12"), 3000)
	for _, o := range []Overlays{OverlaysDefault, OverlaysDefault &^ OverlayValue} {
		opt := DefaultOptions()
		opt.Overlays = o
		a, err := NewAppFor(l, opt)
		if err != nil {
			t.Fatal(err)
		}
		c := &textCanvas{SoftCanvas: NewSoftCanvas(testW, testH, 1)}
		a.Draw(c)
		var status []string
		for _, x := range c.texts {
			if x.region == RegionStatus {
				status = append(status, x.s)
			}
		}
		line := strings.Join(status, " ")
		if !o.Has(OverlayValue) {
			if strings.Contains(line, "value") {
				t.Errorf("value map off, but the status line shows a scale: %q", line)
			}
			continue
		}
		lo, hi := compact(a.sorted[0]), compact(a.sorted[len(a.sorted)-1])
		if lo == hi {
			t.Fatalf("every known value is %s: the lifetime learnt nothing", lo)
		}
		for _, want := range []string{"value", lo, hi, "median"} {
			if !strings.Contains(line, want) {
				t.Errorf("the status line %q lacks %q", line, want)
			}
		}
		// The bar's ends are the map's end colours over the floor.
		img := c.Image()
		r := a.layout().status
		wantLo, wantHi := opaque(over(colFloor, fade(valueColour(0), valueAlpha))), opaque(over(colFloor, fade(valueColour(1), valueAlpha)))
		foundLo, foundHi := false, false
		y := int(r.Y + r.H/2)
		for x := int(r.X); x < int(r.Right()); x++ {
			foundLo = foundLo || near(img.RGBAAt(x, y), wantLo, 12)
			foundHi = foundHi || near(img.RGBAAt(x, y), wantHi, 12)
		}
		if !foundLo || !foundHi {
			t.Errorf("the scale's colours: low end found %v, high end found %v", foundLo, foundHi)
		}
	}
}

// TestValueMapAtSpeed: after a second at the fastest speed with the
// default overlays, the value map still reads: the middle of nearly every
// cell with a known value shows the value map's colour for that value,
// not a planning sweep's tint over it (above 1x the sweep used to turn
// the whole explored board pale).
func TestValueMapAtSpeed(t *testing.T) {
	sc := builtin(t, "braid12")
	a := newApp(t, sc, 1<<40, OverlaysDefault, true)
	keys(a, "0")
	frames(a, 60)
	img := paint(a)
	v := a.memory()
	cam := a.layout().cam
	checked, wrong := 0, 0
	for p, x := range v.Value {
		if x != x || a.isCheese(p) {
			continue
		}
		want := opaque(over(colFloor, fade(valueColour(rankOf(a.sorted, x)), valueAlpha)))
		// A little off the middle: the plan's dots and the rat sit there.
		c := cam.centre(a.sc.Maze.CellAt(p))
		q := image.Point{int(c.X - cam.cellPx()*0.3), int(c.Y + cam.cellPx()*0.3)}
		checked++
		if !near(img.RGBAAt(q.X, q.Y), want, 6) {
			wrong++
		}
	}
	if checked < 50 {
		t.Fatalf("only %d cells with known values after a second at the fastest speed", checked)
	}
	if wrong > checked/10 {
		t.Errorf("%d of %d cells do not show their value's colour at the fastest speed", wrong, checked)
	}
}
