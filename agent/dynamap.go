package agent

import (
	"math"

	"github.com/mazerat/mazerat/world"
)

// gridMap is the agent's own map: for every place and side, what the agent
// believes stands there (unknown, open, wall) and the step it last saw or
// tried it. It lives in the agent's coordinates (places from the place
// sensor, x east and y north in metres from the grid's bottom-left corner),
// and is fed by touch (a move that failed) and by the rays (what they pass
// through is open, where they stop is a wall). The latest evidence wins:
// the world changes, and a gap that opened is seen by passing it.
type gridMap struct {
	w, h int
	cell float64
	side []Belief // place*4 + side
	seen []int64  // step of the latest evidence, place*4 + side

	// note, when set, hears every piece of evidence before it is written
	// (dyna's judge of which map fits the world: dynamaps.go).
	note func(p int, s world.Side, b Belief)
}

func newGridMap(w, h int, cell float64) *gridMap {
	m := &gridMap{w: w, h: h, cell: cell, side: make([]Belief, w*h*4), seen: make([]int64, w*h*4)}
	m.reset()
	return m
}

// reset forgets everything but the outline.
func (m *gridMap) reset() {
	clear(m.side)
	clear(m.seen)
	// The grid's outline is known to be closed: the body knows the size of
	// its maze, as Theseus's relays did.
	for p := 0; p < m.w*m.h; p++ {
		for s := world.North; s <= world.West; s++ {
			if m.neighbour(p, s) < 0 {
				m.side[p*4+int(s)] = Wall
			}
		}
	}
}

// neighbour returns the place across side s of place p, or -1 outside.
func (m *gridMap) neighbour(p int, s world.Side) int {
	r, c := p/m.w, p%m.w
	dr, dc := s.Delta()
	r, c = r+dr, c+dc
	if r < 0 || r >= m.h || c < 0 || c >= m.w {
		return -1
	}
	return r*m.w + c
}

// set records evidence about side s of place p (and the same edge seen
// from the other side). It reports whether the belief changed, and whether
// the change contradicts what was believed (a surprise: unknown becoming
// known is news, not a surprise).
func (m *gridMap) set(p int, s world.Side, b Belief, step int64) (changed, surprise bool) {
	if m.note != nil {
		m.note(p, s, b)
	}
	i := p*4 + int(s)
	old := m.side[i]
	m.side[i], m.seen[i] = b, step
	if q := m.neighbour(p, s); q >= 0 {
		j := q*4 + int(s.Opposite())
		m.side[j], m.seen[j] = b, step
	}
	return old != b, old != Unknown && old != b
}

// belief returns what the map holds for side s of place p and when it was
// last seen.
func (m *gridMap) belief(p int, s world.Side) (Belief, int64) {
	i := p*4 + int(s)
	return m.side[i], m.seen[i]
}

// placeOf returns the place containing point (x, y), or -1 outside.
func (m *gridMap) placeOf(x, y float64) int {
	c := int(math.Floor(x / m.cell))
	r := m.h - 1 - int(math.Floor(y/m.cell))
	if r < 0 || r >= m.h || c < 0 || c >= m.w {
		return -1
	}
	return r*m.w + c
}

// centre returns the centre of place p.
func (m *gridMap) centre(p int) (x, y float64) {
	r, c := p/m.w, p%m.w
	return (float64(c) + 0.5) * m.cell, (float64(m.h-r) - 0.5) * m.cell
}

// ray folds one range reading into the map: from (x, y) along unit
// direction (dx, dy), the ray travelled dist metres (maxDist if it hit
// nothing). Every cell boundary it crossed well before the end is open; the
// boundary at its end is a wall. Crossings within margin metres of the end
// or of a grid corner are ambiguous and left alone. onChange is called for
// every edge whose belief changed.
func (m *gridMap) ray(x, y, dx, dy, dist, maxDist, margin float64, step int64, onChange func(p int, s world.Side, surprise bool)) {
	hit := dist < maxDist-1e-9
	g, ok := m.walk(x, y, dx, dy)
	if !ok {
		return
	}
	s := m.cell
	// Crossings near the end of the ray are ambiguous between them: the
	// wall stands at the one nearest to where the ray stopped, and the
	// others are left alone.
	type crossing struct {
		t          float64
		place      int
		side       world.Side
		nearCorner bool
	}
	var window [8]crossing
	nw := 0
	for {
		t, place, side, ok := g.next()
		if !ok || t > dist+margin {
			break
		}
		// Where the crossing is relative to the nearest grid corner.
		px, py := x+dx*t, y+dy*t
		var along float64
		if side == world.East || side == world.West {
			along = py - math.Round(py/s)*s
		} else {
			along = px - math.Round(px/s)*s
		}
		c := crossing{t: t, place: place, side: side, nearCorner: math.Abs(along) < margin}
		if m.neighbour(c.place, side) < 0 {
			// The outline: known closed from birth, and a ray that seems
			// to pass it is mistaken about where it stands.
			c.nearCorner = true
		}
		if t < dist-margin {
			// Well before the end: the ray passed through, so it is open.
			if !c.nearCorner {
				if ch, sur := m.set(c.place, c.side, Open, step); ch && onChange != nil {
					onChange(c.place, c.side, sur)
				}
			}
		} else if nw < len(window) {
			window[nw] = c
			nw++
		}
	}
	if !hit || nw == 0 {
		return // ran out of range, or stopped inside a cell: nothing certain
	}
	// A ray stops on a wall's face, a little before the cell boundary the
	// wall stands on (thin walls have thickness), so the boundary just
	// beyond the end is the likeliest. Two candidates about as likely:
	// leave both alone.
	target := dist + 0.04*s
	best, second := -1, -1
	for i := 0; i < nw; i++ {
		switch {
		case best < 0 || math.Abs(window[i].t-target) < math.Abs(window[best].t-target):
			best, second = i, best
		case second < 0 || math.Abs(window[i].t-target) < math.Abs(window[second].t-target):
			second = i
		}
	}
	if second >= 0 && math.Abs(window[second].t-target)-math.Abs(window[best].t-target) < margin/2 {
		return
	}
	if c := window[best]; !c.nearCorner {
		if ch, sur := m.set(c.place, c.side, Wall, step); ch && onChange != nil {
			onChange(c.place, c.side, sur)
		}
	}
}

// gridWalk steps along a ray through the cells of a map (Amanatides &
// Woo), one cell boundary at a time.
type gridWalk struct {
	m                      *gridMap
	cx, cy                 int // the cell the ray is in (cy counts rows from the bottom)
	stepX, stepY           int
	tMaxX, tMaxY, tDX, tDY float64
}

// walk starts a walk from (x, y) along unit direction (dx, dy); ok is
// false when the point is outside the map.
func (m *gridMap) walk(x, y, dx, dy float64) (g gridWalk, ok bool) {
	if m.placeOf(x, y) < 0 {
		return g, false
	}
	s := m.cell
	g = gridWalk{m: m, cx: int(math.Floor(x / s)), cy: int(math.Floor(y / s)), stepX: 1, stepY: 1,
		tMaxX: math.Inf(1), tMaxY: math.Inf(1), tDX: math.Inf(1), tDY: math.Inf(1)}
	if dx > 0 {
		g.tMaxX, g.tDX = (float64(g.cx+1)*s-x)/dx, s/dx
	} else if dx < 0 {
		g.stepX, g.tMaxX, g.tDX = -1, (float64(g.cx)*s-x)/dx, -s/dx
	}
	if dy > 0 {
		g.tMaxY, g.tDY = (float64(g.cy+1)*s-y)/dy, s/dy
	} else if dy < 0 {
		g.stepY, g.tMaxY, g.tDY = -1, (float64(g.cy)*s-y)/dy, -s/dy
	}
	return g, true
}

// next returns the next boundary the ray crosses: its distance along the
// ray, the place the ray leaves and the side it leaves through. ok is
// false once the ray has left the map.
func (g *gridWalk) next() (t float64, place int, side world.Side, ok bool) {
	m := g.m
	if g.cx < 0 || g.cy < 0 || g.cx >= m.w || g.cy >= m.h {
		return 0, -1, 0, false
	}
	place = (m.h-1-g.cy)*m.w + g.cx
	if g.tMaxX < g.tMaxY {
		t = g.tMaxX
		side = world.East
		if g.stepX < 0 {
			side = world.West
		}
		g.tMaxX += g.tDX
		g.cx += g.stepX
	} else {
		t = g.tMaxY
		side = world.North
		if g.stepY < 0 {
			side = world.South
		}
		g.tMaxY += g.tDY
		g.cy += g.stepY
	}
	return t, place, side, true
}
