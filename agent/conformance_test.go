package agent

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// The conformance test holds every registered agent to the contract of
// Agent, in every built-in scenario and both control modes: its actions
// pass the world's ActionSpec, the world's observations pass the
// ObservationSpec, View is callable every step and its slices have the
// sizes View documents, nothing panics, and one seed gives one lifetime.
//
// An agent may refuse a body it cannot work with (a tabular agent needs
// moves control and the place sensor): agent.New then returns an error
// that wraps ErrUnsupported and names the control mode or the sensor; the
// test accepts exactly that and nothing vaguer.

// conformanceSteps is the length of each lifetime: 10 000 steps, 1 000
// under -short, and a tenth of that under the race detector, which slows
// the physics about twelvefold (measured: 87 s for the whole table at a
// quarter, on the two-core development machine).
func conformanceSteps() int {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	if raceEnabled() {
		n /= 10
	}
	return n
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// conformanceWorld loads a built-in scenario in the given control mode.
func conformanceWorld(t testing.TB, scenario, control string, seed uint64) *sim.World {
	t.Helper()
	sc, err := scenarios.Load(scenario)
	if err != nil {
		t.Fatalf("scenarios.Load(%q): %v", scenario, err)
	}
	if err := sc.Set("control", control); err != nil {
		t.Fatalf("%s: set control=%s: %v", scenario, control, err)
	}
	w, err := sim.New(sc, seed)
	if err != nil {
		t.Fatalf("%s: sim.New: %v", scenario, err)
	}
	return w
}

func envOf(w *sim.World, seed uint64) Env {
	return Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}
}

// unsupportedOK reports whether err is an acceptable refusal of a body:
// it wraps ErrUnsupported and says which control mode or sensor is
// missing.
func unsupportedOK(err error) bool {
	if !errors.Is(err, ErrUnsupported) {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "control") || strings.Contains(msg, "sensor")
}

// lifetime is what one conformance run measured.
type lifetime struct {
	hash    uint64 // sim.World.Hash at the end
	actions uint64 // FNV-1a of every action
	trials  int
}

// runConformance lives one lifetime of agent name in w for steps steps,
// checking the contract at every step. It returns false if the agent
// refused the body (and says why in the log).
func runConformance(t *testing.T, name string, w *sim.World, seed uint64, steps int) (lifetime, bool) {
	t.Helper()
	ospec, aspec := w.ObservationSpec(), w.ActionSpec()
	ag, err := New(name, envOf(w, seed), nil)
	if err != nil {
		if unsupportedOK(err) {
			t.Logf("%s refuses this body: %v", name, err)
			return lifetime{}, false
		}
		t.Fatalf("New(%q): %v; an agent that cannot work here must wrap ErrUnsupported and name the control mode or sensor", name, err)
	}
	places := ospec.PlaceW * ospec.PlaceH
	h := fnv.New64a()
	var buf [24]byte
	var life lifetime
	obs := w.Observation()
	for step := 0; step < steps; step++ {
		if err := ospec.Validate(obs); err != nil {
			t.Fatalf("step %d: observation: %v", step, err)
		}
		a := ag.Act(obs)
		if err := aspec.Validate(a); err != nil {
			t.Fatalf("step %d: %s returned an invalid action %+v: %v", step, name, a, err)
		}
		if err := checkView(ag.View(), name, places); err != nil {
			t.Fatalf("step %d: View: %v", step, err)
		}
		putFloat(buf[0:], a.Left)
		putFloat(buf[8:], a.Right)
		putFloat(buf[16:], float64(a.Move))
		h.Write(buf[:])
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

func putFloat(b []byte, x float64) {
	u := math.Float64bits(x)
	for i := range 8 {
		b[i] = byte(u >> (8 * i))
	}
}

// checkView checks a View against what View documents: the agent's name;
// slices indexed by place nil or of Places entries (4 per place for
// Walls); places in range.
func checkView(v View, name string, places int) error {
	if v.Name != name {
		return fmt.Errorf("Name %q, want the registry name %q", v.Name, name)
	}
	n := v.Places
	if n == 0 && v.Value == nil && v.Greedy == nil && v.Visits == nil && v.Walls == nil {
		return checkPlaces(v, places) // no per-place memory at all
	}
	if v.OwnFrame {
		// A lattice of the agent's own: as large as the world's grid at
		// least, born in one of its places.
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
		if b > Wall {
			return fmt.Errorf("Walls[%d] = %d, want Unknown, Open or Wall", i, b)
		}
	}
	return checkPlaces(v, places)
}

func checkPlaces(v View, places int) error {
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

func TestConformance(t *testing.T) {
	steps := conformanceSteps()
	const seed = 7
	for _, name := range Names() {
		for _, scenario := range scenarios.Names() {
			for _, control := range []string{"wheels", "moves"} {
				t.Run(name+"/"+scenario+"/"+control, func(t *testing.T) {
					t.Parallel()
					first, ok := runConformance(t, name, conformanceWorld(t, scenario, control, seed), seed, steps)
					if !ok {
						t.Skip("body not supported (an accepted, clear refusal)")
					}
					second, _ := runConformance(t, name, conformanceWorld(t, scenario, control, seed), seed, steps)
					if first != second {
						t.Errorf("seed %d lived twice: %+v then %+v; want identical lifetimes", seed, first, second)
					}
				})
			}
		}
	}
}

// TestConformanceRefusals checks the test's own rule for refusals: a
// clear ErrUnsupported passes, anything else does not.
func TestConformanceRefusals(t *testing.T) {
	for i, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("x needs moves control (control: moves): %w", ErrUnsupported), true},
		{fmt.Errorf("x needs the place sensor (sensors.place: true): %w", ErrUnsupported), true},
		{fmt.Errorf("x cannot: %w", ErrUnsupported), false},
		{errors.New("x needs moves control"), false},
		{nil, false},
	} {
		if got := unsupportedOK(c.err); got != c.want {
			t.Errorf("%d: unsupportedOK(%v) = %v, want %v", i, c.err, got, c.want)
		}
	}
}

// TestConformanceDetectsDifference makes sure the determinism check can
// fail: two seeds of the random agent give different lifetimes.
func TestConformanceDetectsDifference(t *testing.T) {
	steps := 200
	for i, control := range []string{"wheels", "moves"} {
		a, _ := runConformance(t, "random", conformanceWorld(t, "dyna-maze", control, 1), 1, steps)
		b, _ := runConformance(t, "random", conformanceWorld(t, "dyna-maze", control, 2), 2, steps)
		if a == b {
			t.Errorf("%d: %s: seeds 1 and 2 gave the same lifetime %+v", i, control, a)
		}
	}
}

// TestConformanceWorldValidates guards the test's premise: the world's
// specs reject what they should, so passing them means something.
func TestConformanceWorldValidates(t *testing.T) {
	w := conformanceWorld(t, "dyna-maze", "moves", 1)
	if err := w.ActionSpec().Validate(sim.Action{Move: world.Side(4)}); err == nil {
		t.Errorf("moves ActionSpec accepted move 4")
	}
	w = conformanceWorld(t, "dyna-maze", "wheels", 1)
	if err := w.ActionSpec().Validate(sim.Action{Left: 1.5}); err == nil {
		t.Errorf("wheels ActionSpec accepted a wheel command of 1.5")
	}
	obs := w.Observation()
	obs.Rays = append([]float64(nil), obs.Rays...)
	obs.Rays[0] = 1.5
	if err := w.ObservationSpec().Validate(obs); err == nil {
		t.Errorf("ObservationSpec accepted a ray reading of 1.5")
	}
	if err := checkView(View{Name: "x", Places: 3, W: 3, H: 1, Value: make([]float64, 2)}, "x", 3); err == nil {
		t.Errorf("checkView accepted Value of 2 entries for 3 places")
	}
	if err := checkView(View{Name: "y"}, "x", 3); err == nil {
		t.Errorf("checkView accepted the wrong name")
	}
}
