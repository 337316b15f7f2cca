package repro

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/lab"
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

// TestPlasticityLossChecks: the lines of the small scale pass when plain
// updates fall to half and continual backprop holds in every lifetime,
// and fail when one lifetime does not; cbp's holding carries no verdict.
func TestPlasticityLossChecks(t *testing.T) {
	const cycles = 8 // blocks of two cycles
	life := func(early, late float64) segmentStats {
		s := segmentStats{rate: make([]float64, cycles*plasticityWorlds+1)}
		for k := range s.rate {
			c := k / plasticityWorlds
			switch {
			case k%plasticityWorlds == 0:
				s.rate[k] = 1000 // world 0 is left out
			case c < 2:
				s.rate[k] = early
			case c >= cycles-2:
				s.rate[k] = late
			default:
				s.rate[k] = 500 // the middle is not judged
			}
		}
		return s
	}
	verdicts := func(plain, cbp []segmentStats) []bool {
		var ok []bool
		for _, c := range lossChecks(plain, cbp, cycles) {
			ok = append(ok, c.OK)
		}
		return ok
	}
	good := verdicts([]segmentStats{life(10, 2), life(8, 4)}, []segmentStats{life(6, 9), life(7, 8)})
	if !slices.Equal(good, []bool{true, true, true}) {
		t.Errorf("plain falling, cbp holding: verdicts %v, want all true", good)
	}
	// One lifetime of plain that keeps 60 %, one of cbp that falls, and
	// a late cbp under twice plain's.
	bad := verdicts([]segmentStats{life(10, 2), life(10, 6)}, []segmentStats{life(6, 9), life(7, 6)})
	if !slices.Equal(bad, []bool{false, false, false}) {
		t.Errorf("verdicts %v, want all false", bad)
	}
	if c := lossChecks([]segmentStats{life(10, 2)}, []segmentStats{life(6, 9)}, cycles); !c[1].Info || c[0].Info || c[2].Info {
		t.Errorf("info %v %v %v: want cbp's holding without a verdict, the other two with", c[0].Info, c[1].Info, c[2].Info)
	}
	early, late := blocks([]segmentStats{life(10, 2)}, cycles)
	if early[0] != 10 || late[0] != 2 {
		t.Errorf("blocks: %v → %v, want 10 → 2", early, late)
	}
}

// TestPlasticitySmallScale: the small scale is the network the search
// found (no LayerNorm, dense initialisation, ReLU, κ = 0.5, 16 units)
// over 200 changes, and every parameter is one the agent accepts.
func TestPlasticitySmallScale(t *testing.T) {
	s := plasticitySmall
	want := map[string]string{"agent.layernorm": "false", "agent.sparsity": "0", "agent.leak": "0", "agent.obgd_kappa": "0.5", "agent.width": "16"}
	for k, v := range want {
		if s.set[k] != v {
			t.Errorf("%s=%q, want %q", k, s.set[k], v)
		}
	}
	if n := s.segments() - 1; n != 200 || !s.judge {
		t.Errorf("%d changes (judged %v), want 200, judged", n, s.judge)
	}
	sc, err := plasticityScenario(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range mitigationGroups(sc, s) {
		if _, err := lab.NewLifetime(g.cfg); err != nil {
			t.Errorf("%s: %v", g.label, err)
		}
	}
}

// TestReproPlasticitySmall runs the small scale at the toy size: it is
// found by name but left out of repro all, and its table carries the
// three loss lines (information only at this size).
func TestReproPlasticitySmall(t *testing.T) {
	if slices.ContainsFunc(All(), func(e Experiment) bool { return e.Name == "plasticity-small" }) ||
		!slices.Contains(Names(), "plasticity-small") {
		t.Errorf("plasticity-small: want it named but not in All()")
	}
	rep := reproShort(t, "plasticity-small")
	check(t, rep, "world changes in each lifetime")
	n := 0
	for _, c := range rep.Checks {
		if strings.Contains(c.Measure, "late") && strings.Contains(c.Measure, "cbp") || strings.HasPrefix(c.Measure, "plain: reward rate late") {
			n++
			if !c.Info || math.IsNaN(c.Ours) {
				t.Errorf("%s: %v (info %v), want a number without a verdict at the toy size", c.Measure, c.Ours, c.Info)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d loss lines, want 3", n)
	}
}
