package sweep_test

import (
	"context"
	"encoding/csv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab/sweep"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// stroller is an agent of another package: a random walk in moves
// control that repeats its last move with probability agent.stay.
type stroller struct {
	rng  *rand.Rand
	stay float64
	last world.Side
}

func (s *stroller) Act(sim.Observation) sim.Action {
	if s.rng.Float64() >= s.stay {
		s.last = world.Side(s.rng.IntN(4))
	}
	return sim.Action{Move: s.last}
}

func (s *stroller) View() agent.View { return agent.View{Name: "stroller"} }

func init() {
	agent.Register(agent.Spec{
		Name:   "stroller",
		Help:   "a random walk that keeps its direction with probability agent.stay",
		Params: []agent.Param{{Name: "stay", Default: "0", Help: "probability of repeating the last move"}},
		New: func(env agent.Env, p agent.Params) (agent.Agent, error) {
			stay, err := p.Float("stay", 0, 1)
			if err != nil {
				return nil, err
			}
			return &stroller{rng: rand.New(sim.NewPCG(env.Seed, "agent")), stay: stay}, nil
		},
	})
}

// TestThirdPartySweep: a registered agent of another package is swept
// like a built-in one, with a grid over its own parameter.
func TestThirdPartySweep(t *testing.T) {
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
