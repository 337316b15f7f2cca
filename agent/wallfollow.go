package agent

import (
	"fmt"
	"math"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// wallfollow keeps one hand on the wall: the classic strategy that gets
// out of any maze whose exit lies on the wall it started on, and a fair
// baseline for a learner, since it needs no memory and never learns.
// Everything below is written for the right hand; the left hand is its
// mirror image (hand = -1 flips every body-frame angle and every turn).
type wallfollow struct {
	hand   int // +1 right hand, -1 left hand
	moves  bool
	spec   sim.ObservationSpec
	act    sim.ActionSpec
	radius float64 // the body's radius: MaxSpeed / MaxTurn, as the body knows it
	mv     moveFollower
	wh     wheelFollower
}

func newWallfollow(env Env, p Params) (Agent, error) {
	a := &wallfollow{moves: env.Act.Control == world.Moves, spec: env.Obs, act: env.Act}
	switch s := p.String("side"); s {
	case "right":
		a.hand = 1
	case "left":
		a.hand = -1
	default:
		return nil, fmt.Errorf("agent.side=%s: expected right or left", s)
	}
	var err error
	w := &a.wh
	if w.speed, err = p.Float("speed", 0.1, 1); err != nil {
		return nil, err
	}
	if w.distance, err = p.Float("distance", 0.3, 0.7); err != nil {
		return nil, err
	}
	if w.steer, err = p.Float("steer", 0.5, 50); err != nil {
		return nil, err
	}
	if len(env.Obs.RayAngles) != env.Obs.Rays {
		return nil, fmt.Errorf("wallfollow: observation spec has %d rays but %d ray angles", env.Obs.Rays, len(env.Obs.RayAngles))
	}
	if !(env.Obs.Cell > 0) {
		return nil, fmt.Errorf("wallfollow: cell size %g, expected a positive number of metres", env.Obs.Cell)
	}
	// The body knows its own size: at opposite full wheel commands it
	// turns at MaxSpeed / radius.
	a.radius = 0.24 * env.Obs.Cell
	if env.Act.MaxTurn > 0 && env.Act.MaxSpeed > 0 {
		a.radius = env.Act.MaxSpeed / env.Act.MaxTurn
	}
	a.mv.init(a)
	a.wh.init(a)
	return a, nil
}

func (a *wallfollow) Act(obs sim.Observation) sim.Action {
	if a.moves {
		return sim.Action{Move: a.mv.act(a, obs)}
	}
	return a.wh.act(a, obs)
}

func (a *wallfollow) View() View { return View{Name: "wallfollow"} }

// compassHeading returns the body's heading from the compass (rad, CCW
// from east).
func compassHeading(obs *sim.Observation) float64 { return math.Atan2(obs.Compass[0], obs.Compass[1]) }

// nearestRay returns the ray pointing closest to body-frame angle want and
// how far off it points; -1 when there are no rays.
func nearestRay(angles []float64, want float64) (int, float64) {
	best, off := -1, math.Inf(1)
	for i, r := range angles {
		if d := math.Abs(world.WrapAngle(r - want)); d < off {
			best, off = i, d
		}
	}
	return best, off
}

// ---------------------------------------------------------------------------
// Moves control: the right-hand rule cell by cell.

// moveTurns are the preferences of the rule as turns from the direction of
// travel, for the right hand: right, straight, left, back. (Side + 1 is a
// quarter turn clockwise: N → E.)
var moveTurns = [4]world.Side{1, 0, 3, 2}

// rayLookTolerance is how far a ray may point from a direction and still
// say whether that side of the cell is open. From a cell's centre a ray
// off the side's normal by α crosses the side (cell/2)·tan α from its
// middle, well inside an opening, and if the side is open it meets the
// next cell's side walls no nearer than (cell/2 - wall/2)/tan α along the
// normal: at π/8 (22.5°) that is 0.54 m in the default maze, beyond the
// threshold below (0.38 m). With the default 9 rays over 270° the side
// rays are 11.25° off and the front ray looks straight ahead; no ray looks
// back, so "back" is always tried.
const rayLookTolerance = math.Pi / 8

// moveFollower is the right-hand rule on the grid: at each cell prefer
// turning right, else straight, else left, else back, relative to the
// direction of the last move that got through. A side looks open if the
// ray nearest to it reaches further than one cell minus the body's radius
// (projected on the side's normal): from the centre of a cell a wall
// stands at half a cell less half a wall, the far wall of an open
// neighbour at one and a half cells less that, and cell - radius sits
// between the two with room to spare either way (0.38 m against 0.225 m
// and 0.725 m in the default maze). Where no ray looks (no rays, a narrow
// field of view, "back") the rule tries the move and learns from the
// bump: a move that ends touching a wall without getting a cell further
// was blocked, and the next preference is tried.
//
// The bare rule circles for ever round anything that is not joined to the
// maze's outline: four open cells with no wall between them in an open
// room (right, right, right, right), or a free-standing wall (the
// shortcut maze's, once its shortcut opens). So the follower counts its
// winding: a quarter turn towards the hand is -1, away +1, back +2.
// Following the outline once round sums to +4; going once round something
// held in the right hand sums to -4 and comes back to the same cell facing
// the same way. The follower knows where it is relative to where it was
// born (moves are whole cells, and it knows which got through), so it
// notes where it stood each time the winding reached a new low; standing
// at the same place, facing the same way, four quarter turns lower means
// it went round: it lets go, walks straight until it meets a wall, turns
// away from it and takes that wall in hand. A corridor spiralling in also
// winds low but never comes back to the same place, so in a perfect maze
// (whose walls all join the outline) the rule is the textbook one and
// each edge is walked at most twice.
type moveFollower struct {
	travel  world.Side // direction of the last move that got through
	facing  world.Side // direction the body faces: the last move tried (the motor turns to it and backs out of a bump without turning)
	faced   bool       // facing is known (a move has been made)
	pending bool       // a move was issued last step and its outcome is due
	last    world.Side // the move issued last step
	pref    int        // index into moveTurns being tried at this cell
	winding int        // quarter turns since the wall was taken in hand: towards the hand -1, away +1, back +2
	low     int        // the lowest winding since then
	lows    [8]pose    // where the body stood when the winding first reached each low, by -low mod 8
	at      pose       // where the body is, relative to where it was born (by its own count of moves)
	seeking bool       // no wall in hand: straight on until one is met
	blind   bool       // every preference failed here: stop trusting the rays at this cell
	started bool
}

// pose is a cell, relative to an origin, and a direction of travel.
type pose struct {
	dr, dc int
	travel world.Side
}

// grip starts counting the winding afresh: a wall was just taken in hand.
func (m *moveFollower) grip() {
	m.winding, m.low = 0, 0
	m.lows[0] = m.at
}

// nearestSide returns the side whose direction is nearest to world heading a.
func nearestSide(a float64) world.Side {
	q := int(math.Round(a/(math.Pi/2))) & 3 // 0 east, 1 north, 2 west, 3 south
	return [4]world.Side{world.East, world.North, world.West, world.South}[q]
}

func (m *moveFollower) init(a *wallfollow) {
	*m = moveFollower{travel: world.North}
	m.grip()
}

// turn returns the side reached by the preference with index k for a's hand.
func (m *moveFollower) turn(a *wallfollow, k int) world.Side {
	t := moveTurns[k]
	if a.hand < 0 {
		t = (4 - t) & 3
	}
	return (m.travel + t) & 3
}

func (m *moveFollower) act(a *wallfollow, obs sim.Observation) world.Side {
	if !m.started {
		// At birth the body has not travelled yet: take the way it faces
		// (north if it cannot tell) as the way it came.
		m.started = true
		if a.spec.Compass {
			m.travel = nearestSide(compassHeading(&obs))
		}
		m.at.travel = m.travel
		m.grip()
	}
	if m.pending {
		m.pending = false
		if a.blocked(&obs) {
			m.pref++
		} else {
			switch m.last {
			case m.turn(a, 0):
				m.winding--
			case m.turn(a, 2):
				m.winding++
			case m.turn(a, 3):
				m.winding += 2
			}
			turned := m.last != m.travel
			dr, dc := m.last.Delta()
			m.at = pose{m.at.dr + dr, m.at.dc + dc, m.last}
			m.travel = m.last
			m.pref, m.blind = 0, false
			switch {
			case m.seeking && turned:
				m.seeking = false // turned away from the wall met ahead: it is in hand now
				m.grip()
			case m.winding < m.low:
				m.low = m.winding
				if m.low <= -4 && m.lows[(-m.low-4)&7] == m.at {
					m.seeking = true // went round something: let go
				} else {
					m.lows[-m.low&7] = m.at
				}
			}
		}
	}
	if obs.Ate {
		// Eating may have carried the body back to the start: where it
		// is relative to before is unknown, so count afresh from here.
		m.grip()
	}
	heading, known := 0.0, false
	switch {
	case a.spec.Compass:
		heading, known = compassHeading(&obs), true
	case m.faced:
		heading, known = m.facing.Angle(), true
	}
	if m.seeking && m.pref == 0 {
		m.pref = 1 // no wall in hand: no hand-side turn either
	}
	var move world.Side
	for tries := 0; ; tries++ {
		if m.pref >= len(moveTurns) {
			// Everything failed here (a bump where a ray saw room, or a
			// birth facing into a dead end): try all four by touch.
			m.pref, m.blind = 0, true
		}
		move = m.turn(a, m.pref)
		if m.pref == len(moveTurns)-1 || m.blind || !known || tries > len(moveTurns) {
			break
		}
		if open, seen := a.looksOpen(&obs, heading, move.Angle()); !seen || open {
			break
		}
		m.pref++
	}
	m.last, m.pending = move, true
	m.facing, m.faced = move, true
	return move
}

// blocked says whether the move just made was stopped by a wall: the body
// touched one and (if odometry tells) did not get half a cell further.
// Without touch the odometry alone decides; with neither, every move is
// taken to have got through.
func (a *wallfollow) blocked(obs *sim.Observation) bool {
	moved := obs.Forward * obs.Duration
	switch {
	case a.spec.Touch && a.spec.Odometry:
		return obs.Touch && moved < a.spec.Cell/2
	case a.spec.Touch:
		return obs.Touch
	case a.spec.Odometry:
		return moved < a.spec.Cell/2
	}
	return false
}

// looksOpen reports whether the side of the cell at world angle dir looks
// open from the rays, and whether any ray looks that way at all.
func (a *wallfollow) looksOpen(obs *sim.Observation, heading, dir float64) (open, seen bool) {
	i, off := nearestRay(a.spec.RayAngles, world.WrapAngle(dir-heading))
	if i < 0 || off > rayLookTolerance {
		return false, false
	}
	return obs.Rays[i]*a.spec.RayRange*math.Cos(off) > a.spec.Cell-a.radius, true
}

// ---------------------------------------------------------------------------
// Wheels control: a continuous wall follower.

type wheelMode uint8

const (
	wFollow  wheelMode = iota // keep the wall at a distance on the hand side
	wTurn                     // turn on the spot to a heading
	wAdvance                  // drive on into the middle of a gap, then turn into it
	wEnter                    // drive into the opening just turned into, before looking for a wall again
	wBack                     // back off a wall that was touched
)

// wheelFollower holds the right wall at about half a cell with a steering
// controller on the rays, the way a maze robot does it:
//
//   - follow: steer to keep the wall face `distance` cells off the hand
//     side (between two walls, to keep the middle) and the body parallel
//     to the wall (the compass, where there is one, says parallel: maze
//     walls run north-south or east-west; without it two rays on the wall
//     give its slant);
//   - the hand side opens (a gap: the side ray reads past cell - radius,
//     as in moves control): drive on to the middle of the gap, turn a
//     quarter towards the hand on the spot, drive one cell into it, and
//     take the wall there in hand;
//   - front blocked (the clearance ahead falls below the distance kept
//     from the side, so the body stops near a cell's middle): turn a
//     quarter towards the hand if that side is open, else away from it,
//     which puts the wall ahead in hand;
//   - touch: back off the wall, turning away from where the touch was.
//
// As in moves control it counts its winding and lets go of a wall it has
// been once round (an island, or nothing at all), driving straight until
// it meets another; where it is comes from dead reckoning. Distances are
// dead-reckoned from the odometry, or from the commands when there is
// none. Headings come from the compass; without one, from the odometry's
// (or the commands') turn rate, with the maze's axes learnt from the
// slant of the walls the rays see: that works, but less surely. Turning to
// and fro on the spot (wedged, or wrong about the axes) makes it let go
// and drive out. Without rays it leans towards the hand side and lets the
// bumps steer it, which gets about but rarely far.
type wheelFollower struct {
	speed, distance, steer float64

	// Rays by role, in the right hand's frame (-1: no ray looks there).
	side, back, diag   int // nearest to the hand side, 45° behind and 45° ahead of it
	aside, aback       int // the same on the side away from the hand
	front              []int
	stepTime           float64
	lastU, lastT, psi  float64 // last forward and turn commands; heading estimate (rad, CCW, unwrapped)
	mode, resume, then wheelMode
	target             float64 // heading to reach (wTurn) or hold (wAdvance, wEnter)
	left               float64 // metres still to drive in wAdvance and wEnter
	modeSteps          int     // steps spent in the current mode
	backSteps          int     // steps of back-off left
	backU, backT       float64 // commands while backing off
	touches            int     // touches since the mode began
	sawWall            bool    // the hand wall has been surely in hand since following began
	lastSide           float64 // the side reading when the wall was last surely in hand (m)
	sinceWall          float64 // metres driven since then
	seeking            bool    // no wall in hand: straight on until one is met
	x, y               float64 // where the body is by dead reckoning (m)
	winding, low       int     // as in moveFollower
	lows               [8]wheelPose
	axis               float64 // where the maze's axes lie in the heading estimate's frame (rad, mod π/2)
	axisKnown          bool
	axisDoubt          int     // consecutive wall fits that disagree with axis
	idleTurns          int     // turns on the spot with hardly any driving between them
	sinceTurn          float64 // metres driven since the last turn on the spot
	bumpTurn           float64 // without side rays: the turn (rad, CCW) to make after backing off
}

const (
	wheelFrontCone = 40 * math.Pi / 180 // rays this close to ahead measure the clearance ahead
	wheelSideCone  = 35 * math.Pi / 180 // a ray this close to a side reads that side
	wheelDiagCone  = 20 * math.Pi / 180
	wheelTurnTol   = 0.06 // rad: a turn on the spot is done within this
	wheelMaxAngle  = 0.5  // rad: most the follower steers off parallel to close on its line
	wheelLaneGain  = 2.0  // rad of heading per cell off the line
	wheelModeLimit = 60   // steps: a manoeuvre that takes longer has failed (wedged); start over
	wheelBackSteps = 2
)

func (w *wheelFollower) init(a *wallfollow) {
	h := float64(a.hand)
	near := func(angle, cone float64) int {
		if i, off := nearestRay(a.spec.RayAngles, h*angle); i >= 0 && off <= cone {
			return i
		}
		return -1
	}
	w.side = near(-math.Pi/2, wheelSideCone)
	w.back = near(-3*math.Pi/4, wheelDiagCone)
	w.diag = near(-math.Pi/4, wheelDiagCone)
	w.aside = near(math.Pi/2, wheelSideCone)
	w.aback = near(3*math.Pi/4, wheelDiagCone)
	if w.back == w.side {
		w.back = -1
	}
	if w.diag == w.side {
		w.diag = -1
	}
	if w.aback == w.aside {
		w.aback = -1
	}
	w.front = w.front[:0]
	for i, r := range a.spec.RayAngles {
		if math.Abs(world.WrapAngle(r)) <= wheelFrontCone {
			w.front = append(w.front, i)
		}
	}
	w.stepTime = float64(a.act.TicksPerStep) * a.act.SecondsPerTick
	w.mode = wFollow
	w.axis, w.axisKnown = 0, a.spec.Compass // maze walls run along the compass axes
	w.grip()
}

// ray returns the reading of ray i in metres and its angle in the right
// hand's frame (negative angles are on the hand side).
func (w *wheelFollower) ray(a *wallfollow, obs *sim.Observation, i int) (d, phi float64) {
	return obs.Rays[i] * a.spec.RayRange, float64(a.hand) * a.spec.RayAngles[i]
}

// wheelSense is what one observation says about the body's surroundings,
// in the right hand's frame.
type wheelSense struct {
	front  float64 // clearance ahead in the body's path (m)
	side   float64 // distance to the hand side's wall along its normal, by the side ray (m; +Inf if none looks)
	inHand bool    // the side ray sees a wall within a cell (no gap)
	lane   float64 // how far the body is off its line, towards the away side (m)
	laneOK bool
	tilt   float64 // how far the body is turned away from the hand wall (rad)
	tiltOK bool
}

// perp returns the distance to a wall parallel to the body's line (when
// the body is turned by tilt) seen by ray i, and whether it is within a
// corridor's width (cell - radius).
func (w *wheelFollower) perp(a *wallfollow, obs *sim.Observation, i int, tilt float64) (float64, bool) {
	if i < 0 {
		return math.Inf(1), false
	}
	d, phi := w.ray(a, obs, i)
	p := d * math.Abs(math.Sin(phi+tilt))
	return p, p < a.spec.Cell-a.radius
}

// wall returns the distance to the wall on one side read by its side ray
// and the ray behind it, and whether the side ray sees a wall there.
func (w *wheelFollower) wall(a *wallfollow, obs *sim.Observation, side, back int, tilt, keep float64) (float64, bool) {
	d, _ := w.perp(a, obs, side, tilt)
	if !(d < keep+0.2*a.spec.Cell) {
		return 0, false
	}
	if b, _ := w.perp(a, obs, back, tilt); b < d {
		d = b
	}
	return d, true
}

func (w *wheelFollower) sense(a *wallfollow, obs *sim.Observation) wheelSense {
	s := wheelSense{front: math.Inf(1)}
	h := float64(a.hand)
	for _, i := range w.front {
		d, phi := w.ray(a, obs, i)
		// Only what stands in the body's path counts: a wall beside the
		// path seen by a slanting ray is no obstacle.
		if d*math.Abs(math.Sin(phi)) <= a.radius || phi == 0 {
			s.front = math.Min(s.front, d*math.Cos(phi))
		}
	}
	if !a.spec.Compass && w.side >= 0 && w.diag >= 0 {
		// Two rays on the same straight wall give its slant, unless the
		// one ahead hits the wall in front (a corner is not a slant).
		d1, p1 := w.ray(a, obs, w.side)
		d2, p2 := w.ray(a, obs, w.diag)
		x1, y1 := d1*math.Cos(p1), d1*math.Sin(p1)
		x2, y2 := d2*math.Cos(p2), d2*math.Sin(p2)
		alpha := math.Atan2(y2-y1, x2-x1)
		near := (w.distance + 0.2) * a.spec.Cell
		if math.Abs(alpha) < 0.35 && -y1 < near && -y2 < near && x2 < s.front-0.1*a.spec.Cell {
			s.tilt, s.tiltOK = -alpha, true
			// The wall runs along an axis of the maze: learn where the
			// axes lie in the dead-reckoned heading's frame, which keeps
			// its drift in check.
			// A fit far from the axes believed in is more likely a bad
			// fit than drift, unless fits keep saying so.
			wall := w.psi - h*s.tilt
			switch e := wfWrap90(wall - w.axis); {
			case !w.axisKnown || w.axisDoubt > 4:
				w.axis, w.axisKnown, w.axisDoubt = wfWrap90(wall), true, 0
			case math.Abs(e) < 0.25:
				w.axis += 0.3 * e
				w.axisDoubt = 0
			default:
				w.axisDoubt++
			}
		}
	}
	if !s.tiltOK && w.axisKnown {
		s.tilt, s.tiltOK = h*world.WrapAngle(w.psi-w.snap(w.psi)), true
	}
	s.side, s.inHand = w.perp(a, obs, w.side, s.tilt)
	// The line: the wall kept `distance` off on the hand side or, between
	// two walls, the middle. A side's wall counts where the side ray reads
	// it within a fifth of a cell past the distance kept; the ray 45°
	// behind, where it reads nearer, stands in for a side ray that
	// glimpses past the end of the wall or into the next cell.
	keep := w.distance * a.spec.Cell
	hand, okH := w.wall(a, obs, w.side, w.back, s.tilt, keep)
	away, okA := w.wall(a, obs, w.aside, w.aback, s.tilt, keep)
	switch {
	case okH && okA:
		s.lane, s.laneOK = (hand-away)/2, true
	case okH:
		s.lane, s.laneOK = hand-keep, true
	case okA:
		s.lane, s.laneOK = keep-away, true
	}
	return s
}

func (w *wheelFollower) act(a *wallfollow, obs sim.Observation) sim.Action {
	cell := a.spec.Cell
	h := float64(a.hand)

	// Dead reckoning of what the last command did.
	dt := obs.Duration
	if dt <= 0 {
		dt = w.stepTime
	}
	moved := w.lastU * a.act.MaxSpeed * dt
	if a.spec.Odometry {
		moved = obs.Forward * dt
	}
	switch {
	case a.spec.Compass:
		w.psi += world.WrapAngle(compassHeading(&obs) - w.psi)
	case a.spec.Odometry:
		w.psi += obs.Turn * dt
	default:
		w.psi += w.lastT * a.act.MaxTurn * dt
	}
	w.modeSteps++
	w.sinceTurn += math.Abs(moved)
	w.x += moved * math.Cos(w.psi)
	w.y += moved * math.Sin(w.psi)
	if obs.Ate {
		w.grip() // the body may have been carried: count afresh
	}
	s := w.sense(a, &obs)

	if obs.Touch && w.mode != wBack {
		w.touches++
		w.resume = w.mode
		if w.touches > 6 || w.mode == wTurn && w.touches > 2 {
			w.resume = wFollow // wedged in a manoeuvre: give it up
		}
		w.mode, w.backSteps = wBack, wheelBackSteps
		w.backU, w.backT = -0.5, 0.3*h // back, turning away from the hand
		ta := h * obs.TouchAngle
		if ta > 0 {
			w.backT = -0.3 * h
		}
		if math.Abs(ta) > math.Pi/2 {
			w.backU, w.backSteps = 0.3, 1 // touched behind: get off it forwards
		}
		if w.side < 0 {
			// No ray looks at the hand side, so the bumps must steer:
			// a wall ahead is turned from by a quarter, one at the side
			// by a twelfth of a turn.
			w.resume, w.backSteps = wTurn, 1
			switch {
			case math.Abs(ta) < math.Pi/3:
				w.bumpTurn = h * math.Pi / 2
			case ta < 0:
				w.bumpTurn = h * math.Pi / 6
			default:
				w.bumpTurn = -h * math.Pi / 6
			}
		}
	}

	switch w.mode {
	case wBack:
		w.backSteps--
		if w.backSteps <= 0 {
			w.setMode(w.resume)
			if w.mode == wTurn {
				w.then, w.target = wFollow, w.psi+w.bumpTurn
			}
		}
		return w.command(a, w.backU, w.backT)
	case wTurn:
		if math.Abs(world.WrapAngle(w.target-w.psi)) >= wheelTurnTol && w.modeSteps <= wheelModeLimit {
			return w.turning(a)
		}
		w.setMode(w.then)
		w.target = w.snap(w.psi)
		w.left = cell
	}

	keep := w.distance * cell
	if s.front < keep+0.05*cell {
		if w.mode == wAdvance || w.side >= 0 && !s.inHand && !w.seeking {
			// The hand side is open: the rule prefers it (and in a gap
			// the wall ahead stops the body at the gap's middle).
			return w.turnBy(a, -h*math.Pi/2, wEnter)
		}
		if w.seeking {
			w.seeking = false
			w.grip()
		}
		w.sawWall, w.lastSide, w.sinceWall = true, keep, 0 // the wall ahead is in hand next
		return w.turnBy(a, h*math.Pi/2, wFollow)
	}

	switch w.mode {
	case wAdvance, wEnter:
		w.left -= moved
		if w.left > 0 && w.modeSteps <= wheelModeLimit {
			return w.drive(a, s, h*world.WrapAngle(w.psi-w.target), true)
		}
		if w.mode == wAdvance {
			return w.turnBy(a, -h*math.Pi/2, wEnter)
		}
		w.setMode(wFollow)
		w.sawWall = false
	}

	// Follow. The wall is surely in hand where the side ray reads about
	// the distance kept; a little longer may be the wall's end going past
	// or a glimpse into the next cell, so the place the wall was last
	// surely seen is what the gap logic measures from.
	w.sinceWall += moved
	if s.inHand && s.side < keep+0.2*cell {
		if w.seeking {
			w.seeking = false
			w.grip()
		}
		w.sawWall = true
		w.lastSide, w.sinceWall = s.side, 0
	}
	if w.side >= 0 && !s.inHand && !w.seeking {
		// A gap: on to its middle, then into it. The wall's end is where
		// the side ray last surely hit it, lastSide·cot of the ray's angle
		// ahead of (or behind) the body at that moment, sinceWall ago; the
		// gap's middle is half a cell past it.
		w.setMode(wAdvance)
		w.target = w.snap(w.psi)
		w.left = 0
		if w.sawWall {
			phi := h * a.spec.RayAngles[w.side]
			w.left = cell/2 + w.lastSide*math.Cos(phi)/math.Abs(math.Sin(phi)) - w.sinceWall
		}
		if w.left <= 0 {
			return w.turnBy(a, -h*math.Pi/2, wEnter)
		}
		return w.drive(a, s, h*world.WrapAngle(w.psi-w.target), true)
	}
	if w.side < 0 {
		// No ray looks at the hand side: lean towards it and let the
		// bumps (and the front rays) steer.
		return w.command(a, w.speed, -0.15*h)
	}
	return w.drive(a, s, s.tilt, false)
}

// drive goes forward steering towards the line (s.lane) and to cancel err
// (rad turned away from the hand), slowing where the front closes in.
func (w *wheelFollower) drive(a *wallfollow, s wheelSense, err float64, slow bool) sim.Action {
	cell := a.spec.Cell
	if s.laneOK && !w.seeking {
		err += clamp(wheelLaneGain*s.lane/cell, -wheelMaxAngle, wheelMaxAngle)
	}
	u := w.speed
	if room := (s.front - w.distance*cell) / cell; room < 1 {
		u *= math.Max(0.35, room)
	}
	if slow {
		u = math.Min(u, 0.5)
	}
	t := -float64(a.hand) * clamp(w.steer*err/a.act.MaxTurn, -0.5, 0.5)
	return w.command(a, u, t)
}

// turnBy starts a turn on the spot by angle (CCW positive), to an axis
// when the compass says where the axes are, and returns its first command.
func (w *wheelFollower) turnBy(a *wallfollow, angle float64, then wheelMode) sim.Action {
	// Turning to and fro on the spot means the follower is confused
	// (wedged, or its idea of the axes is wrong): let go of the wall and of
	// the axes and drive straight out of it.
	if w.sinceTurn < a.spec.Cell/4 {
		w.idleTurns++
	} else {
		w.idleTurns = 0
	}
	w.sinceTurn = 0
	if w.idleTurns >= 4 {
		w.idleTurns, w.seeking = 0, true
		w.axisKnown = a.spec.Compass
		if angle < 0 == (a.hand > 0) {
			angle = -angle // away from the hand, as seeking turns
		}
		then = wFollow
	}
	w.setMode(wTurn)
	w.then = then
	w.target = w.snap(w.psi) + angle
	if !w.seeking {
		w.wind(a, angle)
	}
	return w.turning(a)
}

// wind counts a quarter turn on the spot by angle into the winding, and
// lets go of the wall if the body has been once round it: back where the
// winding was four quarters higher, within half a cell, facing the same
// way (as moveFollower explains; here where the body is comes from dead
// reckoning, good to a few centimetres over a circuit).
func (w *wheelFollower) wind(a *wallfollow, angle float64) {
	if angle*float64(a.hand) < 0 {
		w.winding-- // towards the hand
	} else {
		w.winding++
	}
	if w.winding >= w.low {
		return
	}
	w.low = w.winding
	here := w.here(a)
	if prev := w.lows[(-w.low-4)&7]; w.low <= -4 && prev.quarter == here.quarter &&
		math.Abs(prev.x-here.x) < a.spec.Cell/2 && math.Abs(prev.y-here.y) < a.spec.Cell/2 {
		w.seeking = true
		w.target = w.snap(w.psi) // do not make the turn: drive straight on
		return
	}
	w.lows[-w.low&7] = here
}

// wheelPose is where the body is by dead reckoning and which quarter of
// the compass its target heading points to.
type wheelPose struct {
	x, y    float64
	quarter int
}

func (w *wheelFollower) here(a *wallfollow) wheelPose {
	q := int(math.Round((w.target-w.axis)/(math.Pi/2))) & 3
	return wheelPose{w.x, w.y, q}
}

// grip starts counting the winding afresh: a wall was just taken in hand.
func (w *wheelFollower) grip() {
	w.winding, w.low = 0, 0
	w.lows[0] = wheelPose{w.x, w.y, -1} // a turn is yet to come: matches nothing
}

// turning returns the command that turns the body on the spot towards the
// target heading.
func (w *wheelFollower) turning(a *wallfollow) sim.Action {
	e := world.WrapAngle(w.target - w.psi)
	return w.command(a, 0, clamp(w.steer*e/a.act.MaxTurn, -0.6, 0.6))
}

func (w *wheelFollower) setMode(m wheelMode) {
	if m != wBack && w.mode != wBack {
		w.touches = 0
	}
	w.mode, w.modeSteps = m, 0
}

// command turns a forward command u and a turn command t (CCW positive,
// both in units of the full wheel command) into wheel commands, scaling
// both down together if a wheel would exceed full command.
func (w *wheelFollower) command(a *wallfollow, u, t float64) sim.Action {
	l, r := u-t, u+t
	if m := math.Max(math.Abs(l), math.Abs(r)); m > 1 {
		l, r, u, t = l/m, r/m, u/m, t/m
	}
	w.lastU, w.lastT = u, t
	return sim.Action{Left: l, Right: r}
}

// snap returns the maze axis nearest to heading x (unwrapped near x), or
// x itself while the follower does not know where the axes lie.
func (w *wheelFollower) snap(x float64) float64 {
	if !w.axisKnown {
		return x
	}
	return w.axis + math.Round((x-w.axis)/(math.Pi/2))*(math.Pi/2)
}

// wfWrap90 returns a modulo a quarter turn, in (-π/4, π/4].
func wfWrap90(a float64) float64 {
	q := math.Pi / 2
	a = math.Mod(a+q/2, q)
	if a <= 0 {
		a += q
	}
	return a - q/2
}
