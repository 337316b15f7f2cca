package repro

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/lab"

	"github.com/mazerat/mazerat/world"
)

// The reproductions at a reduced size (fewer seeds), with their verdicts.
// They are experiments, not unit tests: skipped with -short and under the
// race detector (which slows them tenfold and has nothing to find in
// independent lifetimes); the Makefile runs them without it.
func reproShort(t *testing.T, name string) *Report {
	t.Helper()
	if testing.Short() || racebuild.Enabled {
		t.Skip("reproduction: run without -short and -race (make test does)")
	}
	r, ok := Lookup(name)
	if !ok {
		t.Fatalf("no reproduction %q", name)
	}
	rep, err := r.Run(context.Background(), Options{Short: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	t.Logf("\n%s", b.String())
	return rep
}

// check fails the test unless the named check passed.
func check(t *testing.T, rep *Report, measure string) {
	t.Helper()
	for _, c := range rep.Checks {
		if strings.HasPrefix(c.Measure, measure) {
			if !c.OK {
				t.Errorf("%s: ours %v, band %s", c.Measure, c.Ours, c.Band)
			}
			return
		}
	}
	t.Errorf("no check %q in %s", measure, rep.Name)
}

func TestReproDynaMaze(t *testing.T) {
	rep := reproShort(t, "dyna-maze")
	check(t, rep, "Dyna-Q n=5")
	check(t, rep, "Dyna-Q n=50")
	check(t, rep, "Dyna-Q, all n")
	check(t, rep, "dyna: median steps of trial 1")
	check(t, rep, "dyna: largest median steps")
	// n=0 needs the full 20 seeds to settle within its band; with fewer it
	// must at least be far slower than n=5.
	var n0, n5 float64
	for _, c := range rep.Checks {
		switch {
		case strings.HasPrefix(c.Measure, "Dyna-Q n=0"):
			n0 = c.Ours
		case strings.HasPrefix(c.Measure, "Dyna-Q n=5"):
			n5 = c.Ours
		}
	}
	if !(n0 >= 3*n5) {
		t.Errorf("Dyna-Q n=0 settles after %v episodes, n=5 after %v: want n=0 at least 3x slower", n0, n5)
	}
}

func TestReproBlocking(t *testing.T) {
	rep := reproShort(t, "blocking")
	for _, c := range rep.Checks {
		if !c.OK {
			t.Errorf("%s: ours %v, band %s", c.Measure, c.Ours, c.Band)
		}
	}
}

func TestReproShortcut(t *testing.T) {
	rep := reproShort(t, "shortcut")
	for _, c := range rep.Checks {
		if !c.OK {
			t.Errorf("%s: ours %v, band %s", c.Measure, c.Ours, c.Band)
		}
	}
}

func TestReproTheseus(t *testing.T) {
	rep := reproShort(t, "theseus")
	for _, c := range rep.Checks {
		if !c.OK {
			t.Errorf("%s: ours %v, band %s", c.Measure, c.Ours, c.Band)
		}
	}
}

func TestReproLatentLearning(t *testing.T) {
	rep := reproShort(t, "latent-learning")
	for _, c := range rep.Checks {
		if !c.OK {
			t.Errorf("%s: ours %v, band %s", c.Measure, c.Ours, c.Band)
		}
	}
}

// TestReproComputeScaling checks the robust part of the curve at a reduced
// size: planning's first steps buy the most (K=0 ≫ K=1 > K=100) and K=25
// needs at least 3x fewer steps than K=0. The strict ordering of every K
// is checked at full size (20 seeds) by `mazerat repro compute-scaling`.
func TestReproComputeScaling(t *testing.T) {
	rep := reproShort(t, "compute-scaling")
	check(t, rep, "K=0 / K=25")
	med := map[string]float64{}
	for _, c := range rep.Checks {
		if k, ok := strings.CutPrefix(c.Measure, "median steps to criterion, "); ok {
			med[k] = c.Ours
		}
	}
	if !(med["K=0"] > 3*med["K=1"] && med["K=1"] > med["K=100"]) || math.IsInf(med["K=100"], 1) {
		t.Errorf("medians %v: want K=0 ≫ K=1 > K=100", med)
	}
}

// TestReproStreamMaze: the stream agent learns the Dyna maze from its
// sensors alone (3 seeds, 40 000 steps at the reduced size).
func TestReproStreamMaze(t *testing.T) {
	rep := reproShort(t, "stream-maze")
	check(t, rep, "median over seeds")
}

// TestReproPlasticity runs the experiment at a toy size (two cycles of
// 500-step segments): every lifetime lives its world changes, and every
// mitigation yields its figures.
func TestReproPlasticity(t *testing.T) {
	rep := reproShort(t, "plasticity")
	check(t, rep, "world changes in each lifetime")
	for _, m := range []string{"plain", "cbp", "shrink_perturb", "l2_init"} {
		for _, c := range rep.Checks {
			if strings.HasPrefix(c.Measure, m+": cheese per 1000 steps") && math.IsNaN(c.Ours) {
				t.Errorf("%s: %v", c.Measure, c.Ours)
			}
		}
	}
	if got := len(rep.Panels()); got != 5 {
		t.Errorf("panels %v, want criterion and four diagnostics", rep.Panels())
	}
}

// TestReproFiles: a report's files are written and hold its data.
func TestReproFiles(t *testing.T) {
	rep := &Report{Name: "demo", Title: "Demo", Source: "here", Seeds: 2,
		Checks: []Check{{Measure: "m", Ours: 3, Band: "1..5", OK: true}, {Measure: "n", Ours: math.Inf(1), Band: "≤ 3", OK: false}},
		Series: []Series{{Name: "a", X: "x", Y: "y", Xs: []float64{1, 2}, Ys: []float64{3, math.NaN()}},
			{Name: "b", Panel: "rank", X: "x", Y: "r", Xs: []float64{1, 2}, Ys: []float64{4, 5}}}}
	dir := t.TempDir()
	if err := rep.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	txt, _ := os.ReadFile(filepath.Join(dir, "demo.txt"))
	for _, want := range []string{"demo: Demo (here), 2 seeds", "m ", "3 ", "ok", "never", "FAIL"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("table lacks %q:\n%s", want, txt)
		}
	}
	csvText, _ := os.ReadFile(filepath.Join(dir, "demo.csv"))
	if string(csvText) != "series,x,y\na,1,3\na,2,\nb,1,4\nb,2,5\n" {
		t.Errorf("csv:\n%s", csvText)
	}
	for _, f := range []string{"demo.png", "demo.svg", "demo-rank.png", "demo-rank.svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if rep.OK() {
		t.Errorf("a report with a failed check says OK")
	}
}

func TestSettlesAt(t *testing.T) {
	tests := []struct {
		curve []float64
		want  float64
	}{
		{[]float64{30, 25, 19, 18, 18}, 3},
		{[]float64{30, 19, 25, 18, 18}, 4},
		{[]float64{30, 19, 21, 18, 18}, 2}, // one noisy episode inside a good window
		{[]float64{19, 19, 19, 19, 40}, math.Inf(1)},
	}
	for i, tc := range tests {
		if got := settlesAt(tc.curve, 20, 3); got != tc.want {
			t.Errorf("%d: settlesAt(%v) = %v, want %v", i, tc.curve, got, tc.want)
		}
	}
}

func TestCriterionStep(t *testing.T) {
	rows := []lab.TrialRow{
		{StartStep: 0, PathRatio: 3}, {StartStep: 10, PathRatio: 1}, {StartStep: 20, PathRatio: 1.05},
		{StartStep: 30, PathRatio: 1.2}, {StartStep: 40, PathRatio: 1}, {StartStep: 50, PathRatio: 1.1}, {StartStep: 60, PathRatio: 1},
	}
	if got := criterionStep(rows, 0); got != 40 {
		t.Errorf("criterionStep = %v, want 40", got)
	}
	if got := criterionStep(rows[:6], 0); !math.IsInf(got, 1) {
		t.Errorf("criterionStep without three good trials = %v, want +Inf", got)
	}
}

func TestRandomWalkFirstEpisode(t *testing.T) {
	// The expected length of a uniform random walk from S to G in the Dyna
	// maze (a move into a wall stays), by value iteration on the grid:
	// the figure the reproduction compares Dyna-Q's first episode with.
	sc, err := builtin("dyna-maze")
	if err != nil {
		t.Fatal(err)
	}
	m := sc.Maze
	exp := make([]float64, m.NumCells())
	for range 100000 {
		next := make([]float64, len(exp))
		for i := range exp {
			c := m.CellAt(i)
			if m.IsCheese(c) || m.Cell(c) != 0 {
				continue
			}
			sum := 0.0
			for _, s := range []int{0, 1, 2, 3} {
				n := c.Step(worldSide(s))
				if m.Open(n, sc.Doors) {
					sum += exp[m.Index(n)]
				} else {
					sum += exp[i]
				}
			}
			next[i] = 1 + sum/4
		}
		exp = next
	}
	if got := exp[m.Index(m.Start)]; math.Abs(got-868.7254) > 0.01 {
		t.Errorf("expected random-walk episode %v, want 868.7254", got)
	}
}

func worldSide(s int) world.Side { return world.Side(s) }
