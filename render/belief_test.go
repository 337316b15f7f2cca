package render

import (
	"strings"
	"testing"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// TestGhostRat: an agent that keeps its memory on a lattice of its own
// (fakeAgent, born in its place (1, 1)) and believes it stands 0.3 cells
// east of that place's centre is drawn as a ghost rat there on the maze:
// 0.3 cells east of the centre of the cell the body was born in, aligned
// by lab.Lifetime.View. The stats say where it believes it is.
func TestGhostRat(t *testing.T) {
	sc := builtin(t, "braid12")
	a, _ := fakeApp(t, sc, 30, 0)
	without := paint(a)
	a.overlays = OverlayPose
	with := paint(a)
	cam := a.layout().cam
	birth := sc.Maze.Start
	c := cam.centre(birth)
	want := Point{c.X + 0.3*cam.cellPx(), c.Y}
	// Most of a disc around the believed pose changes (the ghost's body);
	// a ghost a cell off would leave it as it was.
	r := a.ratPx(cam, 1) * 0.5
	changed, total := 0, 0
	for y := int(want.Y - r); y <= int(want.Y+r); y++ {
		for x := int(want.X - r); x <= int(want.X+r); x++ {
			if dist(Point{float32(x), float32(y)}, want) > r {
				continue
			}
			total++
			if with.RGBAAt(x, y) != without.RGBAAt(x, y) {
				changed++
			}
		}
	}
	if changed < total*3/4 {
		t.Errorf("%d of %d pixels around the believed pose %v (0.3 cells east of %s) change: the ghost is not there", changed, total, want, cellName(birth))
	}
	st := a.stats()
	found := false
	for _, r := range st.rows {
		if r.text[0] == "believes" {
			found = true
			if !strings.HasPrefix(r.text[1], cellName(birth)) {
				t.Errorf("stats: believes %q, want it to start with %s", r.text[1], cellName(birth))
			}
		}
		if r.text[0] == "maps" && r.text[1] != "#2 of 3" {
			t.Errorf("stats: maps %q, want #2 of 3", r.text[1])
		}
	}
	if !found {
		t.Errorf("the stats have no believes row: %v", st.rows)
	}
}

// TestWrongCells: with the beliefs overlay, exactly the open cells whose
// believed walls disagree with the maze are outlined in red.
func TestWrongCells(t *testing.T) {
	a, _ := fakeApp(t, builtin(t, "braid12"), 30, OverlayBeliefs)
	img := paint(a)
	v := a.memory()
	cam := a.layout().cam
	m := a.life.World().Maze()
	bad, good := 0, 0
	for p := 0; p < m.NumCells(); p++ {
		cell := m.CellAt(p)
		if !m.Open(cell, a.life.World().Doors()) {
			continue
		}
		r := cellRect(cam, cell).Inset(cam.cellPx() * 0.08)
		// A corner of the outline, away from the believed walls drawn
		// along the sides.
		q := Point{r.X + 1, r.Y + 1}
		red := img.RGBAAt(int(q.X), int(q.Y))
		isRed := red.R > 150 && red.G < 120 && red.B < 140
		wrong := a.believesWrong(v, cell, p)
		switch {
		case wrong && !isRed:
			t.Errorf("%s: the agent's map is wrong there but the cell is not outlined (pixel %v)", cellName(cell), red)
		case !wrong && isRed:
			t.Errorf("%s: the agent's map is right there but the cell is outlined", cellName(cell))
		case wrong:
			bad++
		default:
			good++
		}
	}
	if bad == 0 || good == 0 {
		t.Fatalf("%d wrong cells and %d right ones: the fake agent should have both", bad, good)
	}
}

// TestMetricCharts: the agent's metrics are drawn as small charts, one
// per metric, named with their values now; N pages through them when
// they do not all fit; an agent without metrics has no such section.
func TestMetricCharts(t *testing.T) {
	a, _ := fakeApp(t, builtin(t, "braid12"), 300, OverlaysDefault)
	names := a.life.MetricNames()
	if len(names) != 5 {
		t.Fatalf("metric names %v, want the fake agent's five", names)
	}
	for _, size := range [][2]int{{1280, 800}, {640, 400}} {
		seen := map[string]bool{}
		a.tab = tabAgent
		a.Update(Command{Width: size[0], Height: size[1]})
		for page := 0; page < 6; page++ {
			c := &textCanvas{SoftCanvas: NewSoftCanvas(size[0], size[1], 1)}
			a.Draw(c)
			for _, x := range c.texts {
				if x.region == RegionMetrics {
					seen[x.s] = true
				}
			}
			keys(a, "n")
		}
		for _, n := range names {
			if !seen[n] {
				t.Errorf("%dx%d: metric %s never shown in 6 pages (shown: %v)", size[0], size[1], n, seen)
			}
		}
	}
	opt := DefaultOptions()
	r, err := NewApp(lab.Config{Scenario: builtin(t, "braid12"), Agent: "random", Steps: 100}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := r.life.MetricNames(); len(n) != 0 {
		t.Fatalf("agent random reports metrics %v: choose an agent without", n)
	}
	if l := r.layout(); l.metrics.H != 0 || l.tabbed && len(shownTabs(false)) != 2 {
		t.Errorf("an agent without metrics has a metrics section %+v", l.metrics)
	}
}

// TestWorldReturns: the window names the configuration the world stands
// in (sim.World.ConfigID) and marks a return to one met before, in the
// stats and the status line: theseus with its door b opened by hand is a
// second world; closed again, the first world again.
func TestWorldReturns(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 100, 0, false)
	if !a.configKnown() {
		t.Fatal("the App knows no configuration: sim.World.ConfigID not seen")
	}
	world := func() string {
		for _, r := range a.stats().rows {
			if r.text[2] == "world" {
				return r.text[3]
			}
			if r.text[0] == "world" {
				return r.text[1]
			}
		}
		return ""
	}
	steps := []struct {
		e    worldEvent
		want string
	}{{nil, "#1"}, {openDoor('b'), "#2"}, {closeDoor('b'), "#1 again"}, {openDoor('b'), "#2 again"}}
	for i, st := range steps {
		if st.e != nil {
			if !a.apply(st.e(), "test") {
				t.Fatalf("%d: the change was refused: %v", i, a.msg.text)
			}
		}
		if got := world(); got != st.want {
			t.Errorf("%d: world %q, want %q", i, got, st.want)
		}
		badge := a.statusLine().again
		if again := strings.HasSuffix(st.want, "again"); (badge != "") != again || again && !strings.Contains(badge, strings.TrimSuffix(st.want, " again")) {
			t.Errorf("%d: status badge %q, want one saying %q", i, badge, st.want)
		}
	}
}

type worldEvent func() world.Event

func closeDoor(l byte) worldEvent { return func() world.Event { return world.Event{Close: []byte{l}} } }
func openDoor(l byte) worldEvent  { return func() world.Event { return world.Event{Open: []byte{l}} } }

// TestWorldLog: the log numbers configurations in the order first met
// and marks a return to one met before, whatever the ids.
func TestWorldLog(t *testing.T) {
	w := newWorldLog()
	ids := []uint64{7, 9, 7, 7, 11, 9}
	wantCur := []int{0, 1, 0, 0, 2, 1}
	wantAgain := []bool{false, false, true, true, false, true}
	for i, id := range ids {
		w.see(id)
		if w.current != wantCur[i] || w.again() != wantAgain[i] {
			t.Errorf("after %v: world #%d, again %v; want #%d, %v", ids[:i+1], w.current+1, w.again(), wantCur[i]+1, wantAgain[i])
		}
	}
	if w.returns != 2 {
		t.Errorf("%d returns counted, want 2", w.returns)
	}
}
