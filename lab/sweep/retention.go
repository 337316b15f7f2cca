package sweep

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/mazerat/mazerat/lab"
)

// Retention (lab.Retention: how much of a world configuration is kept
// while living in others) travels from each run's retention.csv into the
// sweep's results: retention_runs.csv holds every run's visits, and
// retention_summary.csv describes each measure over the runs of a
// configuration, per visit (a world configuration's number and the
// visit's number, as the runs number them: in the order first met) and
// per lifetime (the medians of summary.json's "retention").
const (
	RetentionRunsCSV    = "retention_runs.csv"    // every visit of every run
	RetentionSummaryCSV = "retention_summary.csv" // per configuration, visit and measure: n, mean, sd, 95 % CI
)

// visitMeasures are what retention_summary.csv describes per visit, in
// its order.
var visitMeasures = []string{"first_path_ratio", "first_moves", "cost", "last5_path_ratio", "trials"}

// lifetimeMeasures are what it describes per lifetime: the fields of
// lab.RetentionSummary.
var lifetimeMeasures = []string{"configurations", "returns", "remeet_path_ratio_median", "remeet_moves_median",
	"first_meeting_path_ratio_median", "remeet_cost_median", "new_path_ratio_median", "transfer_median", "last5_path_ratio_median"}

// readRunRetention reads a run's retention.csv: its rows as written (for
// retention_runs.csv) and as visits. A run without one (written before
// retention was measured) has none.
func readRunRetention(dir string) ([][]string, []lab.RetentionRow, error) {
	path := filepath.Join(dir, lab.RetentionFile)
	t, err := readSweepCSV(path, lab.RetentionHeader...)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	rows := make([]lab.RetentionRow, len(t.records))
	for i, rec := range t.records {
		r := &rows[i]
		ints := []struct {
			name string
			dst  *int
		}{{"config", &r.Config}, {"visit", &r.Visit}, {"first_trial", &r.FirstTrial}, {"trials", &r.Trials}, {"first_moves", &r.FirstMoves}, {"first_optimal", &r.FirstOptimal}}
		for _, f := range ints {
			if *f.dst, err = strconv.Atoi(t.get(rec, f.name)); err != nil {
				return nil, nil, fmt.Errorf("%s: row %d: %s %q, expected an integer", path, i+2, f.name, t.get(rec, f.name))
			}
		}
		r.BaseMoves = -1
		if b := t.get(rec, "base_moves"); b != "" {
			if r.BaseMoves, err = strconv.Atoi(b); err != nil {
				return nil, nil, fmt.Errorf("%s: row %d: base_moves %q, expected an integer", path, i+2, b)
			}
		}
		var errs [3]error
		r.FirstRatio, errs[0] = t.float(rec, "first_path_ratio")
		r.Last5Ratio, errs[1] = t.float(rec, "last5_path_ratio")
		r.BaseRatio, errs[2] = t.float(rec, "base_path_ratio")
		if err := errors.Join(errs[:]...); err != nil {
			return nil, nil, fmt.Errorf("%s: row %d: %w", path, i+2, err)
		}
		r.Kind = t.get(rec, "kind")
		if r.Kind != lab.VisitBirth && r.Kind != lab.VisitNew && r.Kind != lab.VisitReturn {
			return nil, nil, fmt.Errorf("%s: row %d: kind %q, expected %s, %s or %s", path, i+2, r.Kind, lab.VisitBirth, lab.VisitNew, lab.VisitReturn)
		}
	}
	return t.records, rows, nil
}

// visitValue returns measure m of a visit.
func visitValue(r lab.RetentionRow, m string) float64 {
	switch m {
	case "first_path_ratio":
		return r.FirstRatio
	case "first_moves":
		return float64(r.FirstMoves)
	case "cost":
		return r.FirstRatio / r.BaseRatio // NaN for birth
	case "last5_path_ratio":
		return r.Last5Ratio
	case "trials":
		return float64(r.Trials)
	}
	panic("sweep: unknown visit measure " + m)
}

// lifetimeValue returns measure m of a run's retention summary (NaN when
// unknown).
func lifetimeValue(s *lab.RetentionSummary, m string) float64 {
	if s == nil {
		return math.NaN()
	}
	v := map[string]*float64{
		"remeet_path_ratio_median": s.RemeetPathRatio, "remeet_moves_median": s.RemeetMoves,
		"first_meeting_path_ratio_median": s.FirstPathRatio, "remeet_cost_median": s.RemeetCost,
		"new_path_ratio_median": s.NewPathRatio, "transfer_median": s.Transfer, "last5_path_ratio_median": s.Last5PathRatio,
	}
	switch m {
	case "configurations":
		return float64(s.Configurations)
	case "returns":
		return float64(s.Returns)
	}
	if p, ok := v[m]; ok && p != nil {
		return *p
	}
	return math.NaN()
}

// summariseRetention describes each visit measure per (world
// configuration, visit) over the runs that lived that visit, in the order
// of config then visit, then each lifetime measure over the runs. emit's
// config and visit are 0 for a lifetime measure.
func summariseRetention(runs []*runData, emit func(config, visit int, measure string, s lab.Stat)) {
	type key struct{ config, visit int }
	var keys []key
	for _, d := range runs {
		for _, r := range d.retention {
			if k := (key{r.Config, r.Visit}); !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.config != b.config {
			return a.config - b.config
		}
		return a.visit - b.visit
	})
	xs := make([]float64, 0, len(runs))
	for _, k := range keys {
		for _, m := range visitMeasures {
			xs = xs[:0]
			for _, d := range runs {
				for _, r := range d.retention {
					if r.Config == k.config && r.Visit == k.visit {
						xs = append(xs, visitValue(r, m))
					}
				}
			}
			emit(k.config, k.visit, m, lab.StatOf(xs))
		}
	}
	for _, m := range lifetimeMeasures {
		xs = xs[:0]
		for _, d := range runs {
			if d.retention != nil {
				xs = append(xs, lifetimeValue(lab.SummariseRetention(d.retention), m))
			}
		}
		emit(0, 0, m, lab.StatOf(xs))
	}
}
