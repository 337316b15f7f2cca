package agenttest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// TestRefusals checks the suite's rule for refusals: a clear
// ErrUnsupported passes, anything else does not.
func TestRefusals(t *testing.T) {
	for i, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("x needs moves control (control: moves): %w", agent.ErrUnsupported), true},
		{fmt.Errorf("x needs the place sensor (sensors.place: true): %w", agent.ErrUnsupported), true},
		{fmt.Errorf("x cannot: %w", agent.ErrUnsupported), false},
		{errors.New("x needs moves control"), false},
		{nil, false},
	} {
		if got := unsupportedOK(c.err); got != c.want {
			t.Errorf("%d: unsupportedOK(%v) = %v, want %v", i, c.err, got, c.want)
		}
	}
}

// TestDetectsDifference makes sure the determinism check can fail: two
// seeds of the random agent give different lifetimes.
func TestDetectsDifference(t *testing.T) {
	spec, _ := agent.Lookup("random")
	for i, control := range []string{"wheels", "moves"} {
		a, _ := live(t, spec, Options{Steps: 200, Seed: 1}, World(t, "dyna-maze", control, 1))
		b, _ := live(t, spec, Options{Steps: 200, Seed: 2}, World(t, "dyna-maze", control, 2))
		if a == b {
			t.Errorf("%d: %s: seeds 1 and 2 gave the same lifetime %+v", i, control, a)
		}
	}
}

// TestWorldValidates guards the suite's premise: the world's specs and
// CheckView reject what they should, so passing them means something.
func TestWorldValidates(t *testing.T) {
	w := World(t, "dyna-maze", "moves", 1)
	if err := w.ActionSpec().Validate(sim.Action{Move: world.Side(4)}); err == nil {
		t.Errorf("moves ActionSpec accepted move 4")
	}
	w = World(t, "dyna-maze", "wheels", 1)
	if err := w.ActionSpec().Validate(sim.Action{Left: 1.5}); err == nil {
		t.Errorf("wheels ActionSpec accepted a wheel command of 1.5")
	}
	obs := w.Observation()
	obs.Rays = append([]float64(nil), obs.Rays...)
	obs.Rays[0] = 1.5
	if err := w.ObservationSpec().Validate(obs); err == nil {
		t.Errorf("ObservationSpec accepted a ray reading of 1.5")
	}
	if err := CheckView(agent.View{Name: "x", Places: 3, W: 3, H: 1, Value: make([]float64, 2)}, "x", 3); err == nil {
		t.Errorf("CheckView accepted Value of 2 entries for 3 places")
	}
	if err := CheckView(agent.View{Name: "y"}, "x", 3); err == nil {
		t.Errorf("CheckView accepted the wrong name")
	}
	// An agent's own lattice: 3x3 places for a 2x2 maze, born in the middle.
	own := agent.View{Name: "o", Places: 9, W: 3, H: 3, OwnFrame: true, Origin: 4, Value: make([]float64, 9), Pose: agent.Pose{Known: true, Place: 8}}
	if err := CheckView(own, "o", 4); err != nil {
		t.Errorf("CheckView refused an agent's own lattice: %v", err)
	}
	small := own
	small.Places, small.W, small.H, small.Value, small.Origin, small.Pose.Place = 3, 3, 1, make([]float64, 3), 1, 1
	if err := CheckView(small, "o", 4); err == nil {
		t.Errorf("CheckView accepted an own lattice smaller than the maze")
	}
	lost := own
	lost.Pose.Place = 9
	if err := CheckView(lost, "o", 4); err == nil {
		t.Errorf("CheckView accepted a believed place off the lattice")
	}
}
