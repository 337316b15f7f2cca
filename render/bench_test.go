package render

import (
	"testing"

	"github.com/mazerat/mazerat/world"
)

// BenchmarkDraw draws the window's frame in software with every overlay
// on: a 30x30 generated maze (dfs, braid 0.5), the dyna agent after 2000
// steps, a 1280x800 canvas. ns/op is the CPU time of one frame on
// SoftCanvas (the budget is 8 ms a frame).
func BenchmarkDraw(b *testing.B) {
	sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 30, H: 30, Braid: 0.5, Style: world.ThinWalls, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	l := lived(b, sc, 2000)
	opt := DefaultOptions()
	opt.Overlays = OverlaysAll
	a, err := NewAppFor(l, opt)
	if err != nil {
		b.Fatal(err)
	}
	c := NewSoftCanvas(DefaultWidth, DefaultHeight, 1)
	a.Draw(c)
	b.ReportAllocs()
	for b.Loop() {
		a.Draw(c)
	}
}
