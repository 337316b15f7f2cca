package serve

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/serve/servepb"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// client is the agent of a served world: its actions come from the
// client over the network, one per step, and its View is the one the
// client sends (empty until it sends one). It is Stateful with nothing to
// save, so a served lifetime checkpoints and records like any other.
type client struct {
	name   string
	next   sim.Action
	places int
	w, h   int
	view   agent.View
}

// clientSpec is the spec of the agent named name that a served world is
// lived by.
func clientSpec(name string) *agent.Spec {
	return &agent.Spec{
		Name: name,
		Help: "a served world's client: actions from the network",
		New: func(env agent.Env, _ agent.Params) (agent.Agent, error) {
			c := &client{name: name, places: env.Obs.PlaceW * env.Obs.PlaceH, w: env.Obs.PlaceW, h: env.Obs.PlaceH}
			c.view.Name = name
			return c, nil
		},
	}
}

func (c *client) Act(sim.Observation) sim.Action { return c.next }
func (c *client) View() agent.View               { return c.view }

// MarshalState saves nothing: the client's memory is the client's.
func (c *client) MarshalState() ([]byte, error) { return nil, nil }
func (c *client) UnmarshalState([]byte) error   { return nil }

// setView takes the client's view of its memory, checked against the
// grid of places.
func (c *client) setView(v *servepb.View) error {
	if v == nil || (len(v.Value) == 0 && len(v.Plan) == 0) {
		return nil
	}
	if len(v.Value) != 0 && len(v.Value) != c.places {
		return fmt.Errorf("a view of %d values: expected one per place, %d", len(v.Value), c.places)
	}
	for i, p := range v.Plan {
		if p < 0 || int(p) >= c.places {
			return fmt.Errorf("plan[%d] = %d: expected a place in 0..%d", i, p, c.places-1)
		}
	}
	c.view = agent.View{Name: c.name}
	if len(v.Value) > 0 {
		c.view.Places, c.view.W, c.view.H = c.places, c.w, c.h
		c.view.Value = append(c.view.Value[:0], v.Value...)
	}
	c.view.Plan = c.view.Plan[:0]
	for _, p := range v.Plan {
		c.view.Plan = append(c.view.Plan, int(p))
	}
	return nil
}

// served is a world a session drives: a lab lifetime lived by its client,
// and the episode under way.
type served struct {
	id       uint64
	mu       sync.Mutex // held while the world steps or is read by a watcher
	life     *lab.Lifetime
	agent    *client
	fields   []obsField
	act      sim.ActionSpec
	maxEp    int64 // steps after which an episode is truncated (0: never)
	epStart  int64 // the step the episode under way began at
	watchers []*watcher
	record   string    // the recording's path, if any
	born     time.Time // when the world was created (its summary's wall time)
}

func newServed(id uint64, l *lab.Lifetime, maxEp int64, record string) *served {
	w := l.World()
	return &served{
		id: id, life: l, agent: l.Agent().(*client),
		fields: observationFields(w.ObservationSpec()), act: w.ActionSpec(),
		maxEp: maxEp, epStart: w.StepCount(), record: record, born: time.Now(),
	}
}

// specs returns the world's specs for its client.
func (s *served) specs() *servepb.Specs {
	o := s.life.World().ObservationSpec()
	sp := &servepb.Specs{Action: actionSpec(s.act), Control: s.act.Control.String(), PlaceWidth: int32(o.PlaceW), PlaceHeight: int32(o.PlaceH)}
	for _, f := range s.fields {
		sp.Observations = append(sp.Observations, f.spec)
	}
	return sp
}

// outcome is what one world reports after a step or a reset.
type outcome struct {
	reward, discount float64
	kind             servepb.StepType
	truncated        bool
	step, trial      int64
}

// step lives one step with action a (already checked against the spec).
func (s *served) step(a sim.Action, v *servepb.View) (outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.agent.setView(v); err != nil {
		return outcome{}, fmt.Errorf("world %d: %w", s.id, err)
	}
	s.agent.next = a
	if err := s.life.Step(); err != nil {
		return outcome{}, fmt.Errorf("world %d: %w", s.id, err)
	}
	w := s.life.World()
	_, ended := w.TrialEnded()
	out := outcome{reward: w.LastReward(), discount: 1, kind: servepb.StepType_MID, step: w.StepCount(), trial: int64(w.Trial())}
	switch {
	case ended:
		out.discount, out.kind = 0, servepb.StepType_LAST
	case s.maxEp > 0 && w.StepCount()-s.epStart >= s.maxEp:
		out.kind, out.truncated = servepb.StepType_LAST, true
	}
	if out.kind == servepb.StepType_LAST {
		s.epStart = w.StepCount() // the next episode begins here
	}
	for _, wt := range s.watchers {
		wt.push(a, s.act.Control, &s.agent.view, w)
	}
	return out, nil
}

// first begins a new episode where the lifetime stands.
func (s *served) first() outcome {
	w := s.life.World()
	s.epStart = w.StepCount()
	return outcome{discount: 1, kind: servepb.StepType_FIRST, step: w.StepCount(), trial: int64(w.Trial())}
}

// close ends the world: its recording is sealed and its watchers told.
func (s *served) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, wt := range s.watchers {
		wt.end(fmt.Errorf("world %d was closed", s.id))
	}
	s.watchers = nil
	return s.life.CloseRecording()
}

// lifetimeConfig is the configuration a served world is born with.
func lifetimeConfig(sc *world.Scenario, settings map[string]string, seed *uint64, name string) lab.Config {
	cfg := lab.Config{Scenario: sc, AgentSpec: clientSpec(name), Set: settings, Steps: math.MaxInt64}
	if seed != nil {
		cfg.Seed, cfg.SeedSet = *seed, true
	}
	return cfg
}
