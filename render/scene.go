package render

import (
	"math"
	"strconv"
	"strings"
)

// Draw draws the whole picture of the App on c: the frame (background,
// panel header), the board (maze, rat, overlays), the panel's numbers,
// plots and legend, and the help panel when it is open. It only reads
// the App. A backend that keeps the last frame redraws only the regions
// whose contents changed (see Canvas.Region).
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
	fv.add(uint64(w), uint64(h), helpVer)
	if a.help {
		fv.add(uint64(a.frame))
	}
	if c.Region(RegionFrame, Rect{0, 0, float32(w), float32(h)}, fv.sum()) {
		a.drawFrame(c, l)
	}
	if c.Region(RegionBoard, l.board, a.rev^helpVer*0x9e3779b97f4a7c15) {
		a.drawBoard(c, l)
	}
	st := a.stats()
	if c.Region(RegionStats, l.stats, st.version()^helpVer) {
		a.drawStats(c, l, st)
	}
	var pv hasher
	pv.add(uint64(len(a.life.Trials())), uint64(len(a.life.Events())), uint64(len(a.life.Curve())),
		uint64(a.life.World().CurrentTrial().Moves), math.Float64bits(a.life.World().TotalReward()),
		uint64(a.life.World().StepCount()), helpVer)
	if c.Region(RegionPlots, l.plots, pv.sum()) {
		a.drawPlots(c, l)
	}
	var lv hasher
	lv.add(uint64(a.overlays), b2u(a.hasMemory()), helpVer)
	if c.Region(RegionLegend, l.legend, lv.sum()) {
		a.drawLegend(c, l)
	}
	if a.replay != nil && c.Region(RegionTimeline, l.timeline, a.timelineVersion()^helpVer) {
		a.drawTimeline(c, l)
	}
	if a.help && c.Region(RegionHelp, Rect{0, 0, float32(w), float32(h)}, uint64(a.frame)) {
		a.drawHelp(c, l)
	}
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

// drawFrame paints the background, the panel and its header.
func (a *App) drawFrame(c Canvas, l layout) {
	fonts := c.Fonts()
	c.FillRect(Rect{0, 0, float32(l.w), float32(l.h)}, colBackground)
	c.FillRect(l.panel, colPanel)
	c.FillRect(Rect{l.panel.X, 0, max(1, l.s), float32(l.h)}, colPanelLine)
	in := l.panel.Inset(16 * l.s)
	y := in.Y
	c.Text(in.X, y, fonts.Fit(a.sc.Name, FontLarge, in.W), FontLarge, colTextHead)
	y += fonts.Height(FontLarge) + 4*l.s
	c.Text(in.X, y, fonts.Fit(a.agentLine(), FontSmall, in.W), FontSmall, colTextDim)
	y += fonts.Height(FontSmall) + 2*l.s
	hints := [3]string{"H or ? for help · space pauses · drag the rat or the cheese",
		"click a wall or door to toggle it · M saves the maze", "I or F12 screenshot · 1-9, 0 speed · Q quits"}
	if a.replay != nil {
		hints = [3]string{"replay · H or ? for help · space plays and pauses",
			"drag the timeline to scrub · ← → step · [ ] 100 steps", "K saves a checkpoint here · I screenshot · Q quits"}
	}
	c.Text(in.X, y, fonts.Fit(hints[0], FontSmall, in.W), FontSmall, colTextDim)
	// Rules between the panel's sections.
	c.FillRect(Rect{in.X, l.stats.Y - 8*l.s, in.W, max(1, l.s)}, colPanelLine)
	c.FillRect(Rect{in.X, l.legend.Y - 6*l.s, in.W, max(1, l.s)}, colPanelLine)
	// Key hints under the legend.
	hy := l.legend.Bottom() + 6*l.s
	for _, s := range hints[1:] {
		c.Text(in.X, hy, fonts.Fit(s, FontSmall, in.W), FontSmall, colTextDim)
		hy += fonts.Height(FontSmall) + 3*l.s
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
