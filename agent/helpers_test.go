package agent

import (
	"testing"

	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/internal/simtest"
	"github.com/mazerat/mazerat/sim"
)

// The helpers of this package's own tests (which cannot import
// agent/agenttest, since it imports agent).

func raceEnabled() bool { return racebuild.Enabled }

// conformanceWorld loads a built-in scenario in the given control mode.
func conformanceWorld(t testing.TB, scenario, control string, seed uint64) *sim.World {
	t.Helper()
	return simtest.World(t, scenario, control, seed)
}

func envOf(w *sim.World, seed uint64) Env {
	return Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}
}

// builtinNames are the names of the built-in agents: the tests that hold
// every agent to something mean these, not the agents this package's
// examples register.
func builtinNames() []string {
	var names []string
	for _, s := range builtins() {
		names = append(names, s.Name)
	}
	return names
}
