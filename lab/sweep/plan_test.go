package sweep

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

func mustSpec(t testing.TB, dir, text string) *Spec {
	t.Helper()
	s, err := ParseSpec(dir+"/spec.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustPlan(t testing.TB, dir, text string) *Plan {
	t.Helper()
	p, err := mustSpec(t, dir, text).Plan()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSweepPlan: the order of runs, their ids and parameters; an agent
// without a grid parameter runs once per combination of the rest.
func TestSweepPlan(t *testing.T) {
	p := mustPlan(t, ".", `scenario: dyna-maze
agents: [wallfollow, dyna]
steps: 10
seeds: [3, 1]
set: {agent.epsilon: 0.2, sensors.rays: 5}
grid: {sensors.range: [2, 1], agent.planning: [0, 5]}
`)
	want := []string{
		"agent=wallfollow,sensors.range=2,seed=3", "agent=wallfollow,sensors.range=2,seed=1",
		"agent=wallfollow,sensors.range=1,seed=3", "agent=wallfollow,sensors.range=1,seed=1",
		"agent=dyna,agent.planning=0,sensors.range=2,seed=3", "agent=dyna,agent.planning=0,sensors.range=2,seed=1",
		"agent=dyna,agent.planning=0,sensors.range=1,seed=3", "agent=dyna,agent.planning=0,sensors.range=1,seed=1",
		"agent=dyna,agent.planning=5,sensors.range=2,seed=3", "agent=dyna,agent.planning=5,sensors.range=2,seed=1",
		"agent=dyna,agent.planning=5,sensors.range=1,seed=3", "agent=dyna,agent.planning=5,sensors.range=1,seed=1",
	}
	var got []string
	for i, r := range p.Runs {
		got = append(got, r.ID)
		if r.Index != i || r.Config != i/2 {
			t.Errorf("run %d: index %d config %d, want %d and %d", i, r.Index, r.Config, i, i/2)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("runs\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	wantSets := []map[string]string{
		{"sensors.rays": "5", "sensors.range": "2"},
		{"sensors.rays": "5", "sensors.range": "1"},
		{"agent.epsilon": "0.2", "sensors.rays": "5", "agent.planning": "0", "sensors.range": "2"},
	}
	for i, w := range wantSets {
		if !maps.Equal(p.Configs[i].Set, w) {
			t.Errorf("config %d set %v, want %v", i, p.Configs[i].Set, w)
		}
	}
	if got, want := p.Label(p.Configs[4]), "dyna planning=5 sensors.range=2"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "wallfollow has no agent.epsilon, agent.planning: it runs without") {
		t.Errorf("notes %q, want one about wallfollow's missing parameters", p.Notes)
	}
	if cfg := p.LabConfig(p.Runs[5]); cfg.Agent != "dyna" || cfg.Seed != 1 || !cfg.SeedSet || cfg.Steps != 10 || cfg.Set["agent.planning"] != "0" {
		t.Errorf("lab config of run 5: %+v", cfg)
	}
	if err := p.Check(); err != nil {
		t.Errorf("check: %v", err)
	}
}

// TestSweepRunID: ids are exact where they can be, else sanitised and
// hashed, and never collide.
func TestSweepRunID(t *testing.T) {
	grid := []Axis{{Key: "agent.planning"}, {Key: "reward.cheese"}}
	long := strings.Repeat("9", 200)
	tests := []struct {
		values []string
		want   string
	}{
		{[]string{"5", "1"}, "agent=dyna,agent.planning=5,reward.cheese=1,seed=7"},
		{[]string{"", "-0.5e+2"}, "agent=dyna,reward.cheese=-0.5e+2,seed=7"},
		{[]string{"a/b", "1"}, "agent=dyna,agent.planning=a_b,reward.cheese=1,seed=7~"},
		{[]string{"a b", "1"}, "agent=dyna,agent.planning=a_b,reward.cheese=1,seed=7~"},
		{[]string{"é", "1"}, "agent=dyna,agent.planning=__,reward.cheese=1,seed=7~"},
		{[]string{long, "1"}, "agent=dyna,agent.planning=999"},
	}
	seen := map[string]int{}
	for i, tc := range tests {
		got := sweepRunID("dyna", grid, tc.values, 7)
		exact := !strings.HasSuffix(tc.want, "~") && tc.values[0] != long
		if exact && got != tc.want || !exact && !strings.HasPrefix(got, tc.want) {
			t.Errorf("%d: %q, want %q (a prefix when hashed)", i, got, tc.want)
		}
		if len(got) > maxRunIDLen {
			t.Errorf("%d: %d bytes, want at most %d", i, len(got), maxRunIDLen)
		}
		if j, dup := seen[got]; dup {
			t.Errorf("%d: %q is also the id of %d", i, got, j)
		}
		seen[got] = i
	}
}

// TestSweepShards: every run is in exactly one shard; shards differ in
// size by one at most.
func TestSweepShards(t *testing.T) {
	p := mustPlan(t, ".", "scenario: dyna-maze\nagents: [dyna, dynaq]\nsteps: 10\nseeds: 5\ngrid: {agent.planning: [0, 1]}\n") // 20 runs
	for n := 1; n <= 23; n++ {
		count := map[string]int{}
		lo, hi := len(p.Runs), 0
		for i := 1; i <= n; i++ {
			rs := p.ShardRuns(Shard{i, n})
			lo, hi = min(lo, len(rs)), max(hi, len(rs))
			for _, r := range rs {
				count[r.ID]++
			}
		}
		if len(count) != len(p.Runs) || hi-lo > 1 {
			t.Errorf("%d shards: %d distinct runs of %d, sizes %d..%d", n, len(count), len(p.Runs), lo, hi)
		}
		for id, c := range count {
			if c != 1 {
				t.Errorf("%d shards: %s in %d shards", n, id, c)
			}
		}
	}
	parse := []struct {
		in   string
		want Shard
		err  string
	}{
		{"1/1", Shard{1, 1}, ""},
		{"3/8", Shard{3, 8}, ""},
		{"0/2", Shard{}, "expected 1 ≤ I ≤ N"},
		{"3/2", Shard{}, "expected 1 ≤ I ≤ N"},
		{"1/0", Shard{}, "expected 1 ≤ I ≤ N"},
		{"2", Shard{}, "expected I/N"},
		{"a/b", Shard{}, "expected I/N"},
	}
	for i, tc := range parse {
		got, err := ParseShard(tc.in)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%d: ParseShard(%q) = %v, %v; want %v, %q", i, tc.in, got, err, tc.want, tc.err)
		}
	}
}

// TestSweepCheck: a configuration that cannot run is reported at the
// value (or agent) at fault, before anything runs.
func TestSweepCheck(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: 1\ngrid: {agent.planning: [5, -1]}\n",
			[]string{"5:28: agent.planning=-1: expected an integer"}},
		{"scenario: dyna-maze\nagents: [dyna, dynaq]\nsteps: 10\nseeds: 1\nset: {agent.alpha: 7}\n",
			[]string{"5:20: agent.alpha=7: expected a number in 0..1"}},
		{"scenario: theseus\nagents: [wallfollow, dynaq]\nsteps: 10\nseeds: 1\ngrid: {sensors.rays: [4, 8]}\n",
			[]string{"2:22: the configuration dynaq sensors.rays=4 and 1 more configuration cannot run: dynaq is tabular and needs moves control"}},
		{"scenario: dyna-maze\nagents: [dyna]\nsteps: 10\nseeds: 1\ngrid: {control: [moves, wheels]}\n", nil},
	}
	for i, tc := range tests {
		err := mustPlan(t, ".", tc.text).Check()
		var got []string
		if err != nil {
			got = strings.Split(err.Error(), "\n")
		}
		if len(got) != len(tc.want) {
			t.Errorf("%d: problems %q, want %d", i, got, len(tc.want))
			continue
		}
		for j, w := range tc.want {
			at, msg, _ := strings.Cut(w, ": ")
			if !strings.HasPrefix(got[j], "./spec.yaml:"+at+": ") || !strings.Contains(got[j], msg) {
				t.Errorf("%d: problem %d is %q, want ./spec.yaml:%s: ...%s...", i, j, got[j], at, msg)
			}
		}
	}
}

func ExampleSpec_Plan() {
	spec, err := ParseSpec("spec.yaml", []byte(`scenario: blocking-maze
agents: [dyna, qlearn]
steps: 3000
seeds: 2
grid: {agent.planning: [0, 50]}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, _ := spec.Plan()
	for _, r := range plan.Runs {
		fmt.Println(r.ID)
	}
	fmt.Println(plan.Notes[0])
	// Output:
	// agent=dyna,agent.planning=0,seed=1
	// agent=dyna,agent.planning=0,seed=2
	// agent=dyna,agent.planning=50,seed=1
	// agent=dyna,agent.planning=50,seed=2
	// agent=qlearn,seed=1
	// agent=qlearn,seed=2
	// qlearn has no agent.planning: it runs without, once per combination of the rest, and the column is empty for it
}
