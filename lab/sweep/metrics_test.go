package sweep

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mazerat/mazerat/lab"
)

// TestSweepMetrics: the agents' own metrics reach the sweep's results.
// For every configuration, metric and sampled step, metrics_summary.csv
// holds the mean over the runs of what each run's metrics.csv says (NaN,
// before a metric is known, left out), and the metrics figure is drawn.
func TestSweepMetrics(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.yaml")
	text := "scenario: dyna-maze\nagents: [stream]\nsteps: 400\nseeds: 2\nset: {sensors.place: false}\ngrid: {agent.mitigation: [plain, cbp]}\n"
	if err := os.WriteFile(spec, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	sweepInto(t, out, plan, Shard{}, 2)
	for _, f := range []string{MetricsPlot + ".png", MetricsPlot + ".svg"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// What the runs say: run → step → metric → value.
	want := map[string]map[string][]float64{} // mitigation/metric/step → values over runs
	for _, r := range plan.Runs {
		m, err := readRunMetrics(filepath.Join(out, RunsDir, r.ID))
		if err != nil {
			t.Fatal(err)
		}
		for i, step := range m.steps {
			for j, name := range m.names {
				k := plan.Configs[r.Config].Values[0] + "/" + name + "/" + strconv.FormatInt(step, 10)
				if want[k] == nil {
					want[k] = map[string][]float64{}
				}
				want[k]["v"] = append(want[k]["v"], m.values[i][j])
			}
		}
	}
	rows := readRows(t, filepath.Join(out, MetricsSummaryCSV), 3)
	header := "agent,agent.mitigation,metric,step"
	if h, ok := rows[header]; !ok || h[5] != "mean" {
		t.Fatalf("no header %q, n, mean, ... in %s", header, MetricsSummaryCSV)
	}
	seen := map[string]bool{}
	for key, rec := range rows {
		if key == header {
			continue
		}
		k := rec[1] + "/" + rec[2] + "/" + rec[3]
		got, _ := strconv.ParseFloat(rec[5], 64)
		w := lab.StatOf(want[k]["v"])
		if n, _ := strconv.Atoi(rec[4]); n != w.N || math.Abs(got-w.Mean) > 1e-12*(1+math.Abs(w.Mean)) {
			t.Errorf("%s: n %s mean %s, want n %d mean %g (the runs' %v)", k, rec[4], rec[5], w.N, w.Mean, want[k]["v"])
		}
		seen[rec[2]] = true
	}
	for _, m := range []string{"effective_rank", "dormant", "weight_norm", "grad_norm", "td_error", "backups", "replaced"} {
		if !seen[m] {
			t.Errorf("metrics_summary.csv has no %s", m)
		}
	}
}
