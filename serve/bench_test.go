package serve

import (
	"math/rand/v2"
	"testing"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/serve/servepb"
)

// BenchmarkServeStep64 steps 64 theseus worlds (wheels) per call through
// the whole server (gRPC over an in-memory connection): ns/op is one
// call, so 64 steps.
func BenchmarkServeStep64(b *testing.B) {
	const n = 64
	_, conn := start(&testing.T{}, Options{})
	s := open(&testing.T{}, conn)
	var ids []uint64
	for i := range n {
		ids = append(ids, s.create(&servepb.CreateRequest{Scenario: "theseus", Seed: seed(uint64(i + 1))}).GetWorld())
	}
	rng := rand.New(rand.NewPCG(1, 1))
	lr := make([]float64, 2*n)
	b.ReportAllocs()
	for b.Loop() {
		for i := range lr {
			lr[i] = 2*rng.Float64() - 1
		}
		s.step(ids, wheels(lr...))
	}
}

// BenchmarkLabStep64 steps the same 64 lifetimes in Go, one after the
// other, with the random agent: the work BenchmarkServeStep64 serves.
func BenchmarkLabStep64(b *testing.B) {
	const n = 64
	sc, err := scenarios.Load("theseus")
	if err != nil {
		b.Fatal(err)
	}
	var ls []*lab.Lifetime
	for i := range n {
		l, err := lab.NewLifetime(lab.Config{Scenario: sc, Agent: "random", Seed: uint64(i + 1), SeedSet: true, Steps: 1 << 40})
		if err != nil {
			b.Fatal(err)
		}
		ls = append(ls, l)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range ls {
			if err := l.Step(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
