package agent_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// leastTried takes, at each place, the move it has tried least often
// there: a systematic explorer. It needs moves control and the place
// sensor, and says so as agent.ErrUnsupported otherwise.
type leastTried struct {
	tried [][4]int
	rng   *rand.Rand
}

func newLeastTried(env agent.Env, p agent.Params) (agent.Agent, error) {
	if env.Act.Control != world.Moves || !env.Obs.Place {
		return nil, fmt.Errorf("leasttried needs moves control and the place sensor: %w", agent.ErrUnsupported)
	}
	return &leastTried{
		tried: make([][4]int, env.Obs.NumPlaces),
		rng:   rand.New(sim.NewPCG(env.Seed, "agent")), // seeded: one seed, one lifetime
	}, nil
}

func (a *leastTried) Act(obs sim.Observation) sim.Action {
	t := &a.tried[obs.Place]
	best := world.Side(a.rng.IntN(4))
	for s := range world.Side(4) {
		if t[s] < t[best] {
			best = s
		}
	}
	t[best]++
	return sim.Action{Move: best}
}

func (a *leastTried) View() agent.View { return agent.View{Name: "leasttried"} }

// Register it from the init function of the package that defines it.
func init() {
	agent.Register(agent.Spec{
		Name: "leasttried",
		Help: "the move tried least often from each place",
		New:  newLeastTried,
	})
}

// Writing an agent and registering it: from then on it is built by name
// like a built-in one, by agent.New and lab.Config.Agent, in sweeps, and
// from checkpoints and recordings (of a Stateful agent) in this program.
func ExampleRegister() {
	sc, _ := scenarios.Load("dyna-maze")
	w, _ := sim.New(sc, 1)
	a, err := agent.New("leasttried", agent.Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: 1}, nil)
	if err != nil {
		panic(err)
	}
	obs := w.Observation()
	for range 2000 {
		obs = w.Step(a.Act(obs))
	}
	fmt.Println("trials finished:", w.Trial()-1)
	// Output:
	// trials finished: 2
}
