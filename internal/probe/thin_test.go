package probe

import (
	"fmt"
	"os"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// thin builds a thin-wall maze from lines (throwaway probe parser).
func thin(lines ...string) *world.Scenario {
	h := (len(lines) - 1) / 2
	w := (len(lines[0]) - 1) / 3
	m := world.NewMaze(world.ThinWalls, w, h)
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			cell := world.Cell{Row: r, Col: c}
			top := lines[2*r][3*c+1 : 3*c+3]
			if top == "--" {
				m.SetEdge(cell, world.North, world.Solid)
			} else if top != "  " {
				m.SetEdge(cell, world.North, world.Door(top[0]))
			} else {
				m.SetEdge(cell, world.North, world.NoWall)
			}
			bot := lines[2*r+2][3*c+1 : 3*c+3]
			if bot == "--" {
				m.SetEdge(cell, world.South, world.Solid)
			} else if bot != "  " {
				m.SetEdge(cell, world.South, world.Door(bot[0]))
			} else {
				m.SetEdge(cell, world.South, world.NoWall)
			}
			left := lines[2*r+1][3*c]
			switch {
			case left == '|':
				m.SetEdge(cell, world.West, world.Solid)
			case left == ' ':
				m.SetEdge(cell, world.West, world.NoWall)
			default:
				m.SetEdge(cell, world.West, world.Door(left))
			}
			right := lines[2*r+1][3*c+3]
			switch {
			case right == '|':
				m.SetEdge(cell, world.East, world.Solid)
			case right == ' ':
				m.SetEdge(cell, world.East, world.NoWall)
			default:
				m.SetEdge(cell, world.East, world.Door(right))
			}
			txt := lines[2*r+1][3*c+1 : 3*c+3]
			for _, ch := range txt {
				if ch == 'S' {
					m.Start = cell
				}
				if ch == 'G' {
					m.Cheese = append(m.Cheese, cell)
				}
			}
		}
	}
	return world.DefaultScenario(m)
}

var theseus = []string{
	"+--+--+--+--+--+",
	"|S    |        |",
	"+--+  +  +--+  +",
	"|     |  |     |",
	"+  +--+  +  +--+",
	"|  |     |  | G|",
	"+  +  +--+  +  +",
	"|     |        |",
	"+  +--+  +--+  +",
	"|        |     |",
	"+--+--+--+--+--+",
}

func TestThinProbe(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		sc := thin(theseus...)
		if os.Getenv("CTL") != "" {
			sc.Set("control", os.Getenv("CTL"))
		}
		if err := sc.Validate(); err != nil {
			t.Fatal(err)
		}
		var o world.Oracle
		if seed == 1 {
			fmt.Println("optimal", o.Moves(sc.Maze, sc.Doors, sc.Maze.Start, sc.Maze.Cheese))
		}
		w, _ := sim.New(sc, seed)
		a, err := agent.New(os.Getenv("AG"), agent.Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}, map[string]string{})
		if err != nil {
			t.Fatal(err)
		}
		obs := w.Observation()
		var lens []string
		for i := 0; i < 20000 && len(lens) < 10; i++ {
			obs = w.Step(a.Act(obs))
			if tr, ok := w.TrialEnded(); ok {
				lens = append(lens, fmt.Sprintf("%d/%d", tr.Steps(), tr.Moves))
			}
		}
		fmt.Println(seed, w.StepCount(), lens)
	}
}
