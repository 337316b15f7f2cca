package render

import "math"

// trailLen is how many points the trail keeps.
const trailLen = 480

// trail is the body's recent path: a ring of points, each marking whether
// the body jumped to it (carried by hand or returned to the start), where
// the line breaks.
type trail struct {
	x, y  [trailLen]float64
	jump  [trailLen]bool
	n     int   // points held
	head  int   // index of the next write
	added int64 // points added since the trail began
}

// add records the body at (x, y) if it moved far enough from the last
// point; jumps longer than a cell break the line.
func (t *trail) add(x, y, cell float64) {
	jump := false
	if t.n > 0 {
		last := (t.head + trailLen - 1) % trailLen
		d := math.Hypot(x-t.x[last], y-t.y[last])
		if d < cell/25 {
			return
		}
		jump = d > 0.75*cell
	}
	t.x[t.head], t.y[t.head], t.jump[t.head] = x, y, jump
	t.head = (t.head + 1) % trailLen
	t.added++
	if t.n < trailLen {
		t.n++
	}
}

// each calls fn for the points from oldest to newest, with i from 0 and
// the point's age band: 0 for the newest trailBand points, 1 for the
// next, and so on. A point's band changes only every trailBand points
// added (bands count from multiples of trailBand), so a trail drawn
// fading by band changes only a few segments' colours per point added,
// and the window redraws only the tiles around them.
func (t *trail) each(fn func(i int, band int, x, y float64, jump bool)) {
	start := (t.head + trailLen - t.n) % trailLen
	for i := 0; i < t.n; i++ {
		j := (start + i) % trailLen
		seq := t.added - int64(t.n) + int64(i) // this point's number
		band := int(t.added/trailBand - seq/trailBand)
		fn(i, band, t.x[j], t.y[j], t.jump[j])
	}
}

// trailBand is how many points share an age band (see each).
const trailBand = 40

// trailBands is how many bands a full trail spans.
const trailBands = trailLen/trailBand + 1
