package agent

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// switchWorld is a lifetime in generated 6x6 mazes (dfs, braid 0.2, seeds
// 1 to 4: a, b, c, d) in moves control with the place sensor. The scenario
// is maze a; events switch the layout to the named maze at the given step
// (the rat stays where it is). It returns the world and a dyna with the
// given settings.
func switchWorld(t testing.TB, events []string, set map[string]string) (*sim.World, *dyna) {
	t.Helper()
	return switchWorldPlace(t, events, set, true)
}

// switchWorldPlace is switchWorld with the place sensor on or off.
func switchWorldPlace(t testing.TB, events []string, set map[string]string, place bool) (*sim.World, *dyna) {
	t.Helper()
	dir := t.TempDir()
	var first []byte
	for i, name := range []string{"a", "b", "c", "d"} {
		sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 6, H: 6, Braid: 0.2, Style: world.ThinWalls, Seed: uint64(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		data := world.Format(sc)
		if i == 0 {
			first = data
		}
		if err := os.WriteFile(filepath.Join(dir, name+".maze"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	front := "---\ncontrol: moves\nevents:\n"
	for _, e := range events {
		at, maze, _ := strings.Cut(e, ":")
		front += fmt.Sprintf("  - {at_step: %s, maze: %s.maze}\n", at, maze)
	}
	// The generated maze's own front matter goes; its body stays.
	body := string(first)
	if i := strings.Index(body[3:], "---\n"); i >= 0 {
		body = body[3+i+4:]
	}
	path := filepath.Join(dir, "switch.maze")
	if err := os.WriteFile(path, []byte(front+"---\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := world.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	sc.Sensors.Place = place
	w, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New("dyna", envOf(w, 1), set)
	if err != nil {
		t.Fatal(err)
	}
	return w, a.(*dyna)
}

// live runs the lifetime to step n.
func live(w *sim.World, d *dyna, obs *sim.Observation, n int64) {
	for obs.Step < n {
		*obs = w.Step(d.Act(*obs))
	}
}

// known returns the walls model pm has seen (not Unknown), by edge.
func known(pm *placeModel) map[int]Belief {
	out := map[int]Belief{}
	for e, b := range pm.m.side {
		if b != Unknown {
			out[e] = b
		}
	}
	return out
}

// TestMapsSwitchAndRecall: in maze a, one map; when the layout becomes
// maze b, dyna keeps a's map as it was and starts a second; back in a, it
// recalls the first (no third map) and finds it as it left it: every edge
// it knew of a then it still believes the same, and its cheese is where
// it was (nothing of b was written into it); then a new maze c gets a third map and b's return recalls the
// second.
func TestMapsSwitchAndRecall(t *testing.T) {
	w, d := switchWorld(t, []string{"3000:b", "6000:a", "9000:c", "12000:b"}, nil)
	obs := w.Observation()
	live(w, d, &obs, 2999)
	if d.held != 1 || d.active != 0 {
		t.Fatalf("in maze a alone: %d maps held, map %d in use; want 1 and 0", d.held, d.active)
	}
	before := known(d.models[0])
	goal := slices.Clone(d.models[0].terminal)
	if !slices.Contains(goal, true) {
		t.Fatal("the map of a holds no cheese after 3000 steps")
	}
	if len(before) < 100 {
		t.Fatalf("the map of a knows %d sides after 3000 steps; the test needs it explored", len(before))
	}
	check := func(step int64, held, active int, what string) {
		t.Helper()
		live(w, d, &obs, step)
		if d.held != held || d.active != active {
			t.Fatalf("step %d (%s): %d maps held, map %d in use; want %d and %d", step, what, d.held, d.active, held, active)
		}
	}
	check(3500, 2, 1, "maze b, new")
	check(6500, 2, 0, "maze a again, recalled")
	for e, b := range before {
		if got := d.models[0].m.side[e]; got != b {
			t.Errorf("recalled map of a: side %d of place %d believed %v before b, %v after", e%4, e/4, b, got)
		}
	}
	if !slices.Equal(d.models[0].terminal, goal) {
		t.Error("the recalled map of a lost its cheese, or holds b's")
	}
	check(9500, 3, 2, "maze c, new")
	check(12500, 3, 1, "maze b again, recalled")
	if d.judge.created != 2 || d.judge.evicted != 0 || d.judge.switches != 4 {
		t.Errorf("created %d maps, evicted %d, switched %d times; want 2, 0, 4", d.judge.created, d.judge.evicted, d.judge.switches)
	}
	v := d.View()
	if v.Maps != 3 || v.Active != 1 {
		t.Errorf("View: Maps %d, Active %d; want 3 and 1", v.Maps, v.Active)
	}
	m := map[string]float64{}
	for _, x := range d.Metrics(nil) {
		m[x.Name] = x.Value
	}
	if m["maps"] != 3 || m["map_active"] != 1 || m["map_switches"] != 4 || m["maps_created"] != 2 || m["maps_evicted"] != 0 {
		t.Errorf("metrics %v", m)
	}
}

// TestMapsEviction: with agent.maps=3, mazes a, b, c fill the three
// slots; a returns (recalled); d then forgets the map used least recently
// (b's, slot 1: c's was in use after it); b's return is a new map again,
// which forgets c's (slot 2), now the least recently used.
func TestMapsEviction(t *testing.T) {
	w, d := switchWorld(t, []string{"3000:b", "6000:c", "9000:a", "12000:d", "15000:b"}, map[string]string{"agent.maps": "3"})
	obs := w.Observation()
	for _, c := range []struct {
		step                           int64
		active, held, created, evicted int
		what                           string
	}{
		{6500, 2, 3, 2, 0, "c, new"},
		{9500, 0, 3, 2, 0, "a again, recalled"},
		{12500, 1, 3, 3, 1, "d, new in b's slot"},
		{15500, 2, 3, 4, 2, "b again, new in c's slot"},
	} {
		live(w, d, &obs, c.step)
		if d.active != c.active || d.held != c.held || d.judge.created != int64(c.created) || d.judge.evicted != int64(c.evicted) {
			t.Fatalf("step %d (%s): map %d in use, %d held, %d created, %d evicted; want %d, %d, %d, %d",
				c.step, c.what, d.active, d.held, d.judge.created, d.judge.evicted, c.active, c.held, c.created, c.evicted)
		}
	}
}

// TestMapsDoorNoSwitch: a world that changes by a door or two (the
// blocking maze, its short way closed at step 1000; tolman-detour, in
// wheels control too) keeps one map, and a dyna that may hold eight lives
// exactly the lifetime of one that holds one.
func TestMapsDoorNoSwitch(t *testing.T) {
	for _, tc := range []struct {
		scenario, control string
		steps             int
	}{{"blocking-maze", "moves", 3000}, {"tolman-detour", "moves", 3000}, {"blocking-maze", "wheels", 8000}} {
		t.Run(tc.scenario+"/"+tc.control, func(t *testing.T) {
			w1 := conformanceWorld(t, tc.scenario, tc.control, 1)
			w8 := conformanceWorld(t, tc.scenario, tc.control, 1)
			one := newTestDyna(t, envOf(w1, 1), map[string]string{"agent.maps": "1"})
			eight := newTestDyna(t, envOf(w8, 1), map[string]string{"agent.maps": "8"})
			o1, o8 := w1.Observation(), w8.Observation()
			for i := 0; i < tc.steps; i++ {
				a1, a8 := one.Act(o1), eight.Act(o8)
				if a1 != a8 {
					t.Fatalf("step %d: one map acts %+v, eight maps %+v", i, a1, a8)
				}
				o1, o8 = w1.Step(a1), w8.Step(a8)
			}
			if eight.held != 1 || eight.judge.switches != 0 {
				t.Errorf("%d maps held, %d switches; want 1 and 0", eight.held, eight.judge.switches)
			}
			if eight.nSurprises == 0 {
				t.Errorf("no surprise in %d trials: the lifetime should cross the change", w8.Trial())
			}
		})
	}
}

// TestMapsStateRoundTrip: saved with three maps held (after maps a, b, a,
// c), restored into a fresh dyna, every field equals the saved one's, and
// both act alike through the return to b (a recall).
func TestMapsStateRoundTrip(t *testing.T) {
	events := []string{"3000:b", "6000:a", "9000:c", "12000:b"}
	w, d := switchWorld(t, events, nil)
	obs := w.Observation()
	live(w, d, &obs, 11950)
	if d.held != 3 {
		t.Fatalf("%d maps held, want 3", d.held)
	}
	data, err := d.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	_, e := switchWorld(t, events, nil)
	restoreAndFollow(t, w, d, e, data, &obs, 12600)
	if e.active != 1 || e.judge.switches != 4 {
		t.Errorf("restored: map %d in use after %d switches, want 1 after 4", e.active, e.judge.switches)
	}
	// Into a dyna that holds another number of maps: refused.
	_, f := switchWorld(t, events, map[string]string{"agent.maps": "4"})
	if err := f.UnmarshalState(data); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("restoring 8 maps into 4: %v, want ErrStateMismatch", err)
	}
	// A saved map index out of range is refused, not a panic later.
	d.active = 9
	bad, err := d.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.UnmarshalState(bad); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("map 9 of 3 in use: %v, want ErrStateMismatch", err)
	}
}

// restoreAndFollow restores state data (saved by d) into e, checks that
// every field came back, and lives d and e side by side in w to step n:
// they must act alike and end alike.
func restoreAndFollow(t *testing.T, w *sim.World, d, e *dyna, data []byte, obs *sim.Observation, n int64) {
	t.Helper()
	if err := e.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
	if diff := stateDiff(d, e); diff != "" {
		t.Fatal(diff)
	}
	for obs.Step < n {
		*obs = copyObs(*obs)
		a, b := d.Act(*obs), e.Act(*obs)
		if a != b {
			t.Fatalf("step %d after restore: actions %+v and %+v", obs.Step, a, b)
		}
		*obs = w.Step(a)
	}
	if diff := stateDiff(d, e); diff != "" {
		t.Fatal(diff)
	}
}

// TestMapsDeterministic: the same seed lives the same lifetime through
// the switches, map for map.
func TestMapsDeterministic(t *testing.T) {
	events := []string{"2000:b", "4000:a"}
	for _, place := range []bool{true, false} {
		var runs [2][]sim.Action
		var walls [2][]Belief
		for r := range runs {
			w, d := switchWorldPlace(t, events, nil, place)
			obs := w.Observation()
			for obs.Step < 5000 {
				a := d.Act(obs)
				runs[r] = append(runs[r], a)
				obs = w.Step(a)
			}
			for _, pm := range d.models[:d.held] {
				walls[r] = append(walls[r], pm.m.side...)
			}
		}
		if !slices.Equal(runs[0], runs[1]) || !slices.Equal(walls[0], walls[1]) {
			t.Errorf("place sensor %v: two lifetimes of one seed differ", place)
		}
	}
}

// TestMapsSetting: agent.maps outside 1..64 is refused, naming the
// setting and what it takes.
func TestMapsSetting(t *testing.T) {
	for _, v := range []string{"0", "65", "two", "-1"} {
		_, err := New("dyna", corridorEnv(4), map[string]string{"agent.maps": v})
		if err == nil || !strings.Contains(err.Error(), "agent.maps="+v) || !strings.Contains(err.Error(), "1..64") {
			t.Errorf("agent.maps=%s: %v, want an error naming the setting and 1..64", v, err)
		}
	}
}

// TestModelCopy: the judge's snapshot is the whole model: a copy of a
// model that has lived equals it in every field.
func TestModelCopy(t *testing.T) {
	w, d := switchWorld(t, nil, nil)
	obs := w.Observation()
	live(w, d, &obs, 1500)
	c := newPlaceModel(d.w, d.h, d.m.cell, d.q0)
	c.m.note = d.m.note
	c.copyFrom(d.placeModel)
	if diff := deepDiff(reflect.ValueOf(d.placeModel).Elem(), reflect.ValueOf(c).Elem(), "placeModel"); diff != "" {
		t.Errorf("the copy differs at %s", diff)
	}
}
