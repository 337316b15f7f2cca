package repro

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/mazerat/mazerat/lab"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

// Check is one line of a reproduction's table: a measured figure, the
// published one it is compared with, the band it must fall in, and the
// verdict. A line with Info is a measurement shown for its own sake: it
// has no band and no verdict, and OK does not count it.
type Check struct {
	Measure   string
	Ours      float64
	Unit      string // printed after Ours ("steps", "x", ...)
	Published string // the published figure, or "" when there is none
	Band      string // the acceptance band, as text
	OK        bool
	Info      bool
}

// Options say how big a reproduction runs.
type Options struct {
	Seeds   int // lifetimes per configuration (0: the reproduction's own number, usually 20)
	Workers int // parallel lifetimes (0: one per CPU)
	// Short runs a reduced version for tests: fewer seeds and shorter
	// lifetimes where the figure allows; the bands still apply.
	Short    bool
	Progress func(finished, total int)
}

// Report is what a reproduction found.
type Report struct {
	Name   string
	Title  string
	Source string // the publication
	Seeds  int
	Checks []Check
	// Series holds the curves behind the checks (for plots and CSV):
	// name → one value per trial or step bucket, averaged over seeds.
	// They are drawn in one figure on linear axes unless Figures says how.
	Series []Series
	// Figures, when set, are the report's plots instead.
	Figures []Figure
}

// Series is a named curve of a report.
type Series struct {
	Name string
	X    string    // what the x axis counts
	Y    string    // what the y axis measures
	Xs   []float64 // x values
	Ys   []float64 // mean over seeds at each x
	Lo   []float64 // 95 % confidence band, when known (may be nil)
	Hi   []float64

	Points bool     // draw the points only, no line
	Dashed bool     // draw the line dashed
	Colour int      // 1-based palette colour (0: by position)
	Labels []string // a label beside each point ("" for none)
}

// OK reports whether every check passed.
func (r *Report) OK() bool {
	for _, c := range r.Checks {
		if !c.OK && !c.Info {
			return false
		}
	}
	return true
}

// Verdicts returns how many lines of the table carry a verdict.
func (r *Report) Verdicts() int {
	n := 0
	for _, c := range r.Checks {
		if !c.Info {
			n++
		}
	}
	return n
}

// WriteTable prints the report as a table: measure, ours, published, band,
// verdict.
func (r *Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "%s: %s (%s), %d seeds\n", r.Name, r.Title, r.Source, r.Seeds)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  measure\tours\tpublished\tband\tverdict")
	for _, c := range r.Checks {
		verdict := "ok"
		switch {
		case c.Info:
			verdict = "-"
		case !c.OK:
			verdict = "FAIL"
		}
		pub := c.Published
		if pub == "" {
			pub = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", c.Measure, formatOurs(c.Ours, c.Unit), pub, c.Band, verdict)
	}
	return tw.Flush()
}

func formatOurs(x float64, unit string) string {
	var s string
	switch {
	case math.IsNaN(x):
		s = "n/a"
	case math.IsInf(x, 1):
		s = "never"
	case math.Abs(x) >= 100 || x == math.Trunc(x):
		s = fmt.Sprintf("%.0f", x)
	default:
		s = fmt.Sprintf("%.3g", x)
	}
	if unit != "" && !math.IsNaN(x) && !math.IsInf(x, 0) {
		s += " " + unit
	}
	return s
}

// Experiment is a classic result mazerat reproduces.
type Experiment struct {
	Name   string
	Title  string
	Source string
	run    func(ctx context.Context, o Options) (*Report, error)
}

// Run runs the reproduction.
func (r Experiment) Run(ctx context.Context, o Options) (*Report, error) {
	rep, err := r.run(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("repro %s: %w", r.Name, err)
	}
	rep.Name, rep.Title, rep.Source = r.Name, r.Title, r.Source
	return rep, nil
}

// All lists the reproductions `repro all` runs, in its order.
func All() []Experiment { return repros }

// Apart lists the reproductions `repro all` leaves out (too long for it);
// they run by name.
func Apart() []Experiment { return apart }

// Lookup returns the reproduction called name.
func Lookup(name string) (Experiment, bool) {
	for _, r := range slices.Concat(repros, apart) {
		if r.Name == name {
			return r, true
		}
	}
	return Experiment{}, false
}

// Names returns the names of the reproductions, those apart from all last.
func Names() []string {
	var n []string
	for _, r := range slices.Concat(repros, apart) {
		n = append(n, r.Name)
	}
	return n
}

// seeds returns the number of seeds to use.
func (o Options) seeds(full, short int) int {
	switch {
	case o.Seeds > 0:
		return o.Seeds
	case o.Short:
		return short
	}
	return full
}

// group is a set of lifetimes of one configuration over seeds 1..n.
type group struct {
	label string
	cfg   lab.Config
}

// runGroups lives every group over seeds 1..n in parallel and returns the
// results per group, in seed order.
func runGroups(ctx context.Context, o Options, n int, groups []group) ([][]*lab.Result, error) {
	var cfgs []lab.Config
	for _, g := range groups {
		for s := 1; s <= n; s++ {
			c := g.cfg
			c.Seed, c.SeedSet = uint64(s), true
			cfgs = append(cfgs, c)
		}
	}
	res, err := lab.RunMany(ctx, cfgs, o.Workers, o.Progress)
	if err != nil {
		return nil, err
	}
	out := make([][]*lab.Result, len(groups))
	for i := range groups {
		out[i] = res[i*n : (i+1)*n]
	}
	return out, nil
}

func builtin(name string) (*world.Scenario, error) { return scenarios.Load(name) }

// trialSteps returns, for each seed, the steps of each of its trials.
func trialSteps(rs []*lab.Result) [][]float64 {
	out := make([][]float64, len(rs))
	for i, r := range rs {
		for _, t := range r.Lifetime.Trials() {
			out[i] = append(out[i], float64(t.Steps))
		}
	}
	return out
}

// perTrial returns the mean and the median over seeds of trial k's value,
// for k = 1..n (seeds lacking trial k are left out; NaN if none has it).
func perTrial(values [][]float64, n int) (mean, med []float64) {
	mean, med = make([]float64, n), make([]float64, n)
	for k := 0; k < n; k++ {
		var xs []float64
		for _, v := range values {
			if k < len(v) {
				xs = append(xs, v[k])
			}
		}
		if len(xs) == 0 {
			mean[k], med[k] = math.NaN(), math.NaN()
			continue
		}
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		mean[k], med[k] = sum/float64(len(xs)), lab.Median(xs)
	}
	return mean, med
}

// settlesAt returns the first 1-based index e from which the curve stays
// at or below limit: the value at e is, and so is the mean of every window
// of `window` values starting at e or later. The windows keep one noisy
// episode from deciding (the mean over seeds of ε-greedy runs wanders
// around its settling level). +Inf if the curve never settles.
func settlesAt(curve []float64, limit float64, window int) float64 {
	at := math.Inf(1)
	for i := len(curve) - 1; i >= 0; i-- {
		if math.IsNaN(curve[i]) {
			break
		}
		end := min(len(curve), i+window)
		sum := 0.0
		for _, v := range curve[i:end] {
			sum += v
		}
		if sum/float64(end-i) > limit {
			break
		}
		if curve[i] <= limit {
			at = float64(i + 1)
		}
	}
	return at
}

// criterionStep returns the step at which the first run of three trials in
// a row with path ratio ≤ RecoveredRatio began, counting trials from
// index from; +Inf if there is none.
func criterionStep(rows []lab.TrialRow, from int) float64 {
	run := 0
	for i := from; i < len(rows); i++ {
		if rows[i].PathRatio <= lab.RecoveredRatio {
			run++
			if run == 3 {
				return float64(rows[i-2].StartStep)
			}
		} else {
			run = 0
		}
	}
	return math.Inf(1)
}

// medianOf returns the median of f over the results.
func medianOf(rs []*lab.Result, f func(*lab.Result) float64) float64 {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = f(r)
	}
	return lab.Median(xs)
}

func within(x, lo, hi float64) bool { return x >= lo && x <= hi }

func band(lo, hi float64) string { return fmt.Sprintf("%g..%g", lo, hi) }

// cumRewardAt returns the cumulative reward at step n of a lifetime.
func cumRewardAt(r *lab.Result, n int64) float64 {
	for _, p := range slices.Backward(r.Lifetime.Curve()) {
		if p.Step <= n {
			return p.CumReward
		}
	}
	return 0
}

// label joins non-empty parts with spaces.
func label(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " ")
}
