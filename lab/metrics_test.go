package lab

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// TestComputeCounted: the compute an agent reports is what the lab writes
// per trial, per sample and per lifetime, and planning K = 0 searches
// nothing.
func TestComputeCounted(t *testing.T) {
	for _, tc := range []struct {
		agent, k   string
		wantSearch bool
	}{
		{"dyna", "25", true},
		{"dyna", "0", false}, // model-free: no map search
		{"dynaq", "5", false},
	} {
		t.Run(tc.agent+"-K"+tc.k, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Scenario: load(t, "dyna-maze"), Agent: tc.agent, Trials: 8,
				Set: map[string]string{"agent.planning": tc.k, "control": "moves"}}
			res, err := Run(context.Background(), cfg, Options{Out: dir})
			if err != nil {
				t.Fatal(err)
			}
			var backups, search int64
			for _, r := range res.Lifetime.Trials() {
				if r.Backups <= 0 {
					t.Errorf("trial %d: %d backups, want some (every step updates a value)", r.Trial, r.Backups)
				}
				backups += r.Backups
				search += r.SearchNodes
			}
			sum := res.Summary
			// The trials end at the lifetime's last step, so together they
			// account for every backup and node of the lifetime.
			if sum.Compute.Backups != backups || sum.Compute.SearchNodes != search {
				t.Errorf("summary compute %+v, trials add up to backups %d, search nodes %d", sum.Compute, backups, search)
			}
			if (search > 0) != tc.wantSearch {
				t.Errorf("%d search nodes; want any: %v", search, tc.wantSearch)
			}
			if sum.Timing.AgentSeconds <= 0 {
				t.Errorf("agent seconds %g, want > 0", sum.Timing.AgentSeconds)
			}

			// metrics.csv: the step, then the agent's metrics; the counters
			// only grow and end at most at the lifetime's totals.
			f, err := os.Open(filepath.Join(dir, MetricsFile))
			if err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(f).ReadAll()
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if recs[0][0] != "step" || !slices.Contains(recs[0], "backups") {
				t.Fatalf("metrics.csv header %v, want step then the agent's metrics with backups", recs[0])
			}
			col := slices.Index(recs[0], "backups")
			last := -1.0
			for _, rec := range recs[1:] {
				v, err := strconv.ParseFloat(rec[col], 64)
				if err != nil || v < last || v > float64(backups) {
					t.Errorf("metrics.csv backups %q after %g (lifetime total %d)", rec[col], last, backups)
				}
				last = v
			}
			var js map[string]any
			b, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
			if err := json.Unmarshal(b, &js); err != nil {
				t.Fatal(err)
			}
			if m, ok := js["metrics"].(map[string]any); !ok || m["backups"] != float64(backups) {
				t.Errorf("summary.json metrics %v, want backups %d", js["metrics"], backups)
			}
		})
	}
}
