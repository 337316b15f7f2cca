package lab

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// Probe trials measure what the agent knows of a world configuration
// without letting the measurement teach it anything: at chosen steps the
// lab saves the agent's memory (agent.Stateful), builds a second agent
// from it and lets that copy live one trial, of at most Probes.Steps
// steps, in a second world built from the configuration's layout (its
// walls, doors, cheese spots and start cell as they stood when it was
// first met; no events, the scenario's rewards but no per-spot goals).
// The copy learns as it always does, and is then thrown away: that is how
// learning is frozen. The lifetime's own agent and world are never
// touched, so a lifetime with probes is bit for bit the lifetime without
// them (TestProbesLeaveLifetime). The probe trial starts at the
// configuration's start cell, and the copy's first observation comes from
// there: to the agent it is a carry, as when an experimenter lifts the
// rat into another maze.
//
// Every probe is a row of probes.csv: rows of one step and many
// configurations are a row of the forgetting matrix.

// ProbesFile is probes.csv, written when probes were asked for.
const ProbesFile = "probes.csv"

// DefaultProbeSteps is the limit of a probe trial when Probes.Steps is 0.
const DefaultProbeSteps = 2000

// Probes says when to probe and what.
type Probes struct {
	Every int64   // probe every that many steps (0: not periodically)
	At    []int64 // and at these steps
	// All probes every configuration met at a trial's start so far (and
	// the current one, if not yet met so); otherwise only the current.
	All bool
	// Steps limits a probe trial (0: DefaultProbeSteps).
	Steps int64
}

// Enabled reports whether any probe is asked for.
func (p Probes) Enabled() bool { return p.Every > 0 || len(p.At) > 0 }

func (p Probes) check() error {
	if p.Every < 0 {
		return fmt.Errorf("probe every %d steps: expected a positive number of steps", p.Every)
	}
	for _, s := range p.At {
		if s <= 0 {
			return fmt.Errorf("probe at step %d: expected positive steps", s)
		}
	}
	if p.Steps < 0 {
		return fmt.Errorf("probe trials of at most %d steps: expected a positive limit", p.Steps)
	}
	return nil
}

// due reports whether a probe is due after step.
func (p Probes) due(step int64) bool {
	return p.Every > 0 && step%p.Every == 0 || slices.Contains(p.At, step)
}

// ProbeRow is one probe trial: a line of probes.csv.
type ProbeRow struct {
	Step    int64  // the lifetime's step it was taken after
	Trial   int    // the lifetime's trial under way then
	Config  int    // the configuration probed (0: the current one, not yet met at a trial's start)
	ID      uint64 // its sim.World.ConfigID
	Current bool   // it is the configuration the world stands in
	Start   world.Cell
	Steps   int64 // the probe trial's steps
	Moves   int
	Optimal int
	// PathRatio is moves/optimal when the trial reached cheese, NaN when
	// it ran out of steps.
	PathRatio float64
	Reached   bool
}

// ProbesHeader is the header of probes.csv.
var ProbesHeader = []string{"step", "trial", "config", "config_id", "current", "start_row", "start_col", "steps", "moves", "optimal", "path_ratio", "reached"}

// ProbesCSV returns probes.csv.
func ProbesCSV(rows []ProbeRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(ProbesHeader)
	for _, r := range rows {
		c := ""
		if r.Config > 0 {
			c = strconv.Itoa(r.Config)
		}
		w.Write([]string{strconv.FormatInt(r.Step, 10), strconv.Itoa(r.Trial), c, fmt.Sprintf("%016x", r.ID), flag(r.Current),
			strconv.Itoa(r.Start.Row), strconv.Itoa(r.Start.Col), strconv.FormatInt(r.Steps, 10), strconv.Itoa(r.Moves),
			strconv.Itoa(r.Optimal), FormatFloat(r.PathRatio), flag(r.Reached)})
	}
	w.Flush()
	return b.Bytes()
}

// ProbeRows returns the probe trials so far (do not change it).
func (l *Lifetime) ProbeRows() []ProbeRow { return l.probes }

// checkProbes refuses probes for an agent that cannot save its memory.
func (l *Lifetime) checkProbes() error {
	p := l.cfg.Probes
	if err := p.check(); err != nil {
		return err
	}
	if !p.Enabled() {
		return nil
	}
	if _, ok := l.agent.(agent.Stateful); !ok {
		return fmt.Errorf("agent %s cannot save its memory (agent.Stateful), so it cannot be probed with learning frozen; run it without probes", l.cfg.Agent)
	}
	return nil
}

// probe runs the probes due after the step just ended.
func (l *Lifetime) probe() error {
	if !l.cfg.Probes.Enabled() || !l.cfg.Probes.due(l.world.StepCount()) {
		return nil
	}
	state, err := l.agent.(agent.Stateful).MarshalState()
	if err != nil {
		return fmt.Errorf("probe at step %d: saving agent %s: %w", l.world.StepCount(), l.cfg.Agent, err)
	}
	w := l.world
	now := w.ConfigID()
	var targets []layout
	if l.cfg.Probes.All {
		targets = slices.Clone(l.configs)
	}
	if !slices.ContainsFunc(targets, func(c layout) bool { return c.ID == now }) {
		cells, h, v := w.Maze().Layout()
		targets = append(targets, layout{ID: now, Cells: cells, HEdges: h, VEdges: v, Start: w.Maze().Start, Spots: slices.Clone(w.Maze().Cheese), Doors: w.Doors()})
	}
	for _, c := range targets {
		row, err := l.probeTrial(c, state)
		if err != nil {
			return fmt.Errorf("probe at step %d of configuration %016x: %w", w.StepCount(), c.ID, err)
		}
		row.Step, row.Trial, row.ID, row.Current = w.StepCount(), w.Trial(), c.ID, c.ID == now
		row.Config = 1 + slices.IndexFunc(l.configs, func(k layout) bool { return k.ID == c.ID })
		l.probes = append(l.probes, row)
	}
	return nil
}

// probeTrial lets a copy of the agent, built from state, live one trial
// in configuration c.
func (l *Lifetime) probeTrial(c layout, state []byte) (ProbeRow, error) {
	sc := l.sc.Clone()
	m := sc.Maze.Clone()
	if !m.SetLayout(c.Cells, c.HEdges, c.VEdges) {
		return ProbeRow{}, fmt.Errorf("the layout does not fit the %dx%d maze", m.W, m.H)
	}
	m.Start, m.Cheese = c.Start, slices.Clone(c.Spots)
	sc.Maze, sc.Doors = m, c.Doors
	sc.Events, sc.Mazes, sc.Starts, sc.Goals = nil, nil, nil, nil
	sc.MaxSteps = l.cfg.Probes.Steps
	if sc.MaxSteps == 0 {
		sc.MaxSteps = DefaultProbeSteps
	}
	if err := sc.Validate(); err != nil {
		return ProbeRow{}, err
	}
	w, err := sim.New(sc, l.seed)
	if err != nil {
		return ProbeRow{}, err
	}
	a, err := l.spec.Build(l.env, l.cfg.Set)
	if err != nil {
		return ProbeRow{}, err
	}
	if err := a.(agent.Stateful).UnmarshalState(state); err != nil {
		return ProbeRow{}, fmt.Errorf("copying agent %s: %w", l.cfg.Agent, err)
	}
	obs := w.Observation()
	for {
		act := a.Act(obs)
		if err := w.ActionSpec().Validate(act); err != nil {
			return ProbeRow{}, fmt.Errorf("agent %s: %w", l.cfg.Agent, err)
		}
		obs = w.Step(act)
		if tr, ok := w.TrialEnded(); ok {
			return ProbeRow{Start: tr.StartCell, Steps: tr.Steps(), Moves: tr.Moves, Optimal: tr.Optimal, PathRatio: tr.PathRatio(), Reached: !tr.TimedOut}, nil
		}
	}
}
