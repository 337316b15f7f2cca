package sim

import (
	"testing"

	"github.com/mazerat/mazerat/world"
)

// parse builds a scenario from .maze text or fails the test.
func parse(t testing.TB, text string) *world.Scenario {
	t.Helper()
	sc, err := world.Parse(t.Name()+".maze", []byte(text))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return sc
}

// generated returns a generated thin-wall scenario.
func generated(t testing.TB, algo string, w, h int, braid float64, seed uint64) *world.Scenario {
	t.Helper()
	sc, err := world.Generate(world.GenConfig{Algorithm: algo, W: w, H: h, Braid: braid, Style: world.ThinWalls, Seed: seed})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return sc
}

func newWorld(t testing.TB, sc *world.Scenario, seed uint64) *World {
	t.Helper()
	w, err := New(sc, seed)
	if err != nil {
		t.Fatalf("sim.New: %v", err)
	}
	return w
}

const dynaMaze = `---
control: moves
---
.......#G
..#....#.
S.#....#.
..#......
.....#...
.........
`

const blockingMaze = `---
control: moves
doors: {a: closed, b: open}
events:
  - {at_step: 1000, open: [a], close: [b]}
---
........G
.........
.........
a#######b
.........
...S.....
`

// A small thin-wall maze with a door between the start and the cheese.
const thinDoor = `---
doors: {a: closed}
---
+--+--+--+
|S    a G|
+  +--+  +
|        |
+--+--+--+
`
