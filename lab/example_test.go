package lab_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// wanderer walks at random in moves control but never straight back the
// way it came unless a wall stopped it: an agent of a dozen lines.
type wanderer struct {
	rng  *rand.Rand
	last world.Side
	from int // the place the last move started from
}

func (w *wanderer) Act(obs sim.Observation) sim.Action {
	moved := obs.Place != w.from
	for {
		s := world.Side(w.rng.IntN(4))
		if !moved || s != (w.last+2)%4 {
			w.last, w.from = s, obs.Place
			return sim.Action{Move: s}
		}
	}
}

func (w *wanderer) View() agent.View { return agent.View{Name: "wanderer"} }

// Living a lifetime with lab and writing its outputs, with an agent of
// your own given by its constructor (lab.Config.AgentSpec): no registry
// needed. lab.Run writes trials.csv, reward.csv, events.csv, metrics.csv,
// summary.json, learning.png and maze.png, as `mazerat run --out` does.
func ExampleRun() {
	sc, err := scenarios.Load("dyna-maze") // or world.Load("my.maze")
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "mazerat-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	cfg := lab.Config{
		Scenario: sc,
		AgentSpec: &agent.Spec{Name: "wanderer", New: func(env agent.Env, _ agent.Params) (agent.Agent, error) {
			return &wanderer{rng: rand.New(sim.NewPCG(env.Seed, "agent")), from: -1}, nil
		}},
		Set:  map[string]string{"control": "moves"},
		Seed: 1, SeedSet: true,
		Steps: 3000,
	}
	res, err := lab.Run(context.Background(), cfg, lab.Options{Out: dir})
	if err != nil {
		panic(err)
	}
	s := res.Summary
	fmt.Printf("%s lived %d steps of %s: %d trials\n", s.Agent, s.Steps, s.Scenario, s.Trials)
	for _, f := range lab.OutputFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			fmt.Println("wrote", f)
		}
	}
	// Output:
	// wanderer lived 3000 steps of Dyna maze: 3 trials
	// wrote trials.csv
	// wrote reward.csv
	// wrote events.csv
	// wrote summary.json
	// wrote learning.png
	// wrote maze.png
	// wrote metrics.csv
	// wrote retention.csv
	// wrote retention.png
}
