package world

// Oracle answers shortest-path questions about a maze with a given door
// state: the fewest moves between cells, the path, and its length in
// metres along cell centres. It reuses its buffers, so asking it once per
// trial allocates nothing after the first question. An Oracle is not safe
// for concurrent use; give each goroutine its own.
type Oracle struct {
	dist  []int32
	queue []int32
}

// Unreachable is the distance reported for a cell that cannot be reached.
const Unreachable = -1

// Distances returns the fewest moves from `from` to every cell (row-major
// place index), Unreachable where there is no path. The slice is owned by
// the oracle and overwritten by its next question.
func (o *Oracle) Distances(m *Maze, doors Doors, from Cell) []int32 {
	n := m.NumCells()
	if cap(o.dist) < n {
		o.dist = make([]int32, n)
		o.queue = make([]int32, 0, n)
	}
	o.dist = o.dist[:n]
	for i := range o.dist {
		o.dist[i] = Unreachable
	}
	if !m.Open(from, doors) {
		return o.dist
	}
	q := o.queue[:0]
	start := int32(m.Index(from))
	o.dist[start] = 0
	q = append(q, start)
	for head := 0; head < len(q); head++ {
		i := q[head]
		c := m.CellAt(int(i))
		for _, s := range Sides {
			if !m.Passable(c, s, doors) {
				continue
			}
			j := int32(m.Index(c.Step(s)))
			if o.dist[j] == Unreachable {
				o.dist[j] = o.dist[i] + 1
				q = append(q, j)
			}
		}
	}
	o.queue = q
	return o.dist
}

// Moves returns the fewest moves from `from` to the nearest of `to`, or
// Unreachable if none can be reached.
func (o *Oracle) Moves(m *Maze, doors Doors, from Cell, to []Cell) int {
	dist := o.Distances(m, doors, from)
	best := Unreachable
	for _, t := range to {
		if !m.In(t) {
			continue
		}
		if d := int(dist[m.Index(t)]); d != Unreachable && (best == Unreachable || d < best) {
			best = d
		}
	}
	return best
}

// Metres returns the length of a path of the given number of moves along
// cell centres in a maze of the given cell size.
func Metres(moves int, cell float64) float64 { return float64(moves) * cell }

// Path returns a shortest path from `from` to `to`, both ends included, or
// nil if `to` cannot be reached. Among equal paths it prefers moves in the
// order N, E, S, W from the end, so the answer is deterministic.
func (o *Oracle) Path(m *Maze, doors Doors, from, to Cell) []Cell {
	if !m.In(to) {
		return nil
	}
	dist := o.Distances(m, doors, from)
	d := dist[m.Index(to)]
	if d == Unreachable {
		return nil
	}
	path := make([]Cell, d+1)
	c := to
	path[d] = c
	for k := d; k > 0; k-- {
		for _, s := range Sides {
			if !m.Passable(c, s, doors) {
				continue
			}
			n := c.Step(s)
			if dist[m.Index(n)] == k-1 {
				c = n
				break
			}
		}
		path[k-1] = c
	}
	return path
}

// DoorsAt returns the door state that the scenario's schedule gives at the
// beginning of the given step during the given trial (1-based), applying
// every due event in file order. Interventions made at run time are not in
// the schedule; the simulator tracks those itself.
func (s *Scenario) DoorsAt(step int64, trial int) Doors {
	d := s.Doors
	for _, e := range s.Events {
		if !e.dueBy(step, trial) {
			continue
		}
		for _, l := range e.Open {
			d = d.With(l, true)
		}
		for _, l := range e.Close {
			d = d.With(l, false)
		}
	}
	return d
}

func (e *Event) dueBy(step int64, trial int) bool {
	if e.AtTrial > 0 {
		return e.AtTrial <= trial
	}
	return e.AtStep <= step
}
