package lab

import (
	"math"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/world"
)

// The lab knows where the body is; an agent that localises itself
// (agent.Localiser) only believes it. After every Act the belief, aligned
// onto the maze (frame.align), is scored against the truth:
//
//   - lost: the believed place differs from the cell the body is in (a
//     belief of -1, "I do not know", counts as lost);
//   - pose error: the distance between the believed and the true position.
//
// Per trial: the share of its steps lost and its largest pose error
// (trials.csv lost and pose_error); per lifetime the same
// (summary.json "belief"); and after each world event that carries the rat,
// the steps until the belief was right again and stayed right for
// RelocalisedRun steps (events.csv relocalise_steps).

// RelocalisedRun is how many steps in a row the belief must be right for
// the rat to count as relocalised after being carried.
const RelocalisedRun = 10

// frame is how an agent's own lattice lies on the maze: its places are
// (dr, dc) cells off the maze's, and its metres (shiftX, shiftY) off.
type frame struct {
	own            bool
	w              int // the agent's lattice width
	dr, dc         int
	shiftX, shiftY float64
}

// frameOf returns the alignment of view v's lattice with maze m, for a
// body born in cell birth, with cells of size cell. The agent was born in
// its place v.Origin; the lab aligns that with birth.
func frameOf(v agent.View, m *world.Maze, birth world.Cell, cell float64) frame {
	if !v.OwnFrame || v.W <= 0 || v.H <= 0 {
		return frame{}
	}
	or, oc := v.Origin/v.W, v.Origin%v.W
	f := frame{own: true, w: v.W, dr: birth.Row - or, dc: birth.Col - oc}
	// The agent's frame puts place (r, c) of its H-row lattice at
	// ((c+0.5)*cell, (H-r-0.5)*cell); the world puts cell (r, c) of the
	// maze at ((c+0.5)*cell, (m.H-r-0.5)*cell).
	f.shiftX = float64(f.dc) * cell
	f.shiftY = float64(m.H-f.dr-v.H) * cell
	return f
}

// place returns the maze cell index of the agent's place p, or -1 when p
// is -1 or falls outside the maze.
func (f frame) place(p int, m *world.Maze) int {
	if p < 0 {
		return -1
	}
	if !f.own {
		if p >= m.NumCells() {
			return -1
		}
		return p
	}
	c := world.Cell{Row: p/f.w + f.dr, Col: p%f.w + f.dc}
	if !m.In(c) {
		return -1
	}
	return m.Index(c)
}

// pose returns a believed pose on the maze.
func (f frame) pose(p agent.Pose, m *world.Maze) agent.Pose {
	if !p.Known {
		return p
	}
	return agent.Pose{Known: true, Place: f.place(p.Place, m), X: p.X + f.shiftX, Y: p.Y + f.shiftY, Heading: p.Heading}
}

// beliefScore is the running score of an agent's belief.
type beliefScore struct {
	loc   agent.Localiser // nil: the agent keeps no belief
	frame frame

	// The trial under way, and the lifetime.
	trialSteps, trialLost int64
	trialErr              float64
	steps, lost           int64
	maxErr                float64
	right                 bool // the belief at the latest step was right

	// Events that carried the rat, waiting for the belief to be right
	// RelocalisedRun steps in a row: index into Lifetime.events, and the
	// run so far.
	pending []pendingCarry
}

type pendingCarry struct {
	Event int
	Run   int
}

// beliefState is beliefScore as a checkpoint keeps it.
type beliefState struct {
	TrialSteps, TrialLost int64
	TrialErr              float64
	Steps, Lost           int64
	MaxErr                float64
	Right                 bool
	Pending               []pendingCarry
}

func (b *beliefScore) state() beliefState {
	return beliefState{b.trialSteps, b.trialLost, b.trialErr, b.steps, b.lost, b.maxErr, b.right, b.pending}
}

func (b *beliefScore) restore(s beliefState) {
	b.trialSteps, b.trialLost, b.trialErr, b.steps, b.lost, b.maxErr, b.right, b.pending =
		s.TrialSteps, s.TrialLost, s.TrialErr, s.Steps, s.Lost, s.MaxErr, s.Right, s.Pending
}

// initBelief finds out whether the agent keeps a belief, and how its frame
// lies on the maze.
func (l *Lifetime) initBelief() {
	loc, ok := l.agent.(agent.Localiser)
	if !ok || !loc.Belief().Known {
		return
	}
	l.belief.loc = loc
	l.belief.frame = frameOf(l.agent.View(), l.world.Maze(), l.birth, l.sc.Cell)
}

// scoreBelief scores the belief the agent holds after its Act against
// where the body is.
func (l *Lifetime) scoreBelief() {
	b := &l.belief
	if b.loc == nil {
		return
	}
	m := l.world.Maze()
	p := b.frame.pose(b.loc.Belief(), m)
	x, y, _ := l.world.Pose()
	err := math.Hypot(p.X-x, p.Y-y)
	b.right = p.Place >= 0 && p.Place == m.Index(l.world.Cell())
	b.trialSteps++
	b.steps++
	if !b.right {
		b.trialLost++
		b.lost++
	}
	b.trialErr = math.Max(b.trialErr, err)
	b.maxErr = math.Max(b.maxErr, err)
	n := 0
	for _, c := range b.pending {
		if b.right {
			c.Run++
		} else {
			c.Run = 0
		}
		if c.Run >= RelocalisedRun {
			e := &l.events[c.Event]
			e.RelocaliseSteps = l.world.StepCount() - int64(RelocalisedRun-1) - e.Step
			continue
		}
		b.pending[n] = c
		n++
	}
	b.pending = b.pending[:n]
}

// endBeliefTrial closes the trial's score into its row.
func (l *Lifetime) endBeliefTrial(row *TrialRow) {
	b := &l.belief
	row.Lost, row.PoseError = math.NaN(), math.NaN()
	if b.loc == nil {
		return
	}
	if b.trialSteps > 0 {
		row.Lost = float64(b.trialLost) / float64(b.trialSteps)
		row.PoseError = b.trialErr
	}
	b.trialSteps, b.trialLost, b.trialErr = 0, 0, 0
}

// watchCarry starts measuring the relocalisation after event row i, if it
// carried the rat and the agent keeps a belief.
func (l *Lifetime) watchCarry(i int, e world.Event) {
	if l.belief.loc == nil || e.Rat == nil {
		return
	}
	l.events[i].Carried = true
	l.belief.pending = append(l.belief.pending, pendingCarry{Event: i})
}

// BeliefStats is how well an agent's belief of where it is has matched
// the truth (Known false for an agent that keeps no belief).
type BeliefStats struct {
	Known     bool
	Right     bool    // the believed place is the true one now
	Lost      float64 // share of the lifetime's steps lost so far
	TrialLost float64 // share of the trial under way's steps lost so far
	PoseError float64 // largest pose error of the lifetime so far, metres
	TrialErr  float64 // largest pose error of the trial under way, metres
}

// Belief returns how well the agent's belief has matched the truth so far
// (for the window's panel).
func (l *Lifetime) Belief() BeliefStats {
	b := &l.belief
	if b.loc == nil {
		return BeliefStats{}
	}
	s := BeliefStats{Known: true, Right: b.right, PoseError: b.maxErr, TrialErr: b.trialErr}
	if b.steps > 0 {
		s.Lost = float64(b.lost) / float64(b.steps)
	}
	if b.trialSteps > 0 {
		s.TrialLost = float64(b.trialLost) / float64(b.trialSteps)
	}
	return s
}

// BeliefSummary is summary.json's "belief": how well the agent knew where
// it was.
type BeliefSummary struct {
	Lost          float64  `json:"lost"`                 // share of all steps whose believed place was wrong
	LostLast5     *float64 `json:"lost_last5,omitempty"` // the same over the last five trials' steps
	PoseError     float64  `json:"pose_error"`           // largest distance between believed and true position, metres
	Relocalised   int      `json:"relocalised"`          // carries after which the belief became right again
	Relocalise    *float64 `json:"relocalise_steps_median,omitempty"`
	CarryEvents   int      `json:"carry_events"`
	StepsRecorded int64    `json:"steps"`
}

// beliefSummary returns the lifetime's belief summary (nil for an agent
// that keeps no belief).
func (l *Lifetime) beliefSummary() *BeliefSummary {
	b := &l.belief
	if b.loc == nil {
		return nil
	}
	s := &BeliefSummary{PoseError: b.maxErr, StepsRecorded: b.steps}
	if b.steps > 0 {
		s.Lost = float64(b.lost) / float64(b.steps)
	}
	rows := l.trials
	if len(rows) > 5 {
		rows = rows[len(rows)-5:]
	}
	var lost, steps float64
	for _, r := range rows {
		if !math.IsNaN(r.Lost) {
			lost += r.Lost * float64(r.Steps)
			steps += float64(r.Steps)
		}
	}
	if steps > 0 {
		v := lost / steps
		s.LostLast5 = &v
	}
	var re []float64
	for _, e := range l.events {
		if !e.Carried {
			continue
		}
		s.CarryEvents++
		if e.RelocaliseSteps >= 0 {
			s.Relocalised++
			re = append(re, float64(e.RelocaliseSteps))
		}
	}
	if len(re) > 0 {
		m := Median(re)
		s.Relocalise = &m
	}
	return s
}
