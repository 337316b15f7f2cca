package sim

import (
	"math"

	"github.com/mazerat/mazerat/world"
)

// Rect is one wall of the physical maze as an axis-aligned box in world
// coordinates (metres, y up, the grid's bottom-left corner at the origin).
// Walls, closed doors and the boundary are all boxes, so the physics and
// the ray caster share one exact description.
type Rect struct {
	MinX, MinY, MaxX, MaxY float64
	Wall                   world.Wall // Solid or a door letter
	Boundary               bool       // part of the grid's outline
	loc                    int32      // the wall location it stands on (see geometry)
}

// geometry holds the walls that block at the moment and, for every cell,
// the walls that reach into it, so that a ray only tests the walls of the
// cells it crosses. It is rebuilt whenever a door or wall changes, which is
// rare next to the rays cast every step.
//
// Wall locations are numbered so that physics shapes can be kept in step
// with the maze in a fixed order: in a block maze location i is cell i; in
// a thin-wall maze the horizontal edges come first ((H+1) rows of W) then
// the vertical ones (H rows of W+1). Locations past those are the four
// outer boxes around a block maze.
type geometry struct {
	cell      float64
	w, h      int
	halfWall  float64
	rects     []Rect  // every blocking wall now
	cellStart []int32 // CSR: walls of cell i are cellRects[cellStart[i]:cellStart[i+1]]
	cellRects []int32
	counts    []int32 // scratch for rebuild
}

func newGeometry(sc *world.Scenario) *geometry {
	m := sc.Maze
	return &geometry{
		cell:      sc.Cell,
		w:         m.W,
		h:         m.H,
		halfWall:  sc.WallWidth / 2,
		cellStart: make([]int32, m.W*m.H+1),
		counts:    make([]int32, m.W*m.H),
	}
}

// numLocations returns how many wall locations a maze has.
func numLocations(m *world.Maze) int {
	if m.Style == world.Blocks {
		return m.W*m.H + 4
	}
	return (m.H+1)*m.W + m.H*(m.W+1)
}

// locationRect returns the box of wall location loc and what stands there.
func (g *geometry) locationRect(m *world.Maze, loc int) (Rect, world.Wall) {
	s, t := g.cell, g.halfWall
	W, H := float64(g.w), float64(g.h)
	if m.Style == world.Blocks {
		n := m.W * m.H
		if loc >= n {
			// Outer boxes, a cell thick, outside the grid: the grid's edge is the wall face.
			thick := math.Max(s, 4*t)
			switch loc - n {
			case 0:
				return Rect{MinX: -thick, MinY: H * s, MaxX: W*s + thick, MaxY: H*s + thick, Boundary: true}, world.Solid
			case 1:
				return Rect{MinX: -thick, MinY: -thick, MaxX: W*s + thick, MaxY: 0, Boundary: true}, world.Solid
			case 2:
				return Rect{MinX: -thick, MinY: 0, MaxX: 0, MaxY: H * s, Boundary: true}, world.Solid
			default:
				return Rect{MinX: W * s, MinY: 0, MaxX: W*s + thick, MaxY: H * s, Boundary: true}, world.Solid
			}
		}
		c := m.CellAt(loc)
		x0 := float64(c.Col) * s
		y0 := (H - float64(c.Row) - 1) * s
		return Rect{MinX: x0, MinY: y0, MaxX: x0 + s, MaxY: y0 + s}, m.Cell(c)
	}
	nh := (m.H + 1) * m.W
	if loc < nh {
		row, col := loc/m.W, loc%m.W // row is the line of corners, 0 at the top
		y := (H - float64(row)) * s
		r := Rect{MinX: float64(col)*s - t, MinY: y - t, MaxX: float64(col+1)*s + t, MaxY: y + t}
		var w world.Wall
		switch {
		case row == 0:
			r.Boundary = true
			r.MaxY += s // thick outwards so nothing can be pushed through the outline
			w = m.Edge(world.Cell{Row: 0, Col: col}, world.North)
		case row == m.H:
			r.Boundary = true
			r.MinY -= s
			w = m.Edge(world.Cell{Row: m.H - 1, Col: col}, world.South)
		default:
			w = m.Edge(world.Cell{Row: row, Col: col}, world.North)
		}
		return r, w
	}
	loc -= nh
	row, col := loc/(m.W+1), loc%(m.W+1)
	x := float64(col) * s
	r := Rect{MinX: x - t, MinY: (H-float64(row)-1)*s - t, MaxX: x + t, MaxY: (H-float64(row))*s + t}
	var w world.Wall
	switch {
	case col == 0:
		r.Boundary = true
		r.MinX -= s
		w = m.Edge(world.Cell{Row: row, Col: 0}, world.West)
	case col == m.W:
		r.Boundary = true
		r.MaxX += s
		w = m.Edge(world.Cell{Row: row, Col: m.W - 1}, world.East)
	default:
		w = m.Edge(world.Cell{Row: row, Col: col}, world.West)
	}
	return r, w
}

// rebuild recomputes the blocking walls for the maze and door state.
func (g *geometry) rebuild(m *world.Maze, doors world.Doors) {
	g.rects = g.rects[:0]
	n := numLocations(m)
	for loc := 0; loc < n; loc++ {
		r, w := g.locationRect(m, loc)
		if !w.Blocks(doors) {
			continue
		}
		r.Wall, r.loc = w, int32(loc)
		g.rects = append(g.rects, r)
	}
	// Register each wall with every cell its box reaches into (CSR, two passes).
	for i := range g.counts {
		g.counts[i] = 0
	}
	for i := range g.rects {
		g.eachCell(&g.rects[i], func(c int) { g.counts[c]++ })
	}
	g.cellStart[0] = 0
	for i, c := range g.counts {
		g.cellStart[i+1] = g.cellStart[i] + c
	}
	total := int(g.cellStart[len(g.counts)])
	if cap(g.cellRects) < total {
		g.cellRects = make([]int32, total)
	}
	g.cellRects = g.cellRects[:total]
	copy(g.counts, g.cellStart[:len(g.counts)])
	for i := range g.rects {
		g.eachCell(&g.rects[i], func(c int) {
			g.cellRects[g.counts[c]] = int32(i)
			g.counts[c]++
		})
	}
}

// eachCell calls f with the index of every grid cell whose interior the
// box overlaps. Cells are indexed bottom row first here (ray space).
func (g *geometry) eachCell(r *Rect, f func(int)) {
	const eps = 1e-12
	c0 := max(0, int(math.Floor((r.MinX+eps)/g.cell)))
	c1 := min(g.w-1, int(math.Floor((r.MaxX-eps)/g.cell)))
	r0 := max(0, int(math.Floor((r.MinY+eps)/g.cell)))
	r1 := min(g.h-1, int(math.Floor((r.MaxY-eps)/g.cell)))
	for ry := r0; ry <= r1; ry++ {
		for cx := c0; cx <= c1; cx++ {
			f(ry*g.w + cx)
		}
	}
}

// cast returns the distance along the ray from (ox, oy) in unit direction
// (dx, dy) to the first wall, or maxDist if there is none closer. It walks
// the grid cells the ray crosses (Amanatides & Woo) and tests only the
// walls registered with them, so its cost grows with the distance, not the
// maze. It allocates nothing.
func (g *geometry) cast(ox, oy, dx, dy, maxDist float64) float64 {
	s := g.cell
	cx := int(math.Floor(ox / s))
	cy := int(math.Floor(oy / s))
	best := maxDist
	if cx < 0 || cy < 0 || cx >= g.w || cy >= g.h {
		// Outside the grid: only the walls themselves can be hit; test all.
		for i := range g.rects {
			if d, ok := hitRect(&g.rects[i], ox, oy, dx, dy); ok && d < best {
				best = d
			}
		}
		return best
	}
	stepX, stepY := 1, 1
	tMaxX, tMaxY := math.Inf(1), math.Inf(1)
	tDeltaX, tDeltaY := math.Inf(1), math.Inf(1)
	if dx > 0 {
		tMaxX = (float64(cx+1)*s - ox) / dx
		tDeltaX = s / dx
	} else if dx < 0 {
		stepX = -1
		tMaxX = (float64(cx)*s - ox) / dx
		tDeltaX = -s / dx
	}
	if dy > 0 {
		tMaxY = (float64(cy+1)*s - oy) / dy
		tDeltaY = s / dy
	} else if dy < 0 {
		stepY = -1
		tMaxY = (float64(cy)*s - oy) / dy
		tDeltaY = -s / dy
	}
	tEnter := 0.0
	for tEnter <= best {
		ci := cy*g.w + cx
		for _, ri := range g.cellRects[g.cellStart[ci]:g.cellStart[ci+1]] {
			if d, ok := hitRect(&g.rects[ri], ox, oy, dx, dy); ok && d < best {
				best = d
			}
		}
		if tMaxX < tMaxY {
			tEnter = tMaxX
			tMaxX += tDeltaX
			cx += stepX
		} else {
			tEnter = tMaxY
			tMaxY += tDeltaY
			cy += stepY
		}
		if cx < 0 || cy < 0 || cx >= g.w || cy >= g.h {
			// Left the grid: the outline (or the outer boxes of a block
			// maze) stands exactly there or was already hit.
			if tEnter < best {
				best = tEnter
			}
			break
		}
	}
	return best
}

// hitRect intersects the ray with a box (slab method). A ray starting
// inside the box hits it at distance 0.
func hitRect(r *Rect, ox, oy, dx, dy float64) (float64, bool) {
	tmin, tmax := 0.0, math.Inf(1)
	if dx != 0 {
		t1 := (r.MinX - ox) / dx
		t2 := (r.MaxX - ox) / dx
		if t1 > t2 {
			t1, t2 = t2, t1
		}
		tmin, tmax = math.Max(tmin, t1), math.Min(tmax, t2)
	} else if ox < r.MinX || ox > r.MaxX {
		return 0, false
	}
	if dy != 0 {
		t1 := (r.MinY - oy) / dy
		t2 := (r.MaxY - oy) / dy
		if t1 > t2 {
			t1, t2 = t2, t1
		}
		tmin, tmax = math.Max(tmin, t1), math.Min(tmax, t2)
	} else if oy < r.MinY || oy > r.MaxY {
		return 0, false
	}
	if tmin > tmax {
		return 0, false
	}
	return tmin, true
}
