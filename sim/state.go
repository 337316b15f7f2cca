package sim

import (
	"github.com/jakecoffman/cp/v2"
	"github.com/mazerat/mazerat/world"
)

// The accessors below report ground truth for the lab, the renderer and
// tests. Agents never see them: an agent gets only Observations.

// Scenario returns the scenario the world was built from (do not change it).
func (w *World) Scenario() *world.Scenario { return w.sc }

// Seed returns the lifetime's seed.
func (w *World) Seed() uint64 { return w.seed }

// Maze returns the maze as it stands now, after events (do not change it;
// use Apply).
func (w *World) Maze() *world.Maze { return w.maze }

// Doors returns which door groups are open now.
func (w *World) Doors() world.Doors { return w.doors }

// Reward returns the rewards in force now.
func (w *World) Reward() world.Reward { return w.reward }

// Cheese returns the cells holding cheese now (do not change the slice).
func (w *World) Cheese() []world.Cell { return w.cheese }

// Walls returns the boxes of every wall blocking now (do not change them).
func (w *World) Walls() []Rect { return w.geom.rects }

// Pose returns the body's position (metres) and heading (radians,
// counter-clockwise from east, not wrapped).
func (w *World) Pose() (x, y, heading float64) {
	p := w.rat.Position()
	return p.X, p.Y, w.rat.Angle()
}

// Velocity returns the body's linear (m/s) and angular (rad/s) velocity.
func (w *World) Velocity() (vx, vy, om float64) {
	v := w.rat.Velocity()
	return v.X, v.Y, w.rat.AngularVelocity()
}

// Cell returns the cell the body's centre is in.
func (w *World) Cell() world.Cell { return w.cell }

// StepCount returns the number of steps completed since birth.
func (w *World) StepCount() int64 { return w.step }

// TickCount returns the number of ticks since birth.
func (w *World) TickCount() int64 { return w.tick }

// Trial returns the number of the trial under way, from 1.
func (w *World) Trial() int { return w.trial }

// CurrentTrial returns the record of the trial under way so far.
func (w *World) CurrentTrial() TrialRecord { return w.cur }

// TrialEnded returns the record of the trial that the last step ended, and
// whether it ended one.
func (w *World) TrialEnded() (TrialRecord, bool) { return w.last, w.lastEnded }

// Hash returns a hash of the body's trajectory so far (its pose at the end
// of every step): equal hashes mean the same lifetime.
func (w *World) Hash() uint64 { return w.hash }

// Space returns the physics space, for tests and debug drawing only.
func (w *World) Space() *cp.Space { return w.space }

// CellCentre returns the world coordinates of a cell's centre.
func (w *World) CellCentre(c world.Cell) (x, y float64) { return w.centre(c) }

// TotalReward returns the reward collected since birth (whether or not the
// agent senses it).
func (w *World) TotalReward() float64 { return w.totalReward }

// LastReward returns the reward of the last whole step.
func (w *World) LastReward() float64 { return w.stepReward }

// Applied returns every event applied so far, scheduled or made by hand,
// in order (do not change it). Its length grows only with events.
func (w *World) Applied() []AppliedEvent { return w.applied }
