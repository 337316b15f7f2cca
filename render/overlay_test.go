package render

import (
	"image"
	"image/color"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/agent"
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
		line := strings.Join(c.regionTexts(RegionStatus), " ")
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

// TestLearningCurve: after more trials than the recent pane holds, the
// moves chart shows the whole lifetime beside its last recentTrials
// trials, names the first and last trials on its x axis and says which
// part is recent; the world's events are drawn as upright lines; and the
// optimal, drawn over the moves, shows in the recent pane although the
// rat runs it exactly there.
func TestLearningCurve(t *testing.T) {
	l := lived(t, builtin(t, "blocking-maze"), 4000)
	n := len(l.Trials())
	if n <= recentTrials {
		t.Fatalf("%d trials: choose a longer lifetime", n)
	}
	if len(l.Events()) == 0 {
		t.Fatal("the lifetime has no events")
	}
	opt := DefaultOptions()
	a, err := NewAppFor(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	c := &textCanvas{SoftCanvas: NewSoftCanvas(testW, testH, 1)}
	a.Draw(c)
	plot := c.regionTexts(RegionPlots)
	got := strings.Join(plot, " | ")
	for _, want := range []string{"moves per trial", "optimal", "event", "1", thousands(int64(n)), thousands(int64(n + 1)), "last 40", "cumulative reward"} {
		if !slices.Contains(plot, want) && !strings.Contains(got, want) {
			t.Errorf("the learning section lacks %q: %s", want, got)
		}
	}
	img := c.Image()
	l2 := a.layout()
	count := func(r Rect, col color.NRGBA, tol int) int {
		k := 0
		for y := int(r.Y); y < int(r.Bottom()); y++ {
			for x := int(r.X); x < int(r.Right()); x++ {
				if near(img.RGBAAt(x, y), opaque(col), tol) {
					k++
				}
			}
		}
		return k
	}
	m := l2.moves
	recent := Rect{m.X + m.W*0.45, m.Y, m.W * 0.55, m.H}
	if k := count(recent, colOptimal, 30); k < 20 {
		t.Errorf("%d pixels of the optimal's colour in the recent pane: it hides under the moves", k)
	}
	if k := count(m, over(colPlotBg, fade(colEvent, 0.8)), 40); k < 5 {
		t.Errorf("%d pixels of the events' colour in the moves chart, want the event lines", k)
	}
}

// TestRecordingBadge: while the lifetime is recorded the status line says
// so with the file's size, and does not when it is not.
func TestRecordingBadge(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 1<<40, 0, true)
	status := func() string {
		c := &textCanvas{SoftCanvas: NewSoftCanvas(testW, testH, 1)}
		a.Draw(c)
		return strings.Join(c.regionTexts(RegionStatus), " ")
	}
	if s := status(); strings.Contains(s, "REC") {
		t.Errorf("not recording, but the status line says %q", s)
	}
	path := filepath.Join(t.TempDir(), "life.mazerec")
	if err := a.life.Record(path, 100, false); err != nil {
		t.Fatal(err)
	}
	frames(a, 60)
	want := "REC " + byteSize(a.life.RecordingSize())
	if s := status(); !strings.Contains(s, want) {
		t.Errorf("recording: the status line says %q, want %q", s, want)
	}
	if err := a.life.CloseRecording(); err != nil {
		t.Fatal(err)
	}
}

// TestSurprisesFade: a surprise is drawn at full strength when new,
// fainter as it ages, and not at all from surpriseLife steps on.
func TestSurprisesFade(t *testing.T) {
	a := livedApp(t)
	a.overlays = OverlaySurprises
	step := a.life.World().StepCount()
	place := a.sc.Maze.Index(a.sc.Maze.Start)
	board := a.layout().board
	cell := cellRect(a.layout().cam, a.sc.Maze.Start)
	picture := func(age int64) *image.RGBA {
		a.view.Surprises = []agent.Surprise{{Step: step - age, Place: place}}
		a.view.Places, a.view.W, a.view.H = a.sc.Maze.NumCells(), a.sc.Maze.W, a.sc.Maze.H
		return paint(a)
	}
	none := func() *image.RGBA { a.view.Surprises = nil; return paint(a) }()
	fresh, old, gone := picture(0), picture(surpriseLife/2), picture(surpriseLife)
	if diffPixels(fresh, none, cell) == 0 || diffPixels(old, none, cell) == 0 {
		t.Fatalf("a surprise 0 or %d steps old is not drawn", surpriseLife/2)
	}
	if n := diffPixels(gone, none, board); n != 0 {
		t.Errorf("a surprise %d steps old still changes %d pixels", surpriseLife, n)
	}
	if diffPixels(fresh, old, cell) == 0 {
		t.Errorf("a surprise %d steps old is drawn as strongly as a new one", surpriseLife/2)
	}
}
