package probe

import (
	"fmt"
	"testing"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

func blocks(rows ...string) *world.Scenario {
	m := world.NewMaze(world.Blocks, len(rows[0]), len(rows))
	for r, row := range rows {
		for c, ch := range row {
			cell := world.Cell{Row: r, Col: c}
			switch ch {
			case '#':
				m.SetCell(cell, world.Solid)
			case 'S':
				m.Start = cell
			case 'G':
				m.Cheese = append(m.Cheese, cell)
			}
		}
	}
	return world.DefaultScenario(m)
}

func TestProbe(t *testing.T) {
	sc := blocks(
		".......#G",
		"..#....#.",
		"S.#....#.",
		"..#......",
		".....#...",
		".........")
	sc.Control = world.Moves
	w, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	moves := []world.Side{world.South, world.South, world.East, world.East, world.East, world.East, world.North, world.East, world.East, world.East, world.East, world.North, world.North, world.North, world.West}
	for i, mv := range moves {
		t0 := w.TickCount()
		o := w.Step(sim.Action{Move: mv})
		x, y, h := w.Pose()
		fmt.Printf("%d %v -> cell %v place %d ticks %d pose (%.3f %.3f %.3f) touch %v ate %v rew %g rays %.2f\n", i, mv, w.Cell(), o.Place, w.TickCount()-t0, x, y, h, o.Touch, o.Ate, o.Reward, o.Rays)
	}
	if r, ok := w.TrialEnded(); ok {
		fmt.Printf("%+v\n", r)
	}
}
