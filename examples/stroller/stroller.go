// Package stroller is an agent written outside mazerat's agent package,
// as a third party would write one: it registers itself (agent.Register)
// when imported, and its tests show that it gets what a built-in agent
// does: the conformance suite (agent/agenttest), and sweeps with a grid
// over its own parameter.
package stroller

import (
	"math/rand/v2"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// Spec is the agent's registry entry.
var Spec = agent.Spec{
	Name:   "stroller",
	Help:   "a random walk in moves control that keeps its direction with probability agent.stay",
	Params: []agent.Param{{Name: "stay", Default: "0", Help: "probability of repeating the last move (0..1)"}},
	New:    newStroller,
}

func init() { agent.Register(Spec) }

// stroller is a random walk in moves control that repeats its last move
// with probability stay; in wheels control it drives the same way, a
// wheel pair per direction.
type stroller struct {
	rng   *rand.Rand
	stay  float64
	moves bool
	last  world.Side
}

func newStroller(env agent.Env, p agent.Params) (agent.Agent, error) {
	stay, err := p.Float("stay", 0, 1)
	if err != nil {
		return nil, err
	}
	return &stroller{rng: rand.New(sim.NewPCG(env.Seed, "agent")), stay: stay, moves: env.Act.Control == world.Moves}, nil
}

func (s *stroller) Act(sim.Observation) sim.Action {
	if s.rng.Float64() >= s.stay {
		s.last = world.Side(s.rng.IntN(4))
	}
	if s.moves {
		return sim.Action{Move: s.last}
	}
	wheels := [4][2]float64{{1, 1}, {1, -1}, {-1, -1}, {-1, 1}}[s.last]
	return sim.Action{Left: wheels[0], Right: wheels[1]}
}

func (s *stroller) View() agent.View { return agent.View{Name: "stroller"} }
