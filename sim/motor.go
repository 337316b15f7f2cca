package sim

import (
	"math"

	"github.com/mazerat/mazerat/world"
)

// motor is the body's own motor program for moves control, as Theseus's
// carriage moved the mouse square by square: turn on the spot to face the
// neighbouring cell, drive to its centre, and if a wall stops the body,
// back up to the centre of the cell it came from. It only sets wheel
// speeds; the physics decides where the body goes.
type motor struct {
	phase   motorPhase
	from    world.Cell
	heading float64 // target heading, unwrapped near the body's angle
	tx, ty  float64 // the point driven to
	best    float64 // closest distance to the point so far
	stall   int     // ticks without progress
	done    bool
}

type motorPhase uint8

const (
	phaseTurn motorPhase = iota
	phaseDrive
	phaseBack
)

const (
	turnGain      = 20.0  // rad/s per rad of heading error
	turnTolerance = 0.03  // rad: close enough to start driving
	driveAccel    = 3.0   // m/s²: the speed profile brakes to arrive at rest
	arriveWithin  = 0.003 // m
	laneGain      = 4.0   // rad of heading per m off the line between centres
	laneMax       = 0.4   // rad
	stallTicks    = 12    // ticks without 1 mm of progress: a wall is in the way
)

func (m *motor) begin(w *World, d world.Side) {
	angle := w.rat.Angle()
	m.phase = phaseTurn
	m.from = w.cell
	m.heading = angle + world.WrapAngle(d.Angle()-angle)
	to := w.cell.Step(d)
	m.tx, m.ty = w.centre(to)
	m.best = math.Inf(1)
	m.stall = 0
	m.done = false
}

// command returns the forward speed and turn rate for this tick.
func (m *motor) command(w *World) (v, om float64) {
	if m.done {
		return 0, 0
	}
	angle := w.rat.Angle()
	maxTurn := w.maxTurn()
	if m.phase == phaseTurn {
		err := m.heading - angle
		if math.Abs(err) > turnTolerance {
			return 0, clamp(turnGain*err, -maxTurn, maxTurn)
		}
		m.phase = phaseDrive
	}
	p := w.rat.Position()
	s, c := math.Sincos(m.heading)
	dx, dy := m.tx-p.X, m.ty-p.Y
	along := dx*c + dy*s
	lat := -dx*s + dy*c
	dist := math.Abs(along)
	if dist < arriveWithin {
		m.done = true
		return 0, 0
	}
	if dist < m.best-0.001 {
		m.best, m.stall = dist, 0
	} else if m.stall++; m.stall > stallTicks {
		if m.phase == phaseBack {
			m.done = true // wedged: give up where it is
			return 0, 0
		}
		m.phase = phaseBack
		m.tx, m.ty = w.centre(m.from)
		m.best, m.stall = math.Inf(1), 0
	}
	speed := math.Min(w.sc.Rat.MaxSpeed, math.Sqrt(2*driveAccel*dist))
	if along < 0 {
		speed = -speed
		lat = -lat
	}
	target := m.heading + clamp(laneGain*lat, -laneMax, laneMax)
	return speed, clamp(turnGain*(target-angle), -maxTurn, maxTurn)
}
