package sim

import (
	"testing"

	"github.com/mazerat/mazerat/world"
)

// The speed benchmarks of the foundation: bare physics, one tick with the
// sensors' share, one agent step, on the same 30x30 maze in one run, so
// their ratios can be compared (benchstat or by eye).
//
//	go test -run '^$' -bench 'Tick|Step|SpaceStep' -count 5 ./sim

func bench30(b *testing.B, control world.Control) *World {
	sc := generated(b, "dfs", 30, 30, 0.5, 1)
	sc.Control = control
	return newWorld(b, sc, 1)
}

// BenchmarkSpaceStep is the bare cp step of the same world with the rat
// driving: the reference rate.
func BenchmarkSpaceStep(b *testing.B) {
	w := bench30(b, world.Wheels)
	dt := w.sc.DT()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if i%60 < 40 {
			w.drive(0.8, 0)
		} else {
			w.drive(0, 3)
		}
		w.space.Step(dt)
	}
}

// BenchmarkTick is one tick of the full world in wheels control, sensors
// included at their rate (once per 6-tick step).
func BenchmarkTick(b *testing.B) {
	w := bench30(b, world.Wheels)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if !w.InStep() {
			i++
			if i%10 < 7 {
				w.Begin(Action{Left: 1, Right: 1})
			} else {
				w.Begin(Action{Left: -1, Right: 1})
			}
		}
		w.Tick()
	}
}

// BenchmarkStep is one agent step: control_every ticks and a full set of
// sensor readings.
func BenchmarkStep(b *testing.B) {
	for _, control := range []world.Control{world.Wheels, world.Moves} {
		b.Run(control.String(), func(b *testing.B) {
			w := bench30(b, control)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				w.Step(Action{Left: 1, Right: float64(i%3) - 1, Move: world.Side(i % 4)})
			}
			b.ReportMetric(float64(w.TickCount())/float64(b.N), "ticks/step")
		})
	}
}

// BenchmarkNew is building a 30x30 world.
func BenchmarkNew(b *testing.B) {
	sc := generated(b, "dfs", 30, 30, 0.5, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(sc, 1); err != nil {
			b.Fatal(err)
		}
	}
}
