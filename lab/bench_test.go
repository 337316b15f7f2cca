package lab

import "testing"

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
