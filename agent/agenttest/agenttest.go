// Package agenttest holds any agent to the contract of agent.Agent: the
// conformance suite every built-in agent passes, for the tests of an agent
// of your own.
//
//	func TestConformance(t *testing.T) {
//		agenttest.Run(t, mySpec, agenttest.Options{})
//	}
//
// Run lives lifetimes of the agent in every built-in scenario (or those
// given) and both control modes, and checks at every step that its
// actions pass the world's ActionSpec, that the world's observations pass
// the ObservationSpec, that View is callable and its slices have the sizes
// View documents, and that nothing panics; that one seed gives one
// lifetime; and, when the agent is agent.Stateful, that a copy restored
// from its saved state half-way acts exactly as the original for the next
// 300 steps.
//
// An agent may refuse a body it cannot work with (a tabular agent needs
// moves control and the place sensor): its constructor then returns an
// error that wraps agent.ErrUnsupported and names the control mode or the
// sensor; Run accepts exactly that and nothing vaguer, and skips the case.
package agenttest

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/internal/simtest"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
)

// Options say which lifetimes Run lives. The zero value is the whole
// suite.
type Options struct {
	// Scenarios are built-in scenario names (default: all of them).
	Scenarios []string
	// Controls are "wheels" and/or "moves" (default: both).
	Controls []string
	// Steps is the length of each lifetime (default DefaultSteps()).
	Steps int
	// Seed is the lifetimes' seed (default 7).
	Seed uint64
	// Set holds agent parameters ("agent.x") the agent is built with.
	Set map[string]string
}

// DefaultSteps is the length of each lifetime: 10 000 steps, 1 000 under
// -short, and a tenth of that under the race detector, which slows the
// physics about twelvefold.
func DefaultSteps() int {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	if RaceEnabled() {
		n /= 10
	}
	return n
}

// RaceEnabled reports whether the test binary was built with -race.
func RaceEnabled() bool { return racebuild.Enabled }

// Run runs the conformance suite on the agent spec builds (registered or
// not), one parallel subtest per scenario and control mode.
func Run(t *testing.T, spec agent.Spec, o Options) {
	t.Helper()
	if o.Scenarios == nil {
		o.Scenarios = scenarios.Names()
	}
	if o.Controls == nil {
		o.Controls = []string{"wheels", "moves"}
	}
	if o.Steps <= 0 {
		o.Steps = DefaultSteps()
	}
	if o.Seed == 0 {
		o.Seed = 7
	}
	for _, scenario := range o.Scenarios {
		for _, control := range o.Controls {
			t.Run(scenario+"/"+control, func(t *testing.T) {
				t.Parallel()
				first, ok := live(t, spec, o, World(t, scenario, control, o.Seed))
				if !ok {
					t.Skip("body not supported (an accepted, clear refusal)")
				}
				second, _ := live(t, spec, o, World(t, scenario, control, o.Seed))
				if first != second {
					t.Errorf("seed %d lived twice: %+v then %+v; want identical lifetimes", o.Seed, first, second)
				}
			})
		}
	}
}

// World loads a built-in scenario in the given control mode ("wheels" or
// "moves") and builds its world for seed.
func World(t testing.TB, scenario, control string, seed uint64) *sim.World {
	t.Helper()
	return simtest.World(t, scenario, control, seed)
}

// Env is the agent.Env a world gives an agent born in it with seed.
func Env(w *sim.World, seed uint64) agent.Env {
	return agent.Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}
}

// unsupportedOK reports whether err is an acceptable refusal of a body:
// it wraps ErrUnsupported and says which control mode or sensor is
// missing.
func unsupportedOK(err error) bool {
	if !errors.Is(err, agent.ErrUnsupported) {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "control") || strings.Contains(msg, "sensor")
}

// Lifetime is what one conformance lifetime measured.
type lifetime struct {
	hash    uint64 // sim.World.Hash at the end
	actions uint64 // FNV-1a of every action
	trials  int
}

// twinSteps is how long a restored copy of a Stateful agent must act as
// the original.
const twinSteps = 300

// live lives one lifetime of the agent in w, checking the contract at
// every step; a Stateful agent is saved half-way and a restored copy must
// act as it does for twinSteps steps. It returns false if the agent refused the
// body (and says why in the log).
func live(t *testing.T, spec agent.Spec, o Options, w *sim.World) (lifetime, bool) {
	t.Helper()
	ospec, aspec := w.ObservationSpec(), w.ActionSpec()
	env := Env(w, o.Seed)
	ag, err := spec.Build(env, o.Set)
	if err != nil {
		if unsupportedOK(err) {
			t.Logf("%s refuses this body: %v", spec.Name, err)
			return lifetime{}, false
		}
		t.Fatalf("building %s: %v; an agent that cannot work here must wrap agent.ErrUnsupported and name the control mode or sensor", spec.Name, err)
	}
	places := ospec.PlaceW * ospec.PlaceH
	h := fnv.New64a()
	var buf [24]byte
	var life lifetime
	var twin agent.Agent // the copy restored half-way, if Stateful
	obs := w.Observation()
	for step := 0; step < o.Steps; step++ {
		if err := ospec.Validate(obs); err != nil {
			t.Fatalf("step %d: observation: %v", step, err)
		}
		switch step {
		case o.Steps / 2:
			twin = restored(t, spec, env, o.Set, ag)
		case o.Steps/2 + twinSteps:
			twin = nil // enough: the twin doubles the agent's work while it lives
		}
		var b sim.Action
		if twin != nil {
			b = twin.Act(copyObs(obs)) // a copy: the original may keep what it is given
		}
		a := ag.Act(obs)
		if twin != nil && a != b {
			t.Fatalf("step %d: the agent restored from its state at step %d chose %+v, the original %+v; want the same", step, o.Steps/2, b, a)
		}
		if err := aspec.Validate(a); err != nil {
			t.Fatalf("step %d: %s returned an invalid action %+v: %v", step, spec.Name, a, err)
		}
		if err := CheckView(ag.View(), spec.Name, places); err != nil {
			t.Fatalf("step %d: View: %v", step, err)
		}
		putAction(h, buf[:], a)
		obs = w.Step(a)
		if _, ended := w.TrialEnded(); ended {
			life.trials++
		}
	}
	if err := ospec.Validate(obs); err != nil {
		t.Fatalf("last observation: %v", err)
	}
	life.hash, life.actions = w.Hash(), h.Sum64()
	return life, true
}

// restored returns a new agent of spec with a's saved state, or nil when
// a is not Stateful.
func restored(t *testing.T, spec agent.Spec, env agent.Env, set map[string]string, a agent.Agent) agent.Agent {
	t.Helper()
	st, ok := a.(agent.Stateful)
	if !ok {
		return nil
	}
	data, err := st.MarshalState()
	if err != nil {
		t.Fatalf("%s.MarshalState: %v", spec.Name, err)
	}
	b, err := spec.Build(env, set)
	if err != nil {
		t.Fatalf("building a second %s: %v", spec.Name, err)
	}
	if err := b.(agent.Stateful).UnmarshalState(data); err != nil {
		t.Fatalf("%s.UnmarshalState of its own state: %v", spec.Name, err)
	}
	return b
}

func copyObs(o sim.Observation) sim.Observation {
	o.Rays = slices.Clone(o.Rays)
	return o
}

func putAction(h interface{ Write([]byte) (int, error) }, buf []byte, a sim.Action) {
	for i, x := range [3]float64{a.Left, a.Right, float64(a.Move)} {
		u := math.Float64bits(x)
		for j := range 8 {
			buf[8*i+j] = byte(u >> (8 * j))
		}
	}
	h.Write(buf[:24])
}

// CheckView checks a View against what agent.View documents: the agent's
// name; slices indexed by place nil or of Places entries (4 per place for
// Walls) on the world's grid of places, or on a lattice of the agent's own
// (OwnFrame) at least as large; places and the believed pose in range.
func CheckView(v agent.View, name string, places int) error {
	if v.Name != name {
		return fmt.Errorf("Name %q, want the agent's name %q", v.Name, name)
	}
	n := v.Places
	if n == 0 && v.Value == nil && v.Greedy == nil && v.Visits == nil && v.Walls == nil {
		return checkPlaces(v, places) // no per-place memory at all
	}
	if v.OwnFrame {
		// A lattice of the agent's own (agent.View): as large as the
		// world's grid at least, born in one of its places.
		if v.W*v.H != n || n < places || v.Origin < 0 || v.Origin >= n {
			return fmt.Errorf("own lattice: Places %d, W×H %d×%d, Origin %d; want W×H places, at least %d, the origin among them", n, v.W, v.H, v.Origin, places)
		}
		places = n
	}
	if n != places || v.W*v.H != n {
		return fmt.Errorf("Places %d, W×H %d×%d; want %d places (the world's grid)", n, v.W, v.H, places)
	}
	if p := v.Pose; p.Known && (p.Place < -1 || p.Place >= n || math.IsNaN(p.X) || math.IsNaN(p.Y) || math.IsNaN(p.Heading)) {
		return fmt.Errorf("Pose %+v, want a place in -1..%d and numbers", p, n-1)
	}
	for _, s := range []struct {
		field string
		len   int
		nilOK bool
		want  int
	}{
		{"Value", len(v.Value), v.Value == nil, n},
		{"Greedy", len(v.Greedy), v.Greedy == nil, n},
		{"Visits", len(v.Visits), v.Visits == nil, n},
		{"Walls", len(v.Walls), v.Walls == nil, 4 * n},
	} {
		if !s.nilOK && s.len != s.want {
			return fmt.Errorf("len(%s) = %d, want %d (or nil)", s.field, s.len, s.want)
		}
	}
	for p, g := range v.Greedy {
		if g < -1 || g > 3 {
			return fmt.Errorf("Greedy[%d] = %d, want -1..3", p, g)
		}
	}
	for i, b := range v.Walls {
		if b > agent.Wall {
			return fmt.Errorf("Walls[%d] = %d, want Unknown, Open or Wall", i, b)
		}
	}
	return checkPlaces(v, places)
}

func checkPlaces(v agent.View, places int) error {
	for _, l := range []struct {
		field string
		ps    []int
	}{{"Plan", v.Plan}, {"Swept", v.Swept}} {
		for i, p := range l.ps {
			if p < 0 || p >= places {
				return fmt.Errorf("%s[%d] = %d, want a place in 0..%d", l.field, i, p, places-1)
			}
		}
	}
	for i, s := range v.Surprises {
		if s.Place < -1 || s.Place >= places || s.Step < 0 {
			return fmt.Errorf("Surprises[%d] = %+v, want a place in -1..%d and a step >= 0", i, s, places-1)
		}
	}
	if v.ModelSize < 0 || v.Planning < 0 {
		return fmt.Errorf("ModelSize %d, Planning %d; want >= 0", v.ModelSize, v.Planning)
	}
	return nil
}
