package agent

import (
	"errors"

	"github.com/mazerat/mazerat/sim"
)

// ErrUnsupported is wrapped by agent.New errors when an agent cannot work
// with the body it was given (a control mode or sensor it needs is off).
var ErrUnsupported = errors.New("unsupported body")

// Agent is a learner behind one small interface: one call per step that
// takes the observation beginning the step and returns the action for it.
// Learning happens inside, online, from the stream; nothing is ever reset.
// An agent sees only Observations and the specs in its Env, never the
// simulator's ground truth.
type Agent interface {
	// Act takes the observation that begins a step and returns the action
	// for that step. The observation's slices belong to the world and are
	// overwritten by the next step: copy what must be kept.
	Act(obs sim.Observation) sim.Action
	// View returns a read-only snapshot of the agent's memory for drawing
	// and measurement. It must be cheap enough to take every frame.
	View() View
}

// Env is what an agent is told at birth: what its body senses and how it
// can act, and the lifetime's seed (draw from sim.NewRand(Seed, "agent")).
type Env struct {
	Obs  sim.ObservationSpec
	Act  sim.ActionSpec
	Seed uint64
}

// Belief about one side of a place, as the agent's map holds it.
type Belief uint8

const (
	Unknown Belief = iota
	Open
	Wall
)

// Surprise is a moment the model predicted one thing and the world did
// another.
type Surprise struct {
	Step  int64
	Place int // where it happened (-1 if the agent has no places)
}

// View is a snapshot of an agent's memory. Slices indexed by place have
// Places entries (row*W + col); they are nil when the agent keeps no such
// memory (a non-learning agent returns a zero View but for Name). The
// snapshot is read-only and belongs to the agent: it may be reused by the
// next call to View.
type View struct {
	Name   string // the agent's registry name
	Places int
	W, H   int

	Value  []float64 // estimated value of each place (NaN where unknown)
	Greedy []int8    // the greedy option at each place: 0..3 for N, E, S, W; -1 for none
	Visits []int32   // how often the agent has been at each place
	Walls  []Belief  // believed walls: 4 per place, index place*4 + side (N, E, S, W)

	Plan      []int      // the places of the path the agent intends to follow now
	Swept     []int      // places whose values the last planning sweep changed
	Surprises []Surprise // recent surprises, oldest first

	ModelSize int // number of transitions the model holds
	Planning  int // backups per step (K)
}
