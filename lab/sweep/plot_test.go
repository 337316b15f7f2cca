package sweep

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/lab"

	"gonum.org/v1/plot"
)

func tickLabels(ts []plot.Tick) (labels []string, minor int) {
	for _, t := range ts {
		if t.IsMinor() {
			minor++
		} else {
			labels = append(labels, t.Label)
		}
	}
	return labels, minor
}

// TestSweepTicks: linear axes are labelled at 1, 2 or 5 times a power of
// ten, integer axes without fractions, and log axes at powers of ten,
// also at 2 and 5 times them when they span less than three decades, and
// at every multiple when they span less than one.
func TestSweepTicks(t *testing.T) {
	tests := []struct {
		ticker plot.Ticker
		lo, hi float64
		want   string
		minor  bool // unlabelled ticks between the labelled ones
	}{
		{sweepTicks{integer: true}, 0.5, 221.5, "50 100 150 200", true},
		{sweepTicks{integer: true}, 0, 3000, "0 500 1000 1500 2000 2500 3000", true},
		{sweepTicks{integer: true}, 0.5, 3.5, "1 2 3", false},
		{sweepTicks{}, 0, 1, "0.0 0.2 0.4 0.6 0.8 1.0", true},
		{sweepTicks{}, -3, 230, "0 50 100 150 200", true},
		{sweepLogTicks{}, 1, 900, "1 2 5 10 20 50 100 200 500", true},
		{sweepLogTicks{}, 1, 1400, "1 10 100 1000", true},
		{sweepLogTicks{}, 15, 2100, "20 50 100 200 500 1000 2000", true},
		{sweepLogTicks{}, 0.25, 3, "0.5 1 2", true},
		{sweepLogTicks{}, 15, 110, "20 30 40 50 60 70 80 90 100", false},
	}
	for i, tc := range tests {
		ts := tc.ticker.Ticks(tc.lo, tc.hi)
		labels, minor := tickLabels(ts)
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("%d: %T ticks on [%g, %g]: %q, want %q", i, tc.ticker, tc.lo, tc.hi, got, tc.want)
		}
		if (minor > 0) != tc.minor {
			t.Errorf("%d: %d unlabelled ticks on [%g, %g], want some: %v", i, minor, tc.lo, tc.hi, tc.minor)
		}
		for _, tk := range ts {
			if tk.Value < tc.lo-1e-9 || tk.Value > tc.hi+1e-9 {
				t.Errorf("%d: tick %v outside [%g, %g]", i, tk, tc.lo, tc.hi)
			}
		}
		// Labelled ticks in increasing order (minor ones may follow their major).
		var major []float64
		for _, tk := range ts {
			if !tk.IsMinor() {
				major = append(major, tk.Value)
			}
		}
		if !slices.IsSorted(major) {
			t.Errorf("%d: labelled ticks out of order: %v", i, major)
		}
	}
}

// TestCriterionPlot: a configuration whose median run never reached the
// criterion is drawn (a triangle, named in the legend) rather than left
// off, and a sweep where none reached it still draws its K axis.
func TestCriterionPlot(t *testing.T) {
	inf := math.Inf(1)
	reached := func(q25, med, q75 float64) lab.Quantiles {
		return lab.Quantiles{N: 4, Finite: 3, Q25: q25, Median: med, Q75: q75}
	}
	never := lab.Quantiles{N: 4, Finite: 1, Q25: 300, Median: inf, Q75: inf}
	for i, tc := range []struct {
		results    []configResult
		neverEntry bool
	}{
		{[]configResult{
			{label: "dynaq planning=0", ks: "0", group: "dynaq", criterion: never},
			{label: "dynaq planning=5", ks: "5", group: "dynaq", criterion: reached(400, 560, inf)},
			{label: "dyna planning=0", ks: "0", group: "dyna", criterion: reached(600, 630, 660)},
			{label: "dyna planning=5", ks: "5", group: "dyna", criterion: reached(34, 40, 50)},
		}, true},
		{[]configResult{
			{label: "dyna planning=0", ks: "0", group: "dyna", criterion: never},
			{label: "dyna planning=5", ks: "5", group: "dyna", criterion: never},
		}, true},
		{[]configResult{
			{label: "dyna planning=1", ks: "1", group: "dyna", criterion: reached(1, 2, 3)},
			{label: "dyna planning=10", ks: "10", group: "dyna", criterion: reached(0, 0, 0)},
		}, false},
	} {
		f, err := criterionPlot("T", tc.results)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		svg, err := f.render("svg")
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if got := bytes.Contains(svg, []byte("median never reached")); got != tc.neverEntry {
			t.Errorf("%d: legend names a median never reached: %v, want %v", i, got, tc.neverEntry)
		}
		if !bytes.Contains(svg, []byte(">dyna<")) {
			t.Errorf("%d: the legend lacks dyna", i)
		}
		// K's values label the x axis, K = 0 as 0.
		for _, r := range tc.results {
			if !bytes.Contains(svg, []byte(">"+r.ks+"<")) {
				t.Errorf("%d: no tick labelled K = %s", i, r.ks)
			}
		}
		if f.p.Y.Min < 1 || !(f.p.Y.Max > f.p.Y.Min) {
			t.Errorf("%d: y axis [%g, %g], want a log axis from at least 1", i, f.p.Y.Min, f.p.Y.Max)
		}
	}
}
