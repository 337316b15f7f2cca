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

// Pose is where an agent believes its body is: a place on its lattice
// (-1 when it knows itself lost) and a position in its own frame. The frame's
// metres follow the world's convention on the agent's lattice: the centre
// of place (row, col) is at ((col+0.5)*cell, (H-row-0.5)*cell), y up;
// Heading is in radians, counter-clockwise from east.
type Pose struct {
	Known   bool // the agent reports a belief at all
	Place   int
	X, Y    float64
	Heading float64
}

// Localiser is implemented by agents that keep a belief of where their
// body is. Belief returns the same Pose as View().Pose, cheaply enough to
// be asked every step: the lab scores it against the truth (lost,
// pose_error) without taking a whole View. The frame is the View's
// (OwnFrame, Origin, W, H), which does not change over a lifetime.
type Localiser interface {
	Belief() Pose
}

// Metric is one named number an agent reports about itself: its own
// diagnostics (model size, backups, dormant units). Names are short
// snake_case words, the same at every call.
type Metric struct {
	Name  string
	Value float64
}

// MetricReporter is implemented by agents that report metrics. Metrics
// appends the current values to dst and returns it; the names and their
// order must not change over a lifetime. The lab samples it on the reward
// curve's schedule (metrics.csv) and at the end (summary.json).
//
// Two names are the lab's compute measure and mean the same for every
// agent: "backups" (value updates executed since birth, in learning and
// planning alike) and "search_nodes" (nodes expanded by any search over
// the agent's map since birth).
type MetricReporter interface {
	Metrics(dst []Metric) []Metric
}

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
//
// Places are on the maze's lattice (W x H, row 0 at the top) unless
// OwnFrame: an agent without the place sensor does not know where in the
// maze it was born, so it keeps its memory on a lattice of its own, of
// squares of the cell size, and Origin is the place it was born in on that
// lattice. The lab, which knows the truth, aligns Origin with the cell the
// body was born in to draw and score such memory (lab.Lifetime.View).
type View struct {
	Name     string // the agent's registry name
	Places   int
	W, H     int
	OwnFrame bool // places are on the agent's own lattice, not the maze's
	Origin   int  // with OwnFrame: the place the agent was born in

	// Pose is where the agent believes its body is (agents that do not
	// localise themselves leave it zero: Known false).
	Pose Pose

	// Maps is how many maps (contexts) the agent holds, Active which one it
	// uses now (0 and 0 for agents that keep no maps).
	Maps, Active int

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

// Failer is implemented by agents whose learning can fail: a number in
// it stopped being finite (a diverging network). Failure returns nil while
// all is well, and afterwards an error that names the step and what
// failed; the agent then stops learning. The lab checks Failure after
// every Act and ends the lifetime with the error rather than write results
// made of NaN. (The name is not Err: an agent may have an Err of another
// meaning, as serve's follower does, which must not end its lifetime.)
type Failer interface {
	Failure() error
}
