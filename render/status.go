package render

import (
	"image/color"
	"math"
	"strconv"
)

// statusView is what the status line under the board shows: badges on
// the left (paused or finished, recording with the file's size, a return
// to a world met before), and on the right the last message while it
// lasts, else the value map's colour scale with numbers.
type statusView struct {
	state    string // "PAUSED", "FINISHED" or ""
	recBytes int64  // > 0: recording, this many bytes so far
	again    string // "world #2 again" or ""
	msg      string
	msgErr   bool
	msgFade  uint8 // the message's opacity, quantised
	scale    bool  // the value scale is shown
	lo, mid  float64
	hi       float64
}

func (v statusView) version() uint64 {
	var h hasher
	h.addString(v.state)
	h.add(uint64(v.recBytes>>16), b2u(v.scale), math.Float64bits(v.lo), math.Float64bits(v.mid), math.Float64bits(v.hi),
		b2u(v.msgErr), uint64(v.msgFade))
	h.addString(v.again)
	h.addString(v.msg)
	return h.sum()
}

// statusLine gathers the status line.
func (a *App) statusLine() statusView {
	var v statusView
	if a.paused {
		v.state = "PAUSED"
		if a.life.Done() {
			v.state = "FINISHED"
		}
	}
	v.recBytes = a.life.RecordingSize()
	if a.worlds.again() {
		v.again = "world #" + strconv.Itoa(a.worlds.current+1) + " again"
	}
	if text, isErr := a.Message(); text != "" {
		v.msg, v.msgErr = text, isErr
		v.msgFade = uint8(255 * min(1, float32(a.msg.until-a.frame)/30))
	}
	a.sortValues()
	if m := a.memory(); m != nil && a.overlays.Has(OverlayValue) && len(a.sorted) > 0 {
		v.scale = true
		v.lo, v.hi = a.sorted[0], a.sorted[len(a.sorted)-1]
		v.mid = a.sorted[len(a.sorted)/2]
	}
	return v
}

// drawStatus paints the status line.
func (a *App) drawStatus(c Canvas, l layout, v statusView) {
	fonts := c.Fonts()
	s := l.s
	r := l.status
	c.FillRect(r, colBackground)
	pad := 6 * s
	x := r.X
	ty := r.Y + (r.H-fonts.Height(FontBold))/2
	badge := func(text string, col color.NRGBA, dot bool) {
		w := fonts.Width(text, FontBold) + 2*pad
		if dot {
			w += 12 * s
		}
		if x+w > r.Right() {
			return
		}
		c.FillRect(Rect{x, r.Y + 2*s, w, r.H - 4*s}, colToast)
		tx := x + pad
		if dot {
			c.Circle(tx+4*s, r.Y+r.H/2, 4*s, colRecord)
			tx += 12 * s
		}
		c.Text(tx, ty, text, FontBold, col)
		x += w + 6*s
	}
	if v.state != "" {
		badge(v.state, colPaused, false)
	}
	if v.recBytes > 0 {
		badge("REC "+byteSize(v.recBytes), colText, true)
	}
	if v.again != "" {
		badge(v.again, colPaused, false)
	}
	room := Rect{x, r.Y, r.Right() - x, r.H}
	switch {
	case v.msg != "":
		f := float32(v.msgFade) / 255
		col := colText
		if v.msgErr {
			col = colError
		}
		text := fonts.Fit(v.msg, FontBody, room.W-2*pad)
		tw := fonts.Width(text, FontBody)
		box := Rect{room.Right() - tw - 2*pad, r.Y + 2*s, tw + 2*pad, r.H - 4*s}
		c.FillRect(box, fade(colToast, f))
		c.Text(box.X+pad, r.Y+(r.H-fonts.Height(FontBody))/2, text, FontBody, fade(col, f))
	case v.scale:
		a.drawValueScale(c, l, room, v)
	}
}

// drawValueScale draws the value map's colour scale at the right of r:
// the colours by rank from the lowest known value to the highest, with
// the lowest, the median and the highest written beside and under it.
func (a *App) drawValueScale(c Canvas, l layout, r Rect, v statusView) {
	fonts := c.Fonts()
	s := l.s
	lo, hi := compact(v.lo), compact(v.hi)
	label := "value"
	mid := "median " + compact(v.mid)
	barW := min(140*s, r.W*0.45)
	need := fonts.Width(label, FontSmall) + fonts.Width(lo, FontSmall) + barW + fonts.Width(hi, FontSmall) + 4*6*s
	if need > r.W {
		return
	}
	showMid := need+fonts.Width(mid, FontSmall)+8*s <= r.W
	x := r.Right()
	ty := r.Y + (r.H-fonts.Height(FontSmall))/2
	if showMid {
		x -= fonts.Width(mid, FontSmall)
		c.Text(x, ty, mid, FontSmall, colTextDim)
		x -= 8 * s
	}
	x -= fonts.Width(hi, FontSmall)
	c.Text(x, ty, hi, FontSmall, colText)
	x -= 6*s + barW
	bar := Rect{x, r.Y + r.H/2 - 4*s, barW, 8 * s}
	const steps = 24
	for k := 0; k < steps; k++ {
		x0 := bar.X + bar.W*float32(k)/steps
		c.FillRect(Rect{x0, bar.Y, bar.W/steps + 1, bar.H}, over(colFloor, fade(valueColour((float32(k)+0.5)/steps), valueAlpha)))
	}
	c.FillRect(Rect{bar.X + bar.W/2 - max(1, s)/2, bar.Y - 2*s, max(1, s), bar.H + 4*s}, colText)
	x -= 6*s + fonts.Width(lo, FontSmall)
	c.Text(x, ty, lo, FontSmall, colText)
	x -= 6*s + fonts.Width(label, FontSmall)
	c.Text(x, ty, label, FontSmall, colTextDim)
}

// byteSize writes a file size: "812 kB", "12.4 MB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 2, 64) + " GB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	default:
		return strconv.FormatInt(n>>10, 10) + " kB"
	}
}
