package agent

import "math"

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }
