package agent

import (
	"math"

	"github.com/mazerat/mazerat/world"
)

// Small geometry shared by the controllers. Headings are radians
// counter-clockwise from east (the compass's frame).

func sideAngle(s world.Side) float64 {
	switch s {
	case world.North:
		return math.Pi / 2
	case world.West:
		return math.Pi
	case world.South:
		return -math.Pi / 2
	}
	return 0
}

// wrapAngle returns a in (-π, π].
func wrapAngle(a float64) float64 {
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a <= 0 {
		a += 2 * math.Pi
	}
	return a - math.Pi
}

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }
