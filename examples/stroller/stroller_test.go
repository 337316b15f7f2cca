package stroller_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/mazerat/mazerat/agent/agenttest"
	"github.com/mazerat/mazerat/examples/stroller"
	"github.com/mazerat/mazerat/lab/sweep"
)

// TestConformance: the suite the built-in agents pass.
func TestConformance(t *testing.T) {
	agenttest.Run(t, stroller.Spec, agenttest.Options{Scenarios: []string{"dyna-maze", "theseus"}, Steps: 500, Set: map[string]string{"agent.stay": "0.5"}})
}

// TestSweep: a registered agent of another package is swept
// like a built-in one, with a grid over its own parameter.
func TestSweep(t *testing.T) {
	spec, err := sweep.ParseSpec("third.yaml", []byte(`
scenario: dyna-maze
agents: [stroller]
set: {control: moves}
steps: 3000
seeds: 2
grid: {agent.stay: [0, 0.5]}
`))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := spec.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Check(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o, err := sweep.Open(dir, plan, sweep.Shard{})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Run(context.Background(), sweep.Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if err := o.Merge(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, sweep.RunsCSV))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	runs := map[string]bool{}
	for _, r := range recs[1:] {
		if r[col["agent"]] != "stroller" {
			t.Errorf("a row of agent %q", r[col["agent"]])
		}
		runs[r[col["agent.stay"]]+"/"+r[col["seed"]]] = true
	}
	if len(runs) != 4 {
		t.Errorf("runs.csv holds trials of %d runs (%v), want 4: stay 0 and 0.5, seeds 1 and 2", len(runs), runs)
	}
}
