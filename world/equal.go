package world

import (
	"bytes"
	"slices"
)

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
		s.Doors != o.Doors || s.Declared != o.Declared || s.Rearm != o.Rearm || s.MaxSteps != o.MaxSteps ||
		s.StartOrder != o.StartOrder || !slices.Equal(s.Starts, o.Starts) || !slices.Equal(s.Goals, o.Goals) ||
		!slices.EqualFunc(s.Regions, o.Regions, func(a, b Region) bool { return a.Name == b.Name && slices.Equal(a.Cells, b.Cells) }) ||
		!slices.EqualFunc(s.Mazes, o.Mazes, func(a, b *MazeRef) bool { return a.equal(b) }) {
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
	if e.AtStep != o.AtStep || e.AtTrial != o.AtTrial || e.Every != o.Every || e.Times != o.Times || e.Chance != o.Chance ||
		e.Probe != o.Probe || e.Random != o.Random || len(e.Items) != len(o.Items) ||
		!bytes.Equal(e.Open, o.Open) || !bytes.Equal(e.Close, o.Close) {
		return false
	}
	if (e.Maze == nil) != (o.Maze == nil) || e.Maze != nil && !e.Maze.equal(o.Maze) {
		return false
	}
	for i := range e.Items {
		if !e.Items[i].equal(&o.Items[i], sides) {
			return false
		}
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

// equal compares two maze references by name and content.
func (r *MazeRef) equal(o *MazeRef) bool {
	if r == nil || o == nil {
		return r == o
	}
	if r.Name != o.Name || r.Doors != o.Doors || r.Decl != o.Decl || (r.Maze == nil) != (o.Maze == nil) {
		return false
	}
	return r.Maze == nil || r.Maze.Equal(o.Maze)
}
