package world

import (
	"fmt"
	"strings"
)

// Limits on untrusted scenarios.
const (
	MaxFileBytes = 1 << 20 // a .maze file may be at most 1 MiB
	MaxEvents    = 100000
	MaxStep      = int64(1) << 50
	MaxTrial     = 1 << 30
)

// LayoutPos is the key under which parsers record where the layout's first
// line stands; Validate derives every cell's and edge's position from it.
const LayoutPos = "layout"

// CellPos returns where cell c is written in the source layout (the first
// character of the cell), if the layout's position is known.
func (s *Scenario) CellPos(c Cell) (Pos, bool) {
	p, ok := s.pos[LayoutPos]
	if !ok || s.Maze == nil {
		return Pos{}, false
	}
	if s.Maze.Style == Blocks {
		return Pos{p.Line + c.Row, p.Col + c.Col}, true
	}
	return Pos{p.Line + 2*c.Row + 1, p.Col + 3*c.Col + 1}, true
}

// EdgePos returns where the edge on side s of cell c is written in a
// thin-wall layout, if the layout's position is known.
func (s *Scenario) EdgePos(c Cell, side Side) (Pos, bool) {
	p, ok := s.pos[LayoutPos]
	if !ok || s.Maze == nil || s.Maze.Style != ThinWalls {
		return Pos{}, false
	}
	switch side {
	case North:
		return Pos{p.Line + 2*c.Row, p.Col + 3*c.Col + 1}, true
	case South:
		return Pos{p.Line + 2*c.Row + 2, p.Col + 3*c.Col + 1}, true
	case West:
		return Pos{p.Line + 2*c.Row + 1, p.Col + 3*c.Col}, true
	default:
		return Pos{p.Line + 2*c.Row + 1, p.Col + 3*c.Col + 3}, true
	}
}

func (s *Scenario) errorAtPos(p Pos, ok bool, format string, args ...any) *Error {
	e := &Error{File: s.Source, Msg: fmt.Sprintf(format, args...)}
	if ok {
		e.Line, e.Col = p.Line, p.Col
	}
	return e
}

func (s *Scenario) errorAtCell(c Cell, format string, args ...any) *Error {
	p, ok := s.CellPos(c)
	return s.errorAtPos(p, ok, format, args...)
}

func (s *Scenario) errorAtEvent(e *Event, format string, args ...any) *Error {
	return s.errorAtPos(Pos{e.Line, e.Col}, e.Line > 0, format, args...)
}

// Validate checks everything that involves more than one setting or the
// layout: sizes, the closed boundary, one start, at least one reachable
// cheese, door groups declared and used, and every event. It returns an
// ErrorList holding every problem, not only the first.
func (s *Scenario) Validate() error {
	var errs ErrorList
	add := func(e *Error) { errs = append(errs, e) }

	if s.WallWidth*2 >= s.Cell {
		add(s.errorAt("wall_width", "walls %s m thick leave no room in cells of %s m, expected wall_width below %s",
			FormatFloat(s.WallWidth), FormatFloat(s.Cell), FormatFloat(s.Cell/2)))
	} else if free := s.Cell - s.WallWidth; 2*s.Rat.Radius > 0.9*free {
		add(s.errorAt("rat.radius", "a rat of radius %s m does not fit corridors %s m wide, expected rat.radius at most %s",
			FormatFloat(s.Rat.Radius), FormatFloat(free), FormatFloat(0.45*free)))
	}

	// The physics has no continuous collision detection: a body that
	// travels more than half a wall's thickness in one tick can pass
	// through it.
	if perTick := s.Rat.MaxSpeed / float64(s.TicksPerSecond); perTick >= s.WallWidth/2 {
		add(s.errorAt("rat.max_speed", "a rat at %s m/s travels %s m per tick at %d ticks/s and would pass through walls %s m thick, expected rat.max_speed below %s (or raise ticks_per_second or wall_width)",
			FormatFloat(s.Rat.MaxSpeed), FormatFloat(perTick), s.TicksPerSecond, FormatFloat(s.WallWidth), FormatFloat(s.WallWidth/2*float64(s.TicksPerSecond))))
	}

	m := s.Maze
	if m == nil {
		add(&Error{File: s.Source, Msg: "the scenario has no layout, expected a maze after the front matter"})
		return errs.Err()
	}
	if m.W < 1 || m.H < 1 || m.W > MaxSide || m.H > MaxSide {
		add(&Error{File: s.Source, Msg: fmt.Sprintf("the maze is %dx%d cells, expected at most %dx%d", m.W, m.H, MaxSide, MaxSide)})
		return errs.Err()
	}

	// The boundary of a thin-wall maze must be drawn closed and stay so.
	if m.Style == ThinWalls {
		for r := 0; r < m.H; r++ {
			for c := 0; c < m.W; c++ {
				cell := Cell{r, c}
				for _, side := range Sides {
					if !m.OnBoundary(cell, side) {
						continue
					}
					if w := m.Edge(cell, side); w != Solid {
						p, ok := s.EdgePos(cell, side)
						what := "open"
						if w.IsDoor() {
							what = fmt.Sprintf("a door (%c)", w.Letter())
						}
						add(s.errorAtPos(p, ok, "the outline is %s on the %s side of cell %v, expected a wall: the boundary must be closed", what, side, cell))
					}
				}
			}
		}
	}

	// Start and cheese.
	startOK := m.In(m.Start)
	if !startOK {
		add(&Error{File: s.Source, Msg: fmt.Sprintf("the start %v lies outside the %dx%d maze", m.Start, m.W, m.H)})
	} else if m.Cell(m.Start) != NoWall {
		add(s.errorAtCell(m.Start, "the start %v is on a wall or door, expected an open cell", m.Start))
		startOK = false
	}
	if len(m.Cheese) == 0 {
		p, ok := s.pos[LayoutPos]
		add(s.errorAtPos(p, ok, "the maze has no cheese, expected at least one G"))
	}
	for _, g := range m.Cheese {
		if !m.In(g) {
			add(&Error{File: s.Source, Msg: fmt.Sprintf("the cheese %v lies outside the %dx%d maze", g, m.W, m.H)})
		} else if m.Cell(g) == Solid {
			add(s.errorAtCell(g, "the cheese %v is on a wall, expected an open cell", g))
		}
	}

	// Door groups: every group in the layout declared, every declared one used.
	used := m.DoorLetters()
	for l := byte('a'); l <= 'z'; l++ {
		switch {
		case used.Open(l) && !s.Declared.Open(l):
			add(s.errorAtPos(s.firstDoorPos(l), true, "door %c is drawn in the layout but not declared, expected an entry such as doors: {%c: closed}", l, l))
		case !used.Open(l) && s.Declared.Open(l):
			p, ok := s.pos["doors."+string(l)]
			add(s.errorAtPos(p, ok, "door %c is declared but not drawn in the layout, expected the letter %c on a cell or wall", l, l))
		}
	}

	// The cheese must be reachable when the lifetime begins.
	if startOK && len(m.Cheese) > 0 && len(errs) == 0 {
		var o Oracle
		if o.Moves(m, s.Doors, m.Start, m.Cheese) == Unreachable {
			add(s.errorAtCell(m.Start, "no cheese can be reached from the start %v with the doors as they are at time 0, expected an open path to a G", m.Start))
		}
	}

	if len(s.Events) > MaxEvents {
		add(&Error{File: s.Source, Msg: fmt.Sprintf("%d events, expected at most %d", len(s.Events), MaxEvents)})
	} else {
		for i := range s.Events {
			s.validateEvent(&s.Events[i], add)
		}
	}
	return errs.Err()
}

// firstDoorPos returns where door letter l is first drawn in the layout.
func (s *Scenario) firstDoorPos(l byte) Pos {
	m := s.Maze
	for r := 0; r < m.H; r++ {
		for c := 0; c < m.W; c++ {
			cell := Cell{r, c}
			if m.Cell(cell).Letter() == l {
				if p, ok := s.CellPos(cell); ok {
					return p
				}
			}
			for _, side := range Sides {
				if m.Edge(cell, side).Letter() == l {
					if p, ok := s.EdgePos(cell, side); ok {
						return p
					}
				}
			}
		}
	}
	return Pos{}
}

func (s *Scenario) validateEvent(e *Event, add func(*Error)) {
	m := s.Maze
	switch {
	case e.AtTrial > 0 && e.AtStep >= 0:
		add(s.errorAtEvent(e, "the event has both at_step and at_trial, expected one of them"))
	case e.AtTrial <= 0 && e.AtStep < 0:
		add(s.errorAtEvent(e, "the event has no time, expected at_step (0 or more) or at_trial (1 or more)"))
	case e.AtStep > MaxStep:
		add(s.errorAtEvent(e, "at_step %d is out of range, expected at most %d", e.AtStep, MaxStep))
	case e.AtTrial > MaxTrial:
		add(s.errorAtEvent(e, "at_trial %d is out of range, expected at most %d", e.AtTrial, MaxTrial))
	}
	for _, group := range [][]byte{e.Open, e.Close} {
		for _, l := range group {
			if !s.Declared.Open(l) {
				add(s.errorAtEvent(e, "the event names door %q, which is not declared, expected one of the doors: %s", string(l), doorList(s.Declared)))
			}
		}
	}
	if e.Cheese != nil && len(e.Cheese) == 0 {
		add(s.errorAtEvent(e, "the event moves the cheese nowhere, expected at least one [row, col]"))
	}
	for _, g := range e.Cheese {
		if !m.In(g) {
			add(s.errorAtEvent(e, "cheese cell %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", g, m.W, m.H, m.H-1, m.W-1))
		}
	}
	if e.Rat != nil && !m.In(*e.Rat) {
		add(s.errorAtEvent(e, "rat cell %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", *e.Rat, m.W, m.H, m.H-1, m.W-1))
	}
	if r := e.Reward; r != nil {
		for _, v := range []*float64{r.Cheese, r.Step, r.Bump} {
			if v != nil && (!finite(*v) || *v < -1e6 || *v > 1e6) {
				add(s.errorAtEvent(e, "reward %v is out of range, expected a number in -1e+06..1e+06", *v))
			}
		}
	}
	for _, w := range e.Walls {
		switch {
		case !m.In(w.Cell):
			add(s.errorAtEvent(e, "wall cell %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", w.Cell, m.W, m.H, m.H-1, m.W-1))
		case m.Style == ThinWalls && m.OnBoundary(w.Cell, w.Side):
			add(s.errorAtEvent(e, "the wall on the %s side of %v is part of the outline, expected an inner wall: the boundary stays closed", w.Side, w.Cell))
		case m.Style == Blocks && w.Add && w.Cell == m.Start:
			add(s.errorAtEvent(e, "the event puts a wall on the start %v, expected another cell", w.Cell))
		}
	}
}

func doorList(d Doors) string {
	var b strings.Builder
	for l := byte('a'); l <= 'z'; l++ {
		if d.Open(l) {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteByte(l)
		}
	}
	if b.Len() == 0 {
		return "(none declared)"
	}
	return b.String()
}
