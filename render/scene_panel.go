package render

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
)

// statsView is the text of the panel's numbers: rows of two label/value
// pairs.
type statsView struct {
	rows   [6][4]string
	accent [6][2]bool // values to draw in the accent colour
}

func (s *statsView) version() uint64 {
	var h hasher
	for _, r := range s.rows {
		for _, t := range r {
			h.addString(t)
			h.add(0)
		}
	}
	for _, r := range s.accent {
		h.add(b2u(r[0]), b2u(r[1]))
	}
	return h.sum()
}

// stats gathers the panel's numbers.
func (a *App) stats() statsView {
	w := a.life.World()
	var s statsView
	cur := w.CurrentTrial()
	s.rows[0] = [4]string{"step", thousands(w.StepCount()), "trial", strconv.Itoa(w.Trial())}
	opt := a.optimalNow()
	optText := "no path"
	if opt >= 0 {
		optText = strconv.Itoa(opt)
	}
	s.rows[1] = [4]string{"moves", fmt.Sprintf("%d (optimal %s)", cur.Moves, optText), "", ""}
	last := "–"
	if tr := a.life.Trials(); len(tr) > 0 && !math.IsNaN(tr[len(tr)-1].PathRatio) {
		last = strconv.FormatFloat(tr[len(tr)-1].PathRatio, 'f', 2, 64) + "x"
	}
	s.rows[2] = [4]string{"reward", formatNum(w.TotalReward()), "last ratio", last}
	speed := "fastest"
	if n := speeds[a.speed]; n > 0 {
		speed = strconv.Itoa(n) + "x"
	}
	if a.paused {
		speed += ", paused"
		s.accent[3][0] = true
	}
	rate := "–"
	if a.rate > 0 || a.rateInit && !a.paused {
		rate = thousands(int64(math.Round(a.rate)))
	}
	s.rows[3] = [4]string{"speed", speed, "ticks/s", rate}
	v := a.memory()
	if v != nil {
		s.rows[4] = [4]string{"model", thousands(int64(v.ModelSize)), "surprises", thousands(a.life.Surprises())}
		k := "–"
		if p, ok := a.life.AgentParams()["agent.planning"]; ok {
			k = p
		}
		known, wrong := a.mapErrors(v)
		mapText := "–"
		if known > 0 {
			mapText = fmt.Sprintf("%d wrong", wrong)
			s.accent[5][1] = wrong > 0
		}
		s.rows[5] = [4]string{"planning K", k, "map", mapText}
	} else {
		s.rows[4] = [4]string{"memory", "none to show", "", ""}
		s.rows[5] = [4]string{"agent", a.life.Config().Agent, "", ""}
	}
	return s
}

// drawStats paints the panel's numbers.
func (a *App) drawStats(c Canvas, l layout, s statsView) {
	fonts := c.Fonts()
	r := l.stats
	c.FillRect(r, colPanel)
	line := fonts.Height(FontBody) + 5*l.s
	col2 := r.X + r.W*0.56
	labelW := 78 * l.s
	for i, row := range s.rows {
		y := r.Y + float32(i)*line
		for j := 0; j < 2; j++ {
			label, value := row[2*j], row[2*j+1]
			if label == "" && value == "" {
				continue
			}
			x := r.X
			lw := labelW
			if j == 1 {
				x, lw = col2, 70*l.s
			}
			c.Text(x, y, label, FontSmall, colTextDim)
			vc := colText
			if s.accent[i][j] {
				vc = colPaused
			}
			avail := r.Right() - (x + lw)
			if j == 0 && row[2] != "" {
				avail = col2 - (x + lw) - 6*l.s
			}
			c.Text(x+lw, y-1*l.s, fonts.Fit(value, FontBody, avail), FontBody, vc)
		}
	}
}

// drawPlots paints the live plots: moves per trial against the optimal,
// and the cumulative reward, both with the world's events marked.
func (a *App) drawPlots(c Canvas, l layout) {
	fonts := c.Fonts()
	c.FillRect(l.plots, colPanel)
	th := fonts.Height(FontSmall) + 4*l.s
	title := func(r Rect, text string, keys ...legendKey) {
		y := r.Y - th
		c.Text(r.X, y, text, FontSmall, colText)
		x := r.Right()
		for i := len(keys) - 1; i >= 0; i-- {
			k := keys[i]
			w := fonts.Width(k.label, FontSmall)
			x -= w
			c.Text(x, y, k.label, FontSmall, colTextDim)
			x -= 14 * l.s
			c.Line(x, y+th/2-1, x+10*l.s, y+th/2-1, 2*l.s, k.col)
			x -= 8 * l.s
		}
	}
	title(l.moves, "moves per trial", legendKey{"moves", colMoves}, legendKey{"optimal", colOptimal}, legendKey{"event", colEvent})
	a.plotMoves(c, l.moves, l.s)
	title(l.reward, "cumulative reward")
	a.plotReward(c, l.reward, l.s)
}

type legendKey struct {
	label string
	col   color.NRGBA
}

// plotMoves draws moves per trial on a log scale, the optimal, the trial
// under way (a ring) and the events (upright lines).
func (a *App) plotMoves(c Canvas, r Rect, s float32) {
	fonts := c.Fonts()
	c.FillRect(r, colPlotBg)
	trials := a.life.Trials()
	w := a.life.World()
	cur := w.CurrentTrial()
	n := len(trials) + 1 // the trial under way is the last point
	top := 1.0
	for _, t := range trials {
		top = max(top, float64(t.Moves), float64(t.Optimal))
	}
	top = max(top, float64(cur.Moves), 10)
	decades := math.Ceil(math.Log10(top))
	pad := 6 * s
	left := r.X + fonts.Width("1000", FontSmall) + 8*s
	inner := Rect{left, r.Y + pad, r.Right() - pad - left, r.H - 2*pad}
	xOf := func(trial int) float32 {
		if n <= 1 {
			return inner.X
		}
		return inner.X + inner.W*float32(trial-1)/float32(n-1)
	}
	yOf := func(v float64) float32 {
		return inner.Bottom() - inner.H*float32(math.Log10(max(v, 1))/decades)
	}
	for d := 0.0; d <= decades; d++ {
		y := yOf(math.Pow(10, d))
		c.FillRect(Rect{inner.X, y, inner.W, max(1, s*0.8)}, colPlotGrid)
		label := strconv.Itoa(int(math.Pow(10, d)))
		if d >= 4 {
			label = fmt.Sprintf("1e%d", int(d))
		}
		c.Text(r.X+4*s, y-fonts.Height(FontSmall)/2, label, FontSmall, colTextDim)
	}
	for _, e := range a.life.Events() {
		if e.Step == 0 {
			continue
		}
		x := xOf(e.Trial)
		c.Line(x, inner.Y, x, inner.Bottom(), 1.5*s, fade(colEvent, 0.8))
	}
	// Thin out points past two per pixel.
	stride := max(1, len(trials)/int(max(1, inner.W/2)))
	var pm, po Point
	for i := 0; i < len(trials); i += stride {
		t := trials[i]
		x := xOf(t.Trial)
		qm := Point{x, yOf(float64(t.Moves))}
		qo := Point{x, yOf(float64(max(t.Optimal, 1)))}
		if i > 0 {
			c.Line(po.X, po.Y, qo.X, qo.Y, 1.5*s, colOptimal)
			c.Line(pm.X, pm.Y, qm.X, qm.Y, 1.8*s, colMoves)
		}
		if len(trials) <= 60 {
			c.Circle(qm.X, qm.Y, 2*s, colMoves)
		}
		pm, po = qm, qo
	}
	// The trial under way: a ring, not joined (it is not over).
	q := Point{xOf(n), yOf(float64(cur.Moves))}
	c.Ring(q.X, q.Y, 3*s, 1.5*s, colMoves)
	if len(trials) > 0 {
		t := trials[len(trials)-1]
		label := fmt.Sprintf("trial %d: %d moves", t.Trial, t.Moves)
		c.Text(inner.Right()-fonts.Width(label, FontSmall), inner.Y, label, FontSmall, colTextDim)
	} else {
		c.Text(inner.X+6*s, inner.Y, "no cheese eaten yet", FontSmall, colTextDim)
	}
}

// plotReward draws the cumulative reward over steps.
func (a *App) plotReward(c Canvas, r Rect, s float32) {
	c.FillRect(r, colPlotBg)
	w := a.life.World()
	curve := a.life.Curve()
	step := w.StepCount()
	total := w.TotalReward()
	top, bot := max(total, 1), min(total, 0)
	for _, p := range curve {
		top, bot = max(top, p.CumReward), min(bot, p.CumReward)
	}
	pad := 6 * s
	inner := r.Inset(pad)
	xOf := func(st int64) float32 {
		if step <= 0 {
			return inner.X
		}
		return inner.X + inner.W*float32(float64(st)/float64(step))
	}
	yOf := func(v float64) float32 {
		return inner.Bottom() - inner.H*float32((v-bot)/(top-bot))
	}
	c.FillRect(Rect{inner.X, yOf(0), inner.W, max(1, s*0.8)}, colPlotGrid)
	for _, e := range a.life.Events() {
		if e.Step == 0 {
			continue
		}
		x := xOf(e.Step)
		c.Line(x, inner.Y, x, inner.Bottom(), 1.5*s, fade(colEvent, 0.8))
	}
	prev := Point{xOf(0), yOf(0)}
	stride := max(1, len(curve)/int(max(1, inner.W/2)))
	for i := 0; i < len(curve); i += stride {
		p := curve[i]
		q := Point{xOf(p.Step), yOf(p.CumReward)}
		c.Line(prev.X, prev.Y, q.X, q.Y, 1.8*s, colReward)
		prev = q
	}
	q := Point{xOf(step), yOf(total)}
	c.Line(prev.X, prev.Y, q.X, q.Y, 1.8*s, colReward)
	label := formatNum(total) + " by step " + thousands(step)
	c.Text(inner.X+2*s, inner.Y, label, FontSmall, colTextDim)
}

// drawLegend lists the overlays with their keys, colours and state.
func (a *App) drawLegend(c Canvas, l layout) {
	fonts := c.Fonts()
	r := l.legend
	c.FillRect(r, colPanel)
	c.Text(r.X, r.Y, "Overlays", FontBold, colText)
	if !a.hasMemory() {
		t := "(" + a.life.Config().Agent + " keeps no memory)"
		c.Text(r.Right()-fonts.Width(t, FontSmall), r.Y+2*l.s, t, FontSmall, colTextDim)
	}
	y := r.Y + fonts.Height(FontBold) + 8*l.s
	lh := fonts.Height(FontSmall) + 4*l.s
	for _, info := range overlayTable {
		on := a.overlays.Has(info.o)
		avail := !info.memory || a.hasMemory()
		tc, sc := colText, info.colour
		if !on || !avail {
			tc, sc = colTextDim, fade(info.colour, 0.3)
		}
		key := string(info.key)
		c.FillRect(Rect{r.X, y + 1*l.s, 16 * l.s, lh - 4*l.s}, colPlotBg)
		kw := fonts.Width(key, FontSmall)
		c.Text(r.X+8*l.s-kw/2, y, key, FontSmall, tc)
		c.FillRect(Rect{r.X + 24*l.s, y + lh/2 - 4*l.s, 14 * l.s, 6 * l.s}, sc)
		c.Text(r.X+46*l.s, y, info.label, FontSmall, tc)
		state := "off"
		if on {
			state = "on"
		}
		c.Text(r.Right()-fonts.Width(state, FontSmall), y, state, FontSmall, tc)
		y += lh
	}
}

// drawHelp paints the help panel over everything: every key and what
// the mouse does.
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
	// Two columns when the window is short.
	cols := 1
	if float32(len(lines))*lh+90*s > float32(l.h) {
		cols = 2
	}
	perCol := (len(lines) + cols - 1) / cols
	colW := 430 * s
	w := colW*float32(cols) + 40*s
	h := float32(perCol)*lh + 80*s
	box := Rect{(float32(l.w) - w) / 2, max(10*s, (float32(l.h)-h)/2), w, h}
	c.FillRect(box.Inset(-2*s), colPanelLine)
	c.FillRect(box, colPanel)
	c.Text(box.X+20*s, box.Y+16*s, "mazerat: keys and mouse", FontLarge, colTextHead)
	hint := "H, ? or Esc closes"
	c.Text(box.Right()-20*s-fonts.Width(hint, FontSmall), box.Y+20*s, hint, FontSmall, colTextDim)
	for i, ln := range lines {
		col, row := i/perCol, i%perCol
		x := box.X + 20*s + float32(col)*colW
		y := box.Y + 56*s + float32(row)*lh
		if ln.head {
			c.Text(x, y+2*s, ln.what, FontBold, colPaused)
			continue
		}
		c.Text(x, y, ln.keys, FontBody, colTextHead)
		c.Text(x+150*s, y, fonts.Fit(ln.what, FontBody, colW-160*s), FontBody, colText)
	}
}

// keyLabel writes a key as a person reads it.
func keyLabel(k Key) string {
	switch k {
	case "space":
		return "Space"
	case "esc":
		return "Esc"
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
