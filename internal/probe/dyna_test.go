package probe

import (
	"fmt"
	"os"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

func TestDynaProbe(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		sc := blocks(
			".......#G",
			"..#....#.",
			"S.#....#.",
			"..#......",
			".....#...",
			".........")
		sc.Control = world.Moves
		w, _ := sim.New(sc, seed)
		a, err := agent.New("dyna", agent.Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}, map[string]string{"agent.planning": os.Getenv("K")})
		if err != nil {
			t.Fatal(err)
		}
		obs := w.Observation()
		var lens []int64
		for i := 0; i < 2000 && len(lens) < 10; i++ {
			obs = w.Step(a.Act(obs))
			if tr, ok := w.TrialEnded(); ok {
				lens = append(lens, tr.Steps())
			}
		}
		fmt.Println(seed, lens)
	}
}
