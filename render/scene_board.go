package render

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// drawBoard paints the board region: floor (with the value map and the
// sweep folded in, one pass), overlays under the walls, walls and doors,
// overlays over them, the cheese, the rays and the rat, then what the
// mouse points at or holds and the message line.
func (a *App) drawBoard(c Canvas, l layout) {
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
	if a.overlays.Has(OverlayTrail) {
		a.drawTrail(c, cam, l.s)
	}
	a.drawStart(c, cam, l.s)
	if v != nil && a.overlays.Has(OverlayVisits) {
		a.drawVisits(c, cam, v)
	}
	if v != nil && a.overlays.Has(OverlayGreedy) {
		a.drawGreedy(c, cam, v)
	}
	if v != nil && a.overlays.Has(OverlayPlan) {
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
	if a.overlays.Has(OverlayRays) {
		a.drawRays(c, cam, l.s)
	}
	if a.held.kind != tRat {
		x, y, hd := a.life.World().Pose()
		p := cam.pt(x, y)
		drawRat(c, p.X, p.Y, hd, max(float32(a.sc.Rat.Radius)*cam.k, 7*l.s), a.life.World().TickCount())
	}
	a.drawPointer(c, l)
	a.drawMessage(c, l)
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

// floorCells returns the colour of every cell's floor: the floor, the
// value map and the fading sweep mixed into one opaque colour, so the
// board costs one pass over its pixels.
//
// Values are coloured by rank among the known ones (ties share a colour),
// so the gradient towards the cheese reads whatever the discount and
// however far a few outliers lie; the cells holding cheese are left out,
// since a trial ends there and its value says nothing about the way.
func (a *App) floorCells() []color.NRGBA {
	m := a.sc.Maze
	n := m.NumCells()
	if cap(a.cells) < n {
		a.cells = make([]color.NRGBA, n)
	}
	cells := a.cells[:n]
	v := a.memory()
	heat := v != nil && a.overlays.Has(OverlayValue) && len(v.Value) == n
	var sorted []float64
	if heat {
		sorted = a.sorted[:0]
		for i, x := range v.Value {
			if !math.IsNaN(x) && !a.isCheese(i) {
				sorted = append(sorted, x)
			}
		}
		slices.Sort(sorted)
		a.sorted = sorted
	}
	sweep := a.overlays.Has(OverlaySweep) && v != nil
	for i := range cells {
		col := colFloor
		if heat && !math.IsNaN(v.Value[i]) && !a.isCheese(i) {
			col = over(col, fade(valueColour(rankOf(sorted, v.Value[i])), 0.7))
		}
		if sweep && a.fade[i] > 0 {
			col = over(col, fade(colSweep, 0.7*a.fade[i]))
		}
		cells[i] = col
	}
	return cells
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
	if a.sc.Maze.Style == world.Blocks || cam.cellPx() < 14 {
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

// drawStart marks the start cell.
func (a *App) drawStart(c Canvas, cam camera, s float32) {
	p := cam.centre(a.sc.Maze.Start)
	cs := cam.cellPx()
	c.Ring(p.X, p.Y, cs*0.36, max(1.5*s, cs*0.04), colStart)
	if cs >= 40 {
		fonts := c.Fonts()
		t := "start"
		c.Text(p.X-fonts.Width(t, FontSmall)/2, p.Y+cs*0.36+2*s, t, FontSmall, colStart)
	}
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
	// Open doors: a dashed outline where the door would stand, and the
	// group's letter on doors big enough to read.
	doors := w.Doors()
	fonts := c.Fonts()
	label := func(r Rect, letter byte, col color.NRGBA) {
		if cam.cellPx() < 28 {
			return
		}
		t := string(rune(letter))
		tw, th := fonts.Width(t, FontSmall), fonts.Height(FontSmall)
		cx, cy := r.X+r.W/2, r.Y+r.H/2
		if r.W < r.H { // an upright thin door: label beside it
			cx += r.W/2 + tw/2 + 3*l.s
		} else if r.H < r.W/2 {
			cy -= r.H/2 + th/2 + 1*l.s
		}
		c.Text(cx-tw/2, cy-th/2, t, FontSmall, col)
	}
	for row := 0; row < m.H; row++ {
		for col := 0; col < m.W; col++ {
			cell := world.Cell{Row: row, Col: col}
			if m.Style == world.Blocks {
				wl := m.Cell(cell)
				if !wl.IsDoor() {
					continue
				}
				r := cam.rect(a.boxRect(a.wallBox(world.WallChange{Cell: cell})))
				if doors.Open(wl.Letter()) {
					dashedRect(c, r.Inset(r.W*0.12), max(1.5*l.s, r.W*0.05), colDoorOpen)
					label(r, wl.Letter(), colDoorOpen)
				} else {
					label(r, wl.Letter(), colFloor)
				}
				continue
			}
			for _, s := range world.Sides {
				if s == world.South && row < m.H-1 || s == world.East && col < m.W-1 {
					continue // drawn from the neighbour's North or West
				}
				wl := m.Edge(cell, s)
				if !wl.IsDoor() {
					continue
				}
				r := cam.rect(a.boxRect(a.wallBox(world.WallChange{Cell: cell, Side: s})))
				if doors.Open(wl.Letter()) {
					dashedLine(c, r, colDoorOpen)
				}
				label(r, wl.Letter(), colDoor)
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

// drawVisits shows how often each place was visited: numbers in big
// cells, dots sized by the log of the count in small ones.
func (a *App) drawVisits(c Canvas, cam camera, v *agent.View) {
	if len(v.Visits) != v.Places {
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
		if cs >= 34 {
			t := strconv.Itoa(int(n))
			c.Text(x0+cs*0.1, y0+cs*0.08, t, FontSmall, colVisits)
			continue
		}
		f := float32(math.Sqrt(math.Log1p(float64(n)) / math.Log1p(float64(most))))
		c.Circle(x0+cs*0.25, y0+cs*0.25, max(1, cs*(0.04+0.12*f)), colVisits)
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
		if g < 0 || g > 3 {
			continue
		}
		ctr := cam.centre(a.sc.Maze.CellAt(p))
		dr, dc := world.Side(g).Delta()
		dx, dy := float32(dc), float32(dr)
		tip := Point{ctr.X + dx*cs*0.3, ctr.Y + dy*cs*0.3}
		base := Point{ctr.X + dx*cs*0.15, ctr.Y + dy*cs*0.15}
		c.Line(ctr.X-dx*cs*0.1, ctr.Y-dy*cs*0.1, base.X, base.Y, width, colGreedy)
		hw := cs * 0.09
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
			switch {
			case b == agent.Wall && wall:
				c.Line(x0, y0, x1, y1, okW, colBelief)
			case b == agent.Wall && !wall:
				c.Line(x0, y0, x1, y1, badW, colWrong)
			case b == agent.Open && wall:
				for k := 0; k < 3; k++ {
					t0, t1 := float32(2*k)/5, float32(2*k+1)/5
					c.Line(x0+(x1-x0)*t0, y0+(y1-y0)*t0, x0+(x1-x0)*t1, y0+(y1-y0)*t1, badW, colWrong)
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

// drawSurprises rings the places where the model was wrong, fading with
// age in steps.
func (a *App) drawSurprises(c Canvas, cam camera, v *agent.View, s float32) {
	step := a.life.World().StepCount()
	cs := cam.cellPx()
	for _, sp := range v.Surprises {
		if sp.Place < 0 || sp.Place >= a.sc.Maze.NumCells() {
			continue
		}
		age := float32(step - sp.Step)
		f := max(0.3, 1-age/400)
		q := cam.centre(a.sc.Maze.CellAt(sp.Place))
		r := max(5*s, cs*0.3)
		c.Ring(q.X, q.Y, r, max(1.5*s, cs*0.05), fade(colSurpris, f))
		if cs >= 30 && f > 0.5 {
			c.Text(q.X+r*0.55, q.Y-r*1.15, "!", FontBold, fade(colSurpris, f))
		}
	}
}

// drawTrail draws the body's recent path, fading with age.
func (a *App) drawTrail(c Canvas, cam camera, s float32) {
	n := a.trail.n
	if n < 2 {
		return
	}
	var prev Point
	a.trail.each(func(i int, x, y float64, jump bool) {
		p := cam.pt(x, y)
		if i > 0 && !jump {
			f := 0.08 + 0.62*float32(i)/float32(n)
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
			drawRat(c, a.mouse.X, a.mouse.Y, math.Pi/2, float32(a.sc.Rat.Radius)*cam.k*1.15, a.life.World().TickCount())
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

func cellRect(cam camera, cell world.Cell) Rect {
	g := cam.grid()
	x0, x1 := GridEdge(g.X, g.W, cell.Col, cam.w), GridEdge(g.X, g.W, cell.Col+1, cam.w)
	y0, y1 := GridEdge(g.Y, g.H, cell.Row, cam.h), GridEdge(g.Y, g.H, cell.Row+1, cam.h)
	return Rect{float32(x0), float32(y0), float32(x1 - x0), float32(y1 - y0)}
}

// drawMessage shows the message line at the bottom of the board, and a
// PAUSED badge at its top-left while paused.
func (a *App) drawMessage(c Canvas, l layout) {
	fonts := c.Fonts()
	b := l.board
	pad := 8 * l.s
	if a.paused {
		t := "PAUSED"
		if a.life.Done() {
			t = "FINISHED"
		}
		tw := fonts.Width(t, FontBold)
		r := Rect{b.X + pad, b.Y + pad, tw + 2*pad, fonts.Height(FontBold) + pad}
		c.FillRect(r, colToast)
		c.Text(r.X+pad, r.Y+pad/2, t, FontBold, colPaused)
	}
	text, isErr := a.Message()
	if text == "" {
		return
	}
	f := min(1, float32(a.msg.until-a.frame)/30)
	text = fonts.Fit(text, FontBody, b.W-4*pad)
	tw := fonts.Width(text, FontBody)
	r := Rect{b.X + (b.W-tw)/2 - pad, b.Bottom() - fonts.Height(FontBody) - 3*pad, tw + 2*pad, fonts.Height(FontBody) + pad}
	c.FillRect(r, fade(colToast, f))
	col := colText
	if isErr {
		col = rgb(0xff, 0x9a, 0xa2)
	}
	c.Text(r.X+pad, r.Y+pad/2, text, FontBody, fade(col, f))
}
