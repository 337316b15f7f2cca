package sweep

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/world"
)

// specErrors parses text as spec.yaml in dir and returns its problems as
// lines; nil if it parsed.
func specErrors(t *testing.T, dir, text string) (*Spec, []string) {
	t.Helper()
	s, err := ParseSpec(filepath.Join(dir, "spec.yaml"), []byte(text))
	if err == nil {
		return s, nil
	}
	var el world.ErrorList
	if !errors.As(err, &el) {
		t.Fatalf("error %T %v, want a world.ErrorList", err, err)
	}
	var lines []string
	for _, e := range el {
		lines = append(lines, e.Error())
	}
	return nil, lines
}

// TestSweepSpecErrors: every mistake in a spec is reported at its
// file:line:col, saying what was expected. Each want line is
// "line:col: part of the message".
func TestSweepSpecErrors(t *testing.T) {
	const head = "scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: 2\n" // lines 1-4, valid
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"not yaml", "scenario: [dyna\n", []string{"1:11: the spec is not valid YAML"}},
		{"a list", "- scenario\n- agents\n", []string{"1:1: the spec is a list, expected a mapping"}},
		{"empty", "# nothing\n", []string{"1:1: the spec is empty"}},
		{"two documents", head + "---\nsteps: 3\n", []string{"6:1: a second YAML document"}},
		{"unknown key", head + "stepz: 10\n", []string{`5:1: unknown key "stepz", expected one of scenario, agents, steps, trials, seeds, set, grid`}},
		{"parameter at the top", head + "agent.planning: 5\n", []string{`5:1: unknown key "agent.planning", expected one of scenario, agents, steps, trials, seeds, set, grid (a parameter belongs under set: or grid:`}},
		{"key twice", head + "seeds: 3\n", []string{`5:1: the key "seeds" is given twice (first at 4:1)`}},
		{"nothing", "set: {}\n", []string{"1:1: no scenario", "1:1: no agents", "1:1: no length", "1:1: no seeds"}},
		{"both lengths", head + "trials: 5\n", []string{"5:1: both steps and trials are given"}},
		{"both lengths, trials first", "trials: 5\nscenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: 2\n", []string{"4:1: both steps and trials are given"}},
		{"negative steps", "scenario: dyna-maze\nagents: [dyna]\nsteps: -5\nseeds: 2\n", []string{"3:8: steps -5, expected a whole number in 1..1000000000"}},
		{"fractional steps", "scenario: dyna-maze\nagents: [dyna]\nsteps: 1.5\nseeds: 2\n", []string{"3:8: steps 1.5, expected a whole number"}},
		{"steps a list", "scenario: dyna-maze\nagents: [dyna]\nsteps: [10]\nseeds: 2\n", []string{"3:8: steps is a list, expected a whole number"}},
		{"no steps value", "scenario: dyna-maze\nagents: [dyna]\nsteps:\nseeds: 2\n", []string{"3:7: steps has no value"}},
		{"zero trials", "scenario: dyna-maze\nagents: [dyna]\ntrials: 0\nseeds: 2\n", []string{"3:9: trials 0, expected a whole number in 1..1000000"}},
		{"zero seeds", "scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: 0\n", []string{"4:8: seeds 0, expected a whole number in 1..100000"}},
		{"empty seeds", "scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: []\n", []string{"4:8: seeds is an empty list"}},
		{"bad seed", "scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: [1, -2, x]\n", []string{"4:12: the seed -2 is not a non-negative whole number", "4:16: the seed x is not"}},
		{"seed twice", "scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: [7, 3, 7]\n", []string{"4:15: the seed 7 is listed twice (first at 4:9)"}},
		{"seeds a mapping", "scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: {a: 1}\n", []string{"4:8: seeds is a mapping, expected a whole number"}},
		{"no agents", "scenario: dyna-maze\nagents: []\nsteps: 10\nseeds: 2\n", []string{"2:9: agents is an empty list"}},
		{"unknown agent", "scenario: dyna-maze\nagents: [dyna, hal]\nsteps: 10\nseeds: 2\n", []string{`2:16: unknown agent "hal", expected one of ` + strings.Join(agent.Names(), ", ")}},
		{"agent twice", "scenario: dyna-maze\nagents:\n  - dyna\n  - dyna\nsteps: 10\nseeds: 2\n", []string{"4:5: the agent dyna is listed twice (first at 3:5)"}},
		{"agents a mapping", "scenario: dyna-maze\nagents: {dyna: 1}\nsteps: 10\nseeds: 2\n", []string{"2:9: agents is a mapping"}},
		{"anchor", "scenario: dyna-maze\nagents: &a [dyna]\nsteps: 10\nseeds: 2\n", []string{"2:9: agents is an anchor, alias or tag (not supported)"}},
		{"unknown scenario", "scenario: labyrinth\nagents: [dyna]\nsteps: 10\nseeds: 2\n", []string{`1:11: scenario "labyrinth" is neither a built-in scenario nor a file`}},
		{"missing scenario file", "scenario: mazes/none.maze\nagents: [dyna]\nsteps: 10\nseeds: 2\n", []string{"1:11: scenario mazes/none.maze: no such file or directory"}},
		{"scenario a list", "scenario: [dyna-maze]\nagents: [dyna]\nsteps: 10\nseeds: 2\n", []string{"1:11: scenario is a list, expected a built-in scenario name"}},
		{"set a list", head + "set: [agent.epsilon]\n", []string{"5:6: set is a list, expected a mapping of parameters"}},
		{"set unknown key", head + "set: {sensors.eyes: 2}\n", []string{`5:7: unknown key "sensors.eyes" in set, expected a scenario setting`}},
		{"set seed", head + "set: {seed: 3}\n", []string{"5:7: seed in set: the lifetimes' seeds come from seeds:"}},
		{"set a parameter no agent has", head + "set: {agent.speed: 1}\n", []string{"5:7: no agent of this sweep (dyna) has the parameter agent.speed, expected one of agent.alpha"}},
		{"set a bad scenario value", head + "set:\n  sensors.rays: many\n", []string{`6:17: sensors.rays: "many" is not an integer`}},
		{"set a list value", head + "set: {agent.epsilon: [0.1, 0.2]}\n", []string{"5:22: set agent.epsilon is a list, expected one value (a list of values belongs under grid:)"}},
		{"set key twice", head + "set: {agent.alpha: 0.1, agent.alpha: 0.2}\n", []string{`5:25: the key "agent.alpha" is given twice in set (first at 5:7)`}},
		{"grid a list", head + "grid: [agent.planning]\n", []string{"5:7: grid is a list, expected a mapping of parameters to lists"}},
		{"grid empty list", head + "grid: {agent.planning: []}\n", []string{"5:24: grid agent.planning is an empty list"}},
		{"grid a scalar", head + "grid: {agent.planning: 5}\n", []string{"5:24: grid agent.planning is 5, expected a non-empty list"}},
		{"grid value twice", head + "grid:\n  agent.planning: [0, 5, 0]\n", []string{"6:26: grid agent.planning lists 0 twice (first at 6:20)"}},
		{"grid empty value", head + "grid: {agent.planning: [5, \"\"]}\n", []string{"5:28: a value of grid agent.planning is empty"}},
		{"grid bad scenario value", head + "grid: {control: [moves, sideways]}\n", []string{`5:25: control: "sideways" is not a control mode, expected wheels or moves`}},
		{"grid and set", head + "set: {agent.epsilon: 0.1}\ngrid: {agent.epsilon: [0.2, 0.3]}\n", []string{"6:8: agent.epsilon is both fixed in set (at 5:7) and varied in grid"}},
		{"grid a parameter no agent has", "scenario: dyna-maze\nagents: [dyna, dynaq]\nsteps: 10\nseeds: 2\ngrid: {agent.side: [left, right]}\n", []string{"5:8: no agent of this sweep (dyna, dynaq) has the parameter agent.side"}},
		{"grid nested list", head + "grid: {agent.planning: [[1, 2]]}\n", []string{"5:25: a value of grid agent.planning is a list, expected one plain value"}},
		{"too deep", head + "grid: {a: [[[[[[[[[[[[1]]]]]]]]]]]]}\n", []string{"5:20: the spec nests lists and mappings more than 10 deep"}},
		{"too many runs", "scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: 100000\ngrid: {agent.planning: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}\n", []string{"1:1: the sweep has more than 1000000 runs"}},
		{"not utf-8", "scenario: \xff\n", []string{"1:1: the spec is not UTF-8 text"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, got := specErrors(t, ".", tc.text)
			if len(got) != len(tc.want) {
				t.Fatalf("%d: %d problems, want %d:\n%s", i, len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for j, w := range tc.want {
				at, msg, _ := strings.Cut(w, ": ")
				prefix := "spec.yaml:" + at + ": "
				if !strings.HasPrefix(got[j], prefix) || !strings.Contains(got[j], msg) {
					t.Errorf("%d: problem %d is\n  %s\nwant it to start with %q and say %q", i, j, got[j], prefix, msg)
				}
			}
		})
	}
}

// TestSweepSpecScenarioFile: a scenario path is taken from the spec's
// directory, and a scenario with errors is reported in its own file after
// the spec's line.
func TestSweepSpecScenarioFile(t *testing.T) {
	dir := "testdata"
	s, errs := specErrors(t, dir, "scenario: event.maze\nagents: [dyna]\nsteps: 10\nseeds: 1\n")
	if errs != nil {
		t.Fatalf("event.maze beside the spec: %v", errs)
	}
	if s.ScenarioFile != "event.maze" || s.ScenarioName() != "Tiny blocking" || !strings.Contains(s.ScenarioText, "a###b") {
		t.Errorf("scenario file %q name %q, text %q", s.ScenarioFile, s.ScenarioName(), s.ScenarioText)
	}
	_, errs = specErrors(t, dir, "scenario: broken.maze\nagents: [dyna]\nsteps: 10\nseeds: 1\n")
	want := []string{
		filepath.Join(dir, "spec.yaml") + ":1:11: scenario broken.maze has errors (listed below)",
		filepath.Join(dir, "broken.maze") + ":2:7: ",
	}
	if len(errs) < len(want) {
		t.Fatalf("problems %q, want %d or more", errs, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i], w) {
			t.Errorf("problem %d is %q, want it to start with %q", i, errs[i], w)
		}
	}
}

// TestSweepSpecParse: what a good spec says, in canonical order.
func TestSweepSpecParse(t *testing.T) {
	s, errs := specErrors(t, ".", `# a comment
scenario: blocking-maze
agents: dynaq             # one agent may stand alone
trials: 50
seeds: [11, 3, 7]
set:
  agent.epsilon: 0.10     # kept as written
  reward.cheese: 1
grid:
  sensors.rays: [4, 8]
  agent.planning: [50, 0, 5]
`)
	if errs != nil {
		t.Fatal(errs)
	}
	if !slices.Equal(s.Agents, []string{"dynaq"}) || s.Trials != 50 || s.Steps != 0 || !slices.Equal(s.Seeds, []uint64{11, 3, 7}) {
		t.Errorf("agents %v trials %d steps %d seeds %v", s.Agents, s.Trials, s.Steps, s.Seeds)
	}
	if want := []KeyValue{{"agent.epsilon", "0.10"}, {"reward.cheese", "1"}}; !slices.Equal(s.Set, want) {
		t.Errorf("set %v, want %v", s.Set, want)
	}
	if len(s.Grid) != 2 || s.Grid[0].Key != "agent.planning" || !slices.Equal(s.Grid[0].Values, []string{"50", "0", "5"}) ||
		s.Grid[1].Key != "sensors.rays" || !slices.Equal(s.Grid[1].Values, []string{"4", "8"}) {
		t.Errorf("grid %v, want agent.planning [50 0 5] then sensors.rays [4 8]", s.Grid)
	}
	if s.ScenarioFile != "blocking-maze.maze" || s.Length() != "50 trials" {
		t.Errorf("scenario file %q, length %q", s.ScenarioFile, s.Length())
	}
	s2, _ := specErrors(t, ".", "seeds: 3\n")
	if s2 != nil {
		t.Errorf("a spec with only seeds parsed")
	}
	s3, errs := specErrors(t, ".", "scenario: dyna-maze\nagents: [dyna]\nsteps: 5\nseeds: 4\n")
	if errs != nil || !slices.Equal(s3.Seeds, []uint64{1, 2, 3, 4}) {
		t.Errorf("seeds: 4 gave %v (%v), want 1..4", s3.Seeds, errs)
	}
}

// TestSweepSpecHash: the hash is the sweep, not the spec's layout.
func TestSweepSpecHash(t *testing.T) {
	base := "scenario: blocking-maze\nagents: [dyna, dynaq]\nsteps: 300\nseeds: 3\nset: {agent.epsilon: 0.1}\ngrid: {agent.planning: [0, 5], sensors.rays: [4, 8]}\n"
	hash := func(text string) string {
		t.Helper()
		s, errs := specErrors(t, ".", text)
		if errs != nil {
			t.Fatalf("%q: %v", text, errs)
		}
		return s.Hash()
	}
	h := hash(base)
	same := []string{
		"# the same sweep, written differently\ngrid:\n  sensors.rays: [4, 8]\n  agent.planning: [0, 5]\nset:\n  agent.epsilon: 0.1\nseeds: [1, 2, 3]\nsteps: 300\nagents:\n  - dyna\n  - dynaq\nscenario: blocking-maze\n",
	}
	other := []string{
		strings.Replace(base, "steps: 300", "steps: 301", 1),
		strings.Replace(base, "steps: 300", "trials: 300", 1),
		strings.Replace(base, "seeds: 3", "seeds: [1, 3, 2]", 1),
		strings.Replace(base, "[dyna, dynaq]", "[dynaq, dyna]", 1),
		strings.Replace(base, "0.1}", "0.10}", 1),
		strings.Replace(base, "[0, 5]", "[5, 0]", 1),
		strings.Replace(base, "blocking-maze", "shortcut-maze", 1),
	}
	for i, s := range same {
		if got := hash(s); got != h {
			t.Errorf("same %d: hash %.12s, want %.12s", i, got, h)
		}
	}
	for i, s := range other {
		if got := hash(s); got == h {
			t.Errorf("other %d: hash %.12s equals the base's", i, got)
		}
	}
	// The scenario's text is part of the sweep, its path is not.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a", "m.maze"), "---\ncontrol: moves\n---\nS..\n..G\n")
	writeFile(t, filepath.Join(dir, "b", "m.maze"), "---\ncontrol: moves\n---\nS..\n..G\n")
	writeFile(t, filepath.Join(dir, "c", "m.maze"), "---\ncontrol: moves\n---\nS..\n.G.\n")
	var hs []string
	for _, sub := range []string{"a", "b", "c"} {
		s, errs := specErrors(t, filepath.Join(dir, sub), "scenario: m.maze\nagents: [dyna]\nsteps: 5\nseeds: 1\n")
		if errs != nil {
			t.Fatal(errs)
		}
		hs = append(hs, s.Hash())
	}
	if hs[0] != hs[1] || hs[0] == hs[2] {
		t.Errorf("hashes of the same maze in two places %.12s %.12s, of another maze %.12s: want the first two equal, the third not", hs[0], hs[1], hs[2])
	}
}
