package world

import (
	"math/bits"
	"math/rand/v2"
)

// genGrid is the maze while it is being carved: W x H cells, each holding
// a bit per side that is open. Generators work on it rather than on a Maze
// so that the carving is the same for both styles and the hot loops touch
// one byte per cell.
type genGrid struct {
	w, h  int
	links []uint8 // row-major; bit s is set when side s of the cell is carved open
}

func newGenGrid(w, h int) *genGrid {
	return &genGrid{w: w, h: h, links: make([]uint8, w*h)}
}

// neighbour returns the index of the cell across side s of cell i, and
// whether it lies inside the grid.
func (g *genGrid) neighbour(i int, s Side) (int, bool) {
	switch s {
	case North:
		return i - g.w, i >= g.w
	case South:
		return i + g.w, i+g.w < len(g.links)
	case West:
		return i - 1, i%g.w != 0
	default:
		return i + 1, i%g.w != g.w-1
	}
}

// carve opens side s of cell i, which must have a neighbour there.
func (g *genGrid) carve(i int, s Side) {
	j, _ := g.neighbour(i, s)
	g.links[i] |= 1 << s
	g.links[j] |= 1 << s.Opposite()
}

func (g *genGrid) linked(i int, s Side) bool { return g.links[i]&(1<<s) != 0 }

func (g *genGrid) degree(i int) int { return bits.OnesCount8(g.links[i]) }

// braid turns dead ends into loops, as Jamis Buck's braid does: the dead
// ends of the perfect maze are visited in random order and each that is
// still a dead end is, with probability p, opened towards a walled
// neighbour, preferring one that is a dead end too (one knock then removes
// two). Opening a wall never makes a dead end, so p = 1 leaves none.
func (g *genGrid) braid(rng *rand.Rand, p float64) {
	if p <= 0 {
		return
	}
	n := 0
	for i := range g.links {
		if g.degree(i) == 1 {
			n++
		}
	}
	dead := make([]int32, 0, n)
	for i := range g.links {
		if g.degree(i) == 1 {
			dead = append(dead, int32(i))
		}
	}
	rng.Shuffle(len(dead), func(a, b int) { dead[a], dead[b] = dead[b], dead[a] })
	for _, d := range dead {
		i := int(d)
		if g.degree(i) != 1 || rng.Float64() >= p {
			continue
		}
		var walled, best [4]Side
		nw, nb := 0, 0
		for _, s := range Sides {
			j, ok := g.neighbour(i, s)
			if !ok || g.linked(i, s) {
				continue
			}
			walled[nw] = s
			nw++
			if g.degree(j) == 1 {
				best[nb] = s
				nb++
			}
		}
		// Every cell of a grid at least 2x2 has two neighbours or more,
		// so a dead end always has a walled one.
		if nb > 0 {
			g.carve(i, best[rng.IntN(nb)])
		} else {
			g.carve(i, walled[rng.IntN(nw)])
		}
	}
}

// maze draws the grid as a Maze of the given style (see GenConfig for the
// block layout).
func (g *genGrid) maze(style Style) *Maze {
	if style == Blocks {
		m := NewMaze(Blocks, 2*g.w-1, 2*g.h-1)
		for i := range g.links {
			r, c := 2*(i/g.w), 2*(i%g.w)
			if c+1 < m.W && !g.linked(i, East) {
				m.SetCell(Cell{r, c + 1}, Solid)
			}
			if r+1 < m.H {
				if !g.linked(i, South) {
					m.SetCell(Cell{r + 1, c}, Solid)
				}
				if c+1 < m.W {
					m.SetCell(Cell{r + 1, c + 1}, Solid)
				}
			}
		}
		return m
	}
	m := NewMaze(ThinWalls, g.w, g.h)
	for i := range g.links {
		c := m.CellAt(i)
		if c.Col+1 < g.w && !g.linked(i, East) {
			m.SetEdge(c, East, Solid)
		}
		if c.Row+1 < g.h && !g.linked(i, South) {
			m.SetEdge(c, South, Solid)
		}
	}
	return m
}
