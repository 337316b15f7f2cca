package agent

import (
	"math"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// optionOutcome is how an option ended.
type optionOutcome uint8

const (
	optRunning   optionOutcome = iota
	optArrived                 // the body reached the neighbouring place
	optBlocked                 // a wall stopped it; it came back
	optElsewhere               // it ended up in a place it did not aim for
)

// driveCtl executes one option in wheels control: turn to face the
// neighbouring place, drive to its centre keeping off the walls, and, if a
// wall stops it, back up to where it started. With the place sensor, the
// sensor gives a fix when the body crosses into the next place, the
// odometry measures the rest and the side rays keep it in the corridor's
// middle; without it, the agent's tracked pose does all three (ctlPose).
type driveCtl struct {
	from, to  int
	side      world.Side
	entered   bool
	travelled float64 // metres since entering the target place
	progress  float64 // metres driven towards the target since the start
	stalled   int     // steps pushing against something without progress
	backing   bool
	steps     int
}

const (
	ctlTurnAt     = 0.35 // rad: turn on the spot above this heading error
	ctlTurnGain   = 1.0  // wheel command per rad while turning on the spot
	ctlHeadGain   = 1.2  // steering per rad while driving
	ctlLaneGain   = 3.0  // steering per metre off the corridor's middle
	ctlSteerMax   = 0.5
	ctlArriveTol  = 0.02 // m short of the centre counts as arrived
	ctlMaxSteps   = 80   // an option that takes longer than this has failed
	ctlStallSteps = 2
)

func (c *driveCtl) begin(from, to int, side world.Side) {
	*c = driveCtl{from: from, to: to, side: side}
}

// update takes the observation that begins a step during the option, the
// place the body is in (the place sensor's, or the agent's belief), and
// returns the option's outcome and, while it runs, the wheel commands.
// heading is the body's heading (rad, CCW from east) from the compass.
func (c *driveCtl) update(obs sim.Observation, place int, pose ctlPose, spec *sim.ObservationSpec, heading float64) (optionOutcome, sim.Action) {
	c.steps++
	moved := obs.Forward * obs.Duration
	cell := spec.Cell
	switch {
	case obs.Ate:
		return optArrived, sim.Action{}
	case place == c.to && !c.entered && !c.backing:
		c.entered = true
		// The crossing happened somewhere in the last step: take the middle.
		c.travelled = moved / 2
	case c.entered:
		c.travelled += moved
	}
	if place != c.from && place != c.to {
		return optElsewhere, sim.Action{}
	}
	if !c.backing {
		c.progress += moved
	} else {
		c.progress += moved // negative while reversing
	}
	if c.steps > ctlMaxSteps {
		if place == c.to {
			return optArrived, sim.Action{}
		}
		return optBlocked, sim.Action{}
	}

	want := c.side.Angle()
	e := world.WrapAngle(want - heading)

	if c.backing {
		if c.progress <= ctlArriveTol || place != c.from {
			return optBlocked, sim.Action{}
		}
		v := -math.Min(1, math.Max(0.15, c.progress/0.15))
		u := clamp(ctlHeadGain*e, -ctlSteerMax, ctlSteerMax)
		return optRunning, ctlWheels(v, u)
	}

	along, lateral := pose.errors(want)
	if c.entered && (pose.ok && along <= ctlArriveTol || !pose.ok && c.travelled >= cell/2-ctlArriveTol) {
		return optArrived, sim.Action{}
	}
	if math.Abs(e) > ctlTurnAt {
		u := clamp(ctlTurnGain*e, -1, 1)
		return optRunning, sim.Action{Left: -u, Right: u}
	}

	// Blocked: touching ahead-ish without getting anywhere.
	if obs.Touch && math.Abs(obs.TouchAngle) < math.Pi/3 && moved < 0.01 {
		c.stalled++
	} else {
		c.stalled = 0
	}
	if c.stalled >= ctlStallSteps && !c.entered {
		c.backing = true
		return optRunning, ctlWheels(-0.5, 0)
	}

	remaining := cell/2 - c.travelled
	if !c.entered {
		remaining = cell
	}
	lane := laneError(obs, spec)
	if pose.ok {
		remaining, lane = along, lateral
	}
	v := math.Min(1, math.Max(0.15, remaining/0.25))
	u := ctlHeadGain*e + ctlLaneGain*lane
	return optRunning, ctlWheels(v, clamp(u, -ctlSteerMax, ctlSteerMax))
}

// ctlPose is where an agent that tracks its pose believes the body is and
// the centre of the place the option drives to. With it (ok) the
// controller steers onto the line between the places' centres and stops at
// the target's centre by the pose; without it, by the side rays and the
// distance driven since the place sensor said the body crossed.
type ctlPose struct {
	ok           bool
	x, y, tx, ty float64
}

// errors returns how far the target centre is ahead along heading want,
// and how far the body is right of the line through it (positive: steer
// left).
func (p ctlPose) errors(want float64) (along, lateral float64) {
	if !p.ok {
		return 0, 0
	}
	s, c := math.Sincos(want)
	dx, dy := p.tx-p.x, p.ty-p.y
	return dx*c + dy*s, -dx*s + dy*c
}

// laneError estimates how far the body is right of the corridor's middle
// (positive: steer left) from the rays nearest to each side. Where only
// one side has a wall close by it keeps half a cell from it; where neither
// has, it says nothing.
func laneError(obs sim.Observation, spec *sim.ObservationSpec) float64 {
	left, right := -1.0, -1.0
	bestL, bestR := 0.5, 0.5 // accept rays within ~30° of the side
	for i, a := range spec.RayAngles {
		if d := math.Abs(a - math.Pi/2); d < bestL {
			bestL, left = d, obs.Rays[i]*spec.RayRange*math.Abs(math.Sin(a))
		}
		if d := math.Abs(a + math.Pi/2); d < bestR {
			bestR, right = d, obs.Rays[i]*spec.RayRange*math.Abs(math.Sin(a))
		}
	}
	near := 0.8 * spec.Cell
	half := spec.Cell / 2
	switch {
	case left >= 0 && right >= 0 && left < near && right < near:
		return (left - right) / 2
	case left >= 0 && left < near:
		return left - half*0.9
	case right >= 0 && right < near:
		return half*0.9 - right
	}
	return 0
}

func ctlWheels(v, u float64) sim.Action {
	return sim.Action{Left: clamp(v-u, -1, 1), Right: clamp(v+u, -1, 1)}
}
