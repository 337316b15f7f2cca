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
	f := frameOf(v, m, l.birth, l.sc.Cell)
	a := &l.aligned
	n := m.NumCells()
	out := agent.View{
		Name: v.Name, Places: n, W: m.W, H: m.H,
		Maps: v.Maps, Active: v.Active,
		ModelSize: v.ModelSize, Planning: v.Planning,
	}
	out.Pose = f.pose(v.Pose, m)
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
		q := f.place(p, m)
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
	out.Origin = f.place(v.Origin, m)
	a.plan = mapPlaces(a.plan[:0], v.Plan, f, m)
	out.Plan = a.plan
	a.swept = mapPlaces(a.swept[:0], v.Swept, f, m)
	out.Swept = a.swept
	a.surprises = a.surprises[:0]
	for _, s := range v.Surprises {
		if s.Place >= 0 {
			s.Place = f.place(s.Place, m)
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

func mapPlaces(dst, src []int, f frame, m *world.Maze) []int {
	for _, p := range src {
		if q := f.place(p, m); q >= 0 {
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
