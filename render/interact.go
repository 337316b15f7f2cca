package render

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"

	"github.com/mazerat/mazerat/world"
)

// targetKind is what the pointer is over.
type targetKind uint8

const (
	tNone    targetKind = iota
	tEdge               // an edge of a thin-wall maze (wall, door or opening)
	tCell               // a cell of a block maze
	tOutline            // the maze's outline, which stays closed
	tCheese             // a cheese
	tRat                // the rat
)

// target is something on the board the mouse can act on.
type target struct {
	kind targetKind
	cell world.Cell
	side world.Side
}

// pointer handles the mouse: hover, click to toggle, drag to carry.
func (a *App) pointer(m Mouse) {
	if m.Pressed && m.In && !a.help {
		if t, ok := a.layout().tabAt(Point{m.X, m.Y}, len(a.life.MetricNames()) > 0); ok {
			a.tab = t
			return
		}
	}
	if a.replay != nil {
		a.replayPointer(m, a.layout())
		return
	}
	p := Point{m.X, m.Y}
	moved := p != a.mouse
	a.mouse = p
	var t target
	if m.In && !a.help {
		t = a.pick(p)
	}
	if t != a.hover {
		a.hover = t
		a.rev++
	}
	if a.held.kind != tNone && moved {
		a.rev++
	}
	if m.Pressed {
		if a.help {
			a.help = false
			a.rev++
			return
		}
		a.press = t
		if t.kind == tRat || t.kind == tCheese {
			a.held = t
			a.rev++
			a.layerRev++
		}
	}
	if m.Released {
		switch {
		case a.held.kind != tNone:
			a.drop(p)
			a.held = target{}
			a.rev++
			a.layerRev++
		case a.press == t && t.kind != tNone:
			a.click(t)
		}
		a.press = target{}
	}
}

// layout returns the layout of the App's canvas.
func (a *App) layout() layout {
	return a.layoutFor(a.w, a.h, a.fonts)
}

// pick returns what lies under pixel p.
func (a *App) pick(p Point) target {
	l := a.layout()
	if !l.board.Inset(-6 * l.s).Contains(p) {
		return target{}
	}
	cam := l.cam
	w := a.life.World()
	x, y, _ := w.Pose()
	rp := cam.pt(x, y)
	if dist(p, rp) <= max(float32(a.sc.Rat.Radius)*cam.k*1.4, 10*l.s) {
		return target{kind: tRat, cell: w.Cell()}
	}
	for _, c := range w.Cheese() {
		if dist(p, cam.centre(c)) <= max(0.32*cam.cellPx(), 8*l.s) {
			return target{kind: tCheese, cell: c}
		}
	}
	m := w.Maze()
	cell, fx, fy, in := cam.cellAt(p)
	if !in {
		return target{kind: tOutline}
	}
	if m.Style == world.Blocks {
		return target{kind: tCell, cell: cell}
	}
	// The nearest side, if near enough and away from the corners.
	d := [4]float64{world.North: fy, world.East: 1 - fx, world.South: 1 - fy, world.West: fx}
	along := [4]float64{world.North: fx, world.East: fy, world.South: fx, world.West: fy}
	best := world.North
	for _, s := range world.Sides {
		if d[s] < d[best] {
			best = s
		}
	}
	tol := max(0.2, float64(5*l.s/cam.cellPx()))
	if d[best] > tol || along[best] < 0.12 || along[best] > 0.88 {
		return target{}
	}
	if m.OnBoundary(cell, best) {
		return target{kind: tOutline}
	}
	return target{kind: tEdge, cell: cell, side: best}
}

func dist(a, b Point) float32 {
	return float32(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

// click toggles the wall or door under a click.
func (a *App) click(t target) {
	m := a.life.World().Maze()
	switch t.kind {
	case tOutline:
		a.refuse("the maze's outline stays closed")
	case tEdge:
		a.toggle(m.Edge(t.cell, t.side), world.WallChange{Cell: t.cell, Side: t.side},
			fmt.Sprintf("the %s side of %s", sideName(t.side), cellName(t.cell)))
	case tCell:
		a.toggle(m.Cell(t.cell), world.WallChange{Cell: t.cell}, "cell "+cellName(t.cell))
	}
}

// cellName writes a cell as messages show it, saying which number is
// which: "(row 3, col 4)", row 0 at the top.
func cellName(c world.Cell) string {
	return fmt.Sprintf("(row %d, col %d)", c.Row, c.Col)
}

func sideName(s world.Side) string {
	return [...]string{"north", "east", "south", "west"}[s]
}

// toggle opens or closes a door group, or removes or puts a wall.
func (a *App) toggle(wall world.Wall, wc world.WallChange, where string) {
	w := a.life.World()
	m := w.Maze()
	var e world.Event
	var what string
	switch {
	case wall.IsDoor():
		l := wall.Letter()
		if w.Doors().Open(l) {
			if a.ratIn(a.doorBoxes(l)) {
				a.refuse(fmt.Sprintf("door %c would close on the rat", l))
				return
			}
			e.Close, what = []byte{l}, fmt.Sprintf("closed door %c", l)
		} else {
			e.Open, what = []byte{l}, fmt.Sprintf("opened door %c", l)
		}
	case wall == world.Solid:
		wc.Add = false
		e.Walls, what = []world.WallChange{wc}, "removed the wall on "+where
	default:
		wc.Add = true
		if m.Style == world.Blocks {
			switch {
			case wc.Cell == w.Cell():
				a.refuse("the rat is in that cell: carry it away first")
				return
			case slices.Contains(w.Cheese(), wc.Cell):
				a.refuse("the cheese is in that cell: drag it away first")
				return
			case wc.Cell == m.Start:
				a.refuse("the start stays open")
				return
			}
		}
		if a.ratIn([]box{a.wallBox(wc)}) {
			a.refuse("the rat is in the way")
			return
		}
		e.Walls, what = []world.WallChange{wc}, "put a wall on "+where
	}
	a.apply(e, what)
}

// drop ends a drag: the cheese or the rat goes to the cell under p.
func (a *App) drop(p Point) {
	w := a.life.World()
	m := w.Maze()
	cell, _, _, in := a.layout().cam.cellAt(p)
	if !in {
		a.refuse("dropped outside the maze")
		return
	}
	if cell == a.held.cell {
		return
	}
	if !m.Open(cell, w.Doors()) {
		a.refuse(cellName(cell) + " is a wall")
		return
	}
	switch a.held.kind {
	case tCheese:
		if slices.Contains(w.Cheese(), cell) {
			a.refuse(cellName(cell) + " already has cheese")
			return
		}
		spots := slices.Clone(a.spots)
		i := slices.Index(spots, a.held.cell)
		if i < 0 {
			spots = append(spots, cell)
			i = len(spots) - 1
		}
		spots[i] = cell
		// With respawn the cheese stands on the first spot: keep it where
		// it was dropped.
		spots[0], spots[i] = spots[i], spots[0]
		a.apply(world.Event{Cheese: spots}, fmt.Sprintf("moved the cheese from %s to %s", cellName(a.held.cell), cellName(cell)))
	case tRat:
		c := cell
		if a.apply(world.Event{Rat: &c}, fmt.Sprintf("carried the rat from %s to %s", cellName(a.held.cell), cellName(cell))) {
			// What the last observation saw (the rays) and what the agent
			// planned from there belong to the old place until the next
			// step: hide them; the trail breaks.
			a.carried = true
			x, y, _ := a.life.World().Pose()
			a.trail.add(x, y, a.sc.Cell)
		}
	}
}

// apply makes a change through the lifetime (lab.Lifetime.Apply): the
// world validates it and logs it as a world event at this step, and the
// lifetime keeps it in its recording and checkpoints. It reports whether
// the change was made.
func (a *App) apply(e world.Event, what string) bool {
	w := a.life.World()
	if err := a.life.Apply(e); err != nil {
		a.refuse(explain(err))
		return false
	}
	a.edits++
	a.trackEvents()
	msg := fmt.Sprintf("step %d: %s", w.StepCount(), what)
	if a.optimalNow() < 0 {
		msg += "; no way to the cheese now"
	}
	a.Notify(msg, false)
	return true
}

func (a *App) refuse(why string) { a.Notify("refused: "+why, true) }

// explain returns the first problem of a validation error, without the
// file position (the change was made by hand, not read from a file).
func explain(err error) string {
	msg := err.Error()
	var el world.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		msg = el[0].Msg
	}
	// The world writes a cell "(3,4)"; the window names its numbers.
	return worldCell.ReplaceAllString(msg, "(row $1, col $2)")
}

// worldCell matches a cell as world.Cell.String writes it.
var worldCell = regexp.MustCompile(`\((\d+),(\d+)\)`)

// box is a wall's box in world coordinates.
type box struct{ minX, minY, maxX, maxY float64 }

// wallBox returns the box a wall would occupy (as the simulator builds
// it: cells in a block maze, edges wall_width thick in a thin-wall maze).
func (a *App) wallBox(wc world.WallChange) box {
	s, t := a.sc.Cell, a.sc.WallWidth/2
	H := float64(a.sc.Maze.H)
	r, c := float64(wc.Cell.Row), float64(wc.Cell.Col)
	if a.sc.Maze.Style == world.Blocks {
		return box{c * s, (H - r - 1) * s, (c + 1) * s, (H - r) * s}
	}
	switch wc.Side {
	case world.North:
		return box{c*s - t, (H-r)*s - t, (c+1)*s + t, (H-r)*s + t}
	case world.South:
		return box{c*s - t, (H-r-1)*s - t, (c+1)*s + t, (H-r-1)*s + t}
	case world.West:
		return box{c*s - t, (H-r-1)*s - t, c*s + t, (H-r)*s + t}
	default:
		return box{(c+1)*s - t, (H-r-1)*s - t, (c+1)*s + t, (H-r)*s + t}
	}
}

// doorBoxes returns the boxes of every wall of door group l.
func (a *App) doorBoxes(l byte) []box {
	m := a.life.World().Maze()
	var out []box
	for r := 0; r < m.H; r++ {
		for c := 0; c < m.W; c++ {
			cell := world.Cell{Row: r, Col: c}
			if m.Style == world.Blocks {
				if m.Cell(cell).Letter() == l {
					out = append(out, a.wallBox(world.WallChange{Cell: cell}))
				}
				continue
			}
			for _, s := range []world.Side{world.North, world.West} {
				if m.Edge(cell, s).Letter() == l {
					out = append(out, a.wallBox(world.WallChange{Cell: cell, Side: s}))
				}
			}
			if r == m.H-1 && m.Edge(cell, world.South).Letter() == l {
				out = append(out, a.wallBox(world.WallChange{Cell: cell, Side: world.South}))
			}
			if c == m.W-1 && m.Edge(cell, world.East).Letter() == l {
				out = append(out, a.wallBox(world.WallChange{Cell: cell, Side: world.East}))
			}
		}
	}
	return out
}

// ratIn reports whether the rat's body overlaps any of the boxes.
func (a *App) ratIn(boxes []box) bool {
	x, y, _ := a.life.World().Pose()
	r := a.sc.Rat.Radius
	for _, b := range boxes {
		cx, cy := min(max(x, b.minX), b.maxX), min(max(y, b.minY), b.maxY)
		if math.Hypot(x-cx, y-cy) < r {
			return true
		}
	}
	return false
}
