package repro

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

var updateScenario = flag.Bool("update-plasticity", false, "rewrite scenarios/plasticity.maze from the repro's schedule")

// TestPlasticityBuiltin: the built-in scenario "plasticity" (what sweeps
// and people use) is exactly the arena and schedule the reproduction
// builds. -update-plasticity rewrites it.
func TestPlasticityBuiltin(t *testing.T) {
	sc, err := plasticityScenario(plasticityDefault)
	if err != nil {
		t.Fatal(err)
	}
	want := world.Format(sc)
	if *updateScenario {
		if err := os.WriteFile(filepath.Join("..", "..", "scenarios", "plasticity.maze"), want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, ok := scenarios.Source("plasticity")
	if !ok {
		t.Fatal("no built-in scenario plasticity (go test ./lab/repro -run TestPlasticityBuiltin -update-plasticity writes it)")
	}
	if !bytes.Equal(got, want) {
		t.Errorf("scenarios/plasticity.maze differs from the reproduction's schedule; rewrite it with -update-plasticity")
	}
	if n := len(sc.Events); n != 50 {
		t.Errorf("%d world changes, want 50", n)
	}
}

// TestPlasticityWorlds: consecutive worlds put the cheese in different
// corners, and the schedule cycles: segment k and k+10 are the same world.
func TestPlasticityWorlds(t *testing.T) {
	sc, err := plasticityScenario(plasticityDefault)
	if err != nil {
		t.Fatal(err)
	}
	cheese := []world.Cell{plasticityCorners[0]}
	for i, e := range sc.Events {
		if len(e.Cheese) != 1 || e.Cheese[0] == cheese[0] {
			t.Errorf("event %d: cheese %v after %v, want it moved to another corner", i, e.Cheese, cheese)
		}
		cheese = e.Cheese
		if i >= plasticityWorlds && !(slices.Equal(e.Cheese, sc.Events[i-plasticityWorlds].Cheese) &&
			string(e.Open) == string(sc.Events[i-plasticityWorlds].Open) && string(e.Close) == string(sc.Events[i-plasticityWorlds].Close)) {
			t.Errorf("event %d differs from event %d: %+v, %+v", i, i-plasticityWorlds, e, sc.Events[i-plasticityWorlds])
		}
		if want := int64(i+1) * plasticityDefault.segSteps; e.AtStep != want {
			t.Errorf("event %d at step %d, want %d", i, e.AtStep, want)
		}
	}
}
