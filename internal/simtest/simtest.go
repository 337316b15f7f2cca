// Package simtest builds the worlds tests live in: a built-in scenario in
// a control mode, for a seed. It serves the tests of package agent (which
// cannot import agent/agenttest, since that imports agent) and agenttest.
package simtest

import (
	"testing"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
)

// World loads a built-in scenario in the given control mode ("wheels" or
// "moves") and builds its world for seed.
func World(t testing.TB, scenario, control string, seed uint64) *sim.World {
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
