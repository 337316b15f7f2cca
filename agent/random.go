package agent

import (
	"math/rand/v2"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// random is the floor every learner must beat. In moves control it picks
// N, E, S or W uniformly each step: the random walk on the maze's graph.
// In wheels control a fresh uniform wheel pair every 0.1 s only jitters
// the body on the spot (the commands average out), so it holds each pair
// for a while; the body then drives arcs and lines and does get about,
// which is the baseline a wheels learner has to beat.
type random struct {
	rng         *rand.Rand
	pcg         *rand.PCG // rng's source, kept for MarshalState
	moves       bool
	hold        int
	left, right float64
	remaining   int // steps the current wheel pair is still held
}

func newRandom(env Env, p Params) (Agent, error) {
	hold, err := p.Int("hold", 1, 1000)
	if err != nil {
		return nil, err
	}
	pcg := sim.NewPCG(env.Seed, "agent")
	return &random{
		rng:   rand.New(pcg),
		pcg:   pcg,
		moves: env.Act.Control == world.Moves,
		hold:  hold,
	}, nil
}

func (a *random) Act(sim.Observation) sim.Action {
	if a.moves {
		return sim.Action{Move: world.Side(a.rng.IntN(4))}
	}
	if a.remaining == 0 {
		a.left = 2*a.rng.Float64() - 1
		a.right = 2*a.rng.Float64() - 1
		// Uniform on 1..2*hold-1: the mean is hold, and hold = 1 draws a
		// fresh pair every step.
		a.remaining = 1 + a.rng.IntN(2*a.hold-1)
	}
	a.remaining--
	return sim.Action{Left: a.left, Right: a.right}
}

func (a *random) View() View { return View{Name: "random"} }
