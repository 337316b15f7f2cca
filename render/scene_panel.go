package render

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/mazerat/mazerat/lab"
)

// statsRow is one row of the panel's numbers: one or two label/value
// pairs; a row whose second label is empty gives its value the width.
type statsRow struct {
	text   [4]string
	accent [2]bool // values drawn in the accent colour
}

// statsView is the text of the panel's numbers.
type statsView struct {
	rows []statsRow
}

func (s *statsView) version() uint64 {
	var h hasher
	for _, r := range s.rows {
		for _, t := range r.text {
			h.addString(t)
			h.add(0)
		}
		h.add(b2u(r.accent[0]), b2u(r.accent[1]))
	}
	return h.sum()
}

// statsRows returns how many rows the stats show: six, a row for the
// agent's maps and the world's configuration when either is known, and a
// row for the agent's belief about where it is when it reports one.
func (a *App) statsRows() int {
	n := 6
	if a.hasMaps() || a.configKnown() {
		n++
	}
	if a.view.Pose.Known {
		n++
	}
	return n
}

// hasMaps reports whether the agent says how many maps it holds.
func (a *App) hasMaps() bool { return a.view.Maps > 0 }

// stats gathers the panel's numbers.
func (a *App) stats() statsView {
	w := a.life.World()
	var s statsView
	row := func(t ...string) *statsRow {
		var r statsRow
		copy(r.text[:], t)
		s.rows = append(s.rows, r)
		return &s.rows[len(s.rows)-1]
	}
	cur := w.CurrentTrial()
	row("step", thousands(w.StepCount()), "trial", strconv.Itoa(w.Trial()))
	optText := "no path"
	if opt := a.optimalNow(); opt >= 0 {
		optText = strconv.Itoa(opt)
	}
	row("moves", fmt.Sprintf("%d (optimal %s)", cur.Moves, optText))
	last := "–"
	if tr := a.life.Trials(); len(tr) > 0 && !math.IsNaN(tr[len(tr)-1].PathRatio) {
		last = strconv.FormatFloat(tr[len(tr)-1].PathRatio, 'f', 2, 64) + "x"
	}
	row("reward", formatNum(w.TotalReward()), "last ratio", last)
	rate := "–"
	if a.rate > 0 || a.rateInit && !a.paused {
		rate = thousands(int64(math.Round(a.rate)))
	}
	r := row("speed", speedLabel(speeds[a.speed]), "ticks/s", rate)
	r.accent[0] = a.paused
	if v := a.memory(); v != nil {
		row("model", thousands(int64(v.ModelSize)), "surprises", thousands(a.life.Surprises()))
		k := "–"
		if p, ok := a.life.AgentParams()["agent.planning"]; ok {
			k = p
		}
		mapText := "–"
		known, wrong := a.mapErrors(v)
		if known > 0 {
			mapText = fmt.Sprintf("%d wrong", wrong)
		}
		r := row("planning K", k, "map", mapText)
		r.accent[1] = wrong > 0
	} else {
		row("memory", "none to show")
		row("agent", a.life.Config().Agent)
	}
	if a.hasMaps() || a.configKnown() {
		world := "–"
		if a.configKnown() {
			world = "#" + strconv.Itoa(a.worlds.current+1)
			if a.worlds.again() {
				world += " again"
			}
		}
		again := a.worlds.again()
		if a.hasMaps() {
			r := row("maps", fmt.Sprintf("#%d of %d", a.view.Active+1, a.view.Maps), "world", world)
			r.accent[1] = again
		} else {
			r := row("world", world)
			r.accent[0] = again
		}
	}
	if p := a.view.Pose; p.Known {
		belief := "it is lost"
		lost := p.Place < 0
		if !lost {
			x, y, _ := w.Pose()
			belief = fmt.Sprintf("%s, %.2f m off", cellName(a.sc.Maze.CellAt(p.Place)), math.Hypot(p.X-x, p.Y-y))
		}
		r := row("believes", belief)
		r.accent[0] = lost || p.Place != a.sc.Maze.Index(w.Cell())
	}
	return s
}

// drawStats paints the panel's numbers in two columns whose labels are
// as wide as the widest label of each.
func (a *App) drawStats(c Canvas, l layout, s statsView) {
	fonts := c.Fonts()
	r := l.stats
	c.FillRect(r, colPanel)
	line := statsRowH(fonts, l.s)
	gap := 8 * l.s
	col2 := r.X + float32(math.Floor(float64(r.W/2)))
	var lw [2]float32
	for _, row := range s.rows {
		lw[0] = max(lw[0], fonts.Width(row.text[0], FontSmall))
		lw[1] = max(lw[1], fonts.Width(row.text[2], FontSmall))
	}
	for i, row := range s.rows {
		y := r.Y + float32(i)*line
		for j := 0; j < 2; j++ {
			label, value := row.text[2*j], row.text[2*j+1]
			if label == "" && value == "" {
				continue
			}
			x, end := r.X, col2-gap
			if j == 1 {
				x, end = col2, r.Right()
			}
			if row.text[2] == "" {
				end = r.Right() // one pair: the value has the row
			}
			c.Text(x, y+1*l.s, label, FontSmall, colTextDim)
			vc := colText
			if row.accent[j] {
				vc = colPaused
			}
			vx := x + lw[j] + gap
			c.Text(vx, y, fonts.Fit(value, FontBody, end-vx), FontBody, vc)
		}
	}
}

// drawLearning paints the learning section: moves per trial against the
// optimal (the whole lifetime and its recent trials), and the cumulative
// reward, both with the world's events marked.
func (a *App) drawLearning(c Canvas, l layout) {
	fonts := c.Fonts()
	c.FillRect(l.learning, colPanel)
	th := chartTitleH(fonts, l.s)
	keys := []legendKey{{"moves", colMoves}, {"optimal", colOptimal}, {"event", colEvent}}
	if len(a.maps.marks) > 0 {
		keys = append(keys, legendKey{"map", colMapSw})
	}
	a.chartTitle(c, l, Rect{l.learning.X, l.moves.Y - th, l.learning.W, th}, "moves per trial", keys...)
	a.plotMoves(c, l)
	if l.reward.H > 0 {
		a.chartTitle(c, l, Rect{l.learning.X, l.reward.Y - th, l.learning.W, th}, "cumulative reward")
		a.plotReward(c, l)
	}
}

type legendKey struct {
	label string
	col   color.NRGBA
}

// chartTitle writes a chart's title in r with colour keys on the right,
// as many as fit beside it.
func (a *App) chartTitle(c Canvas, l layout, r Rect, text string, keys ...legendKey) {
	fonts := c.Fonts()
	s := l.s
	c.Text(r.X, r.Y, text, FontSmall, colText)
	keyW := func(k legendKey) float32 { return fonts.Width(k.label, FontSmall) + 22*s }
	room := r.W - fonts.Width(text, FontSmall) - 8*s
	for len(keys) > 0 {
		var w float32
		for _, k := range keys {
			w += keyW(k)
		}
		if w <= room {
			break
		}
		keys = keys[:len(keys)-1]
	}
	x := r.Right()
	for i := len(keys) - 1; i >= 0; i-- {
		k := keys[i]
		x -= fonts.Width(k.label, FontSmall)
		c.Text(x, r.Y, k.label, FontSmall, colTextDim)
		x -= 14 * s
		c.Line(x, r.Y+fonts.Height(FontSmall)/2, x+10*s, r.Y+fonts.Height(FontSmall)/2, 2*s, k.col)
		x -= 8 * s
	}
}

// axisLabels places labels along an axis without letting them overlap:
// each is placed only if it clears the one before it.
type axisLabels struct {
	c     Canvas
	y     float32
	right float32 // the right edge of the last label placed
	col   color.NRGBA
}

// add writes text with its anchor at x: align 0 left, 1 centred, 2 right
// of x, inside [lo, hi].
func (al *axisLabels) add(x float32, text string, align int, lo, hi float32) {
	fonts := al.c.Fonts()
	w := fonts.Width(text, FontSmall)
	x0 := x - float32(align)*w/2
	x0 = min(max(x0, lo), hi-w)
	if x0 < al.right+6 || x0 < lo {
		return
	}
	al.c.Text(x0, al.y, text, FontSmall, al.col)
	al.right = x0 + w
}

// yLabels writes labels left of a plot at the given heights, from the
// bottom up, skipping those that would touch the one below or leave the
// plot's band.
func yLabels(c Canvas, l layout, r Rect, ys []float32, texts []string) {
	fonts := c.Fonts()
	h := fonts.Height(FontSmall)
	last := float32(math.Inf(1))
	for i, y := range ys {
		top := min(max(y-h/2, r.Y), r.Bottom()-h)
		if top+h > last-1 {
			continue
		}
		t := texts[i]
		c.Text(r.X-fonts.Width(t, FontSmall)-5*l.s, top, t, FontSmall, colTextDim)
		last = top
	}
}

// recentTrials is how many of the last trials the learning curve shows
// enlarged beside the whole lifetime.
const recentTrials = 40

// plotMoves draws moves per trial on a log scale. Up to recentTrials
// trials one pane shows them all; beyond, a narrow pane on the left shows
// the whole lifetime (the range and typical moves of each pixel column's
// trials) and a wide one on the right the last recentTrials trials, so
// learning, forgetting and re-learning read after thousands of trials.
// The optimal is drawn over the moves (thinner), so it shows where the
// rat is perfect; events are upright lines; the trial under way is a
// ring.
func (a *App) plotMoves(c Canvas, l layout) {
	fonts := c.Fonts()
	s := l.s
	r := l.moves
	c.FillRect(r, colPlotBg)
	trials := a.life.Trials()
	cur := a.life.World().CurrentTrial()
	top := max(10, float64(cur.Moves))
	for _, t := range trials {
		top = max(top, float64(t.Moves), float64(t.Optimal))
	}
	decades := math.Ceil(math.Log10(top))
	pad := 4 * s
	in := Rect{r.X + pad, r.Y + pad, r.W - 2*pad, r.H - 2*pad}
	yOf := func(v float64) float32 {
		return in.Bottom() - in.H*float32(math.Log10(max(v, 1))/decades)
	}
	var ys []float32
	var texts []string
	for d := 0.0; d <= decades; d++ {
		y := yOf(math.Pow(10, d))
		c.FillRect(Rect{r.X, y, r.W, max(1, s*0.8)}, colPlotGrid)
		label := strconv.Itoa(int(math.Pow(10, d)))
		if d >= 4 {
			label = fmt.Sprintf("1e%d", int(d))
		}
		ys, texts = append(ys, y), append(texts, label)
	}
	yLabels(c, l, r, ys, texts)
	axis := axisLabels{c: c, y: r.Bottom() + 2*s, right: float32(math.Inf(-1)), col: colTextDim}
	n := len(trials)
	if n == 0 {
		t := "no cheese eaten yet"
		c.Text(in.X+(in.W-fonts.Width(t, FontSmall))/2, in.Y+(in.H-fonts.Height(FontSmall))/2, t, FontSmall, colTextDim)
		return
	}
	events := a.life.Events()
	recent := in
	if n > recentTrials {
		all := Rect{in.X, in.Y, float32(math.Floor(float64(in.W * 0.38))), in.H}
		recent = Rect{all.Right() + 10*s, in.Y, in.Right() - all.Right() - 10*s, in.H}
		c.FillRect(Rect{all.Right() + 4*s, r.Y, max(1, s), r.H}, colPanelLine)
		a.plotWhole(c, all, trials, yOf, s)
		xOf := func(trial int) float32 { return all.X + all.W*float32(trial-1)/float32(n-1) }
		for _, e := range events {
			if e.Step > 0 {
				x := xOf(e.Trial)
				c.Line(x, in.Y, x, in.Bottom(), 1.2*s, fade(colEvent, 0.7))
			}
		}
		for _, m := range a.maps.marks {
			x := xOf(min(m.trial, n))
			c.Line(x, in.Y+in.H/2, x, in.Bottom(), 1.2*s, colMapSw)
		}
		axis.add(all.X, "1", 0, r.X, all.Right()+4*s)
		axis.add(all.Right(), thousands(int64(n)), 2, r.X, all.Right()+4*s)
	}
	first := max(1, n-recentTrials+1)
	span := float32(n + 1 - first) // the trial under way is the last point
	xOf := func(trial int) float32 {
		if span <= 0 {
			return recent.X
		}
		return recent.X + recent.W*float32(trial-first)/span
	}
	for _, e := range events {
		if e.Step > 0 && e.Trial >= first {
			x := xOf(e.Trial)
			c.Line(x, in.Y, x, in.Bottom(), 1.5*s, fade(colEvent, 0.8))
		}
	}
	// The agent's map switches: the lower half of the chart, so they read
	// apart from the world's events when both fall on one trial, with the
	// number of the map switched to.
	for _, m := range a.maps.marks {
		if m.trial >= first {
			x := xOf(m.trial)
			c.Line(x, in.Y+in.H/2, x, in.Bottom(), 1.5*s, colMapSw)
			c.Text(x+2*s, in.Y+in.H/2, fmt.Sprintf("#%d", m.active+1), FontSmall, colMapSw)
		}
	}
	var pm, po Point
	for i := first - 1; i < n; i++ {
		t := trials[i]
		qm := Point{xOf(t.Trial), yOf(float64(t.Moves))}
		if i > first-1 {
			c.Line(pm.X, pm.Y, qm.X, qm.Y, 2*s, colMoves)
		}
		c.Circle(qm.X, qm.Y, 2*s, colMoves)
		pm = qm
	}
	for i := first - 1; i < n; i++ {
		t := trials[i]
		qo := Point{xOf(t.Trial), yOf(float64(max(t.Optimal, 1)))}
		if i > first-1 {
			c.Line(po.X, po.Y, qo.X, qo.Y, 1.1*s, colOptimal)
		}
		po = qo
	}
	q := Point{xOf(n + 1), yOf(float64(cur.Moves))}
	c.Ring(q.X, q.Y, 3*s, 1.5*s, colMoves)
	if n > recentTrials {
		axis.add(recent.X, thousands(int64(first)), 0, recent.X, r.Right())
		label := fmt.Sprintf("last %d", recentTrials)
		axis.add(recent.X+recent.W/2, label, 1, recent.X, r.Right())
	} else {
		axis.add(recent.X, "1", 0, r.X, r.Right())
	}
	axis.add(q.X, thousands(int64(n+1)), 2, r.X, r.Right())
}

// plotWhole draws every trial of the lifetime in r: for each column of
// two pixels, the range of its trials' moves as a band, their typical
// moves (the geometric mean) as a line and their mean optimal over it.
func (a *App) plotWhole(c Canvas, r Rect, trials []lab.TrialRow, yOf func(float64) float32, s float32) {
	n := len(trials)
	bins := max(1, min(n, int(r.W/2)))
	var pm, po Point
	for b := 0; b < bins; b++ {
		lo, hi := b*n/bins, (b+1)*n/bins
		if hi <= lo {
			continue
		}
		mn, mx := math.Inf(1), math.Inf(-1)
		var logSum, optSum float64
		for _, t := range trials[lo:hi] {
			m := float64(max(t.Moves, 1))
			mn, mx = min(mn, m), max(mx, m)
			logSum += math.Log(m)
			optSum += float64(max(t.Optimal, 1))
		}
		k := float64(hi - lo)
		x := r.X + r.W*(float32(b)+0.5)/float32(bins)
		if mx > mn {
			c.FillRect(Rect{x - r.W/float32(bins)/2, yOf(mx), r.W / float32(bins), yOf(mn) - yOf(mx)}, fade(colMoves, 0.28))
		}
		qm := Point{x, yOf(math.Exp(logSum / k))}
		qo := Point{x, yOf(optSum / k)}
		if b > 0 {
			c.Line(pm.X, pm.Y, qm.X, qm.Y, 1.6*s, colMoves)
			c.Line(po.X, po.Y, qo.X, qo.Y, 1.1*s, colOptimal)
		}
		pm, po = qm, qo
	}
}

// plotReward draws the cumulative reward over steps.
func (a *App) plotReward(c Canvas, l layout) {
	s := l.s
	r := l.reward
	c.FillRect(r, colPlotBg)
	w := a.life.World()
	curve := a.life.Curve()
	step := w.StepCount()
	total := w.TotalReward()
	top, bot := max(total, 1), min(total, 0)
	for _, p := range curve {
		top, bot = max(top, p.CumReward), min(bot, p.CumReward)
	}
	in := r.Inset(4 * s)
	xOf := func(st int64) float32 {
		if step <= 0 {
			return in.X
		}
		return in.X + in.W*float32(float64(st)/float64(step))
	}
	yOf := func(v float64) float32 {
		return in.Bottom() - in.H*float32((v-bot)/(top-bot))
	}
	c.FillRect(Rect{r.X, yOf(0), r.W, max(1, s*0.8)}, colPlotGrid)
	yLabels(c, l, r, []float32{yOf(bot), yOf(top)}, []string{compact(bot), compact(top)})
	for _, e := range a.life.Events() {
		if e.Step == 0 {
			continue
		}
		x := xOf(e.Step)
		c.Line(x, in.Y, x, in.Bottom(), 1.5*s, fade(colEvent, 0.8))
	}
	prev := Point{xOf(0), yOf(0)}
	stride := max(1, len(curve)/int(max(1, in.W/2)))
	for i := 0; i < len(curve); i += stride {
		p := curve[i]
		q := Point{xOf(p.Step), yOf(p.CumReward)}
		c.Line(prev.X, prev.Y, q.X, q.Y, 1.8*s, colReward)
		prev = q
	}
	q := Point{xOf(step), yOf(total)}
	c.Line(prev.X, prev.Y, q.X, q.Y, 1.8*s, colReward)
	axis := axisLabels{c: c, y: r.Bottom() + 2*s, right: float32(math.Inf(-1)), col: colTextDim}
	axis.add(r.X, "step 0", 0, r.X, r.Right())
	axis.add(r.Right(), thousands(step), 2, r.X, r.Right())
}

// drawMetrics paints one small chart per metric the agent reports (its
// own diagnostics: backups, search nodes, model size, dormant units ...),
// each over the lifetime as the reward curve samples it, with its value
// now; N pages through them when they do not all fit.
func (a *App) drawMetrics(c Canvas, l layout) {
	fonts := c.Fonts()
	s := l.s
	r := l.metrics
	c.FillRect(r, colPanel)
	names := a.life.MetricNames()
	y := r.Y
	if !l.tabbed {
		c.Text(r.X, y, "Agent", FontBold, colText)
		y += sectionHeadH(fonts, s)
	}
	block := metricBlockH(fonts, s)
	per := max(1, int((r.Bottom()-y)/block))
	pages := (len(names) + per - 1) / per
	page := a.metricPage % max(pages, 1)
	if pages > 1 && !l.tabbed {
		t := fmt.Sprintf("N: page %d of %d", page+1, pages)
		c.Text(r.Right()-fonts.Width(t, FontSmall), r.Y+2*s, t, FontSmall, colTextDim)
	} else if pages > 1 {
		t := fmt.Sprintf("N: page %d of %d", page+1, pages)
		c.Text(r.Right()-fonts.Width(t, FontSmall), r.Bottom()-fonts.Height(FontSmall), t, FontSmall, colTextDim)
		per = max(1, int((r.Bottom()-y-fonts.Height(FontSmall))/block))
	}
	curve := a.life.Curve()
	now := a.life.Metrics()
	for i := page * per; i < len(names) && i < (page+1)*per; i++ {
		title := Rect{r.X, y, r.W, chartTitleH(fonts, s)}
		val := "–"
		if i < len(now) {
			val = compact(now[i].Value)
		}
		c.Text(title.X, title.Y, fonts.Fit(names[i], FontSmall, title.W-fonts.Width(val, FontSmall)-10*s), FontSmall, colText)
		c.Text(title.Right()-fonts.Width(val, FontSmall), title.Y, val, FontSmall, colTextHead)
		plot := Rect{r.X, title.Bottom(), r.W, metricPlotH * s}
		a.plotMetric(c, plot, curve, i, s)
		y += block
	}
}

// plotMetric draws metric i over the curve's samples, scaled to its own
// range.
func (a *App) plotMetric(c Canvas, r Rect, curve []lab.CurvePoint, i int, s float32) {
	c.FillRect(r, colPlotBg)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range curve {
		if i < len(p.Metrics) && !math.IsNaN(p.Metrics[i]) && !math.IsInf(p.Metrics[i], 0) {
			lo, hi = min(lo, p.Metrics[i]), max(hi, p.Metrics[i])
		}
	}
	if lo > hi || len(curve) == 0 {
		return
	}
	in := r.Inset(3 * s)
	last := curve[len(curve)-1].Step
	xOf := func(st int64) float32 {
		if last <= 0 {
			return in.X
		}
		return in.X + in.W*float32(float64(st)/float64(last))
	}
	yOf := func(v float64) float32 {
		if hi == lo {
			return in.Y + in.H/2
		}
		return in.Bottom() - in.H*float32((v-lo)/(hi-lo))
	}
	stride := max(1, len(curve)/int(max(1, in.W/2)))
	var prev Point
	started := false
	for k := 0; k < len(curve); k += stride {
		p := curve[k]
		if i >= len(p.Metrics) || math.IsNaN(p.Metrics[i]) || math.IsInf(p.Metrics[i], 0) {
			continue
		}
		q := Point{xOf(p.Step), yOf(p.Metrics[i])}
		if started {
			c.Line(prev.X, prev.Y, q.X, q.Y, 1.5*s, colMetric)
		}
		prev, started = q, true
	}
}

// drawLegend lists the overlays with their keys, colours and state.
func (a *App) drawLegend(c Canvas, l layout) {
	fonts := c.Fonts()
	s := l.s
	r := l.legend
	c.FillRect(r, colPanel)
	y := r.Y
	if !l.tabbed {
		c.Text(r.X, y, "Overlays", FontBold, colText)
		if !a.hasMemory() {
			t := "(" + a.life.Config().Agent + " keeps no memory)"
			if fonts.Width("Overlays", FontBold)+fonts.Width(t, FontSmall)+10*s <= r.W {
				c.Text(r.Right()-fonts.Width(t, FontSmall), y+2*s, t, FontSmall, colTextDim)
			}
		}
		y += sectionHeadH(fonts, s)
	}
	lh := legendRowH(fonts, s)
	cols := max(1, l.legendCols)
	per := (len(overlayTable) + cols - 1) / cols
	cw := r.W / float32(cols)
	for i, info := range overlayTable {
		x := r.X + float32(i/per)*cw
		y := y + float32(i%per)*lh
		on := a.overlays.Has(info.o)
		avail := !info.memory || a.hasMemory()
		tc, f := colText, float32(1)
		if !on || !avail {
			tc, f = colTextDim, 0.3
		}
		key := string(info.key)
		c.FillRect(Rect{x, y + 1*s, 16 * s, lh - 4*s}, colPlotBg)
		kw := fonts.Width(key, FontSmall)
		c.Text(x+8*s-kw/2, y, key, FontSmall, tc)
		sw := Rect{x + 24*s, y + lh/2 - 4*s, 14 * s, 6 * s}
		if info.o == OverlayValue {
			for k := 0; k < 7; k++ {
				c.FillRect(Rect{sw.X + sw.W*float32(k)/7, sw.Y, sw.W / 7, sw.H}, fade(valueColour(float32(k)/6), f))
			}
		} else {
			c.FillRect(sw, fade(info.colour, f))
		}
		state := "off"
		if on {
			state = "on"
		}
		sx := x + cw - fonts.Width(state, FontSmall) - 6*s*float32(cols-1)
		label := info.label
		if cols > 1 {
			label = info.name
		}
		c.Text(x+46*s, y, fonts.Fit(label, FontSmall, sx-8*s-(x+46*s)), FontSmall, tc)
		c.Text(sx, y, state, FontSmall, tc)
	}
}

// drawHelp paints the help panel over everything: every key and what
// the mouse does, in as many columns as the window's height needs.
func (a *App) drawHelp(c Canvas, l layout) {
	fonts := c.Fonts()
	s := l.s
	lh := fonts.Height(FontBody) + 4*s
	type line struct {
		keys, what string
		head       bool
	}
	var lines []line
	group := ""
	for _, b := range bindings {
		if b.help == "" || b.replay && a.replay == nil {
			continue
		}
		if b.group != group {
			group = b.group
			lines = append(lines, line{what: group, head: true})
		}
		keys := ""
		for i, k := range b.keys {
			if i > 0 {
				keys += " or "
			}
			keys += keyLabel(k)
		}
		if b.act == actSpeed {
			keys = "1 … 9, 0"
		}
		lines = append(lines, line{keys: keys, what: b.help})
	}
	lines = append(lines, line{what: "Mouse", head: true})
	mouse := mouseHelp
	if a.replay != nil {
		mouse = replayMouseHelp
	}
	for _, m := range mouse {
		lines = append(lines, line{keys: m[0], what: m[1]})
	}
	// As many columns as the height needs, as wide as the width allows.
	W, H := float32(l.w), float32(l.h)
	head := 56 * s
	perCol := max(1, int((H-head-30*s)/lh))
	cols := (len(lines) + perCol - 1) / perCol
	perCol = (len(lines) + cols - 1) / cols
	colW := min(430*s, (W-40*s)/float32(cols)-10*s)
	keyW := min(150*s, colW*0.4)
	w := colW*float32(cols) + 40*s
	h := float32(perCol)*lh + head + 20*s
	box := Rect{(W - w) / 2, max(4*s, (H-h)/2), w, h}
	c.FillRect(box.Inset(-2*s), colPanelLine)
	c.FillRect(box, colPanel)
	title := "mazerat: keys and mouse"
	c.Text(box.X+20*s, box.Y+16*s, title, FontLarge, colTextHead)
	hint := "H, ? or Esc closes"
	if hx := box.Right() - 20*s - fonts.Width(hint, FontSmall); hx > box.X+28*s+fonts.Width(title, FontLarge) {
		c.Text(hx, box.Y+20*s, hint, FontSmall, colTextDim)
	}
	for i, ln := range lines {
		col, row := i/perCol, i%perCol
		x := box.X + 20*s + float32(col)*colW
		y := box.Y + head + float32(row)*lh
		if ln.head {
			c.Text(x, y+2*s, ln.what, FontBold, colPaused)
			continue
		}
		c.Text(x, y, fonts.Fit(ln.keys, FontBody, keyW-8*s), FontBody, colTextHead)
		c.Text(x+keyW, y, fonts.Fit(ln.what, FontBody, colW-keyW-10*s), FontBody, colText)
	}
}

// keyLabel writes a key as a person reads it.
func keyLabel(k Key) string {
	switch k {
	case "space":
		return "Space"
	case "esc":
		return "Esc"
	case "tab":
		return "Tab"
	case "right":
		return "→"
	case "left":
		return "←"
	case "f12":
		return "F12"
	}
	if len(k) == 1 && k[0] >= 'a' && k[0] <= 'z' {
		return string(k[0] - 'a' + 'A')
	}
	return string(k)
}

// compact writes a number in at most about five characters: 12,345 →
// "12.3k", 1.5e6 → "1.5M", 0.123 → "0.12".
func compact(x float64) string {
	ax := math.Abs(x)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "–"
	case ax >= 1e9:
		return strconv.FormatFloat(x/1e9, 'f', 1, 64) + "G"
	case ax >= 1e6:
		return strconv.FormatFloat(x/1e6, 'f', 1, 64) + "M"
	case ax >= 1e4:
		return strconv.FormatFloat(x/1e3, 'f', 1, 64) + "k"
	case x == math.Trunc(x):
		return thousands(int64(x))
	case ax >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	default:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
}
