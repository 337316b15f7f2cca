package render

import (
	"image/color"
	"strconv"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/world"
)

// The board's text has fixed places, so that no text lands on other
// text: a door's letter sits on a chip in the middle of its wall (a thin
// door) or at the top of its cell (a block door); every other label of a
// cell (its name, "start", and its visit count) shares one line at the
// top of the cell's inner square, which keeps clear of the chips on its
// four sides. Labels are drawn over the overlays and the rat, and only
// in cells of at least labelCells pixels (at scale 1).

// drawLabels writes the board's text.
func (a *App) drawLabels(c Canvas, l layout, v *agent.View) {
	cam := l.cam
	s := l.s
	cs := cam.cellPx()
	if cs < labelCells*s {
		return
	}
	fonts := c.Fonts()
	th := fonts.Height(FontSmall)
	band := chipBand(fonts, s) // how far a chip reaches into a cell
	w := a.life.World()
	m, doors := w.Maze(), w.Doors()
	visits := v != nil && a.overlays.Has(OverlayVisits) && len(v.Visits) == v.Places
	type part struct {
		text string
		col  color.NRGBA
	}
	var parts []part
	for i := 0; i < m.NumCells(); i++ {
		cell := m.CellAt(i)
		parts = parts[:0]
		if m.Style == world.Blocks {
			if wl := m.Cell(cell); wl.IsDoor() {
				col := colDoor
				if doors.Open(wl.Letter()) {
					col = colDoorOpen
				}
				parts = append(parts, part{string(rune(wl.Letter())), col})
			}
		}
		if cell == m.Start {
			parts = append(parts, part{"start", colStart})
		}
		if visits && v.Visits[i] > 0 {
			parts = append(parts, part{strconv.Itoa(int(v.Visits[i])), colVisits})
		}
		if len(parts) == 0 {
			continue
		}
		slot := cellRect(cam, cell).Inset(band)
		if m.Style == world.Blocks {
			slot = cellRect(cam, cell).Inset(3 * s)
		}
		if slot.H < th {
			continue
		}
		// Drop parts from the front (the start's name, then a door's
		// letter) until the rest fit.
		gap := 4 * s
		for len(parts) > 0 {
			var width float32
			for k, p := range parts {
				width += fonts.Width(p.text, FontSmall)
				if k > 0 {
					width += gap
				}
			}
			if width <= slot.W {
				break
			}
			parts = parts[1:]
		}
		x := slot.X
		for _, p := range parts {
			c.Text(x, slot.Y, p.text, FontSmall, p.col)
			x += fonts.Width(p.text, FontSmall) + gap
		}
	}
	if m.Style == world.Blocks {
		return
	}
	// Thin doors: the letter on a chip over the middle of each door wall.
	for row := 0; row < m.H; row++ {
		for col := 0; col < m.W; col++ {
			cell := world.Cell{Row: row, Col: col}
			for _, side := range world.Sides {
				if side == world.South && row < m.H-1 || side == world.East && col < m.W-1 {
					continue // from the neighbour's North or West
				}
				wl := m.Edge(cell, side)
				if !wl.IsDoor() {
					continue
				}
				r := cam.rect(a.boxRect(a.wallBox(world.WallChange{Cell: cell, Side: side})))
				t := string(rune(wl.Letter()))
				tw := fonts.Width(t, FontSmall)
				cx, cy := r.X+r.W/2, r.Y+r.H/2
				chip := Rect{cx - tw/2 - 2*s, cy - th/2 - s, tw + 4*s, th + 2*s}
				c.FillRect(chip, colToast)
				tc := colDoor
				if doors.Open(wl.Letter()) {
					tc = colDoorOpen
				}
				c.Text(cx-tw/2, cy-th/2, t, FontSmall, tc)
			}
		}
	}
}

// chipBand is how far a door's chip reaches from its wall into a cell,
// and so how far the cell's own label keeps from its sides.
func chipBand(fonts *Fonts, s float32) float32 {
	return fonts.Height(FontSmall)/2 + 2*s
}
