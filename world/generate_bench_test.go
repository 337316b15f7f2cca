package world

import (
	"fmt"
	"testing"
)

// BenchmarkGenerate times a whole Generate call (carving, braid, drawing
// the Maze and the oracle's search for the cheese) at a typical and the
// largest size.
func BenchmarkGenerate(b *testing.B) {
	for _, alg := range Algorithms() {
		for _, side := range []int{30, 256} {
			for _, braid := range []float64{0, 0.5} {
				cfg := GenConfig{Algorithm: alg, W: side, H: side, Braid: braid, Style: ThinWalls, Seed: 1}
				b.Run(fmt.Sprintf("%s/%dx%d/braid=%v", alg, side, side, braid), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						cfg.Seed++
						if _, err := Generate(cfg); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
