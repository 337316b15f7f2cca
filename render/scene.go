package render

import (
	"math"
	"strconv"
	"strings"
)

// Draw draws the whole picture of the App on c: the frame (background,
// panel header, tabs, hints), the board (maze, rat, overlays), the status
// line under it, the panel's numbers, charts and legend, and the help
// panel when it is open. It only reads the App. A backend that keeps the
// last frame redraws only the regions whose contents changed (see
// Canvas.Region).
func (a *App) Draw(c Canvas) {
	w, h := c.Size()
	fonts := c.Fonts()
	l := a.layoutFor(w, h, fonts)
	// While help is open every region is redrawn every frame, so that
	// whatever changes under it cannot paint over it.
	var helpVer uint64
	if a.help {
		helpVer = uint64(a.frame)<<1 | 1
	}
	var fv hasher
	fv.add(uint64(w), uint64(h), helpVer, uint64(l.rows), b2u(l.tabbed), uint64(l.tab), b2u(a.replay != nil),
		uint64(len(a.life.MetricNames())))
	if c.Region(RegionFrame, Rect{0, 0, float32(w), float32(h)}, fv.sum()) {
		a.drawFrame(c, l)
	}
	// The regions that change with the lifetime show it as of the last
	// refresh (see refreshEvery): at high speeds they are drawn less often
	// than the lifetime ticks.
	v := a.shown
	if !v.set {
		v = a.liveVersions()
	}
	if c.Region(RegionBoard, l.board, v.board^helpVer*0x9e3779b97f4a7c15) {
		a.drawBoard(c, l, v.layer)
	}
	if c.Region(RegionStatus, l.status, v.status^helpVer) {
		a.drawStatus(c, l, v.statusView)
	}
	if c.Region(RegionStats, l.stats, v.stats^helpVer) {
		a.drawStats(c, l, v.statsView)
	}
	if l.learning.H > 0 && c.Region(RegionPlots, l.learning, v.plots^helpVer) {
		a.drawLearning(c, l)
	}
	if l.metrics.H > 0 && c.Region(RegionMetrics, l.metrics, v.metrics^helpVer) {
		a.drawMetrics(c, l)
	}
	var lv hasher
	lv.add(uint64(a.overlays), b2u(a.hasMemory()), helpVer)
	if l.legend.H > 0 && c.Region(RegionLegend, l.legend, lv.sum()) {
		a.drawLegend(c, l)
	}
	if a.replay != nil && c.Region(RegionTimeline, l.timeline, a.timelineVersion()^helpVer) {
		a.drawTimeline(c, l)
	}
	if a.help && c.Region(RegionHelp, Rect{0, 0, float32(w), float32(h)}, uint64(a.frame)) {
		a.drawHelp(c, l)
	}
}

// shownVersions are the versions of the regions and layer that change
// with the lifetime, as of the App's last refreshes.
type shownVersions struct {
	set                           bool
	board, layer                  uint64
	status, stats, plots, metrics uint64
	// The status line's and the stats' contents as of the refresh: drawn
	// as they were counted (the stats search the maze for the optimal).
	statusView statusView
	statsView  statsView
}

// liveVersions returns what the panel's live regions and the board's
// maze layer show now (the board's own version is a.rev).
func (a *App) liveVersions() shownVersions {
	v := shownVersions{set: true, board: a.rev, layer: a.layerRev}
	v.statusView = a.statusLine()
	v.status = v.statusView.version()
	v.statsView = a.stats()
	v.stats = v.statsView.version()
	var pv hasher
	w := a.life.World()
	pv.add(uint64(len(a.life.Trials())), uint64(len(a.life.Events())), uint64(len(a.life.Curve())),
		uint64(w.CurrentTrial().Moves), math.Float64bits(w.TotalReward()), uint64(w.StepCount()))
	v.plots = pv.sum()
	pv.add(uint64(a.metricPage))
	for _, m := range a.life.Metrics() {
		pv.add(math.Float64bits(m.Value))
	}
	v.metrics = pv.sum()
	return v
}

// refreshEvery returns every how many frames the maze's layer and the
// panel's live parts are redrawn, and every how many the board's moving
// parts (the rat, its rays and trail) are, at the App's speed. Up to 2x
// every frame; faster, the maze's memory changes with nearly every frame
// and redrawing all of it would take the frame's time from the
// simulation, so it is redrawn 20 times a second up to 256x, 15 at 512x
// and 1024x and 10 at the fastest speed, while the rat still moves at 60
// frames a second up to 16x (see docs/window.md, Speed). Input refreshes
// everything at once.
func (a *App) refreshEvery() (maze, board int64) {
	if a.paused {
		return 1, 1
	}
	switch n := speeds[a.speed]; {
	case n == 0:
		return 6, 6
	case n >= 512:
		return 4, 4
	case n >= 32:
		return 3, 3
	case n >= 4:
		return 3, 1
	}
	return 1, 1
}

// hasher is FNV-1a over 64-bit words: region versions.
type hasher uint64

func (h *hasher) add(vs ...uint64) {
	if *h == 0 {
		*h = 14695981039346656037
	}
	for _, v := range vs {
		for i := 0; i < 8; i++ {
			*h ^= hasher(v & 0xff)
			*h *= 1099511628211
			v >>= 8
		}
	}
}

func (h *hasher) addString(s string) {
	if *h == 0 {
		*h = 14695981039346656037
	}
	for i := 0; i < len(s); i++ {
		*h ^= hasher(s[i])
		*h *= 1099511628211
	}
}

func (h hasher) sum() uint64 { return uint64(h) }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// drawFrame paints the background, the panel, its header, the rules
// between its parts, the tab strip and the key hints.
func (a *App) drawFrame(c Canvas, l layout) {
	fonts := c.Fonts()
	s := l.s
	c.FillRect(Rect{0, 0, float32(l.w), float32(l.h)}, colBackground)
	c.FillRect(l.panel, colPanel)
	c.FillRect(Rect{l.panel.X, 0, max(1, s), float32(l.h)}, colPanelLine)
	hd := l.header
	c.Text(hd.X, hd.Y, fonts.Fit(a.sc.Name, FontLarge, hd.W), FontLarge, colTextHead)
	c.Text(hd.X, hd.Y+fonts.Height(FontLarge)+4*s, fonts.Fit(a.agentLine(), FontSmall, hd.W), FontSmall, colTextDim)
	// Rules in the gaps between the panel's parts.
	rule := func(y float32) { c.FillRect(Rect{hd.X, y, hd.W, max(1, s)}, colPanelLine) }
	rule(l.stats.Y - sectionGap*s/2 - 1)
	rule(l.stats.Bottom() + sectionGap*s/2 - 1)
	if !l.tabbed {
		if l.metrics.H > 0 {
			rule(l.metrics.Y - sectionGap*s/2 - 1)
		}
		rule(l.legend.Y - sectionGap*s/2 - 1)
	} else {
		a.drawTabs(c, l)
	}
	c.Text(l.hints.X, l.hints.Y, a.hintLine(l, fonts), FontSmall, colTextDim)
}

// hintLine is the key hints at the panel's foot: as many as fit, most
// useful first.
func (a *App) hintLine(l layout, fonts *Fonts) string {
	parts := []string{"H help", "Space pause"}
	if a.replay != nil {
		parts = []string{"H help", "Space play", "← → step", "drag the timeline"}
	}
	if l.tabbed {
		parts = append(parts, "Tab panel")
	}
	parts = append(parts, "Q quit")
	if a.replay == nil {
		parts = append(parts, "drag the rat or cheese", "click walls")
	}
	if len(a.life.MetricNames()) > 0 {
		parts = append(parts, "N metrics")
	}
	line := ""
	for _, p := range parts {
		next := p
		if line != "" {
			next = line + " · " + p
		}
		if fonts.Width(next, FontSmall) > l.hints.W {
			continue
		}
		line = next
	}
	return line
}

// drawTabs draws the tab strip of a panel too short for all its sections.
func (a *App) drawTabs(c Canvas, l layout) {
	fonts := c.Fonts()
	tabs := shownTabs(len(a.life.MetricNames()) > 0)
	tw := l.tabs.W / float32(len(tabs))
	for i, t := range tabs {
		r := Rect{l.tabs.X + float32(i)*tw, l.tabs.Y, tw, l.tabs.H}
		col := colTextDim
		if t == l.tab {
			c.FillRect(r.Inset(max(1, l.s)), colPlotBg)
			c.FillRect(Rect{r.X + 2*l.s, r.Bottom() - 2*l.s, r.W - 4*l.s, 2 * l.s}, colPaused)
			col = colTextHead
		}
		name := fonts.Fit(tabNames[t], FontSmall, r.W-6*l.s)
		c.Text(r.X+(r.W-fonts.Width(name, FontSmall))/2, r.Y+(r.H-fonts.Height(FontSmall))/2, name, FontSmall, col)
	}
}

// agentLine describes the agent, the control and the seed.
func (a *App) agentLine() string {
	cfg := a.life.Config()
	parts := []string{cfg.Agent}
	if k, ok := a.life.AgentParams()["agent.planning"]; ok {
		parts = append(parts, "K "+k)
	}
	parts = append(parts, a.sc.Control.String()+" control", "seed "+strconv.FormatUint(a.life.Seed(), 10))
	return strings.Join(parts, " · ")
}

// thousands writes n with thin separators every three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatNum writes a reward or similar figure compactly.
func formatNum(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return thousands(int64(x))
	case math.Abs(x) >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	default:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
}
