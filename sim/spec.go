package sim

import (
	"fmt"
	"math"

	"github.com/mazerat/mazerat/world"
)

// Observation is what the rat's body reports to the agent at the start of
// a step: the readings of every sensor the scenario switched on, and the
// outcome (reward, cheese) of the step before. Fields of sensors that are
// off hold their zero value (Place holds -1).
//
// Rays is owned by the World and overwritten by its next step; an agent
// that keeps readings must copy them.
type Observation struct {
	Step int64 // index of the step this observation begins; 0 at birth

	Rays []float64 // range readings in [0, 1], fraction of the ray range; 1 means nothing within range

	Touch      bool    // the body touched a wall during the last step
	TouchAngle float64 // where, as a body-frame angle in radians (0 ahead, counter-clockwise positive)

	Compass [2]float64 // heading as (sin, cos)

	// Odometry: the body-frame forward speed (m/s) and turn rate (rad/s)
	// averaged over the last step, with Gaussian noise, and how long the
	// last step lasted (s) by the body's own clock.
	Forward, Turn float64
	Duration      float64

	Place int // index of the cell the body is in (row*W + col); -1 when the sensor is off

	Reward float64 // reward of the last step (0 when the sensor is off)
	Ate    bool    // the rat ate cheese during the last step: a trial ended
}

// Action is the agent's command for one step. In wheels control Left and
// Right are wheel commands in [-1, 1]; in moves control Move names the
// neighbouring cell to go to.
type Action struct {
	Left, Right float64
	Move        world.Side
}

// ActionSpec describes the actions a world accepts.
type ActionSpec struct {
	Control        world.Control
	WheelMin       float64 // -1
	WheelMax       float64 // +1
	NumMoves       int     // 4: N, E, S, W
	TicksPerStep   int     // ticks per step in wheels control
	MaxSpeed       float64 // m/s at full command on both wheels
	MaxTurn        float64 // rad/s at opposite full commands
	SecondsPerTick float64
}

// Validate reports whether a is a valid action under the spec.
func (s ActionSpec) Validate(a Action) error {
	if s.Control == world.Moves {
		if int(a.Move) >= s.NumMoves {
			return fmt.Errorf("move %d is not a move, expected 0..%d (N, E, S, W)", a.Move, s.NumMoves-1)
		}
		return nil
	}
	if !(a.Left >= s.WheelMin && a.Left <= s.WheelMax) || !(a.Right >= s.WheelMin && a.Right <= s.WheelMax) {
		return fmt.Errorf("wheel commands (%g, %g) out of range, expected both in [%g, %g]", a.Left, a.Right, s.WheelMin, s.WheelMax)
	}
	return nil
}

// ObservationSpec describes the observations a world produces: which
// sensors are on, their sizes and bounds. It tells an agent what its body
// is like, never where it is.
type ObservationSpec struct {
	Rays      int
	RayAngles []float64 // body-frame angle of each ray, radians
	RayRange  float64   // metres

	Touch, Compass, Odometry, Place, Reward bool

	NumPlaces int     // W*H when Place is on
	PlaceW    int     // the place grid's width (places are row*PlaceW + col)
	PlaceH    int     // and height
	Cell      float64 // metres per cell: the body knows the size of a square of its maze

	MaxSpeed float64 // bounds of the odometry readings before noise
	MaxTurn  float64
}

// Validate reports whether o is consistent with the spec: sizes, bounds,
// finite numbers, and zero values for sensors that are off.
func (s ObservationSpec) Validate(o Observation) error {
	if len(o.Rays) != s.Rays {
		return fmt.Errorf("observation has %d rays, expected %d", len(o.Rays), s.Rays)
	}
	for i, r := range o.Rays {
		if !(r >= 0 && r <= 1) {
			return fmt.Errorf("ray %d reads %g, expected a value in [0, 1]", i, r)
		}
	}
	if o.Step < 0 {
		return fmt.Errorf("step %d, expected 0 or more", o.Step)
	}
	for _, v := range [...]float64{o.TouchAngle, o.Compass[0], o.Compass[1], o.Forward, o.Turn, o.Duration, o.Reward} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("observation holds %g, expected finite numbers", v)
		}
	}
	if s.Compass {
		if n := math.Hypot(o.Compass[0], o.Compass[1]); math.Abs(n-1) > 1e-9 {
			return fmt.Errorf("compass (%g, %g) has length %g, expected 1", o.Compass[0], o.Compass[1], n)
		}
	} else if o.Compass != [2]float64{} {
		return fmt.Errorf("compass is off but reads (%g, %g)", o.Compass[0], o.Compass[1])
	}
	if !s.Touch && (o.Touch || o.TouchAngle != 0) {
		return fmt.Errorf("touch is off but reads %v at %g", o.Touch, o.TouchAngle)
	}
	if !s.Odometry && (o.Forward != 0 || o.Turn != 0) {
		return fmt.Errorf("odometry is off but reads (%g, %g)", o.Forward, o.Turn)
	}
	if s.Place {
		if o.Place < 0 || o.Place >= s.NumPlaces {
			return fmt.Errorf("place %d, expected 0..%d", o.Place, s.NumPlaces-1)
		}
	} else if o.Place != -1 {
		return fmt.Errorf("place sensor is off but reads %d, expected -1", o.Place)
	}
	if !s.Reward && o.Reward != 0 {
		return fmt.Errorf("reward sensor is off but reads %g", o.Reward)
	}
	return nil
}
