package render

import (
	"image/color"
	"math"
	"slices"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// drawBoard paints the board region: the maze's layer (drawMaze: the
// floor with the value map folded in, the memory overlays, walls and
// doors, the cheese, and the labels, each in a place of its own so no
// text lands on text), then what moves with every tick: the sweep's
// marks, the trail, the rays, the believed pose, the rat, and what the
// mouse points at or holds. Badges and messages go to the status line
// under the board, never over it.
func (a *App) drawBoard(c Canvas, l layout, layerVersion uint64) {
	if c.Layer(LayerBoard, l.board, layerVersion^uint64(l.board.W)<<32^uint64(l.board.H)<<48) {
		a.drawMaze(c, l)
		c.EndLayer()
	}
	// What moves every tick, over the maze.
	cam := l.cam
	v := a.memory()
	if v != nil && a.overlays.Has(OverlaySweep) {
		a.drawSweep(c, cam)
	}
	if a.overlays.Has(OverlayTrail) {
		a.drawTrail(c, cam, l.s)
	}
	if a.overlays.Has(OverlayRays) && !a.carried {
		a.drawRays(c, cam, l.s)
	}
	if v != nil && a.overlays.Has(OverlayPose) {
		a.drawGhost(c, cam, v, l.s)
	}
	if a.held.kind != tRat {
		x, y, hd := a.life.World().Pose()
		p := cam.pt(x, y)
		drawRat(c, p.X, p.Y, hd, a.ratPx(cam, l.s), a.life.World().TickCount(), a.wallAt(cam))
	}
	a.drawPointer(c, l)
}

// drawMaze paints the board's layer that changes only when a step ends or
// the world or the overlays change (a.layerRev): the floor with the value
// map folded in, the agent's memory, the walls and doors, the cheese and
// the labels.
func (a *App) drawMaze(c Canvas, l layout) {
	cam := l.cam
	g := cam.grid()
	// The strips between the board's edge and the grid: the outline's
	// walls cover most of them.
	b := l.board
	c.FillRect(Rect{b.X, b.Y, b.W, g.Y - b.Y}, colBackground)
	c.FillRect(Rect{b.X, g.Bottom(), b.W, b.Bottom() - g.Bottom()}, colBackground)
	c.FillRect(Rect{b.X, g.Y, g.X - b.X, g.H}, colBackground)
	c.FillRect(Rect{g.Right(), g.Y, b.Right() - g.Right(), g.H}, colBackground)
	c.Grid(g, cam.w, cam.h, a.floorCells())
	a.drawCorners(c, cam)
	v := a.memory()
	if v != nil && a.overlays.Has(OverlayBeliefs) {
		a.drawWrongCells(c, cam, v, l.s)
	}
	a.drawStart(c, cam, l.s)
	if v != nil && a.overlays.Has(OverlayVisits) {
		a.drawVisits(c, cam, v)
	}
	if v != nil && a.overlays.Has(OverlayGreedy) {
		a.drawGreedy(c, cam, v)
	}
	if v != nil && a.overlays.Has(OverlayPlan) && !a.carried {
		a.drawPlan(c, cam, v, l.s)
	}
	a.drawWalls(c, l)
	if v != nil && a.overlays.Has(OverlayBeliefs) {
		a.drawBeliefs(c, cam, v, l.s)
	}
	if v != nil && a.overlays.Has(OverlaySurprises) {
		a.drawSurprises(c, cam, v, l.s)
	}
	for _, cell := range a.life.World().Cheese() {
		if a.held.kind == tCheese && a.held.cell == cell {
			continue
		}
		p := cam.centre(cell)
		drawCheese(c, p.X, p.Y, cam.cellPx())
	}
	a.drawLabels(c, l, v)
}

// ratPx returns the rat's radius in pixels (never under 7 at scale 1,
// so a small board still shows a rat).
func (a *App) ratPx(cam camera, s float32) float32 {
	return max(float32(a.sc.Rat.Radius)*cam.k, 7*s)
}

// memory returns the agent's view when it fits the maze, else nil.
func (a *App) memory() *agent.View {
	v := &a.view
	m := a.sc.Maze
	if v.Places != m.NumCells() || v.W != m.W || v.H != m.H {
		return nil
	}
	return v
}

// floorCells returns the colour of every cell's floor: the floor and
// the value map mixed into one opaque colour, so the board costs one pass
// over its pixels.
//
// Values are coloured by rank among the known ones (ties share a colour),
// so the gradient towards the cheese reads whatever the discount and
// however far a few outliers lie; the cells holding cheese are left out,
// since a trial ends there and its value says nothing about the way. The
// status line shows the scale with the lowest, median and highest value
// (a.sorted keeps them sorted for it).
func (a *App) floorCells() []color.NRGBA {
	m := a.sc.Maze
	n := m.NumCells()
	if cap(a.cells) < n {
		a.cells = make([]color.NRGBA, n)
	}
	cells := a.cells[:n]
	v := a.memory()
	heat := v != nil && a.overlays.Has(OverlayValue) && len(v.Value) == n
	a.sortValues()
	for i := range cells {
		col := colFloor
		if heat && !math.IsNaN(v.Value[i]) && !a.isCheese(i) {
			col = over(col, fade(valueColour(rankOf(a.sorted, v.Value[i])), valueAlpha))
		}
		cells[i] = col
	}
	return cells
}

// drawSweep marks the places the last planning sweep changed with a
// small square in each cell's corner, fading as the sweep ages: it shows
// where planning works without hiding the value map under it.
func (a *App) drawSweep(c Canvas, cam camera) {
	cs := cam.cellPx()
	d := max(2, cs*0.2)
	g := cam.grid()
	for i, f := range a.fade {
		if f <= 0 {
			continue
		}
		cell := a.sc.Maze.CellAt(i)
		x := g.X + float32(cell.Col+1)*cs - d - cs*0.12
		y := g.Y + float32(cell.Row)*cs + cs*0.12
		c.FillRect(Rect{x, y, d, d}, fade(colSweep, 0.3+0.7*f))
	}
}

// sortValues keeps a.sorted, the known values off the cheese in order,
// current for the maze's layer as it stands (a.layerRev): the value map
// colours by rank among them and the status line's scale names their
// ends.
func (a *App) sortValues() {
	if a.sortedRev == a.layerRev && a.sortedOK {
		return
	}
	a.sortedRev, a.sortedOK = a.layerRev, true
	a.sorted = a.sorted[:0]
	v := a.memory()
	if v == nil || !a.overlays.Has(OverlayValue) || len(v.Value) != a.sc.Maze.NumCells() {
		return
	}
	for i, x := range v.Value {
		if !math.IsNaN(x) && !a.isCheese(i) {
			a.sorted = append(a.sorted, x)
		}
	}
	slices.Sort(a.sorted)
}

// rankOf returns where x stands among the sorted values, in [0, 1]
// (0 when they are all equal: nothing learned yet).
func rankOf(sorted []float64, x float64) float32 {
	n := len(sorted)
	if n < 2 || sorted[n-1]-sorted[0] < 1e-12 {
		return 0
	}
	lo, _ := slices.BinarySearch(sorted, x)
	hi := lo
	for hi < n && sorted[hi] == x {
		hi++
	}
	return float32(lo+hi-1) / 2 / float32(n-1)
}

// isCheese reports whether place i holds cheese now.
func (a *App) isCheese(i int) bool {
	for _, c := range a.life.World().Cheese() {
		if a.sc.Maze.Index(c) == i {
			return true
		}
	}
	return false
}

// drawCorners dots the grid's corners so open floor still reads as cells.
func (a *App) drawCorners(c Canvas, cam camera) {
	if a.sc.Maze.Style == world.Blocks || cam.cellPx() < 24 {
		return
	}
	g := cam.grid()
	d := max(1, cam.cellPx()/40)
	for r := 1; r < cam.h; r++ {
		y := float32(GridEdge(g.Y, g.H, r, cam.h))
		for col := 1; col < cam.w; col++ {
			x := float32(GridEdge(g.X, g.W, col, cam.w))
			c.FillRect(Rect{x - d, y - d, 2 * d, 2 * d}, colFloorDot)
		}
	}
}

// drawStart rings the start cell (its label, in big cells, is drawn with
// the other labels).
func (a *App) drawStart(c Canvas, cam camera, s float32) {
	p := cam.centre(a.sc.Maze.Start)
	cs := cam.cellPx()
	c.Ring(p.X, p.Y, cs*0.36, max(1.5*s, cs*0.04), colStart)
}

// drawWalls draws every wall that blocks now, and the open doors.
func (a *App) drawWalls(c Canvas, l layout) {
	cam := l.cam
	w := a.life.World()
	m := w.Maze()
	pad := boardPad(a.sc)
	gw, gh := float64(m.W)*a.sc.Cell, float64(m.H)*a.sc.Cell
	for _, r := range w.Walls() {
		// The physics' outline reaches far outside; draw it to the board's edge.
		r.MinX, r.MaxX = max(r.MinX, -pad), min(r.MaxX, gw+pad)
		r.MinY, r.MaxY = max(r.MinY, -pad), min(r.MaxY, gh+pad)
		if r.MinX >= r.MaxX || r.MinY >= r.MaxY {
			continue
		}
		col := colWall
		if r.Wall.IsDoor() {
			col = colDoor
		}
		c.FillRect(cam.rect(r), col)
	}
	// Open doors: a dashed outline where the door would stand (their
	// letters are drawn with the other labels).
	doors := w.Doors()
	for row := 0; row < m.H; row++ {
		for col := 0; col < m.W; col++ {
			cell := world.Cell{Row: row, Col: col}
			if m.Style == world.Blocks {
				if wl := m.Cell(cell); wl.IsDoor() && doors.Open(wl.Letter()) {
					r := cam.rect(a.boxRect(a.wallBox(world.WallChange{Cell: cell})))
					dashedRect(c, r.Inset(r.W*0.12), max(1.5*l.s, r.W*0.05), colDoorOpen)
				}
				continue
			}
			for _, s := range world.Sides {
				if s == world.South && row < m.H-1 || s == world.East && col < m.W-1 {
					continue // drawn from the neighbour's North or West
				}
				if wl := m.Edge(cell, s); wl.IsDoor() && doors.Open(wl.Letter()) {
					dashedLine(c, cam.rect(a.boxRect(a.wallBox(world.WallChange{Cell: cell, Side: s}))), colDoorOpen)
				}
			}
		}
	}
}

// boxRect turns a box into a sim.Rect for the camera.
func (a *App) boxRect(b box) sim.Rect {
	return sim.Rect{MinX: b.minX, MinY: b.minY, MaxX: b.maxX, MaxY: b.maxY}
}

// dashedLine draws an open thin door: three dashes along its long side.
func dashedLine(c Canvas, r Rect, col color.NRGBA) {
	const n = 3
	if r.W >= r.H {
		y := r.Y + r.H/2
		seg := r.W / (2*n - 1)
		for i := 0; i < n; i++ {
			x := r.X + float32(2*i)*seg
			c.Line(x, y, x+seg, y, max(1, r.H*0.6), col)
		}
		return
	}
	x := r.X + r.W/2
	seg := r.H / (2*n - 1)
	for i := 0; i < n; i++ {
		y := r.Y + float32(2*i)*seg
		c.Line(x, y, x, y+seg, max(1, r.W*0.6), col)
	}
}

// dashedRect outlines a rectangle with dashes (an open block door).
func dashedRect(c Canvas, r Rect, width float32, col color.NRGBA) {
	corners := [5]Point{{r.X, r.Y}, {r.Right(), r.Y}, {r.Right(), r.Bottom()}, {r.X, r.Bottom()}, {r.X, r.Y}}
	for i := 0; i < 4; i++ {
		p, q := corners[i], corners[i+1]
		for k := 0; k < 3; k++ {
			t0, t1 := float32(2*k)/5, float32(2*k+1)/5
			c.Line(p.X+(q.X-p.X)*t0, p.Y+(q.Y-p.Y)*t0, p.X+(q.X-p.X)*t1, p.Y+(q.Y-p.Y)*t1, width, col)
		}
	}
}

// labelCells is the side (pixels at scale 1) from which cells carry
// text: visit counts, the start's and doors' names.
const labelCells = 34

// drawVisits shows how often each place was visited: in small cells as
// dots sized by the log of the count; big cells show the number with the
// other labels.
func (a *App) drawVisits(c Canvas, cam camera, v *agent.View) {
	if len(v.Visits) != v.Places || cam.cellPx() >= labelCells {
		return
	}
	most := int32(0)
	for _, n := range v.Visits {
		most = max(most, n)
	}
	if most == 0 {
		return
	}
	cs := cam.cellPx()
	g := cam.grid()
	for p, n := range v.Visits {
		if n == 0 {
			continue
		}
		cell := a.sc.Maze.CellAt(p)
		x0 := g.X + float32(cell.Col)*cs
		y0 := g.Y + float32(cell.Row)*cs
		f := float32(math.Sqrt(math.Log1p(float64(n)) / math.Log1p(float64(most))))
		r := max(1, cs*(0.04+0.12*f))
		if r < 3 {
			// A square of a few pixels looks like a disc and costs two
			// triangles instead of a circle's twenty.
			c.FillRect(Rect{x0 + cs*0.25 - r, y0 + cs*0.75 - r, 2 * r, 2 * r}, colVisits)
			continue
		}
		c.Circle(x0+cs*0.25, y0+cs*0.75, r, colVisits)
	}
}

// drawGreedy draws the greedy option of every place as an arrow.
func (a *App) drawGreedy(c Canvas, cam camera, v *agent.View) {
	if len(v.Greedy) != v.Places {
		return
	}
	cs := cam.cellPx()
	width := max(1.2, cs*0.04)
	var head [3]Point
	for p, g := range v.Greedy {
		// -1: the agent prefers no option there (its values tie, or it
		// knows nothing of the place): no arrow.
		if g < 0 || g > 3 || len(v.Value) == len(v.Greedy) && math.IsNaN(v.Value[p]) {
			continue
		}
		ctr := cam.centre(a.sc.Maze.CellAt(p))
		dr, dc := world.Side(g).Delta()
		dx, dy := float32(dc), float32(dr)
		tip := Point{ctr.X + dx*cs*0.3, ctr.Y + dy*cs*0.3}
		base := Point{ctr.X + dx*cs*0.15, ctr.Y + dy*cs*0.15}
		// The shaft is axis-aligned: a rectangle, two triangles.
		c.FillRect(axisRect(ctr.X-dx*cs*0.1, ctr.Y-dy*cs*0.1, base.X, base.Y, width), colGreedy)
		hw := cs * 0.09
		if hw < 2.5 {
			// In small cells the head is a few pixels: a square at the
			// tip reads the same and costs two triangles, not seven.
			c.FillRect(Rect{tip.X - hw - dx*hw, tip.Y - hw - dy*hw, 2 * hw, 2 * hw}, colGreedy)
			continue
		}
		head[0] = tip
		head[1] = Point{base.X - dy*hw, base.Y + dx*hw}
		head[2] = Point{base.X + dy*hw, base.Y - dx*hw}
		c.Polygon(head[:], colGreedy)
	}
}

// drawPlan draws the path the agent means to follow.
func (a *App) drawPlan(c Canvas, cam camera, v *agent.View, s float32) {
	if len(v.Plan) == 0 {
		return
	}
	cs := cam.cellPx()
	width := max(2*s, cs*0.07)
	m := a.sc.Maze
	var prev Point
	for i, p := range v.Plan {
		if p < 0 || p >= m.NumCells() {
			return
		}
		q := cam.centre(m.CellAt(p))
		if i > 0 {
			c.Line(prev.X, prev.Y, q.X, q.Y, width, fade(colPlan, 0.85))
		}
		c.Circle(q.X, q.Y, width*0.9, colPlan)
		prev = q
	}
	c.Ring(prev.X, prev.Y, max(4*s, cs*0.18), width*0.7, colPlan)
}

// drawBeliefs draws the walls the agent believes in, just inside each
// cell, against the truth: agreeing beliefs in blue, a believed wall
// where there is none in red, and a believed opening where there is a
// wall in red dashes.
func (a *App) drawBeliefs(c Canvas, cam camera, v *agent.View, s float32) {
	if len(v.Walls) != 4*v.Places {
		return
	}
	w := a.life.World()
	m, doors := w.Maze(), w.Doors()
	cs := cam.cellPx()
	inset := cs * 0.13
	okW, badW := max(1.2*s, cs*0.045), max(2*s, cs*0.07)
	for p := 0; p < v.Places; p++ {
		cell := m.CellAt(p)
		if !m.Open(cell, doors) {
			continue
		}
		ctr := cam.centre(cell)
		for _, side := range world.Sides {
			b := v.Walls[4*p+int(side)]
			if b == agent.Unknown {
				continue
			}
			wall := !m.Passable(cell, side, doors)
			dr, dc := side.Delta()
			nx, ny := float32(dc), float32(dr) // towards the side
			mx, my := ny, -nx                  // along it
			d := cs/2 - inset                  // from the centre
			ox, oy := ctr.X+nx*d, ctr.Y+ny*d   // the side's middle, inset
			half := cs * 0.34
			x0, y0, x1, y1 := ox-mx*half, oy-my*half, ox+mx*half, oy+my*half
			// Sides are axis-aligned: rectangles, two triangles each.
			switch {
			case b == agent.Wall && wall:
				c.FillRect(axisRect(x0, y0, x1, y1, okW), colBelief)
			case b == agent.Wall && !wall:
				c.FillRect(axisRect(x0, y0, x1, y1, badW), colWrong)
			case b == agent.Open && wall:
				for k := 0; k < 3; k++ {
					t0, t1 := float32(2*k)/5, float32(2*k+1)/5
					c.FillRect(axisRect(x0+(x1-x0)*t0, y0+(y1-y0)*t0, x0+(x1-x0)*t1, y0+(y1-y0)*t1, badW), colWrong)
				}
			}
		}
	}
}

// mapErrors counts the agent's beliefs that disagree with the maze.
func (a *App) mapErrors(v *agent.View) (known, wrong int) {
	if v == nil || len(v.Walls) != 4*v.Places {
		return 0, 0
	}
	w := a.life.World()
	m, doors := w.Maze(), w.Doors()
	for p := 0; p < v.Places; p++ {
		cell := m.CellAt(p)
		if !m.Open(cell, doors) {
			continue
		}
		for _, side := range world.Sides {
			b := v.Walls[4*p+int(side)]
			if b == agent.Unknown {
				continue
			}
			known++
			if (b == agent.Wall) != !m.Passable(cell, side, doors) {
				wrong++
			}
		}
	}
	return known, wrong
}

// surpriseLife is how many steps a surprise stays on the board: its ring
// fades from full to nothing over that many steps.
const surpriseLife = 3000

// drawSurprises rings the places where the model was wrong, fading with
// age in steps until they vanish.
func (a *App) drawSurprises(c Canvas, cam camera, v *agent.View, s float32) {
	step := a.life.World().StepCount()
	cs := cam.cellPx()
	for _, sp := range v.Surprises {
		if sp.Place < 0 || sp.Place >= a.sc.Maze.NumCells() {
			continue
		}
		f := surpriseStrength(step - sp.Step)
		if f <= 0 {
			continue
		}
		q := cam.centre(a.sc.Maze.CellAt(sp.Place))
		r := max(5*s, cs*0.3)
		c.Ring(q.X, q.Y, r, max(1.5*s, cs*0.05), fade(colSurpris, f))
	}
}

// surpriseStrength is how strongly a surprise age steps old is drawn:
// 1 when new, 0 from surpriseLife steps on.
func surpriseStrength(age int64) float32 {
	return max(0, 1-float32(age)/surpriseLife)
}

// wallAt returns a test of whether a pixel lies on a wall (or outside
// the grid) as the world stands, for stopping the rat's tail there.
func (a *App) wallAt(cam camera) func(Point) bool {
	w := a.life.World()
	gw, gh := float64(w.Maze().W)*a.sc.Cell, float64(w.Maze().H)*a.sc.Cell
	return func(p Point) bool {
		x, y := cam.world(p)
		if x < 0 || y < 0 || x > gw || y > gh {
			return true
		}
		for _, r := range w.Walls() {
			if x >= r.MinX && x <= r.MaxX && y >= r.MinY && y <= r.MaxY {
				return true
			}
		}
		return false
	}
}

// drawTrail draws the body's recent path, fading with age in bands (see
// trail.each).
func (a *App) drawTrail(c Canvas, cam camera, s float32) {
	if a.trail.n < 2 {
		return
	}
	var prev Point
	a.trail.each(func(i, band int, x, y float64, jump bool) {
		p := cam.pt(x, y)
		if i > 0 && !jump {
			f := 0.08 + 0.62*(1-float32(band)/trailBands)
			c.Line(prev.X, prev.Y, p.X, p.Y, 2*s, fade(colTrail, f))
		}
		prev = p
	})
}

// drawRays draws the ray fan of the last observation from where it was
// taken, and a touch on the body.
func (a *App) drawRays(c Canvas, cam camera, s float32) {
	w := a.life.World()
	obs := w.Observation()
	spec := w.ObservationSpec()
	x, y, hd := a.obsPose[0], a.obsPose[1], a.obsPose[2]
	o := cam.pt(x, y)
	for i, r := range obs.Rays {
		if i >= len(spec.RayAngles) {
			break
		}
		ang := hd + spec.RayAngles[i]
		d := r * spec.RayRange
		e := cam.pt(x+d*math.Cos(ang), y+d*math.Sin(ang))
		c.Line(o.X, o.Y, e.X, e.Y, 1.2*s, colRay)
		if r < 1 {
			c.Circle(e.X, e.Y, 2.2*s, colRayHit)
		}
	}
	if obs.Touch {
		bx, by, bh := w.Pose()
		rad := a.sc.Rat.Radius
		p := cam.pt(bx+rad*math.Cos(bh+obs.TouchAngle), by+rad*math.Sin(bh+obs.TouchAngle))
		c.Circle(p.X, p.Y, max(3*s, float32(rad)*cam.k*0.3), colTouch)
	}
}

// drawPointer highlights what the mouse would act on, and what it holds.
func (a *App) drawPointer(c Canvas, l layout) {
	cam := l.cam
	switch a.held.kind {
	case tRat, tCheese:
		if cell, _, _, in := cam.cellAt(a.mouse); in {
			cr := cellRect(cam, cell)
			c.FillRect(cr, colHover)
		}
		if a.held.kind == tRat {
			drawRat(c, a.mouse.X, a.mouse.Y, math.Pi/2, float32(a.sc.Rat.Radius)*cam.k*1.15, a.life.World().TickCount(), nil)
		} else {
			drawCheese(c, a.mouse.X, a.mouse.Y, cam.cellPx()*1.15)
		}
		return
	}
	t := a.hover
	switch t.kind {
	case tEdge:
		r := cam.rect(a.boxRect(a.wallBox(world.WallChange{Cell: t.cell, Side: t.side})))
		c.FillRect(r.Inset(-max(1, l.s)), colHover)
	case tCell:
		c.FillRect(cellRect(cam, t.cell), colHover)
	case tRat:
		x, y, _ := a.life.World().Pose()
		p := cam.pt(x, y)
		c.Ring(p.X, p.Y, float32(a.sc.Rat.Radius)*cam.k*1.45, 2*l.s, colHover)
	case tCheese:
		p := cam.centre(t.cell)
		c.Ring(p.X, p.Y, cam.cellPx()*0.36, 2*l.s, colHover)
	}
}

// axisRect returns the rectangle of an axis-aligned segment of the given
// width.
func axisRect(x0, y0, x1, y1, width float32) Rect {
	if y0 == y1 {
		return Rect{min(x0, x1), y0 - width/2, max(x0, x1) - min(x0, x1), width}
	}
	return Rect{x0 - width/2, min(y0, y1), width, max(y0, y1) - min(y0, y1)}
}

func cellRect(cam camera, cell world.Cell) Rect {
	g := cam.grid()
	x0, x1 := GridEdge(g.X, g.W, cell.Col, cam.w), GridEdge(g.X, g.W, cell.Col+1, cam.w)
	y0, y1 := GridEdge(g.Y, g.H, cell.Row, cam.h), GridEdge(g.Y, g.H, cell.Row+1, cam.h)
	return Rect{float32(x0), float32(y0), float32(x1 - x0), float32(y1 - y0)}
}
