package lab

import (
	"math"
	"testing"
)

// The 0.975 quantiles of Student's t, from a printed table (to the
// digits of scipy.stats.t.ppf), for the hand computations below.
var tTable = map[int]float64{1: 12.706204736174698, 2: 4.302652729749464, 3: 3.182446305284263, 4: 2.7764451051977934, 9: 2.2621571627982053, 29: 2.045229642132703}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestTQuantile(t *testing.T) {
	for df, want := range tTable {
		if got := TQuantile975(df); !near(got, want) {
			t.Errorf("t(0.975, %d) = %.15g, want %.15g", df, got, want)
		}
	}
}

// TestStatOf: mean, standard deviation (n−1) and the 95 % interval
// against values worked by hand.
func TestStatOf(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		xs   []float64
		want Stat
	}{
		{nil, Stat{0, nan, nan, nan, nan}},
		{[]float64{5}, Stat{1, 5, nan, nan, nan}},
		{[]float64{nan}, Stat{0, nan, nan, nan, nan}},
		// mean 2, sd √2, half-width t(1)·√2/√2 = t(1)
		{[]float64{1, nan, 3}, Stat{2, 2, math.Sqrt2, 2 - tTable[1], 2 + tTable[1]}},
		// mean 20, sd 10, half-width t(2)·10/√3
		{[]float64{10, 20, 30}, Stat{3, 20, 10, 20 - tTable[2]*10/math.Sqrt(3), 20 + tTable[2]*10/math.Sqrt(3)}},
		// mean 4, squares 4+0+0+4 = 8, sd √(8/3), half-width t(3)·sd/2
		{[]float64{2, 4, 4, 6}, Stat{4, 4, math.Sqrt(8.0 / 3), 4 - tTable[3]*math.Sqrt(8.0/3)/2, 4 + tTable[3]*math.Sqrt(8.0/3)/2}},
		// constant: sd 0, the interval is the point
		{[]float64{7, 7, 7, 7, 7}, Stat{5, 7, 0, 7, 7}},
	}
	for i, tc := range tests {
		got := StatOf(tc.xs)
		if got.N != tc.want.N || !near(got.Mean, tc.want.Mean) || !near(got.SD, tc.want.SD) || !near(got.CILow, tc.want.CILow) || !near(got.CIHigh, tc.want.CIHigh) {
			t.Errorf("%d: StatOf(%v) = %+v, want %+v", i, tc.xs, got, tc.want)
		}
	}
}

func TestMedian(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for i, tc := range []struct {
		xs   []float64
		want float64
	}{
		{nil, nan}, {[]float64{nan}, nan}, {[]float64{5}, 5}, {[]float64{4, 1}, 2.5},
		{[]float64{3, 1, 2}, 2}, {[]float64{1, nan, 3}, 2}, {[]float64{1, inf}, inf}, {[]float64{inf, 1, 2}, 2},
	} {
		if got := Median(tc.xs); !(got == tc.want || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("%d: Median(%v) = %g, want %g", i, tc.xs, got, tc.want)
		}
	}
}

func TestQuantilesOf(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		xs   []float64
		want Quantiles
	}{
		{nil, Quantiles{0, 0, nan, nan, nan}},
		{[]float64{3, 1, inf, 2}, Quantiles{4, 3, 1, 2.5, 3}}, // the median of an even count: the middle two's mean
		{[]float64{2, inf, 1, inf}, Quantiles{4, 2, 1, inf, inf}},
		{[]float64{inf, inf, 5}, Quantiles{3, 1, 5, inf, inf}},
		{[]float64{4, nan}, Quantiles{1, 1, 4, 4, 4}},
	}
	for i, tc := range tests {
		got := QuantilesOf(tc.xs)
		if got.N != tc.want.N || got.Finite != tc.want.Finite || !near(got.Q25, tc.want.Q25) && got.Q25 != tc.want.Q25 ||
			!near(got.Median, tc.want.Median) && got.Median != tc.want.Median || !near(got.Q75, tc.want.Q75) && got.Q75 != tc.want.Q75 {
			t.Errorf("%d: QuantilesOf(%v) = %+v, want %+v", i, tc.xs, got, tc.want)
		}
	}
}
