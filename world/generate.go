package world

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
)

// GenConfig asks for a procedurally generated maze. Start from
// DefaultGenConfig: the zero Style is Blocks, not the usual thin walls.
//
// A generated maze is carved on a W x H grid of cells. In the ThinWalls
// style those are the maze's cells and the carved walls are its edges. In
// the Blocks style the same maze is drawn as a (2W-1) x (2H-1) block grid:
// cell (r, c) of the generated maze becomes block (2r, 2c), the wall between
// two neighbouring cells becomes the block between them (open when carved),
// and every block at odd row and odd column is a solid pillar. MaxSide
// bounds the block grid, so a block maze is at most 128 x 128 cells.
type GenConfig struct {
	Algorithm string  // "dfs" (recursive backtracker), "kruskal" or "prim"; see Algorithms
	W, H      int     // cells of the generated maze, 2..MaxSide (2..128 in the Blocks style)
	Braid     float64 // 0..1: the chance that each dead end is opened into a loop; 0 is a perfect maze
	Style     Style
	Seed      uint64
}

// DefaultGenConfig returns the generator settings used when only some are
// given: a 12x12 perfect thin-wall maze by the recursive backtracker.
func DefaultGenConfig() GenConfig {
	return GenConfig{Algorithm: "dfs", W: 12, H: 12, Style: ThinWalls, Seed: 1}
}

// A generator carves a perfect maze (a spanning tree of the grid) into g.
// stream is the second PCG word: each algorithm draws from its own stream,
// so the same seed does not give correlated mazes across algorithms. The
// constants are the algorithm's name in ASCII and must never change, or
// every seeded maze (and the built-in scenarios made from them) changes.
type generator struct {
	name   string
	stream uint64
	carve  func(g *genGrid, rng *rand.Rand)
}

var generators = []generator{
	{"dfs", 0x646673, carveDFS},
	{"kruskal", 0x6b7275736b616c, carveKruskal},
	{"prim", 0x7072696d, carvePrim},
}

// Algorithms returns the names of the maze generators, sorted.
func Algorithms() []string {
	names := make([]string, len(generators))
	for i, g := range generators {
		names[i] = g.name
	}
	return names
}

func findGenerator(name string) (generator, bool) {
	for _, g := range generators {
		if g.name == name {
			return g, true
		}
	}
	return generator{}, false
}

// maxGenSide returns the largest W or H allowed in the given style.
func maxGenSide(style Style) int {
	if style == Blocks {
		return (MaxSide + 1) / 2
	}
	return MaxSide
}

// Validate reports every setting out of range, one per line, each naming
// the field, its value and what was expected.
func (c GenConfig) Validate() error {
	var errs []error
	if _, ok := findGenerator(c.Algorithm); !ok {
		errs = append(errs, fmt.Errorf("Algorithm %q unknown, expected one of %s", c.Algorithm, strings.Join(Algorithms(), ", ")))
	}
	styleOK := c.Style == Blocks || c.Style == ThinWalls
	if !styleOK {
		errs = append(errs, fmt.Errorf("Style %v unknown, expected %v or %v", c.Style, ThinWalls, Blocks))
	}
	hi := maxGenSide(c.Style)
	for _, side := range []struct {
		field string
		n     int
		what  string
	}{{"W", c.W, "wide"}, {"H", c.H, "high"}} {
		switch {
		case side.n < 2 || side.n > MaxSide:
			errs = append(errs, fmt.Errorf("%s %d out of range, expected 2..%d", side.field, side.n, hi))
		case styleOK && side.n > hi:
			errs = append(errs, fmt.Errorf("%s %d out of range, expected 2..%d: a block maze of %d cells is %d blocks %s, at most %d",
				side.field, side.n, hi, side.n, 2*side.n-1, side.what, MaxSide))
		}
	}
	if !finite(c.Braid) || c.Braid < 0 || c.Braid > 1 {
		errs = append(errs, fmt.Errorf("Braid %v out of range, expected 0..1", c.Braid))
	}
	return errors.Join(errs...)
}

// String names the configuration, e.g. "dfs 12x12 braid 0.5 seed 7"; block
// mazes say so after the size.
func (c GenConfig) String() string {
	style := ""
	if c.Style == Blocks {
		style = " blocks"
	}
	return fmt.Sprintf("%s %dx%d%s braid %s seed %d", c.Algorithm, c.W, c.H, style, FormatFloat(c.Braid), c.Seed)
}

// Generate builds a scenario around a generated maze: the default settings,
// the start at the top-left cell and the cheese on the open cell farthest
// from it by the oracle's distance (the first in reading order among
// equals), no door groups. The same configuration gives the same maze bit
// for bit, and configurations that differ only in Braid braid the same
// perfect maze, so an experiment can vary the loops and nothing else.
func Generate(cfg GenConfig) (*Scenario, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	gen, _ := findGenerator(cfg.Algorithm)
	rng := rand.New(rand.NewPCG(cfg.Seed, gen.stream))
	g := newGenGrid(cfg.W, cfg.H)
	gen.carve(g, rng)
	g.braid(rng, cfg.Braid)

	m := g.maze(cfg.Style)
	m.Start = Cell{0, 0}
	m.Cheese = []Cell{farthest(m, m.Start)}

	s := DefaultScenario(m)
	s.Name = cfg.String()
	s.Description = fmt.Sprintf("A %s maze of %dx%d cells in the %v style with braid %s, generated from seed %d.",
		cfg.Algorithm, cfg.W, cfg.H, cfg.Style, FormatFloat(cfg.Braid), cfg.Seed)
	s.Seed = cfg.Seed
	return s, nil
}

// farthest returns the open cell with the greatest number of moves from
// `from`, the first in reading order among equals.
func farthest(m *Maze, from Cell) Cell {
	var o Oracle
	dist := o.Distances(m, 0, from)
	best := m.Index(from)
	for i, d := range dist {
		if d > dist[best] {
			best = i
		}
	}
	return m.CellAt(best)
}
