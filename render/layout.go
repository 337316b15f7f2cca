package render

import (
	"math"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// camera maps world coordinates (metres, y up, origin at the grid's
// bottom-left corner) to canvas pixels (y down). Pixels live here only.
type camera struct {
	ox, oy float32 // pixel position of the world origin
	k      float32 // pixels per metre
	cell   float64 // metres per cell
	w, h   int     // cells
}

// pt returns the pixel position of a world point.
func (c camera) pt(x, y float64) Point {
	return Point{c.ox + float32(x)*c.k, c.oy - float32(y)*c.k}
}

// world returns the world position of a pixel.
func (c camera) world(p Point) (x, y float64) {
	return float64((p.X - c.ox) / c.k), float64((c.oy - p.Y) / c.k)
}

// cellPx returns the side of a cell in pixels.
func (c camera) cellPx() float32 { return float32(c.cell) * c.k }

// grid returns the pixel rectangle of the whole grid.
func (c camera) grid() Rect {
	s := c.cellPx()
	return Rect{c.ox, c.oy - float32(c.h)*s, float32(c.w) * s, float32(c.h) * s}
}

// centre returns the pixel centre of a cell.
func (c camera) centre(cell world.Cell) Point {
	s := c.cellPx()
	return Point{c.ox + (float32(cell.Col)+0.5)*s, c.oy - (float32(c.h-cell.Row)-0.5)*s}
}

// rect returns the pixel rectangle of a world box.
func (c camera) rect(r sim.Rect) Rect {
	p0, p1 := c.pt(r.MinX, r.MaxY), c.pt(r.MaxX, r.MinY)
	return Rect{p0.X, p0.Y, p1.X - p0.X, p1.Y - p0.Y}
}

// cellAt returns the cell under a pixel and the pixel's place inside it
// (fx, fy in [0, 1), fy from the cell's top), and whether it is inside
// the grid.
func (c camera) cellAt(p Point) (cell world.Cell, fx, fy float64, in bool) {
	x, y := c.world(p)
	gx, gy := x/c.cell, float64(c.h)-y/c.cell
	col, row := math.Floor(gx), math.Floor(gy)
	cell = world.Cell{Row: int(row), Col: int(col)}
	in = row >= 0 && col >= 0 && int(row) < c.h && int(col) < c.w
	return cell, gx - col, gy - row, in
}

// layout is where everything goes on a canvas of a given size.
type layout struct {
	w, h   int
	s      float32 // UI scale
	panel  Rect    // the side panel
	area   Rect    // where the board may go
	board  Rect    // the maze and its outline (RegionBoard)
	cam    camera
	stats  Rect // RegionStats
	plots  Rect // RegionPlots
	moves  Rect // plot of moves per trial (inside plots)
	reward Rect // plot of cumulative reward (inside plots)
	legend Rect // RegionLegend
	// timeline is a replay's timeline under the board (RegionTimeline).
	timeline Rect
}

// boardPad returns how far (metres) the maze's outline reaches beyond
// the grid, as drawn.
func boardPad(sc *world.Scenario) float64 {
	if sc.Maze.Style == world.Blocks {
		return 0.15 * sc.Cell
	}
	return sc.WallWidth / 2
}

// computeLayout places the board and the panel on a w x h canvas.
func computeLayout(w, h int, s float32, sc *world.Scenario, fonts *Fonts) layout {
	l := layout{w: w, h: h, s: s}
	W, H := float32(w), float32(h)
	pw := min(max(W*0.27, 300*s), 380*s)
	if pw > W*0.5 {
		pw = W * 0.5
	}
	l.panel = Rect{W - pw, 0, pw, H}
	margin := 22 * s
	l.area = Rect{0, 0, W - pw, H}.Inset(margin)
	l.placeBoard(sc)
	l.placePanel(fonts)
	return l
}

// placeBoard fits the maze into l.area.
func (l *layout) placeBoard(sc *world.Scenario) {
	m := sc.Maze
	pad := boardPad(sc)
	ew, eh := float64(m.W)*sc.Cell+2*pad, float64(m.H)*sc.Cell+2*pad
	k := float32(math.Min(float64(l.area.W)/ew, float64(l.area.H)/eh))
	k = max(k, 1e-3)
	bw, bh := float32(ew)*k, float32(eh)*k
	bx := l.area.X + (l.area.W-bw)/2
	by := l.area.Y + (l.area.H-bh)/2
	l.board = Rect{bx, by, bw, bh}
	l.cam = camera{ox: bx + float32(pad)*k, oy: by + bh - float32(pad)*k, k: k, cell: sc.Cell, w: m.W, h: m.H}
}

// placePanel places the panel's sections.
func (l *layout) placePanel(fonts *Fonts) {
	s := l.s

	// The panel, top to bottom: header (frame), stats, plots, legend.
	line := fonts.Height(FontBody) + 5*s
	inner := l.panel.Inset(16 * s)
	y := inner.Y + fonts.Height(FontLarge) + 2*fonts.Height(FontSmall) + 16*s
	l.stats = Rect{inner.X, y, inner.W, 6*line + 4*s}
	y = l.stats.Bottom() + 10*s
	legendH := float32(len(overlayTable))*(fonts.Height(FontSmall)+4*s) + fonts.Height(FontBold) + 10*s
	hintH := 2 * (fonts.Height(FontSmall) + 3*s)
	plotsH := inner.Bottom() - y - legendH - hintH - 20*s
	plotsH = max(plotsH, 80*s)
	l.plots = Rect{inner.X, y, inner.W, plotsH}
	title := fonts.Height(FontSmall) + 4*s
	ph := (plotsH - 2*title - 14*s) / 2
	l.moves = Rect{inner.X, y + title, inner.W, ph}
	l.reward = Rect{inner.X, l.moves.Bottom() + 14*s + title, inner.W, ph}
	l.legend = Rect{inner.X, l.plots.Bottom() + 10*s, inner.W, legendH}
}

// layoutFor returns the App's layout on a w x h canvas: a replay keeps a
// strip under the board for its timeline.
func (a *App) layoutFor(w, h int, fonts *Fonts) layout {
	l := computeLayout(w, h, fonts.Scale(), a.sc, fonts)
	if a.replay != nil {
		th := min(timelineHeight*l.s, l.area.H/3)
		l.timeline = Rect{l.area.X, l.area.Bottom() - th, l.area.W, th}
		l.area.H -= th + 8*l.s
		l.placeBoard(a.sc)
	}
	return l
}
