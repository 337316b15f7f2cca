package lab

import (
	"math"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/world"
)

// View returns the agent's memory on the maze's lattice, for drawing and
// scoring. An agent that keeps its memory on a lattice of its own
// (View.OwnFrame, an agent without the place sensor) was born in its place
// Origin, and the body was born in the lifetime's birth cell: the lab,
// which knows that truth, shifts the agent's places and believed pose by
// the difference, so that the window and the lab compare like with like.
// Places of the agent's lattice that fall outside the maze are left out.
// The agent is never told the alignment.
//
// The returned View shares nothing with the agent's when it is remapped;
// its slices are reused by the next call.
func (l *Lifetime) View() agent.View {
	v := l.agent.View()
	if !v.OwnFrame || v.W <= 0 || v.H <= 0 {
		return v
	}
	m := l.world.Maze()
	or, oc := v.Origin/v.W, v.Origin%v.W
	dr, dc := l.birth.Row-or, l.birth.Col-oc
	a := &l.aligned
	n := m.NumCells()
	out := agent.View{
		Name: v.Name, Places: n, W: m.W, H: m.H,
		Maps: v.Maps, Active: v.Active,
		ModelSize: v.ModelSize, Planning: v.Planning,
	}
	cell := l.sc.Cell
	// The agent's frame puts place (r, c) of its H-row lattice at
	// ((c+0.5)*cell, (H-r-0.5)*cell); the world puts cell (r, c) of the
	// maze at ((c+0.5)*cell, (m.H-r-0.5)*cell).
	shiftX := float64(dc) * cell
	shiftY := float64(m.H-dr-v.H) * cell
	if v.Pose.Known {
		out.Pose = agent.Pose{Known: true, Place: -1, X: v.Pose.X + shiftX, Y: v.Pose.Y + shiftY, Heading: v.Pose.Heading}
		if v.Pose.Place >= 0 {
			out.Pose.Place = a.toMaze(v.Pose.Place, v.W, dr, dc, m)
		}
	}
	if v.Value != nil {
		a.value = fill(a.value, n, math.NaN())
		out.Value = a.value
	}
	if v.Greedy != nil {
		a.greedy = fill(a.greedy, n, -1)
		out.Greedy = a.greedy
	}
	if v.Visits != nil {
		a.visits = fill(a.visits, n, 0)
		out.Visits = a.visits
	}
	if v.Walls != nil {
		a.walls = fill(a.walls, 4*n, agent.Unknown)
		out.Walls = a.walls
	}
	for p := 0; p < v.Places; p++ {
		q := a.toMaze(p, v.W, dr, dc, m)
		if q < 0 {
			continue
		}
		if v.Value != nil {
			out.Value[q] = v.Value[p]
		}
		if v.Greedy != nil {
			out.Greedy[q] = v.Greedy[p]
		}
		if v.Visits != nil {
			out.Visits[q] = v.Visits[p]
		}
		if v.Walls != nil {
			copy(out.Walls[4*q:4*q+4], v.Walls[4*p:4*p+4])
		}
	}
	out.Origin = a.toMaze(v.Origin, v.W, dr, dc, m)
	a.plan = mapPlaces(a.plan[:0], v.Plan, v.W, dr, dc, m, a)
	out.Plan = a.plan
	a.swept = mapPlaces(a.swept[:0], v.Swept, v.W, dr, dc, m, a)
	out.Swept = a.swept
	a.surprises = a.surprises[:0]
	for _, s := range v.Surprises {
		if s.Place >= 0 {
			s.Place = a.toMaze(s.Place, v.W, dr, dc, m)
		}
		a.surprises = append(a.surprises, s)
	}
	out.Surprises = a.surprises
	return out
}

// alignedView holds the buffers of the View remapped onto the maze.
type alignedView struct {
	value     []float64
	greedy    []int8
	visits    []int32
	walls     []agent.Belief
	plan      []int
	swept     []int
	surprises []agent.Surprise
}

// toMaze returns the maze cell index of the agent's place p on a lattice
// of width w, shifted by (dr, dc), or -1 when it falls outside the maze.
func (alignedView) toMaze(p, w, dr, dc int, m *world.Maze) int {
	if p < 0 {
		return -1
	}
	c := world.Cell{Row: p/w + dr, Col: p%w + dc}
	if !m.In(c) {
		return -1
	}
	return m.Index(c)
}

func mapPlaces(dst, src []int, w, dr, dc int, m *world.Maze, a *alignedView) []int {
	for _, p := range src {
		if q := a.toMaze(p, w, dr, dc, m); q >= 0 {
			dst = append(dst, q)
		}
	}
	return dst
}

func fill[T any](s []T, n int, v T) []T {
	if cap(s) < n {
		s = make([]T, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = v
	}
	return s
}
