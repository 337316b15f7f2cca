package render

import "math"

// The rat and the cheese are drawn from shapes, not bitmaps, so they stay
// sharp at any size and need no asset files.

// drawRat draws the rat at pixel (x, y) facing heading (world radians,
// anticlockwise from east) with a body of radius r pixels. The tail
// sways with the tick count, so a running rat looks alive and a paused
// one holds still; it ends before the first point where wall reports a
// wall (nil: nowhere), so it never crosses one.
func drawRat(c Canvas, x, y float32, heading float64, r float32, tick int64, wall func(Point) bool) {
	sn, cs := math.Sincos(heading)
	// Forward and left in screen pixels (the screen's y points down).
	fx, fy := float32(cs), float32(-sn)
	lx, ly := float32(-sn), float32(-cs)
	at := func(u, v float32) Point {
		return Point{x + r*(u*fx+v*lx), y + r*(u*fy+v*ly)}
	}
	var buf [28]Point
	ellipse := func(u, v, a, b float32) []Point {
		n := 24
		if r*a < 6 {
			n = 12
		}
		pts := buf[:n]
		for i := range pts {
			t := 2 * math.Pi * float64(i) / float64(n)
			pts[i] = at(u+a*float32(math.Cos(t)), v+b*float32(math.Sin(t)))
		}
		return pts
	}

	c.Circle(x+0.12*r, y+0.18*r, r*1.02, colShadow)
	// Tail: a tapering wave behind the body.
	phase := float64(tick) * 0.12
	prev := at(-0.78, 0)
	for k := 1; k <= 8; k++ {
		u := -0.78 - 0.2*float32(k)
		v := 0.2 * float32(math.Sin(float64(k)*0.8+phase)) * float32(k) / 8
		p := at(u, v)
		if wall != nil && wall(p) {
			break
		}
		c.Line(prev.X, prev.Y, p.X, p.Y, max(1, r*(0.17-0.014*float32(k))), colRatTail)
		prev = p
	}
	// Ears behind the head.
	for _, side := range []float32{1, -1} {
		e := at(0.42, 0.36*side)
		c.Circle(e.X, e.Y, r*0.22, colRatBody)
		c.Circle(e.X, e.Y, r*0.14, colRatEar)
	}
	c.Polygon(ellipse(-0.12, 0, 0.82, 0.6), colRatBody)
	c.Polygon(ellipse(-0.2, 0, 0.48, 0.3), fade(colRatBelly, 0.45))
	c.Polygon(ellipse(0.6, 0, 0.44, 0.34), colRatBody)
	nose := at(1.02, 0)
	c.Circle(nose.X, nose.Y, max(1, r*0.1), colRatEar)
	for _, side := range []float32{1, -1} {
		e := at(0.74, 0.17*side)
		c.Circle(e.X, e.Y, max(0.8, r*0.075), colRatEye)
	}
}

// drawCheese draws a wedge of cheese centred at (x, y) in a cell of side
// cell pixels.
func drawCheese(c Canvas, x, y, cell float32) {
	u := cell * 0.2
	c.Circle(x, y, u*1.75, fade(colCheese, 0.16))
	apex := Point{x - 1.15*u, y + 0.25*u}
	var pts [10]Point
	pts[0] = apex
	const a0, a1 = -0.62, 0.22 // the wedge's arc, radians (screen: negative is up)
	for i := 1; i < len(pts); i++ {
		t := a0 + (a1-a0)*float64(i-1)/float64(len(pts)-2)
		pts[i] = Point{apex.X + 2.3*u*float32(math.Cos(t)), apex.Y + 2.3*u*float32(math.Sin(t))}
	}
	c.Polygon(pts[:], colCheese)
	c.Circle(x+0.35*u, y+0.05*u, 0.22*u, colCheeseHole)
	c.Circle(x+0.8*u, y-0.42*u, 0.14*u, colCheeseHole)
	c.Circle(x-0.25*u, y+0.02*u, 0.11*u, colCheeseHole)
}
