package world

import "bytes"

// Equal reports whether s and o describe the same scenario: every setting,
// the door groups, the events and the maze. Source and source positions are
// not compared. Wall changes in a block maze name cells, so their Side is
// ignored there.
func (s *Scenario) Equal(o *Scenario) bool {
	if s == nil || o == nil {
		return s == o
	}
	if s.Name != o.Name || s.Description != o.Description ||
		s.Cell != o.Cell || s.WallWidth != o.WallWidth || s.Seed != o.Seed ||
		s.Control != o.Control || s.ControlEvery != o.ControlEvery || s.TicksPerSecond != o.TicksPerSecond ||
		s.Rat != o.Rat || s.Sensors != o.Sensors || s.Reward != o.Reward || s.OnCheese != o.OnCheese ||
		s.Doors != o.Doors || s.Declared != o.Declared {
		return false
	}
	if (s.Maze == nil) != (o.Maze == nil) || s.Maze != nil && !s.Maze.Equal(o.Maze) {
		return false
	}
	if len(s.Events) != len(o.Events) {
		return false
	}
	sides := s.Maze == nil || s.Maze.Style != Blocks
	for i := range s.Events {
		if !s.Events[i].equal(&o.Events[i], sides) {
			return false
		}
	}
	return true
}

// equal compares two events but for their source position.
func (e *Event) equal(o *Event, sides bool) bool {
	if e.AtStep != o.AtStep || e.AtTrial != o.AtTrial ||
		!bytes.Equal(e.Open, o.Open) || !bytes.Equal(e.Close, o.Close) {
		return false
	}
	// A nil Cheese leaves the cheese alone; an empty one is a (bad) move.
	if (e.Cheese == nil) != (o.Cheese == nil) || len(e.Cheese) != len(o.Cheese) {
		return false
	}
	for i := range e.Cheese {
		if e.Cheese[i] != o.Cheese[i] {
			return false
		}
	}
	if (e.Reward == nil) != (o.Reward == nil) ||
		e.Reward != nil && !(equalPtr(e.Reward.Cheese, o.Reward.Cheese) && equalPtr(e.Reward.Step, o.Reward.Step) && equalPtr(e.Reward.Bump, o.Reward.Bump)) {
		return false
	}
	if len(e.Walls) != len(o.Walls) {
		return false
	}
	for i, w := range e.Walls {
		v := o.Walls[i]
		if w.Cell != v.Cell || w.Add != v.Add || sides && w.Side != v.Side {
			return false
		}
	}
	return equalPtr(e.Rat, o.Rat)
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
