package probe

import (
	"fmt"
	"os"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

func sb(shortcut bool) *world.Scenario {
	sc := blocks(
		"........G",
		".........",
		".........",
		"a#######b",
		".........",
		"...S.....")
	sc.Control = world.Moves
	if shortcut {
		sc.Declared = sc.Declared.With('a', true).With('b', true)
		sc.Doors = world.Doors(0).With('a', true)
		sc.Events = []world.Event{{AtStep: 3000, Open: []byte{'b'}}}
	} else {
		sc.Declared = sc.Declared.With('a', true).With('b', true)
		sc.Doors = world.Doors(0).With('b', true)
		sc.Events = []world.Event{{AtStep: 1000, Open: []byte{'a'}, Close: []byte{'b'}}}
	}
	m := sc.Maze
	m.SetCell(world.Cell{Row: 3, Col: 0}, world.Door('a'))
	m.SetCell(world.Cell{Row: 3, Col: 8}, world.Door('b'))
	return sc
}

func TestBSProbe(t *testing.T) {
	for _, shortcut := range []bool{false, true} {
		steps := 3000
		if shortcut {
			steps = 6000
		}
		var tot []float64
		for seed := uint64(1); seed <= 10; seed++ {
			sc := sb(shortcut)
			w, err := sim.New(sc, seed)
			if err != nil {
				t.Fatal(err)
			}
			set := map[string]string{}
			for _, kv := range []string{"K", "KAPPA", "ALPHA", "N"} {
				if v := os.Getenv(kv); v != "" {
					set[map[string]string{"K": "agent.planning", "KAPPA": "agent.kappa", "ALPHA": "agent.alpha", "N": "agent.planning"}[kv]] = v
				}
			}
			a, err := agent.New(os.Getenv("AG"), agent.Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}, set)
			if err != nil {
				t.Fatal(err)
			}
			obs := w.Observation()
			cum := 0.0
			var after []int64
			for i := 0; i < steps; i++ {
				obs = w.Step(a.Act(obs))
				cum += obs.Reward
				if tr, ok := w.TrialEnded(); ok && tr.EndStep > int64(steps/2-1) && len(after) < 8 {
					after = append(after, tr.Steps())
				}
			}
			tot = append(tot, cum)
			if seed <= 3 {
				fmt.Println(shortcut, seed, cum, after)
			}
		}
		s := 0.0
		for _, v := range tot {
			s += v
		}
		fmt.Println("shortcut", shortcut, "mean", s/float64(len(tot)), tot)
	}
}
