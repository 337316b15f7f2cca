//go:build !headless

package window

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	// The package links Ebitengine, which opens the display when the test
	// binary starts: make test runs it under Xvfb; without a display this
	// says so instead of Ebitengine's panic.
	_ "github.com/mazerat/mazerat/internal/display"
)

// TestKeyRepeat: a held arrow acts on the frame it goes down, then after
// repeatDelay frames every repeatEvery frames; other keys act once.
func TestKeyRepeat(t *testing.T) {
	var acted []int
	for d := 1; d <= repeatDelay+3*repeatEvery; d++ {
		if repeats(ebiten.KeyArrowRight, d) {
			acted = append(acted, d)
		}
	}
	want := []int{1, repeatDelay + repeatEvery, repeatDelay + 2*repeatEvery, repeatDelay + 3*repeatEvery}
	if len(acted) != len(want) {
		t.Fatalf("a held arrow acts on frames %v, want %v", acted, want)
	}
	for i := range want {
		if acted[i] != want[i] {
			t.Fatalf("a held arrow acts on frames %v, want %v", acted, want)
		}
	}
	for d := 2; d < 200; d++ {
		if repeats(ebiten.KeySpace, d) {
			t.Fatalf("a held space acts again on frame %d", d)
		}
	}
}

// TestMeasurementBlocks: after the warm-up, blocks of scene frames and
// one-pixel frames alternate, the first frames of each block are not
// counted, and each kind gets its n counted frames.
func TestMeasurementBlocks(t *testing.T) {
	m := measurement{n: 20}
	prev := kindWarmup
	switches := 0
	for f := 0; f < 1000 && !m.done(); f++ {
		k, c := m.kind(f)
		if f < warmup && k != kindWarmup || f >= warmup && k == kindWarmup {
			t.Fatalf("frame %d: kind %d", f, k)
		}
		if k != prev {
			switches++
			prev = k
		}
		if c && k == kindWarmup {
			t.Fatalf("frame %d of the warm-up is counted", f)
		}
		m.frameDrawn()
	}
	if !m.done() || len(m.walls[0]) != 20 || len(m.walls[1]) != 20 {
		t.Fatalf("done %v with %d and %d frames counted", m.done(), len(m.walls[0]), len(m.walls[1]))
	}
	if switches < 4 {
		t.Errorf("the kinds switched %d times: want alternating blocks", switches)
	}
}
