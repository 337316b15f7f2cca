package world

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// mazeStats measures a maze through Passable only, so the same checks hold
// for both styles.
type mazeStats struct {
	open      int // open cells
	pairs     int // pairs of neighbouring cells the rat can move between
	deadEnds  int // open cells with exactly one way out
	reachable int // open cells reachable from the start
	maxDist   int // moves from the start to the farthest cell
}

func measure(m *Maze) mazeStats {
	var st mazeStats
	var o Oracle
	dist := o.Distances(m, 0, m.Start)
	for i := range m.NumCells() {
		c := m.CellAt(i)
		if !m.Open(c, 0) {
			continue
		}
		st.open++
		ways := 0
		for _, s := range Sides {
			if m.Passable(c, s, 0) {
				ways++
			}
		}
		if ways == 1 {
			st.deadEnds++
		}
		if m.Passable(c, East, 0) {
			st.pairs++
		}
		if m.Passable(c, South, 0) {
			st.pairs++
		}
		if d := int(dist[i]); d != Unreachable {
			st.reachable++
			st.maxDist = max(st.maxDist, d)
		}
	}
	return st
}

func mustGenerate(t testing.TB, cfg GenConfig) *Scenario {
	t.Helper()
	s, err := Generate(cfg)
	if err != nil {
		t.Fatalf("Generate(%v): %v", cfg, err)
	}
	return s
}

func TestAlgorithms(t *testing.T) {
	if got, want := Algorithms(), []string{"dfs", "kruskal", "prim"}; !slices.Equal(got, want) {
		t.Errorf("Algorithms() = %q, want %q", got, want)
	}
}

func TestGenConfigValidate(t *testing.T) {
	ok := func(f func(c *GenConfig)) GenConfig {
		c := DefaultGenConfig()
		f(&c)
		return c
	}
	tests := []struct {
		cfg  GenConfig
		want string // the error text; "" for a valid configuration
	}{
		{DefaultGenConfig(), ""},
		{ok(func(c *GenConfig) { c.W, c.H = 2, 2 }), ""},
		{ok(func(c *GenConfig) { c.W, c.H = 256, 256 }), ""},
		{ok(func(c *GenConfig) { c.W, c.H, c.Style = 128, 128, Blocks }), ""},
		{ok(func(c *GenConfig) { c.Algorithm, c.Braid = "kruskal", 1 }), ""},
		{ok(func(c *GenConfig) { c.Algorithm, c.Braid = "prim", 0.5 }), ""},
		{ok(func(c *GenConfig) { c.W = 1 }), "W 1 out of range, expected 2..256"},
		{ok(func(c *GenConfig) { c.H = 0 }), "H 0 out of range, expected 2..256"},
		{ok(func(c *GenConfig) { c.W = -3 }), "W -3 out of range, expected 2..256"},
		{ok(func(c *GenConfig) { c.W = 300 }), "W 300 out of range, expected 2..256"},
		{ok(func(c *GenConfig) { c.H = 257 }), "H 257 out of range, expected 2..256"},
		{ok(func(c *GenConfig) { c.W, c.Style = 1, Blocks }), "W 1 out of range, expected 2..128"},
		{ok(func(c *GenConfig) { c.W, c.Style = 129, Blocks }),
			"W 129 out of range, expected 2..128: a block maze of 129 cells is 257 blocks wide, at most 256"},
		{ok(func(c *GenConfig) { c.H, c.Style = 200, Blocks }),
			"H 200 out of range, expected 2..128: a block maze of 200 cells is 399 blocks high, at most 256"},
		{ok(func(c *GenConfig) { c.H, c.Style = 300, Blocks }), "H 300 out of range, expected 2..128"},
		{ok(func(c *GenConfig) { c.Algorithm = "bfs" }), `Algorithm "bfs" unknown, expected one of dfs, kruskal, prim`},
		{ok(func(c *GenConfig) { c.Algorithm = "" }), `Algorithm "" unknown, expected one of dfs, kruskal, prim`},
		{ok(func(c *GenConfig) { c.Algorithm = "DFS" }), `Algorithm "DFS" unknown, expected one of dfs, kruskal, prim`},
		{ok(func(c *GenConfig) { c.Braid = -0.1 }), "Braid -0.1 out of range, expected 0..1"},
		{ok(func(c *GenConfig) { c.Braid = 1.5 }), "Braid 1.5 out of range, expected 0..1"},
		{ok(func(c *GenConfig) { c.Braid = math.NaN() }), "Braid NaN out of range, expected 0..1"},
		{ok(func(c *GenConfig) { c.Braid = math.Inf(1) }), "Braid +Inf out of range, expected 0..1"},
		{ok(func(c *GenConfig) { c.Style = 7 }), "Style Style(7) unknown, expected thin or blocks"},
		{GenConfig{Algorithm: "x", W: 1, H: 999, Braid: 2, Style: ThinWalls},
			"Algorithm \"x\" unknown, expected one of dfs, kruskal, prim\n" +
				"W 1 out of range, expected 2..256\n" +
				"H 999 out of range, expected 2..256\n" +
				"Braid 2 out of range, expected 0..1"},
	}
	for i, tt := range tests {
		got := ""
		if err := tt.cfg.Validate(); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%d: %+v.Validate() = %q, want %q", i, tt.cfg, got, tt.want)
		}
		s, err := Generate(tt.cfg)
		if gotErr := err != nil; gotErr != (tt.want != "") || (err != nil && err.Error() != tt.want) {
			t.Errorf("%d: Generate(%+v) error = %v, want %q", i, tt.cfg, err, tt.want)
		}
		if err != nil && s != nil {
			t.Errorf("%d: Generate(%+v) returned a scenario with an error", i, tt.cfg)
		}
	}
}

func TestGenConfigString(t *testing.T) {
	tests := []struct {
		cfg  GenConfig
		want string
	}{
		{GenConfig{Algorithm: "dfs", W: 12, H: 12, Braid: 0.5, Style: ThinWalls, Seed: 7}, "dfs 12x12 braid 0.5 seed 7"},
		{GenConfig{Algorithm: "prim", W: 30, H: 20, Style: ThinWalls, Seed: 0}, "prim 30x20 braid 0 seed 0"},
		{GenConfig{Algorithm: "kruskal", W: 9, H: 7, Braid: 1, Style: Blocks, Seed: 5}, "kruskal 9x7 blocks braid 1 seed 5"},
	}
	for i, tt := range tests {
		if got := tt.cfg.String(); got != tt.want {
			t.Errorf("%d: String() = %q, want %q", i, got, tt.want)
		}
		if s := mustGenerate(t, tt.cfg); s.Name != tt.want {
			t.Errorf("%d: Generate(...).Name = %q, want %q", i, s.Name, tt.want)
		}
	}
}

type genSize struct {
	style Style
	w, h  int
}

// genSizes covers the smallest maze, odd and unequal sides, and the largest
// grid of each style.
var genSizes = []genSize{
	{ThinWalls, 2, 2}, {ThinWalls, 2, 9}, {ThinWalls, 7, 3}, {ThinWalls, 12, 12}, {ThinWalls, 31, 17}, {ThinWalls, 256, 256},
	{Blocks, 2, 2}, {Blocks, 5, 2}, {Blocks, 12, 12}, {Blocks, 17, 31}, {Blocks, 128, 128},
}

// TestGenerate checks every algorithm in both styles at several sizes, for
// a perfect maze, a half-braided and a fully braided one from one seed.
func TestGenerate(t *testing.T) {
	for _, alg := range Algorithms() {
		for _, size := range genSizes {
			t.Run(fmt.Sprintf("%s/%v/%dx%d", alg, size.style, size.w, size.h), func(t *testing.T) {
				if testing.Short() && size.w*size.h > 5000 {
					t.Skip("large maze in -short mode")
				}
				t.Parallel()
				checkGenerated(t, alg, size)
			})
		}
	}
}

func checkGenerated(t *testing.T, alg string, size genSize) {
	braids := []float64{0, 0.5, 1}
	mazes := make([]*Maze, len(braids))
	stats := make([]mazeStats, len(braids))
	for k, braid := range braids {
		cfg := GenConfig{Algorithm: alg, W: size.w, H: size.h, Braid: braid, Style: size.style, Seed: 7}
		s := mustGenerate(t, cfg)
		if err := s.Validate(); err != nil {
			t.Fatalf("braid %v: Validate() = %v, want nil", braid, err)
		}
		m := s.Maze
		mazes[k], stats[k] = m, measure(m)
		st := stats[k]

		wantW, wantH := size.w, size.h
		if size.style == Blocks {
			wantW, wantH = 2*size.w-1, 2*size.h-1
		}
		if m.Style != size.style || m.W != wantW || m.H != wantH {
			t.Errorf("braid %v: maze is %v %dx%d, want %v %dx%d", braid, m.Style, m.W, m.H, size.style, wantW, wantH)
		}
		if got, want := s.Seed, cfg.Seed; got != want {
			t.Errorf("braid %v: Seed = %d, want %d", braid, got, want)
		}
		if got, want := s.Name, cfg.String(); got != want {
			t.Errorf("braid %v: Name = %q, want %q", braid, got, want)
		}
		if m.DoorLetters() != 0 || s.Declared != 0 || len(s.Events) != 0 {
			t.Errorf("braid %v: doors %b, declared %b, %d events; want none", braid, m.DoorLetters(), s.Declared, len(s.Events))
		}
		if got, want := m.Start, (Cell{0, 0}); got != want {
			t.Errorf("braid %v: Start = %v, want %v", braid, got, want)
		}
		checkCheese(t, fmt.Sprintf("braid %v", braid), m)
		if st.reachable != st.open {
			t.Errorf("braid %v: %d of %d open cells reachable from the start, want all", braid, st.reachable, st.open)
		}
		if size.style == Blocks {
			checkBlockLattice(t, fmt.Sprintf("braid %v", braid), m)
		}
	}

	// A spanning tree: connected (checked above) with one pair fewer than cells.
	if got, want := stats[0].pairs, stats[0].open-1; got != want {
		t.Errorf("braid 0: %d open pairs among %d open cells, want %d (a perfect maze)", got, stats[0].open, want)
	}
	if size.style == ThinWalls {
		if got, want := stats[0].pairs, size.w*size.h-1; got != want {
			t.Errorf("braid 0: %d open inner edges, want %d", got, want)
		}
	}
	if got := stats[2].deadEnds; got != 0 {
		t.Errorf("braid 1: %d dead ends, want 0", got)
	}
	// Half braiding removes some dead ends; with few of them to begin with
	// it may, by chance, remove none.
	if half, perfect := stats[1].deadEnds, stats[0].deadEnds; half > perfect || (perfect >= 8 && half >= perfect) {
		t.Errorf("braid 0.5: %d dead ends, braid 0: %d; want fewer", half, perfect)
	}
	if stats[1].pairs < stats[0].pairs || stats[2].pairs < stats[1].pairs {
		t.Errorf("open pairs by braid 0, 0.5, 1: %d, %d, %d; want non-decreasing", stats[0].pairs, stats[1].pairs, stats[2].pairs)
	}
	// Braiding only knocks walls down: the braided mazes of a seed contain
	// its perfect maze.
	for k := 1; k < len(braids); k++ {
		if c, s, ok := contains(mazes[k], mazes[0]); !ok {
			t.Errorf("braid %v: the %s side of %v is closed but open in the perfect maze of the same seed", braids[k], s, c)
		}
	}
}

// checkCheese checks that the single cheese is the farthest open cell from
// the start, the first in reading order among equals.
func checkCheese(t *testing.T, what string, m *Maze) {
	t.Helper()
	if len(m.Cheese) != 1 {
		t.Errorf("%s: %d cheese spots, want 1", what, len(m.Cheese))
		return
	}
	var o Oracle
	dist := o.Distances(m, 0, m.Start)
	want := 0
	for i, d := range dist {
		if d > dist[want] {
			want = i
		}
	}
	if got := m.Cheese[0]; got != m.CellAt(want) {
		t.Errorf("%s: cheese at %v (%d moves), want %v (%d moves)", what, got, dist[m.Index(got)], m.CellAt(want), dist[want])
	}
}

// checkBlockLattice checks the block layout: generated cells at even
// coordinates are open, pillars at odd ones are walls.
func checkBlockLattice(t *testing.T, what string, m *Maze) {
	t.Helper()
	for r := 0; r < m.H; r++ {
		for c := 0; c < m.W; c++ {
			got := m.Cell(Cell{r, c})
			switch {
			case r%2 == 0 && c%2 == 0 && got != NoWall:
				t.Fatalf("%s: block (%d,%d) = %q, want open (a generated cell)", what, r, c, got)
			case r%2 == 1 && c%2 == 1 && got != Solid:
				t.Fatalf("%s: block (%d,%d) = %q, want a wall (a pillar)", what, r, c, got)
			}
		}
	}
}

// contains reports whether every move possible in sub is possible in m,
// and the first one that is not.
func contains(m, sub *Maze) (Cell, Side, bool) {
	for i := range sub.NumCells() {
		c := sub.CellAt(i)
		for _, s := range Sides {
			if sub.Passable(c, s, 0) && !m.Passable(c, s, 0) {
				return c, s, false
			}
		}
	}
	return Cell{}, 0, true
}

func TestGenerateDeterministic(t *testing.T) {
	for _, alg := range Algorithms() {
		for _, style := range []Style{ThinWalls, Blocks} {
			for _, braid := range []float64{0, 0.5} {
				cfg := GenConfig{Algorithm: alg, W: 23, H: 14, Braid: braid, Style: style, Seed: 99}
				a, b := mustGenerate(t, cfg), mustGenerate(t, cfg)
				if !a.Maze.Equal(b.Maze) {
					t.Errorf("%v: two runs gave different mazes", cfg)
				}
				if a.Name != b.Name || a.Description != b.Description || a.Seed != b.Seed {
					t.Errorf("%v: two runs gave %q/%q/%d and %q/%q/%d", cfg, a.Name, a.Description, a.Seed, b.Name, b.Description, b.Seed)
				}
			}
		}
	}
}

// TestGenerateSeedsDiffer checks that seeds and algorithms each change the
// maze: every pair among 3 algorithms x 10 seeds differs.
func TestGenerateSeedsDiffer(t *testing.T) {
	for _, style := range []Style{ThinWalls, Blocks} {
		type gen struct {
			cfg GenConfig
			m   *Maze
		}
		var gens []gen
		for _, alg := range Algorithms() {
			for seed := uint64(0); seed < 10; seed++ {
				cfg := GenConfig{Algorithm: alg, W: 8, H: 8, Braid: 0.3, Style: style, Seed: seed}
				gens = append(gens, gen{cfg, mustGenerate(t, cfg).Maze})
			}
		}
		for i := range gens {
			for j := i + 1; j < len(gens); j++ {
				if gens[i].m.Equal(gens[j].m) {
					t.Errorf("%v and %v gave the same maze", gens[i].cfg, gens[j].cfg)
				}
			}
		}
	}
}

// TestAlgorithmsDiffer checks the texture each algorithm is known for: the
// recursive backtracker makes long corridors, so a longer way to the
// farthest cell and fewer dead ends than Kruskal's or Prim's algorithm.
func TestAlgorithmsDiffer(t *testing.T) {
	const seeds, side = 20, 20
	type result struct{ path, deadEnds float64 }
	got := map[string]result{}
	for _, alg := range Algorithms() {
		var r result
		for seed := uint64(1); seed <= seeds; seed++ {
			s := mustGenerate(t, GenConfig{Algorithm: alg, W: side, H: side, Style: ThinWalls, Seed: seed})
			st := measure(s.Maze)
			r.path += float64(st.maxDist) / seeds
			r.deadEnds += float64(st.deadEnds) / seeds
		}
		got[alg] = r
		t.Logf("%-7s %dx%d, %d seeds: mean start-to-cheese %.1f moves, mean dead ends %.1f (%.1f%% of cells)",
			alg, side, side, seeds, r.path, r.deadEnds, 100*r.deadEnds/(side*side))
	}
	for _, other := range []string{"kruskal", "prim"} {
		if got["dfs"].path <= got[other].path {
			t.Errorf("mean start-to-cheese: dfs %.1f, %s %.1f; want dfs longer", got["dfs"].path, other, got[other].path)
		}
		if got["dfs"].deadEnds >= got[other].deadEnds {
			t.Errorf("mean dead ends: dfs %.1f, %s %.1f; want dfs fewer", got["dfs"].deadEnds, other, got[other].deadEnds)
		}
	}
}

// TestBraidPrefersDeadEnds braids a hand-made 3x3 tree whose dead end at
// (0,1) has two walled neighbours: (0,2), itself a dead end, and (1,1),
// which is not. Opening towards (0,2) removes both dead ends with one
// knock, so the braid must always take it, whatever the seed.
//
//	+--+--+--+
//	|     |  |
//	+  +--+  +
//	|  |     |
//	+  +  +--+
//	|        |
//	+--+--+--+
func TestBraidPrefersDeadEnds(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		g := newGenGrid(3, 3)
		for _, e := range []struct {
			cell int
			side Side
		}{{0, East}, {0, South}, {3, South}, {6, East}, {7, North}, {4, East}, {5, North}, {7, East}} {
			g.carve(e.cell, e.side)
		}
		g.braid(rand.New(rand.NewPCG(seed, 0)), 1)
		for i, want := range []struct {
			cell int
			side Side
			open bool
		}{{1, East, true}, {1, South, false}} {
			if got := g.linked(want.cell, want.side); got != want.open {
				t.Errorf("seed %d, %d: the %s side of cell %d open = %v, want %v", seed, i, want.side, want.cell, got, want.open)
			}
		}
	}
}
