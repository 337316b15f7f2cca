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

// panelTab names a section of the panel shown alone when the window is
// too short for every section at once.
type panelTab uint8

const (
	tabLearning panelTab = iota // the learning curve and the reward
	tabAgent                    // the agent's own metrics
	tabOverlays                 // the overlay legend
	numTabs
)

var tabNames = [numTabs]string{"learning", "agent", "overlays"}

// layout is where everything goes on a canvas of a given size. The
// board's side: the board, then (in a replay) the timeline, then the
// status line (badges, the value scale, messages), so that nothing is
// drawn over the maze but the maze's own layers. The panel, top to
// bottom: the header (name, agent), the stats, the sections (learning
// curve, the agent's metrics, the overlay legend: stacked when they fit,
// else one at a time under a tab strip) and a line of key hints. Every
// rectangle here is disjoint from every other but the ones inside a
// section (TestLayoutDisjoint).
type layout struct {
	w, h int
	s    float32 // UI scale

	area     Rect // where the board may go
	board    Rect // the maze and its outline (RegionBoard)
	cam      camera
	timeline Rect // a replay's timeline under the board (RegionTimeline)
	status   Rect // the status line under the board (RegionStatus)

	panel  Rect // the side panel
	header Rect // scenario name and agent line (RegionFrame)
	stats  Rect // RegionStats
	rows   int  // stats rows
	tabs   Rect // the tab strip (RegionFrame), empty when stacked
	tabbed bool
	tab    panelTab // the section shown when tabbed

	learning Rect // RegionPlots: the moves and reward charts
	moves    Rect // the moves-per-trial plot area (inside learning)
	reward   Rect // the cumulative reward plot area (inside learning; empty when there is room for one chart only)
	metrics  Rect // RegionMetrics: the agent's metric charts
	legend   Rect // RegionLegend
	// legendCols is 2 when the legend's rows do not fit in one column
	// (then each row shows the overlay's short name).
	legendCols int
	hints      Rect // the key hints at the panel's foot (RegionFrame)
}

// panelNeeds is what the panel must make room for, from the App.
type panelNeeds struct {
	rows     int  // stats rows
	metrics  int  // the agent's metrics (0: no section)
	replay   bool // a timeline under the board
	tab      panelTab
	overlays int // rows of the overlay legend
}

// Sizes of the layout's parts at scale 1, in pixels.
const (
	minPanelW      = 270
	maxPanelW      = 380
	boardMargin    = 16
	panelPad       = 14
	sectionGap     = 10
	plotMinH       = 40 // a chart's plot area, at least
	learnPrefPlotH = 90 // a learning chart's plot area, when there is room
	metricPlotH    = 26 // one metric's chart
	metricsAtLeast = 2  // metric charts the stacked panel must fit
)

// computeLayout places the board, its strips and the panel on a w x h
// canvas.
func computeLayout(w, h int, s float32, sc *world.Scenario, fonts *Fonts, need panelNeeds) layout {
	l := layout{w: w, h: h, s: s, rows: need.rows}
	W, H := float32(w), float32(h)
	pw := min(max(W*0.27, minPanelW*s), maxPanelW*s, W*0.5)
	l.panel = Rect{W - pw, 0, pw, H}

	// The board's side, bottom up: status line, timeline, board.
	area := Rect{0, 0, W - pw, H}.Inset(boardMargin * s)
	statusH := fonts.Height(FontBody) + 8*s
	l.status = Rect{area.X, area.Bottom() - statusH, area.W, statusH}
	area.H -= statusH + 6*s
	if need.replay {
		th := min(timelineHeight*s, area.H/3)
		l.timeline = Rect{area.X, area.Bottom() - th, area.W, th}
		area.H -= th + 6*s
	}
	l.area = area
	l.placeBoard(sc)
	l.placePanel(fonts, need)
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

// boardPad returns how far (metres) the maze's outline reaches beyond
// the grid, as drawn.
func boardPad(sc *world.Scenario) float64 {
	if sc.Maze.Style == world.Blocks {
		return 0.15 * sc.Cell
	}
	return sc.WallWidth / 2
}

// Heights of the panel's repeated parts.
func statsRowH(f *Fonts, s float32) float32   { return f.Height(FontBody) + 5*s }
func chartTitleH(f *Fonts, s float32) float32 { return f.Height(FontSmall) + 4*s }
func chartAxisH(f *Fonts, s float32) float32  { return f.Height(FontSmall) + 2*s }
func legendRowH(f *Fonts, s float32) float32  { return f.Height(FontSmall) + 4*s }
func sectionHeadH(f *Fonts, s float32) float32 {
	return f.Height(FontBold) + 6*s
}
func tabStripH(f *Fonts, s float32) float32 { return f.Height(FontSmall) + 10*s }

// metricBlockH is the height of one metric's chart with its title.
func metricBlockH(f *Fonts, s float32) float32 {
	return chartTitleH(f, s) + metricPlotH*s + 6*s
}

// placePanel places the panel's header, stats, sections and hints.
func (l *layout) placePanel(fonts *Fonts, need panelNeeds) {
	s := l.s
	in := l.panel.Inset(panelPad * s)
	l.header = Rect{in.X, in.Y, in.W, fonts.Height(FontLarge) + 4*s + fonts.Height(FontSmall)}
	y := l.header.Bottom() + sectionGap*s + 1
	l.stats = Rect{in.X, y, in.W, float32(need.rows) * statsRowH(fonts, s)}
	hintH := fonts.Height(FontSmall) + 2*s
	l.hints = Rect{in.X, in.Bottom() - hintH, in.W, hintH}
	top := l.stats.Bottom() + sectionGap*s
	bottom := l.hints.Y - 6*s
	avail := bottom - top

	learnMin := 2*(chartTitleH(fonts, s)+plotMinH*s+chartAxisH(fonts, s)) + 8*s
	head := sectionHeadH(fonts, s)
	legendRows := float32(need.overlays) * legendRowH(fonts, s)
	block := metricBlockH(fonts, s)
	var metricsNeed, metricsWant float32
	if need.metrics > 0 {
		metricsNeed = head + float32(min(need.metrics, metricsAtLeast))*block
		metricsWant = head + float32(need.metrics)*block
	}
	gaps := sectionGap * s
	if need.metrics > 0 {
		gaps *= 2
	}
	if avail >= learnMin+metricsNeed+head+legendRows+gaps {
		// Stacked: the legend at the foot, the metrics above it with as
		// many charts as fit (N pages through the rest), the learning
		// curve takes what is left.
		legendH := head + legendRows
		l.legend = Rect{in.X, bottom - legendH, in.W, legendH}
		end := l.legend.Y - sectionGap*s
		if need.metrics > 0 {
			// The learning curve keeps a comfortable height before the
			// metrics take more than the charts they must show.
			learnPref := 2*(chartTitleH(fonts, s)+learnPrefPlotH*s+chartAxisH(fonts, s)) + 8*s
			mh := max(metricsNeed, min(metricsWant, end-top-sectionGap*s-learnPref))
			mh = head + float32(int((mh-head)/block))*block
			l.metrics = Rect{in.X, end - mh, in.W, mh}
			end = l.metrics.Y - sectionGap*s
		}
		l.learning = Rect{in.X, top, in.W, end - top}
	} else {
		l.tabbed = true
		l.tab = need.tab
		if l.tab == tabAgent && need.metrics == 0 {
			l.tab = tabLearning
		}
		l.tabs = Rect{in.X, top, in.W, tabStripH(fonts, s)}
		sec := Rect{in.X, l.tabs.Bottom() + 6*s, in.W, bottom - l.tabs.Bottom() - 6*s}
		switch l.tab {
		case tabLearning:
			l.learning = sec
		case tabAgent:
			l.metrics = sec
		case tabOverlays:
			l.legend = sec
		}
	}
	l.legendCols = 1
	if l.legend.H > 0 && l.legend.H < legendRows+head*b2f(!l.tabbed) {
		l.legendCols = 2
	}
	if l.learning.H > 0 {
		l.placeCharts(fonts)
	}
}

// placeCharts divides the learning section between its two charts, the
// moves plot getting three fifths; a section too short for two readable
// charts shows the moves alone (the stats still say the reward).
func (l *layout) placeCharts(fonts *Fonts) {
	s := l.s
	r := l.learning
	title, axis := chartTitleH(fonts, s), chartAxisH(fonts, s)
	// The y axis labels stand left of the plots.
	lab := max(fonts.Width("1000", FontSmall), fonts.Width("1e4", FontSmall)) + 8*s
	plots := max(r.H-2*(title+axis)-8*s, 0)
	if plots < 2*plotMinH*s {
		l.moves = Rect{r.X + lab, r.Y + title, r.W - lab, max(r.H-title-axis, 0)}
		return
	}
	mh := float32(math.Floor(float64(plots * 0.6)))
	l.moves = Rect{r.X + lab, r.Y + title, r.W - lab, mh}
	l.reward = Rect{r.X + lab, l.moves.Bottom() + axis + 8*s + title, r.W - lab, plots - mh}
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// tabAt returns the tab under p on the tab strip.
func (l layout) tabAt(p Point, metrics bool) (panelTab, bool) {
	if !l.tabbed || !l.tabs.Contains(p) {
		return 0, false
	}
	tabs := shownTabs(metrics)
	i := int((p.X - l.tabs.X) / (l.tabs.W / float32(len(tabs))))
	return tabs[min(max(i, 0), len(tabs)-1)], true
}

// shownTabs returns the tabs the panel has.
func shownTabs(metrics bool) []panelTab {
	if metrics {
		return []panelTab{tabLearning, tabAgent, tabOverlays}
	}
	return []panelTab{tabLearning, tabOverlays}
}

// layoutFor returns the App's layout on a w x h canvas.
func (a *App) layoutFor(w, h int, fonts *Fonts) layout {
	return computeLayout(w, h, fonts.Scale(), a.sc, fonts, a.panelNeeds())
}

// panelNeeds says what the App's panel shows.
func (a *App) panelNeeds() panelNeeds {
	return panelNeeds{
		rows: a.statsRows(), metrics: len(a.life.MetricNames()), replay: a.replay != nil,
		tab: a.tab, overlays: len(overlayTable),
	}
}
