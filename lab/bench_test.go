package lab

import (
	"path/filepath"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// BenchmarkLifetimeStep measures the whole loop per agent step: the
// agent's decision, the action check, the ticks of the step and the
// metrics (trial rows, reward curve, path).
func BenchmarkLifetimeStep(b *testing.B) {
	for _, bc := range []struct{ scenario, agent string }{
		{"theseus", "wallfollow"},
		{"theseus", "dyna"},
		{"braid12", "wallfollow"},
		{"dyna-maze", "dyna"},
	} {
		b.Run(bc.scenario+"/"+bc.agent, func(b *testing.B) {
			l, err := NewLifetime(Config{Scenario: load(b, bc.scenario), Agent: bc.agent, Steps: 1 << 62})
			if err != nil {
				b.Fatal(err)
			}
			// Warm up past the first trials, so that buffers have grown.
			for range 5000 {
				l.Step()
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := l.Step(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(l.World().TickCount())/float64(l.World().StepCount()), "ticks/step")
		})
	}
}

// BenchmarkLoop30 is the full loop on a generated 30x30 maze in wheels
// control: the default dyna against non-learning agents in one run, for
// the "planning costs at most half the speed" check, and dyna's budget K.
//
//	go test -run '^$' -bench Loop30 -count 6 ./lab
func BenchmarkLoop30(b *testing.B) {
	sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 30, H: 30, Braid: 0.5, Style: world.ThinWalls, Seed: 30})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		agent string
		set   map[string]string
	}{
		{"wallfollow", nil},
		{"random", nil},
		{"dyna", nil},
		{"dyna", map[string]string{"agent.planning": "100"}},
	} {
		name := bc.agent
		if k := bc.set["agent.planning"]; k != "" {
			name += "/K=" + k
		}
		b.Run(name, func(b *testing.B) {
			l, err := NewLifetime(Config{Scenario: sc, Agent: bc.agent, Set: bc.set, Steps: 1 << 62})
			if err != nil {
				b.Fatal(err)
			}
			for range 2000 {
				l.Step()
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := l.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecordCost is the price of recording a lifetime: the same loop
// with and without a recording (keyframes every DefaultKeyEvery steps), in
// one run, for the "recording costs at most 10 %" check.
//
//	go test -run '^$' -bench RecordCost -count 6 ./lab
func BenchmarkRecordCost(b *testing.B) {
	for _, bc := range []struct {
		name, scenario string
		record         bool
	}{
		{"theseus/plain", "theseus", false},
		{"theseus/recorded", "theseus", true},
		{"braid20/plain", "braid20", false},
		{"braid20/recorded", "braid20", true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			l, err := NewLifetime(Config{Scenario: load(b, bc.scenario), Agent: "dyna", Steps: 1 << 62})
			if err != nil {
				b.Fatal(err)
			}
			for range 3000 {
				l.Step()
			}
			if bc.record {
				if err := l.Record(filepath.Join(b.TempDir(), "r.mazerec"), 0, false); err != nil {
					b.Fatal(err)
				}
				defer l.CloseRecording()
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := l.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
