package world

import (
	"cmp"
	"fmt"
	"slices"
)

// The schedule checked against the world as it will be.
//
// checkSchedule plays the events' firings in time order and checks each
// against the maze, doors and cheese it leaves: no cheese, start or rat on
// a wall or a closed door, and, when trials have no time limit, some
// cheese reachable from every start. Step events and trial events are
// played on two timelines, each from the world at birth: which of them
// comes first depends on how fast the rat is, so at run time the world
// guards the rest (see sim). A repeating event is played until each of its
// changes has been checked (len(Items)+1 firings, at least 2), a random
// choice checks every item against the world before the firing and goes on
// with the first, and a chance is taken as a firing.

// maxScheduleWork bounds the cells visited by checkSchedule's searches, so
// that checking a large maze with many events stays well under a second.
const maxScheduleWork = 50_000_000

// firing is one firing of an event on a timeline.
type firing struct {
	time  int64
	index int   // the event's index in the schedule
	k     int64 // the firing's number, from 0
}

// timelineState is the world as a timeline leaves it.
type timelineState struct {
	m     *Maze
	doors Doors
	spots []Cell
}

func (s *Scenario) checkSchedule(add func(*Error)) {
	if len(s.Events) == 0 {
		return
	}
	work := 0
	budget := maxScheduleWork
	for _, trials := range []bool{false, true} {
		var fs []firing
		for i := range s.Events {
			e := &s.Events[i]
			if (e.AtTrial > 0) != trials {
				continue
			}
			n := int64(max(len(e.Items)+1, 2))
			if f := e.Firings(); f > 0 {
				n = min(n, f)
			}
			for k := int64(0); k < n; k++ {
				fs = append(fs, firing{time: e.FireTime(k), index: i, k: k})
			}
		}
		slices.SortStableFunc(fs, func(a, b firing) int {
			if c := cmp.Compare(a.time, b.time); c != 0 {
				return c
			}
			return cmp.Compare(a.index, b.index)
		})
		st := timelineState{m: s.Maze.Clone(), doors: s.Doors, spots: append([]Cell(nil), s.Maze.Cheese...)}
		reported := map[int]bool{}
		for _, f := range fs {
			if work > budget {
				return
			}
			e := &s.Events[f.index]
			var item *Event
			if len(e.Items) > 0 {
				if e.Random {
					// Every item must fit the world it may meet.
					for j := range e.Items {
						probe := st.clone()
						probe.apply(&e.Items[j])
						if err := s.checkFiring(probe, e, &e.Items[j], f, &work); err != nil && !reported[f.index] {
							reported[f.index] = true
							add(err)
						}
					}
					item = &e.Items[0]
				} else {
					item = &e.Items[f.k%int64(len(e.Items))]
				}
			}
			st.apply(e)
			if item != nil {
				st.apply(item)
			}
			if reported[f.index] {
				break // the rest of the timeline follows from a world already wrong
			}
			if err := s.checkFiring(st, e, item, f, &work); err != nil {
				add(err)
				break
			}
		}
	}
}

func (st timelineState) clone() timelineState {
	return timelineState{m: st.m.Clone(), doors: st.doors, spots: append([]Cell(nil), st.spots...)}
}

// apply makes the changes of e (not its items) to the timeline's world.
func (st *timelineState) apply(e *Event) {
	if r := e.Maze; r != nil && r.Maze != nil && r.Maze.W == st.m.W && r.Maze.H == st.m.H && r.Maze.Style == st.m.Style {
		st.m = r.Maze.Clone()
		st.doors = r.Doors
		st.spots = append(st.spots[:0], r.Maze.Cheese...)
	}
	for _, l := range e.Open {
		st.doors = st.doors.With(l, true)
	}
	for _, l := range e.Close {
		st.doors = st.doors.With(l, false)
	}
	for _, wc := range e.Walls {
		if !st.m.In(wc.Cell) {
			continue
		}
		v := NoWall
		if wc.Add {
			v = Solid
		}
		if st.m.Style == Blocks {
			st.m.SetCell(wc.Cell, v)
		} else if !st.m.OnBoundary(wc.Cell, wc.Side) {
			st.m.SetEdge(wc.Cell, wc.Side, v)
		}
	}
	if e.Cheese != nil {
		st.spots = append(st.spots[:0], e.Cheese...)
	}
}

// checkFiring checks the world a firing of e (with item, if any) leaves.
func (s *Scenario) checkFiring(st timelineState, e, item *Event, f firing, work *int) *Error {
	m := st.m
	at := e
	if item != nil && item.Line > 0 {
		at = item
	}
	when := fmt.Sprintf("at step %d", f.time)
	if e.AtTrial > 0 {
		when = fmt.Sprintf("when trial %d begins", f.time)
	}
	if e.Repeats() || len(e.Items) > 0 {
		when += fmt.Sprintf(" (firing %d)", f.k+1)
	}
	for _, g := range st.spots {
		if m.In(g) && m.Cell(g).Blocks(st.doors) {
			return s.errorAtEvent(at, "%s the cheese %v stands on %s, expected cheese on open cells", when, g, wallWords(m.Cell(g)))
		}
	}
	var rat *Cell
	for _, c := range []*Event{e, item} {
		if c != nil && c.Rat != nil {
			rat = c.Rat
		}
	}
	if rat != nil && m.In(*rat) && m.Cell(*rat).Blocks(st.doors) {
		return s.errorAtEvent(at, "%s the rat is carried onto %s at %v, expected an open cell", when, wallWords(m.Cell(*rat)), *rat)
	}
	starts := s.Starts
	if len(starts) == 0 {
		starts = []Cell{m.Start}
	}
	for _, c := range starts {
		if m.In(c) && m.Cell(c).Blocks(st.doors) {
			return s.errorAtEvent(at, "%s the start %v is under %s, expected the starts open", when, c, wallWords(m.Cell(c)))
		}
	}
	if s.MaxSteps > 0 {
		return nil // a trial without reachable cheese ends by time
	}
	from := starts
	if rat != nil {
		from = append(append([]Cell(nil), starts...), *rat)
	}
	var o Oracle
	for _, c := range from {
		*work += m.NumCells()
		if !m.In(c) {
			continue
		}
		if o.Moves(m, st.doors, c, st.spots) == Unreachable {
			what := "no cheese can be reached"
			if len(st.spots) == 0 {
				what = "there is no cheese"
			}
			return s.errorAtEvent(at, "%s %s from %v and trials have no time limit, so the trial could never end: expected a path to a G, or trial: {max_steps: N}", when, what, c)
		}
	}
	return nil
}

func wallWords(w Wall) string {
	if w.IsDoor() {
		return fmt.Sprintf("door %c, closed then", w.Letter())
	}
	return "a wall"
}
