package world

import "math/rand/v2"

// The three generators below each carve a perfect maze (one path between any two cells)
// but with a different texture, which is why experiments may want all
// three: the recursive backtracker makes long winding corridors with few
// dead ends, Kruskal's and Prim's algorithms many short dead ends and
// shorter paths between far corners.

// carveDFS is the recursive backtracker, written with an explicit stack
// because a 256x256 maze would recurse 65536 deep: from a random cell,
// walk to a random unvisited neighbour, carving as it goes, and back up
// when there is none.
func carveDFS(g *genGrid, rng *rand.Rand) {
	n := len(g.links)
	visited := make([]bool, n)
	stack := make([]int32, 0, n)
	start := rng.IntN(n)
	visited[start] = true
	stack = append(stack, int32(start))
	for len(stack) > 0 {
		i := int(stack[len(stack)-1])
		var next [4]Side
		k := 0
		for _, s := range Sides {
			if j, ok := g.neighbour(i, s); ok && !visited[j] {
				next[k] = s
				k++
			}
		}
		if k == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		s := next[rng.IntN(k)]
		j, _ := g.neighbour(i, s)
		g.carve(i, s)
		visited[j] = true
		stack = append(stack, int32(j))
	}
}

// carveKruskal is randomized Kruskal's algorithm: every inner wall in
// random order, knocked down when it separates two cells not yet connected
// (a union-find with path halving and union by size).
func carveKruskal(g *genGrid, rng *rand.Rand) {
	n := len(g.links)
	// A wall is encoded as 2*cell + 0 for the cell's east side, + 1 for
	// its south side.
	walls := make([]int32, 0, (g.w-1)*g.h+g.w*(g.h-1))
	for i := 0; i < n; i++ {
		if _, ok := g.neighbour(i, East); ok {
			walls = append(walls, int32(2*i))
		}
		if _, ok := g.neighbour(i, South); ok {
			walls = append(walls, int32(2*i+1))
		}
	}
	rng.Shuffle(len(walls), func(a, b int) { walls[a], walls[b] = walls[b], walls[a] })

	parent := make([]int32, n)
	size := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
		size[i] = 1
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	joined := 0
	for _, w := range walls {
		i, s := int(w/2), East
		if w%2 == 1 {
			s = South
		}
		j, _ := g.neighbour(i, s)
		a, b := find(int32(i)), find(int32(j))
		if a == b {
			continue
		}
		if size[a] < size[b] {
			a, b = b, a
		}
		parent[b] = a
		size[a] += size[b]
		g.carve(i, s)
		if joined++; joined == n-1 {
			return
		}
	}
}

// Cell states in carvePrim.
const (
	primOut uint8 = iota
	primFrontier
	primIn
)

// carvePrim is randomized Prim's algorithm ("true Prim" with equal
// weights): the maze grows from a random cell; each round takes a random
// cell of the frontier (cells next to the maze but not in it) and joins it
// to a random neighbour already in the maze.
func carvePrim(g *genGrid, rng *rand.Rand) {
	n := len(g.links)
	state := make([]uint8, n)
	frontier := make([]int32, 0, n)
	add := func(i int) {
		state[i] = primIn
		for _, s := range Sides {
			if j, ok := g.neighbour(i, s); ok && state[j] == primOut {
				state[j] = primFrontier
				frontier = append(frontier, int32(j))
			}
		}
	}
	add(rng.IntN(n))
	for len(frontier) > 0 {
		k := rng.IntN(len(frontier))
		i := int(frontier[k])
		frontier[k] = frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		var in [4]Side
		m := 0
		for _, s := range Sides {
			if j, ok := g.neighbour(i, s); ok && state[j] == primIn {
				in[m] = s
				m++
			}
		}
		g.carve(i, in[rng.IntN(m)])
		add(i)
	}
}
