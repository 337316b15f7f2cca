package world

import (
	"math"
	"testing"
)

// TestSideAngle: a side's heading points along its Delta (row 0 is the
// top, so north is up: -1 row, +π/2), and WrapAngle lands in (-π, π].
func TestSideAngle(t *testing.T) {
	for _, s := range []Side{North, East, South, West} {
		dr, dc := s.Delta()
		a := s.Angle()
		if math.Abs(math.Cos(a)-float64(dc)) > 1e-12 || math.Abs(math.Sin(a)+float64(dr)) > 1e-12 {
			t.Errorf("%v.Angle() = %v, not along Delta (%d, %d)", s, a, dr, dc)
		}
	}
	for _, c := range []struct{ in, want float64 }{
		{0, 0}, {math.Pi, math.Pi}, {-math.Pi, math.Pi}, {3 * math.Pi / 2, -math.Pi / 2},
		{-3 * math.Pi / 2, math.Pi / 2}, {5 * math.Pi, math.Pi}, {0.25 - 4*math.Pi, 0.25},
	} {
		if got := WrapAngle(c.in); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("WrapAngle(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
