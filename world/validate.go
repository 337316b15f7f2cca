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

	s.validateLists(add)
	if len(s.Events) > MaxEvents {
		add(&Error{File: s.Source, Msg: fmt.Sprintf("%d events, expected at most %d", len(s.Events), MaxEvents)})
	} else {
		before := len(errs)
		for i := range s.Events {
			s.validateEvent(&s.Events[i], add)
		}
		if len(errs) == 0 || len(errs) == before && startOK {
			s.checkSchedule(add)
		}
	}
	return errs.Err()
}

// validateLists checks starts, goals, regions and the rearm rule.
func (s *Scenario) validateLists(add func(*Error)) {
	m := s.Maze
	if len(s.Starts) > 0 {
		if s.OnCheese != ReturnToStart {
			add(s.errorAt("starts", "starts are given with on_cheese: %s, expected on_cheese: return_to_start (trials begin at a start only when the rat is carried there)", s.OnCheese))
		}
		hasS := false
		for _, c := range s.Starts {
			switch {
			case !m.In(c):
				add(s.errorAt("starts", "the start %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", c, m.W, m.H, m.H-1, m.W-1))
			case !m.Open(c, s.Doors):
				add(s.errorAt("starts", "the start %v is on a wall or closed door, expected an open cell", c))
			}
			hasS = hasS || c == m.Start
		}
		if !hasS {
			add(s.errorAt("starts", "the layout's S %v is not among the starts, expected it in the list (the rat is born there)", m.Start))
		}
	}
	if s.OnCheese == Respawn && s.Rearm != AtOnce {
		add(s.errorAt("rearm", "rearm: %s with on_cheese: respawn, expected rearm only with return_to_start or stay (respawn puts out one cheese at a time)", s.Rearm))
	}
	spots := map[Cell]bool{}
	for _, g := range m.Cheese {
		spots[g] = true
	}
	for _, e := range s.Events {
		for _, it := range append([]Event{e}, e.Items...) {
			for _, g := range it.Cheese {
				spots[g] = true
			}
			if it.Maze != nil && it.Maze.Maze != nil {
				for _, g := range it.Maze.Maze.Cheese {
					spots[g] = true
				}
			}
		}
	}
	seen := map[Cell]bool{}
	for i, g := range s.Goals {
		key := fmt.Sprintf("goals.%d", i)
		switch {
		case !m.In(g.Cell):
			add(s.errorAt(key, "the goal %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", g.Cell, m.W, m.H, m.H-1, m.W-1))
		case !spots[g.Cell]:
			add(s.errorAt(key, "the goal %v is not a cheese spot, expected a cell marked G (or one an event puts cheese on)", g.Cell))
		case seen[g.Cell]:
			add(s.errorAt(key, "the goal %v is given twice, expected one reward per cell", g.Cell))
		case !finite(g.Reward) || g.Reward < -1e6 || g.Reward > 1e6:
			add(s.errorAt(key, "the goal's reward %v is out of range, expected a number in -1e+06..1e+06", g.Reward))
		}
		seen[g.Cell] = true
	}
	if len(s.Regions) > MaxRegions {
		add(&Error{File: s.Source, Msg: fmt.Sprintf("%d regions, expected at most %d", len(s.Regions), MaxRegions)})
	}
	names := map[string]bool{}
	for _, r := range s.Regions {
		pos := Pos{r.Line, r.Col}
		if names[r.Name] {
			add(s.errorAtPos(pos, r.Line > 0, "the region %s is given twice, expected each name once", r.Name))
		}
		names[r.Name] = true
		for _, c := range r.Cells {
			if !m.In(c) {
				add(s.errorAtPos(pos, r.Line > 0, "the region %s's cell %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", r.Name, c, m.W, m.H, m.H-1, m.W-1))
				break
			}
		}
	}
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
	switch {
	case e.AtTrial > 0 && e.AtStep >= 0:
		add(s.errorAtEvent(e, "the event has both at_step and at_trial, expected one of them"))
	case e.AtTrial <= 0 && e.AtStep < 0:
		add(s.errorAtEvent(e, "the event has no time, expected at_step (0 or more) or at_trial (1 or more)"))
	case e.AtStep > MaxStep:
		add(s.errorAtEvent(e, "at_step %d is out of range, expected at most %d", e.AtStep, MaxStep))
	case e.AtTrial > MaxTrial:
		add(s.errorAtEvent(e, "at_trial %d is out of range, expected at most %d", e.AtTrial, MaxTrial))
	case e.Every < 0 || e.Every > MaxStep:
		add(s.errorAtEvent(e, "every %d is out of range, expected 1..%d (or 0 for once)", e.Every, MaxStep))
	case e.Times < 0 || e.Times > 0 && e.Every == 0:
		add(s.errorAtEvent(e, "times %d without every, expected every: N with times", e.Times))
	case !(e.Chance >= 0 && e.Chance <= 1):
		add(s.errorAtEvent(e, "chance %v is out of range, expected a probability in 0..1", e.Chance))
	case e.Probe > 0 && e.AtTrial <= 0:
		add(s.errorAtEvent(e, "a probe at a step, expected probe in an event at_trial (a probe is a whole trial)"))
	case len(e.Items) > MaxItems:
		add(s.errorAtEvent(e, "%d changes in cycle or choose, expected at most %d", len(e.Items), MaxItems))
	}
	s.validateChange(e, e, add)
	for i := range e.Items {
		it := &e.Items[i]
		if it.AtStep >= 0 || it.AtTrial > 0 || it.Every != 0 || it.Times != 0 || it.Chance != 0 || len(it.Items) > 0 {
			add(s.errorAtEvent(it, "a change in cycle or choose has its own time, expected changes only (the time belongs to the event)"))
		}
		if it.Probe > 0 && e.AtTrial <= 0 {
			add(s.errorAtEvent(it, "a probe at a step, expected probe in an event at_trial (a probe is a whole trial)"))
		}
		s.validateChange(e, it, add)
	}
}

// validateChange checks the changes of c (an event or one of its items)
// against the maze alone; checkSchedule checks them against the world as
// it is when they happen.
func (s *Scenario) validateChange(e, c *Event, add func(*Error)) {
	m := s.Maze
	pos := c
	if c.Line == 0 {
		pos = e
	}
	for _, group := range [][]byte{c.Open, c.Close} {
		for _, l := range group {
			if !s.allDeclared().Open(l) {
				add(s.errorAtEvent(pos, "the event names door %q, which is not declared, expected one of the doors: %s", string(l), doorList(s.allDeclared())))
			}
		}
	}
	for _, g := range c.Cheese {
		if !m.In(g) {
			add(s.errorAtEvent(pos, "cheese cell %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", g, m.W, m.H, m.H-1, m.W-1))
		}
	}
	if c.Rat != nil && !m.In(*c.Rat) {
		add(s.errorAtEvent(pos, "rat cell %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", *c.Rat, m.W, m.H, m.H-1, m.W-1))
	}
	if r := c.Reward; r != nil {
		for _, v := range []*float64{r.Cheese, r.Step, r.Bump} {
			if v != nil && (!finite(*v) || *v < -1e6 || *v > 1e6) {
				add(s.errorAtEvent(pos, "reward %v is out of range, expected a number in -1e+06..1e+06", *v))
			}
		}
	}
	for _, w := range c.Walls {
		switch {
		case !m.In(w.Cell):
			add(s.errorAtEvent(pos, "wall cell %v lies outside the %dx%d maze, expected row 0..%d and col 0..%d", w.Cell, m.W, m.H, m.H-1, m.W-1))
		case m.Style == ThinWalls && m.OnBoundary(w.Cell, w.Side):
			add(s.errorAtEvent(pos, "the wall on the %s side of %v is part of the outline, expected an inner wall: the boundary stays closed", w.Side, w.Cell))
		case m.Style == Blocks && w.Add && w.Cell == m.Start:
			add(s.errorAtEvent(pos, "the event puts a wall on the start %v, expected another cell", w.Cell))
		}
	}
	if c.Probe < 0 || c.Probe > MaxStep {
		add(s.errorAtEvent(pos, "probe %d is out of range, expected 1..%d steps", c.Probe, MaxStep))
	}
	if r := c.Maze; r != nil {
		switch {
		case r.Maze == nil:
			add(s.errorAtEvent(pos, "the maze %s was not read, expected a maze file, a built-in scenario or an entry of mazes", r.Name))
		case r.Maze.W != m.W || r.Maze.H != m.H:
			lp, _ := s.pos[LayoutPos]
			add(s.errorAtEvent(pos, "the maze %s is %dx%d cells (%s:%d:%d), expected %dx%d like this scenario's layout (%s:%d:%d)",
				r.Name, r.Maze.W, r.Maze.H, r.Source, r.layout.Line, r.layout.Col, m.W, m.H, s.Source, lp.Line, lp.Col))
		case r.Maze.Style != m.Style:
			add(s.errorAtEvent(pos, "the maze %s is drawn with %s (%s:%d:%d), expected %s like this scenario's layout",
				r.Name, styleWords(r.Maze.Style), r.Source, r.layout.Line, r.layout.Col, styleWords(m.Style)))
		}
	}
}

func styleWords(st Style) string {
	if st == ThinWalls {
		return "thin walls"
	}
	return "blocks"
}

// allDeclared returns the door groups declared by the scenario or by any
// maze its events switch to.
func (s *Scenario) allDeclared() Doors {
	d := s.Declared
	for _, r := range s.Mazes {
		d |= r.Decl
	}
	return d
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
