package render

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
)

// layoutSizes are the window sizes the layout tests try: the smallest the
// window allows (640x400), the sizes the issue found broken, common
// screens, and tall and wide extremes.
var layoutSizes = [][2]int{{640, 400}, {800, 500}, {1024, 640}, {1280, 800}, {1920, 1080}, {2560, 1440}, {700, 1100}, {1800, 480}}

// TestLayoutDisjoint: at every size and for every mix of what the panel
// holds (stats rows, the agent's metrics, a replay's timeline, each tab),
// every part lies on the canvas, the board's parts left of the panel and
// the panel's inside it, no two parts overlap, and each is big enough to
// read (plots at least 30 px tall, the legend's every row, the board at
// least a quarter of the window's shorter side).
func TestLayoutDisjoint(t *testing.T) {
	sc := builtin(t, "braid12")
	fonts := NewFonts(1)
	for _, size := range layoutSizes {
		for _, need := range []panelNeeds{
			{rows: 6, overlays: len(overlayTable)},
			{rows: 8, metrics: 3, overlays: len(overlayTable)},
			{rows: 7, metrics: 9, replay: true, overlays: len(overlayTable), tab: tabAgent},
			{rows: 8, metrics: 2, overlays: len(overlayTable), tab: tabOverlays},
		} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%dx%d rows %d metrics %d replay %v tab %d", w, h, need.rows, need.metrics, need.replay, need.tab)
			l := computeLayout(w, h, 1, sc, fonts, need)
			for _, p := range checkLayout(l, need, fonts) {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
}

// checkLayout returns what is wrong with l.
func checkLayout(l layout, need panelNeeds, fonts *Fonts) []string {
	var out []string
	bad := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	canvas := Rect{0, 0, float32(l.w), float32(l.h)}
	type part struct {
		name string
		r    Rect
	}
	boardSide := []part{{"board", l.board}, {"status", l.status}}
	if need.replay {
		boardSide = append(boardSide, part{"timeline", l.timeline})
	}
	panel := []part{{"header", l.header}, {"stats", l.stats}, {"hints", l.hints}}
	if l.tabbed {
		panel = append(panel, part{"tabs", l.tabs})
	}
	for _, p := range []part{{"learning", l.learning}, {"metrics", l.metrics}, {"legend", l.legend}} {
		if p.r.W > 0 && p.r.H > 0 {
			panel = append(panel, p)
		}
	}
	within := func(in, out Rect) bool {
		return in.X >= out.X-0.01 && in.Y >= out.Y-0.01 && in.Right() <= out.Right()+0.01 && in.Bottom() <= out.Bottom()+0.01
	}
	for _, p := range boardSide {
		if !within(p.r, Rect{0, 0, l.panel.X, float32(l.h)}) || p.r.W <= 0 || p.r.H <= 0 {
			bad("%s %+v is not left of the panel %+v", p.name, p.r, l.panel)
		}
	}
	for _, p := range panel {
		if !within(p.r, l.panel) || p.r.W <= 0 || p.r.H <= 0 {
			bad("%s %+v is not inside the panel %+v", p.name, p.r, l.panel)
		}
	}
	if !within(l.panel, canvas) {
		bad("panel %+v off the canvas", l.panel)
	}
	all := append(boardSide, panel...)
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if overlaps(all[i].r, all[j].r) {
				bad("%s %+v overlaps %s %+v", all[i].name, all[i].r, all[j].name, all[j].r)
			}
		}
	}
	// The sections the panel shows: learning always, or its tab.
	shown := map[string]bool{}
	for _, p := range panel {
		shown[p.name] = true
	}
	if !l.tabbed && (!shown["learning"] || !shown["legend"] || need.metrics > 0 && !shown["metrics"]) {
		bad("stacked but a section is missing: %v", shown)
	}
	if l.tabbed && len(shown) != 5 {
		bad("tabbed, want header, stats, hints, tabs and one section: %v", shown)
	}
	if shown["learning"] {
		plots := []part{{"moves", l.moves}}
		if l.reward.H > 0 {
			plots = append(plots, part{"reward", l.reward})
		} else if l.learning.H > 200 {
			bad("the learning section %+v is %v px tall and shows no reward chart", l.learning, l.learning.H)
		}
		for _, p := range plots {
			if p.r.H < 30 || !within(p.r, l.learning) {
				bad("the %s plot %+v is under 30 px tall or outside the learning section %+v", p.name, p.r, l.learning)
			}
		}
		if overlaps(l.moves, l.reward) {
			bad("the moves plot %+v overlaps the reward plot %+v", l.moves, l.reward)
		}
	}
	rows := (need.overlays + l.legendCols - 1) / l.legendCols
	if shown["legend"] && l.legend.H+0.01 < float32(rows)*legendRowH(fonts, l.s) {
		bad("the legend %+v has no room for %d rows in %d columns", l.legend, rows, l.legendCols)
	}
	if shown["metrics"] && l.metrics.H < metricBlockH(fonts, l.s) {
		bad("the metrics section %+v has no room for one chart", l.metrics)
	}
	if side := float32(min(l.w, l.h)); l.board.W < side/4 && l.board.H < side/4 {
		bad("the board %+v is smaller than a quarter of %v px", l.board, side)
	}
	return out
}

func overlaps(a, b Rect) bool {
	return a.X < b.Right() && b.X < a.Right() && a.Y < b.Bottom() && b.Y < a.Bottom() && a.W > 0 && a.H > 0 && b.W > 0 && b.H > 0
}

// textCanvas records every piece of text drawn, with its line box and the
// region it was drawn in.
type textCanvas struct {
	*SoftCanvas
	region RegionID
	clip   Rect
	texts  []drawnText
}

type drawnText struct {
	s      string
	box    Rect
	region RegionID
	clip   Rect
}

func (c *textCanvas) Region(id RegionID, r Rect, v uint64) bool {
	c.region, c.clip = id, r
	return c.SoftCanvas.Region(id, r, v)
}

func (c *textCanvas) Text(x, y float32, s string, f Font, col color.NRGBA) {
	if s != "" && col.A > 0 {
		fonts := c.Fonts()
		c.texts = append(c.texts, drawnText{s, Rect{x, y, fonts.Width(s, f), fonts.Height(f)}, c.region, c.clip})
	}
	c.SoftCanvas.Text(x, y, s, f, col)
}

// regionTexts returns the text drawn in region id, in order.
func (c *textCanvas) regionTexts(id RegionID) []string {
	var out []string
	for _, x := range c.texts {
		if x.region == id {
			out = append(out, x.s)
		}
	}
	return out
}

// textProblems returns the pieces of text that overlap another (help
// over everything is left out: it covers the rest by design, and is
// checked against itself) or reach outside their region.
func textProblems(texts []drawnText) []string {
	var out []string
	for i, a := range texts {
		in := a.box.X >= a.clip.X-0.5 && a.box.Y >= a.clip.Y-0.5 && a.box.Right() <= a.clip.Right()+0.5 && a.box.Bottom() <= a.clip.Bottom()+0.5
		if !in {
			out = append(out, fmt.Sprintf("%q %+v reaches outside its region %d %+v", a.s, a.box, a.region, a.clip))
		}
		for _, b := range texts[i+1:] {
			if (a.region == RegionHelp) != (b.region == RegionHelp) {
				continue
			}
			// Whole pixels: boxes that share an edge do not overlap.
			if overlaps(a.box.Inset(0.5), b.box.Inset(0.5)) {
				out = append(out, fmt.Sprintf("%q %+v overlaps %q %+v", a.s, a.box, b.s, b.box))
			}
		}
	}
	return out
}

// truncated returns the panel's texts cut short with an ellipsis.
func truncated(texts []drawnText) []string {
	var out []string
	for _, t := range texts {
		if strings.HasSuffix(t.s, "…") && t.region != RegionStatus {
			out = append(out, t.s)
		}
	}
	return out
}
