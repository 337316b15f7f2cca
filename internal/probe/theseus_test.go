package probe

import (
	"fmt"
	"os"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
)

func TestTheseusProbe(t *testing.T) {
	name := os.Getenv("SC")
	if name == "" {
		name = "theseus"
	}
	for seed := uint64(1); seed <= 5; seed++ {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if c := os.Getenv("CTL"); c != "" {
			sc.Set("control", c)
		}
		w, _ := sim.New(sc, seed)
		set := map[string]string{}
		if k := os.Getenv("K"); k != "" {
			set["agent.planning"] = k
		}
		a, err := agent.New("dyna", agent.Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}, set)
		if err != nil {
			t.Fatal(err)
		}
		obs := w.Observation()
		var lens []string
		for i := 0; i < 50000 && len(lens) < 14; i++ {
			obs = w.Step(a.Act(obs))
			if tr, ok := w.TrialEnded(); ok {
				lens = append(lens, fmt.Sprintf("%d/%d/%d", tr.Steps(), tr.Moves, tr.Optimal))
			}
		}
		fmt.Println(seed, w.StepCount(), lens)
	}
}
