package render

import (
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// keys runs one frame with the given keys pressed.
func keys(a *App, ks ...Key) Result { return a.Update(Command{Keys: ks}) }

// ticked runs one frame with keys and returns how many ticks it ran.
func ticked(a *App, ks ...Key) int64 {
	before := a.life.World().TickCount()
	keys(a, ks...)
	return a.life.World().TickCount() - before
}

func TestKeysPauseResume(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 1<<20, 0, true)
	if a.Paused() || a.Speed() != 1 {
		t.Fatalf("a new running App: paused %v speed %d, want running at 1x", a.Paused(), a.Speed())
	}
	if n := ticked(a); n != 1 {
		t.Errorf("a frame at 1x ran %d ticks, want 1", n)
	}
	if n := ticked(a, "space"); n != 0 || !a.Paused() {
		t.Errorf("space: paused %v and %d ticks, want paused and none", a.Paused(), n)
	}
	for i := 0; i < 5; i++ {
		if n := ticked(a); n != 0 {
			t.Errorf("paused frame %d ran %d ticks", i, n)
		}
	}
	if n := ticked(a, "space"); n != 1 || a.Paused() {
		t.Errorf("space again: paused %v and %d ticks, want running and 1", a.Paused(), n)
	}
}

func TestKeysSingleStep(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 1<<20, 0, true)
	w := a.life.World()
	for i, k := range []Key{".", "right", "."} {
		if i == 2 {
			// Mid-step: the step under way is finished, and no more.
			keys(a, "space") // resumes: one tick
			frames(a, 1)
			if !w.InStep() {
				t.Fatalf("after 2 ticks the step should be under way (control_every %d)", a.sc.ControlEvery)
			}
		}
		before := w.StepCount()
		keys(a, k)
		if got := w.StepCount(); got != before+1 || w.InStep() {
			t.Errorf("%q: step %d -> %d (in a step: %v), want exactly one whole step", k, before, got, w.InStep())
		}
		if !a.Paused() {
			t.Errorf("%q: not paused after a single step", k)
		}
		if n := ticked(a); n != 0 {
			t.Errorf("%q: the next frame ran %d ticks while paused", k, n)
		}
	}
}

func TestKeysSpeed(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 1<<20, 0, true)
	for i := 0; i < 9; i++ {
		k := Key(rune('1' + i))
		if n := ticked(a, k); n != int64(speeds[i]) || a.Speed() != speeds[i] {
			t.Errorf("key %s: speed %d, %d ticks in the frame, want %d", k, a.Speed(), n, speeds[i])
		}
	}
	keys(a, "1")
	for i, k := range []Key{"+", "=", "-", "-", "-"} {
		want := []int{2, 4, 2, 1, 1}[i]
		if n := ticked(a, k); a.Speed() != want || n != int64(want) {
			t.Errorf("%d: %q: speed %d and %d ticks, want %d", i, k, a.Speed(), n, want)
		}
	}
	keys(a, "9")
	for i, want := range []int{512, 1024, 0} {
		if keys(a, "+"); a.Speed() != want {
			t.Errorf("+ %d from 256x: speed %d, want %d", i+1, a.Speed(), want)
		}
	}
	if n := ticked(a, "0"); a.Speed() != 0 || n != maxTicksUnclocked {
		t.Errorf("0: speed %d and %d ticks, want the fastest (0) and %d ticks without a clock", a.Speed(), n, maxTicksUnclocked)
	}
}

func TestKeysOverlaysHelpQuit(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 100, OverlaysDefault, false)
	for _, info := range overlayTable {
		before := a.Overlays()
		keys(a, info.key)
		if got := a.Overlays(); got != before^info.o {
			t.Errorf("key %s: overlays %v, want %v", info.key, got, before^info.o)
		}
		keys(a, Key(strings.ToUpper(string(info.key))))
		if got := a.Overlays(); got != before {
			t.Errorf("key %s (upper case) again: overlays %v, want %v back", strings.ToUpper(string(info.key)), got, before)
		}
	}
	if keys(a, "a"); a.Overlays() != OverlaysAll {
		t.Errorf("a: overlays %v, want all", a.Overlays())
	}
	if keys(a, "a"); a.Overlays() != 0 {
		t.Errorf("a again: overlays %v, want none", a.Overlays())
	}
	for i, step := range []struct {
		k    Key
		help bool
	}{{"h", true}, {"h", false}, {"?", true}, {"esc", false}, {"?", true}, {"?", false}} {
		if keys(a, step.k); a.Help() != step.help {
			t.Errorf("%d: %q: help %v, want %v", i, step.k, a.Help(), step.help)
		}
	}
	keys(a, "h")
	a.Update(Command{Mouse: Mouse{X: 10, Y: 10, In: true, Down: true, Pressed: true}})
	if a.Help() {
		t.Errorf("a click did not close the help panel")
	}
	for _, k := range []Key{"space", "x", "v", "h", "h"} {
		if keys(a, k).Quit {
			t.Errorf("%q quits", k)
		}
	}
	if !keys(a, "q").Quit || !keys(a, "Q").Quit {
		t.Errorf("q does not quit")
	}
}

func TestKeysScreenshot(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 100, 0, false)
	seen := map[string]bool{}
	for i, k := range []Key{"i", "f12", "i"} {
		p := keys(a, k).Screenshot
		if p == "" || filepath.Dir(p) != a.opt.Dir || filepath.Ext(p) != ".png" || seen[p] {
			t.Fatalf("%d: %q: screenshot path %q, want a new .png in %s (had %v)", i, k, p, a.opt.Dir, seen)
		}
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%d: %q: screenshot path %s exists already", i, k, p)
		}
		seen[p] = true
		// The front end writes it.
		if err := os.WriteFile(p, []byte("png"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if keys(a, "space").Screenshot != "" {
		t.Errorf("space asks for a screenshot")
	}
}

// The mouse, as data.

func press(a *App, p Point) {
	a.Update(Command{Mouse: Mouse{X: p.X, Y: p.Y, In: true, Down: true, Pressed: true}})
}

func release(a *App, p Point) {
	a.Update(Command{Mouse: Mouse{X: p.X, Y: p.Y, In: true, Released: true}})
}

func click(a *App, p Point) { press(a, p); release(a, p) }

// drag presses at from, moves (a frame on the way and one at to) and
// releases at to.
func drag(a *App, from, to Point) {
	press(a, from)
	mid := Point{(from.X + to.X) / 2, (from.Y + to.Y) / 2}
	for _, p := range []Point{mid, to} {
		a.Update(Command{Mouse: Mouse{X: p.X, Y: p.Y, In: true, Down: true}})
	}
	release(a, to)
}

// livedApp returns a paused App on theseus whose rat has lived a while.
func livedApp(t *testing.T) *App {
	t.Helper()
	a := newApp(t, builtin(t, "theseus"), 1<<20, 0, true)
	frames(a, 150)
	keys(a, "space")
	if !a.Paused() || a.life.World().StepCount() == 0 {
		t.Fatalf("paused %v at step %d", a.Paused(), a.life.World().StepCount())
	}
	return a
}

// farEdge returns the first inner side, far from the rat and the cheese,
// for which want(wall, cell, side) holds.
func farEdge(t *testing.T, a *App, want func(world.Wall, world.Cell, world.Side) bool) (world.Cell, world.Side) {
	t.Helper()
	w := a.life.World()
	m := w.Maze()
	cam := a.layout().cam
	for i := 0; i < m.NumCells(); i++ {
		c := m.CellAt(i)
		for _, s := range world.Sides {
			far := dist(edgeMid(cam, c, s, 0), ratPixel(a)) > 1.5*cam.cellPx()
			for _, ch := range w.Cheese() {
				far = far && ch != c && ch != c.Step(s)
			}
			if far && !m.OnBoundary(c, s) && want(m.Edge(c, s), c, s) {
				return c, s
			}
		}
	}
	t.Fatal("no such side in the maze")
	return world.Cell{}, 0
}

// lastIntervention checks that the world's log grew by one intervention,
// made at the current step, and returns it.
func lastIntervention(t *testing.T, a *App, before int) world.Event {
	t.Helper()
	w := a.life.World()
	log := w.Applied()
	if len(log) != before+1 {
		msg, _ := a.Message()
		t.Fatalf("the event log has %d entries, want %d (message %q)", len(log), before+1, msg)
	}
	e := log[len(log)-1]
	if e.Index != -1 || e.Step != w.StepCount() {
		t.Errorf("logged event index %d at step %d, want an intervention (-1) at step %d", e.Index, e.Step, w.StepCount())
	}
	// The lifetime's event rows take it in at once between steps, and
	// at the end of a step under way.
	if w.InStep() {
		keys(a, ".")
	}
	rows := a.life.Events()
	if len(rows) == 0 || rows[len(rows)-1].Step != e.Step {
		t.Errorf("the lifetime's event rows %+v lack the intervention at step %d", rows, e.Step)
	}
	return e.Event
}

func TestMouseWalls(t *testing.T) {
	a := livedApp(t)
	w := a.life.World()
	cam := a.layout().cam

	// A wall is removed.
	c, s := farEdge(t, a, func(wl world.Wall, _ world.Cell, _ world.Side) bool { return wl == world.Solid })
	n := len(w.Applied())
	click(a, edgeMid(cam, c, s, 0.05))
	if got := w.Maze().Edge(c, s); got != world.NoWall {
		t.Errorf("after a click on the wall on the %s side of %v: %v, want no wall", sideName(s), c, got)
	}
	e := lastIntervention(t, a, n)
	if want := []world.WallChange{{Cell: c, Side: s, Add: false}}; !slices.Equal(e.Walls, want) {
		t.Errorf("logged %+v, want %+v", e.Walls, want)
	}
	if msg, isErr := a.Message(); isErr || !strings.Contains(msg, "removed") {
		t.Errorf("message %q (error %v), want one saying the wall was removed", msg, isErr)
	}

	// A wall is put on an open side (one whose closing leaves a way to
	// the cheese, so the change is valid).
	c, s = farEdge(t, a, func(wl world.Wall, c world.Cell, s world.Side) bool {
		if wl != world.NoWall {
			return false
		}
		m := w.Maze().Clone()
		m.SetEdge(c, s, world.Solid)
		var o world.Oracle
		return o.Moves(m, w.Doors(), w.Cell(), w.Cheese()) > 0
	})
	n = len(w.Applied())
	click(a, edgeMid(cam, c, s, 0.05))
	if got := w.Maze().Edge(c, s); got != world.Solid {
		t.Errorf("after a click on the open %s side of %v: %v, want a wall", sideName(s), c, got)
	}
	e = lastIntervention(t, a, n)
	if want := []world.WallChange{{Cell: c, Side: s, Add: true}}; !slices.Equal(e.Walls, want) {
		t.Errorf("logged %+v, want %+v", e.Walls, want)
	}

	// The outline stays.
	n = len(w.Applied())
	click(a, edgeMid(cam, world.Cell{Row: w.Maze().H - 1, Col: 0}, world.South, 0.05))
	if msg, isErr := a.Message(); !isErr || !strings.Contains(msg, "outline") {
		t.Errorf("a click on the outline: message %q (error %v), want a refusal", msg, isErr)
	}
	if len(w.Applied()) != n {
		t.Errorf("a refused click was logged")
	}
}

func TestMouseDoor(t *testing.T) {
	a := livedApp(t)
	w := a.life.World()
	c, s := farEdge(t, a, func(wl world.Wall, _ world.Cell, _ world.Side) bool { return wl.IsDoor() })
	l := w.Maze().Edge(c, s).Letter()
	open := w.Doors().Open(l)
	n := len(w.Applied())
	click(a, edgeMid(a.layout().cam, c, s, 0.05))
	if w.Doors().Open(l) == open {
		t.Errorf("a click on door %c left it open=%v", l, open)
	}
	e := lastIntervention(t, a, n)
	if got := append(e.Open, e.Close...); !slices.Equal(got, []byte{l}) {
		t.Errorf("logged open %q close %q, want door %c", e.Open, e.Close, l)
	}
}

// farCell returns the first open cell far from the rat and without cheese.
func farCell(t *testing.T, a *App) world.Cell {
	t.Helper()
	w := a.life.World()
	m := w.Maze()
	cam := a.layout().cam
	for i := m.NumCells() - 1; i >= 0; i-- {
		c := m.CellAt(i)
		if m.Open(c, w.Doors()) && !slices.Contains(w.Cheese(), c) && dist(cam.centre(c), ratPixel(a)) > 2*cam.cellPx() {
			return c
		}
	}
	t.Fatal("no free cell")
	return world.Cell{}
}

func TestMouseDragCheese(t *testing.T) {
	a := livedApp(t)
	w := a.life.World()
	cam := a.layout().cam
	from, to := w.Cheese()[0], farCell(t, a)
	n := len(w.Applied())
	// While the cheese is held the lifetime waits, even unpaused.
	keys(a, "space")
	press(a, cam.centre(from))
	if n := ticked(a); n != 0 {
		t.Errorf("a frame ran %d ticks while the cheese was held", n)
	}
	a.Update(Command{Mouse: Mouse{X: cam.centre(to).X, Y: cam.centre(to).Y, In: true, Down: true}})
	keys(a, "space")
	release(a, cam.centre(to))
	if got := w.Cheese(); !slices.Equal(got, []world.Cell{to}) {
		t.Errorf("cheese at %v, want it moved from %v to %v", got, from, to)
	}
	e := lastIntervention(t, a, n)
	if !slices.Equal(e.Cheese, []world.Cell{to}) {
		t.Errorf("logged cheese %v, want %v", e.Cheese, to)
	}
}

func TestMouseCarryRat(t *testing.T) {
	a := livedApp(t)
	w := a.life.World()
	cam := a.layout().cam
	to := farCell(t, a)
	n := len(w.Applied())
	drag(a, ratPixel(a), cam.centre(to))
	if w.Cell() != to {
		t.Errorf("the rat is in %v, want it carried to %v", w.Cell(), to)
	}
	x, y, _ := w.Pose()
	if cx, cy := w.CellCentre(to); dist(cam.pt(x, y), cam.pt(cx, cy)) > 1 {
		t.Errorf("the rat is at (%.3f, %.3f), want the centre of %v (%.3f, %.3f)", x, y, to, cx, cy)
	}
	e := lastIntervention(t, a, n)
	if e.Rat == nil || *e.Rat != to {
		t.Errorf("logged rat %v, want %v", e.Rat, to)
	}
	// Carried while paused: the last observation's rays and the plan
	// belong to the old place and are not drawn until a step ends there.
	board := a.layout().board
	with := func(o Overlays) *image.RGBA {
		a.overlays = o
		return paint(a)
	}
	if d := diffPixels(with(OverlayRays|OverlayPlan), with(0), board); d != 0 {
		t.Errorf("after carrying the rat, rays and plan change %d pixels of the board, want none until the next step", d)
	}
	keys(a, "right")
	if d := diffPixels(with(OverlayRays), with(0), board); d == 0 {
		t.Errorf("a step after carrying the rat, the rays are still not drawn")
	}
}

func TestMouseInvalidDrop(t *testing.T) {
	blocks := newApp(t, builtin(t, "dyna-maze"), 1<<20, 0, false)
	var wall world.Cell
	m := blocks.life.World().Maze()
	for i := 0; i < m.NumCells(); i++ {
		if c := m.CellAt(i); m.Cell(c) == world.Solid {
			wall = c
			break
		}
	}
	for _, tc := range []struct {
		name string
		a    *App
		what func(a *App) Point // what is dragged
		to   func(a *App) Point
		msg  string
	}{
		{"cheese outside", livedApp(t), func(a *App) Point { return a.layout().cam.centre(a.life.World().Cheese()[0]) },
			func(a *App) Point { return Point{a.layout().board.Right() + 20, 40} }, "outside"},
		{"rat outside", livedApp(t), ratPixel, func(a *App) Point { return Point{5, 5} }, "outside"},
		{"rat on a wall", blocks, ratPixel, func(a *App) Point { return a.layout().cam.centre(wall) }, "is a wall"},
		{"cheese on a wall", blocks, func(a *App) Point { return a.layout().cam.centre(a.life.World().Cheese()[0]) },
			func(a *App) Point { return a.layout().cam.centre(wall) }, "is a wall"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a
			w := a.life.World()
			n, cheese, cell := len(w.Applied()), slices.Clone(w.Cheese()), w.Cell()
			x, y, _ := w.Pose()
			drag(a, tc.what(a), tc.to(a))
			if msg, isErr := a.Message(); !isErr || !strings.Contains(msg, "refused") || !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q (error %v), want a refusal saying %q", msg, isErr, tc.msg)
			}
			x2, y2, _ := w.Pose()
			if len(w.Applied()) != n || !slices.Equal(w.Cheese(), cheese) || w.Cell() != cell || x != x2 || y != y2 {
				t.Errorf("a refused drop changed the world: log %d -> %d, cheese %v -> %v, rat %v -> %v",
					n, len(w.Applied()), cheese, w.Cheese(), cell, w.Cell())
			}
		})
	}
}

// TestInterventionsRecorded: what the mouse changes goes through the
// lifetime, so a recording keeps it.
func TestInterventionsRecorded(t *testing.T) {
	a := livedApp(t)
	path := filepath.Join(t.TempDir(), "life.rec")
	if err := a.life.Record(path, 0, false); err != nil {
		t.Fatal(err)
	}
	c, s := farEdge(t, a, func(wl world.Wall, _ world.Cell, _ world.Side) bool { return wl == world.Solid })
	click(a, edgeMid(a.layout().cam, c, s, 0.05))
	at := a.life.World().StepCount()
	keys(a, "space")
	frames(a, 30)
	if err := a.life.CloseRecording(); err != nil {
		t.Fatal(err)
	}
	rec, err := lab.OpenRecording(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Interventions(); !slices.Equal(got, []int64{at}) {
		t.Errorf("the recording holds interventions at steps %v, want %v", got, []int64{at})
	}
}

// TestAppDeterminism: an App with no input lives the lifetime lab.Run
// lives with the same seed, whatever its speed and overlays, and single
// steps give it too.
func TestAppDeterminism(t *testing.T) {
	const steps = 400
	for _, name := range []string{"theseus", "dyna-maze"} {
		sc := builtin(t, name)
		want := lived(t, sc, steps)
		ww := want.World()
		for _, mode := range []string{"fastest", "256x all overlays", "single steps"} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				a := newApp(t, sc, steps, 0, true)
				switch mode {
				case "fastest":
					keys(a, "0")
				case "256x all overlays":
					keys(a, "9", "a")
				case "single steps":
					for i := 0; i < steps; i++ {
						keys(a, ".")
					}
				}
				for i := 0; i < 100000 && !a.life.Done(); i++ {
					frames(a, 1)
				}
				w := a.life.World()
				x, y, h := w.Pose()
				wx, wy, wh := ww.Pose()
				if w.StepCount() != steps || w.Hash() != ww.Hash() || w.TickCount() != ww.TickCount() ||
					x != wx || y != wy || h != wh || len(a.life.Trials()) != len(want.Trials()) {
					t.Errorf("the App's lifetime: step %d tick %d hash %x pose (%g, %g, %g) %d trials;\nlab.Run's: step %d tick %d hash %x pose (%g, %g, %g) %d trials",
						w.StepCount(), w.TickCount(), w.Hash(), x, y, h, len(a.life.Trials()),
						ww.StepCount(), ww.TickCount(), ww.Hash(), wx, wy, wh, len(want.Trials()))
				}
			})
		}
	}
}

// TestMessagesNameCells: a message about a cell says which number is the
// row, also when the world's own refusal wrote the cell.
func TestMessagesNameCells(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 100, 0, false)
	// Theseus starts with door a open and b closed: closing a leaves no
	// way to the cheese, which the world refuses.
	if a.apply(world.Event{Close: []byte{'a'}}, "closed door a") {
		t.Fatal("closing the only way to the cheese was allowed")
	}
	msg, isErr := a.Message()
	if !isErr || !strings.Contains(msg, "(row 0, col 0)") || strings.Contains(msg, "(0,0)") {
		t.Errorf("refusal %q (error %v): want the start named (row 0, col 0)", msg, isErr)
	}
	if got := cellName(world.Cell{Row: 3, Col: 4}); got != "(row 3, col 4)" {
		t.Errorf("cellName: %q", got)
	}
}
