package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/jakecoffman/cp/v2"
	"github.com/mazerat/mazerat/world"
)

// Config holds the body's physical constants that scenarios do not set.
// Start from DefaultConfig.
type Config struct {
	Mass        float64 // kg
	Traction    float64 // N: the most the wheels can push or brake (pivot joint max force)
	Torque      float64 // N·m: the most the wheels can turn the body (gear joint max force)
	Friction    float64 // between body and walls; low so the rat slides along them
	MoveTimeout float64 // s: a move in moves control ends after this long whatever happened
	CheeseSize  float64 // radius of the cheese as a fraction of the cell
}

// DefaultConfig returns the body used by every scenario unless a caller
// changes it.
func DefaultConfig() Config {
	return Config{Mass: 1, Traction: 20, Torque: 1, Friction: 0.1, MoveTimeout: 10, CheeseSize: 0.2}
}

func (c Config) validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"Mass", c.Mass}, {"Traction", c.Traction}, {"Torque", c.Torque}, {"MoveTimeout", c.MoveTimeout}, {"CheeseSize", c.CheeseSize}} {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return fmt.Errorf("sim: Config.%s = %g, expected a finite positive number", f.name, f.v)
		}
	}
	if !(c.Friction >= 0) || math.IsInf(c.Friction, 0) {
		return fmt.Errorf("sim: Config.Friction = %g, expected a finite number >= 0", c.Friction)
	}
	return nil
}

// Collision categories: rays and the no-escape test look at walls only.
const (
	catWall uint = 1 << iota
	catRat
	catCheese
)

const (
	typeWall cp.CollisionType = iota + 1
	typeRat
	typeCheese
)

// buildMu serialises the construction of cp bodies: cp.NewBody bumps an
// unsynchronised package-level counter (cp v2.4.0, NewBody), so building
// worlds on several goroutines at once is a data race. Stepping different
// worlds concurrently is safe.
var buildMu sync.Mutex

// World is one physical maze with one rat in it: a cp.Space built from a
// scenario, the rat's body and motors, its sensors, the cheese, the event
// clock, trials and rewards. The same scenario and seed give a
// bit-identical lifetime. A World is not safe for concurrent use.
type World struct {
	sc   *world.Scenario // private copy; never changed
	cfg  Config
	seed uint64

	// The world as it is now.
	maze      *world.Maze
	doors     world.Doors
	reward    world.Reward
	spots     []world.Cell // the G spots now (events may move them)
	spotArmed []bool       // per spot: not eaten (see Rearm)
	respawnAt int          // with respawn: the spot holding the cheese
	cheese    []world.Cell // cells holding cheese now (armed spots, the respawn spot, none in a probe)
	cheeseBuf []world.Cell
	geom      *geometry
	oracle    world.Oracle

	space        *cp.Space
	rat, ctrl    *cp.Body
	ratShape     *cp.Shape
	pivot, gear  *cp.Constraint
	wallShapes   []*cp.Shape // by wall location; nil where nothing blocks
	cheeseShapes []*cp.Shape
	onArbiter    func(*cp.Arbiter) // method value kept so ticks do not allocate

	sensorRand *rand.Rand
	cheeseRand *rand.Rand
	eventRand  *rand.Rand // chance and choose
	startRand  *rand.Rand // random starts
	sensorPCG  *rand.PCG  // the sources, kept for snapshots
	cheesePCG  *rand.PCG
	eventPCG   *rand.PCG
	startPCG   *rand.PCG

	obsSpec ObservationSpec
	actSpec ActionSpec

	// Clock.
	step, tick int64
	trial      int // the trial under way, from 1

	// The step under way.
	inStep      bool
	action      Action
	stepTicks   int
	motor       motor
	touched     bool
	touchAngle  float64
	touchedTick bool
	ateCell     int // index into cheese of the cheese touched this tick, -1 if none
	ate         bool
	armed       bool       // false: the cheese on disarmCell waits (stay: until the rat reaches another spot or S)
	disarmCell  world.Cell // where the rat ate last while disarmed
	ateReward   float64    // the reward of the cheese eaten this step
	startAngle  float64
	forwardDist float64

	// What the last whole step measured, read by sense.
	stepReward   float64
	stepDuration float64
	stepForward  float64
	stepTurn     float64

	cell world.Cell // the cell the body's centre is in

	// Trials.
	cur          TrialRecord
	last         TrialRecord
	lastEnded    bool
	probing      int64      // > 0: the trial under way is a probe of this many steps
	trialGuard   world.Cell // the trial began on this cheese, eaten and waiting (stay)
	trialGuarded bool
	stuck        bool     // the trial under way cannot end (see Stuck)
	regionOf     []uint32 // per place: the regions it belongs to
	regionNow    uint32   // the regions the rat is in

	// The schedule: per event, occasions passed and firings applied; the
	// first step at which a step event is due.
	evOcc, evApplied []int64
	nextStepDue      int64
	configID         uint64

	obs  Observation
	rays []float64
	hash uint64

	totalReward float64
	applied     []AppliedEvent
}

// AppliedEvent records a change made to the world: when, and what.
type AppliedEvent struct {
	Step  int64 // the step it took effect before (scheduled) or during (intervention)
	Trial int   // the trial under way then
	Index int   // its index in the scenario's schedule, -1 for an intervention
	Event world.Event
}

// TrialRecord is the ground truth of one trial, kept by the simulator.
type TrialRecord struct {
	Trial              int
	StartStep, EndStep int64 // the steps that began and ended the trial (inclusive)
	StartTick, EndTick int64
	StartCell, EndCell world.Cell
	Moves              int     // cell-to-cell transitions of the body
	Optimal            int     // fewest moves from StartCell to the nearest cheese when the trial ended; -1 if none
	Reward             float64 // total reward of the trial's steps
	Bumps              int     // steps in which the body touched a wall

	TimedOut bool // it ran its limit of steps without eating
	Stranded bool // a change left no cheese in reach and it had no limit
	Probe    bool // a probe trial: no cheese, ended by time
	// FirstRegion is the index in the scenario's regions of the first
	// region the rat entered in the trial (-1: none); RegionTicks the
	// ticks it spent in each.
	FirstRegion int8
	RegionTicks [world.MaxRegions]int64
}

// Steps returns the number of steps the trial took.
func (t TrialRecord) Steps() int64 { return t.EndStep - t.StartStep + 1 }

// Ticks returns the number of physics ticks the trial took.
func (t TrialRecord) Ticks() int64 { return t.EndTick - t.StartTick }

// PathRatio returns moves / optimal (NaN when optimal is 0 or unknown, and
// for trials that did not end at cheese).
func (t TrialRecord) PathRatio() float64 {
	if t.Optimal <= 0 || t.TimedOut || t.Stranded || t.Probe {
		return math.NaN()
	}
	return float64(t.Moves) / float64(t.Optimal)
}

// New builds the world of scenario sc for the lifetime with the given seed,
// with the default body.
func New(sc *world.Scenario, seed uint64) (*World, error) {
	return NewWithConfig(sc, seed, DefaultConfig())
}

// NewWithConfig builds the world of scenario sc with the given body
// constants. The scenario is copied; later changes to sc do not reach the
// world.
func NewWithConfig(sc *world.Scenario, seed uint64, cfg Config) (*World, error) {
	if sc == nil || sc.Maze == nil {
		return nil, fmt.Errorf("sim: no scenario")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	sc = sc.Clone()
	w := &World{
		sc:        sc,
		cfg:       cfg,
		seed:      seed,
		maze:      sc.Maze.Clone(),
		doors:     sc.Doors,
		reward:    sc.Reward,
		geom:      newGeometry(sc),
		sensorPCG: NewPCG(seed, "sensors"),
		cheesePCG: NewPCG(seed, "cheese"),
		eventPCG:  NewPCG(seed, "events"),
		startPCG:  NewPCG(seed, "starts"),
		ateCell:   -1,
		armed:     true,
		trial:     1,
		hash:      fnvOffset,
	}
	w.sensorRand, w.cheeseRand = rand.New(w.sensorPCG), rand.New(w.cheesePCG)
	w.eventRand, w.startRand = rand.New(w.eventPCG), rand.New(w.startPCG)
	w.onArbiter = w.arbiter
	w.initSpecs()
	w.rays = make([]float64, sc.Sensors.Rays)
	w.wallShapes = make([]*cp.Shape, numLocations(w.maze))
	w.initCheese(sc.Maze.Cheese)

	buildMu.Lock()
	w.buildSpace()
	buildMu.Unlock()

	w.initRegions()
	w.evOcc = make([]int64, len(sc.Events))
	w.evApplied = make([]int64, len(sc.Events))
	w.updateNextStepDue()

	w.cell = w.cellOf(w.rat.Position())
	w.trial = 0
	w.applyStepEvents()
	w.beginTrial()
	w.computeConfigID()
	w.sense()
	return w, nil
}

// initRegions marks every place with the regions it belongs to.
func (w *World) initRegions() {
	if len(w.sc.Regions) == 0 {
		return
	}
	w.regionOf = make([]uint32, w.maze.NumCells())
	for i, r := range w.sc.Regions {
		for _, c := range r.Cells {
			if w.maze.In(c) {
				w.regionOf[w.maze.Index(c)] |= 1 << i
			}
		}
	}
}

func (w *World) initSpecs() {
	sc := w.sc
	s := sc.Sensors
	w.obsSpec = ObservationSpec{
		Rays: s.Rays, RayRange: s.Range,
		Touch: s.Touch, Compass: s.Compass, Odometry: s.Odometry, Place: s.Place, Reward: s.Reward,
		NumPlaces: sc.Maze.NumCells(), PlaceW: sc.Maze.W, PlaceH: sc.Maze.H, Cell: sc.Cell,
		MaxSpeed: sc.Rat.MaxSpeed, MaxTurn: w.maxTurn(),
	}
	w.obsSpec.RayAngles = make([]float64, s.Rays)
	fov := s.FOVDeg * math.Pi / 180
	for i := range w.obsSpec.RayAngles {
		switch {
		case s.Rays == 1:
			w.obsSpec.RayAngles[i] = 0
		case s.FOVDeg >= 360:
			w.obsSpec.RayAngles[i] = -math.Pi + 2*math.Pi*float64(i)/float64(s.Rays)
		default:
			w.obsSpec.RayAngles[i] = -fov/2 + fov*float64(i)/float64(s.Rays-1)
		}
	}
	w.actSpec = ActionSpec{
		Control: sc.Control, WheelMin: -1, WheelMax: 1, NumMoves: 4,
		TicksPerStep: sc.ControlEvery, MaxSpeed: sc.Rat.MaxSpeed, MaxTurn: w.maxTurn(),
		SecondsPerTick: sc.DT(),
	}
}

// maxTurn is the turn rate with the wheels at opposite full commands: the
// wheels sit at the body's rim, so ω = 2v/(2r).
func (w *World) maxTurn() float64 { return w.sc.Rat.MaxSpeed / w.sc.Rat.Radius }

func (w *World) buildSpace() {
	sc := w.sc
	space := cp.NewSpace()
	space.SetGravity(cp.Vector{})
	space.SetCollisionSlop(0.001)
	w.space = space

	w.geom.rebuild(w.maze, w.doors)

	r := sc.Rat.Radius
	w.rat = space.AddBody(cp.NewBody(w.cfg.Mass, cp.MomentForCircle(w.cfg.Mass, 0, r, cp.Vector{})))
	x, y := w.centre(w.maze.Start)
	w.rat.SetPosition(cp.Vector{X: x, Y: y})
	w.ratShape = space.AddShape(cp.NewCircle(w.rat, r, cp.Vector{}))
	w.ratShape.SetFriction(w.cfg.Friction)
	w.ratShape.SetElasticity(0)
	w.ratShape.SetCollisionType(typeRat)
	w.ratShape.SetFilter(cp.NewShapeFilter(cp.NO_GROUP, catRat, catWall|catCheese))

	// The Tank-demo drive: a kinematic control body moves as the wheels
	// ask and pulls the rat through joints whose maximum forces are the
	// wheels' traction, so walls can stop it and it slides along them.
	w.ctrl = space.AddBody(cp.NewKinematicBody())
	w.ctrl.SetPosition(w.rat.Position())
	pivot := space.AddConstraint(cp.NewPivotJoint2(w.ctrl, w.rat, cp.Vector{}, cp.Vector{}))
	w.pivot = pivot
	pivot.SetMaxBias(0)
	pivot.SetMaxForce(w.cfg.Traction)
	gear := space.AddConstraint(cp.NewGearJoint(w.ctrl, w.rat, 0, 1))
	w.gear = gear
	gear.SetErrorBias(0)
	gear.SetMaxBias(0)
	gear.SetMaxForce(w.cfg.Torque)

	h := space.NewCollisionHandler(typeRat, typeCheese)
	h.BeginFunc = func(arb *cp.Arbiter, _ *cp.Space, _ any) bool {
		_, b := arb.Shapes()
		for i, s := range w.cheeseShapes {
			if s == b {
				w.ateCell = i
			}
		}
		return false // a sensor: never pushes
	}
	w.rebuildStatic()
}

// rebuildStatic makes the space's static shapes match the geometry's walls
// and the cheese cells: it empties the space of them and adds back the
// walls in location order, then the cheese. The physics' static
// tree then depends only on what stands in the maze now, not on the order
// of the changes that led there, so a world restored from a snapshot has
// the very same tree (collision pairs are found in tree order, and their
// order reaches the solver's results). Changes are rare; the cost is a few
// milliseconds in a large maze.
func (w *World) rebuildStatic() {
	for i := len(w.cheeseShapes) - 1; i >= 0; i-- {
		w.space.RemoveShape(w.cheeseShapes[i])
	}
	w.cheeseShapes = w.cheeseShapes[:0]
	for loc := len(w.wallShapes) - 1; loc >= 0; loc-- {
		if sh := w.wallShapes[loc]; sh != nil && sh.Space() != nil {
			w.space.RemoveShape(sh)
		}
	}
	for i := range w.geom.rects {
		r := &w.geom.rects[i]
		sh := w.wallShapes[r.loc]
		if sh == nil {
			sh = cp.NewBox2(w.space.StaticBody, cp.BB{L: r.MinX, B: r.MinY, R: r.MaxX, T: r.MaxY}, 0)
			sh.SetFriction(w.cfg.Friction)
			sh.SetElasticity(0)
			sh.SetCollisionType(typeWall)
			sh.SetFilter(cp.NewShapeFilter(cp.NO_GROUP, catWall, catRat))
			w.wallShapes[r.loc] = sh
		}
		w.space.AddShape(sh)
	}
	for _, c := range w.cheese {
		x, y := w.centre(c)
		sh := cp.NewCircle(w.space.StaticBody, w.cfg.CheeseSize*w.sc.Cell, cp.Vector{X: x, Y: y})
		sh.SetSensor(true)
		sh.SetCollisionType(typeCheese)
		sh.SetFilter(cp.NewShapeFilter(cp.NO_GROUP, catCheese, catRat))
		w.cheeseShapes = append(w.cheeseShapes, w.space.AddShape(sh))
	}
}

// initCheese puts cheese on every spot (in respawn mode only on the
// first); it does not rebuild the static shapes.
func (w *World) initCheese(spots []world.Cell) {
	w.spots = append(w.spots[:0], spots...)
	w.spotArmed = w.spotArmed[:0]
	for range spots {
		w.spotArmed = append(w.spotArmed, true)
	}
	w.respawnAt = 0
	w.cheese = w.cheese[:0]
	switch {
	case w.probing > 0:
	case w.sc.OnCheese == world.Respawn:
		if len(spots) > 0 {
			w.cheese = append(w.cheese, spots[0])
		}
	default:
		w.cheese = append(w.cheese, spots...)
	}
}

// centre returns the world coordinates of a cell's centre.
func (w *World) centre(c world.Cell) (x, y float64) {
	s := w.sc.Cell
	return (float64(c.Col) + 0.5) * s, (float64(w.maze.H-c.Row) - 0.5) * s
}

// cellOf returns the cell that contains a point (clamped to the grid).
func (w *World) cellOf(p cp.Vector) world.Cell {
	s := w.sc.Cell
	col := int(math.Floor(p.X / s))
	row := w.maze.H - 1 - int(math.Floor(p.Y/s))
	return world.Cell{Row: min(max(row, 0), w.maze.H-1), Col: min(max(col, 0), w.maze.W-1)}
}

// ObservationSpec describes the observations this world produces.
func (w *World) ObservationSpec() ObservationSpec { return w.obsSpec }

// ActionSpec describes the actions this world accepts.
func (w *World) ActionSpec() ActionSpec { return w.actSpec }

// Observation returns the observation that begins the current step.
func (w *World) Observation() Observation { return w.obs }

// Step runs one whole agent step with action a and returns the observation
// that begins the next. It allocates nothing of its own; cp allocates
// while the body touches a wall (see the package doc).
func (w *World) Step(a Action) Observation {
	w.Begin(a)
	for !w.Tick() {
	}
	return w.obs
}

// Begin starts a step with action a; Tick then advances it. Use Begin and
// Tick instead of Step to watch a step tick by tick (the window does).
// Calling Begin during a step abandons the rest of it.
func (w *World) Begin(a Action) {
	if w.sc.Control == world.Wheels {
		a.Left = clamp(a.Left, -1, 1)
		a.Right = clamp(a.Right, -1, 1)
	} else {
		a.Move &= 3
	}
	w.flushContacts()
	w.action = a
	w.inStep = true
	w.stepTicks = 0
	w.touched = false
	w.touchAngle = 0
	w.ate = false
	w.startAngle = w.rat.Angle()
	w.forwardDist = 0
	if w.sc.Control == world.Moves {
		w.motor.begin(w, a.Move)
	}
}

// flushContacts drops the physics' contact caches at a step boundary by
// taking the rat's shape out of the space and putting it back. Chipmunk
// keeps contact impulses from tick to tick (warm starting) in state it does
// not expose; dropping them at every step boundary, in every lifetime,
// makes the world at a step boundary a function of what Snapshot saves, so
// a restored lifetime continues bit for bit. Within a step contacts warm-
// start as usual.
func (w *World) flushContacts() {
	w.space.RemoveShape(w.ratShape)
	w.space.AddShape(w.ratShape)
}

// InStep reports whether a step is under way (between Begin and the Tick
// that ends it).
func (w *World) InStep() bool { return w.inStep }

// Tick advances the world by one physics tick and reports whether the step
// under way ended with it; the new observation is then ready. Ticking with
// no step under way holds the rat still.
func (w *World) Tick() bool {
	var v, om float64
	if w.inStep {
		if w.sc.Control == world.Wheels {
			l, r := w.action.Left*w.sc.Rat.MaxSpeed, w.action.Right*w.sc.Rat.MaxSpeed
			v, om = (l+r)/2, (r-l)/(2*w.sc.Rat.Radius)
		} else {
			v, om = w.motor.command(w)
		}
	}
	w.drive(v, om)

	dt := w.sc.DT()
	before := w.rat.Position()
	w.ateCell = -1
	w.space.Step(dt)
	w.tick++
	w.stepTicks++

	after := w.rat.Position()
	w.forwardDist += after.Sub(before).Dot(w.rat.Rotation())
	w.touchedTick = false
	w.rat.EachArbiter(w.onArbiter)
	if w.touchedTick {
		w.touched = true
	}

	if c := w.cellOf(after); c != w.cell {
		w.cur.Moves += abs(c.Row-w.cell.Row) + abs(c.Col-w.cell.Col)
		w.cell = c
		if !w.armed && c != w.disarmCell && (c == w.maze.Start || w.spotIndex(c) >= 0) {
			w.armed = true // reached the start or another spot
		}
	}
	w.countRegions()
	if w.ateCell >= 0 && w.armed && w.inStep {
		w.eat(w.ateCell)
	}
	if !w.inStep {
		return false
	}
	done := w.ate
	if !done {
		if w.sc.Control == world.Wheels {
			done = w.stepTicks >= w.sc.ControlEvery
		} else {
			done = w.motor.done || float64(w.stepTicks)*dt >= w.cfg.MoveTimeout
		}
	}
	if done {
		w.endStep()
	}
	return done
}

// drive sets the control body so the joints pull the rat at forward speed
// v along its heading and turn rate om.
func (w *World) drive(v, om float64) {
	rot := w.rat.Rotation()
	w.ctrl.SetPosition(w.rat.Position())
	w.ctrl.SetVelocityVector(rot.Mult(v))
	w.ctrl.SetAngularVelocity(om)
}

// arbiter records wall contacts after a tick (callbacks record, the loop acts).
func (w *World) arbiter(arb *cp.Arbiter) {
	a, b := arb.Shapes()
	other := b
	if a != w.ratShape {
		other = a
	}
	if other.CollisionType() != typeWall || arb.Count() == 0 {
		return
	}
	p := arb.ContactPointSet()
	local := w.rat.Rotation().Unrotate(p.Points[0].PointA.Sub(w.rat.Position()))
	w.touchedTick = true
	w.touchAngle = math.Atan2(local.Y, local.X)
}

// eat ends the trial under way: the cheese at index i of w.cheese was
// eaten.
func (w *World) eat(i int) {
	w.ate = true
	eaten := w.cheese[i]
	w.ateReward = w.sc.GoalReward(eaten, w.reward.Cheese)
	w.cur.EndCell = w.cell
	w.cur.Optimal = w.optimal()
	spot := w.spotIndex(eaten)
	switch w.sc.OnCheese {
	case world.ReturnToStart:
		w.carry(w.startFor(w.trial + 1))
		if spot >= 0 {
			w.deplete(spot)
		}
	case world.Respawn:
		if len(w.spots) > 1 {
			// Uniformly among the spots other than the eaten one.
			j := w.cheeseRand.IntN(len(w.spots) - 1)
			if j >= w.respawnAt {
				j++
			}
			w.respawnAt = j
			w.refreshCheese()
		} else {
			w.armed, w.disarmCell = false, eaten
		}
	case world.Stay:
		w.armed, w.disarmCell = false, eaten
		if spot >= 0 {
			w.deplete(spot)
		}
	}
}

// carry picks the rat up and sets it down, still, at the centre of cell c,
// keeping its heading. It is what the experimenter's hand does; it is not a
// move.
func (w *World) carry(c world.Cell) {
	x, y := w.centre(c)
	p := cp.Vector{X: x, Y: y}
	w.rat.SetPosition(p)
	w.rat.SetVelocity(0, 0)
	w.rat.SetAngularVelocity(0)
	w.ctrl.SetPosition(p)
	w.ctrl.SetVelocity(0, 0)
	w.ctrl.SetAngularVelocity(0)
	w.space.ReindexShape(w.ratShape)
	w.cell = c
	w.motor.done = true
}

func (w *World) endStep() {
	w.inStep = false
	r := w.reward.Step
	if w.ate {
		r += w.ateReward
	}
	if w.touched {
		r += w.reward.Bump
		w.cur.Bumps++
	}
	w.cur.Reward += r
	w.totalReward += r
	duration := float64(w.stepTicks) * w.sc.DT()
	turned := w.rat.Angle() - w.startAngle
	w.stepReward = r

	p, a := w.rat.Position(), w.rat.Angle()
	w.hash = mix(w.hash, uint64(w.step))
	w.hash = mix(w.hash, math.Float64bits(p.X))
	w.hash = mix(w.hash, math.Float64bits(p.Y))
	w.hash = mix(w.hash, math.Float64bits(a))

	w.lastEnded = false
	ended := w.ate
	if w.ate {
		w.endTrial(endAte)
	} else if lim := w.limit(); lim > 0 && w.step-w.cur.StartStep+1 >= lim {
		w.endTrial(endTimeout)
		ended = true
	}
	w.step++
	changed := w.applyStepEvents()
	switch {
	case ended:
		w.beginTrial()
	case changed && !w.canEnd():
		// The change stranded the rat: the experimenter takes it out.
		w.step--
		w.endTrial(endStranded)
		w.step++
		w.beginTrial()
	case changed:
		w.stuck = false
	}
	w.stepDuration, w.stepForward, w.stepTurn = duration, w.forwardDist/duration, turned/duration
	w.sense()
}

// updateNextStepDue finds the first step at which a step event is due.
func (w *World) updateNextStepDue() {
	w.nextStepDue = noStep
	for i := range w.sc.Events {
		e := &w.sc.Events[i]
		if e.AtTrial > 0 || w.exhausted(i) {
			continue
		}
		w.nextStepDue = min(w.nextStepDue, e.FireTime(w.evOcc[i]))
	}
}

// exhausted reports whether event i has fired all its times.
func (w *World) exhausted(i int) bool {
	n := w.sc.Events[i].Firings()
	return n > 0 && w.evOcc[i] >= n
}

// applyStepEvents fires the step events due at the current step, in file
// order, and reports whether any changed the world.
func (w *World) applyStepEvents() bool {
	if w.step < w.nextStepDue {
		return false
	}
	changed := false
	for i := range w.sc.Events {
		e := &w.sc.Events[i]
		// A step event fires at each of its times up to now (a restored
		// or late world catches up in order).
		for e.AtTrial == 0 && !w.exhausted(i) && e.FireTime(w.evOcc[i]) <= w.step {
			changed = w.fire(i) || changed
		}
	}
	w.updateNextStepDue()
	return changed
}

// applyTrialEvents fires the trial events due as trial w.trial begins.
func (w *World) applyTrialEvents() {
	for i := range w.sc.Events {
		e := &w.sc.Events[i]
		if e.AtTrial == 0 || w.exhausted(i) || e.FireTime(w.evOcc[i]) != int64(w.trial) {
			continue
		}
		w.fire(i)
	}
}

// fire takes event i's next occasion: with its chance it applies the
// event and the item due. It reports whether the world changed.
func (w *World) fire(i int) bool {
	e := &w.sc.Events[i]
	w.evOcc[i]++
	if e.Chance > 0 && e.Chance < 1 && !(w.eventRand.Float64() < e.Chance) {
		return false
	}
	var item *world.Event
	if n := len(e.Items); n > 0 {
		k := w.evApplied[i] % int64(n)
		if e.Random {
			k = int64(w.eventRand.IntN(n))
		}
		item = &e.Items[k]
	}
	w.evApplied[i]++
	w.apply(e, item)
	if e.AtTrial > 0 {
		// A probe makes the trial that begins a probe (applyTrialEvents
		// runs before the trial's record starts).
		if e.Probe > 0 {
			w.probing = e.Probe
		}
		if item != nil && item.Probe > 0 {
			w.probing = item.Probe
		}
	}
	w.logEvent(i, e, item)
	return true
}

// Apply makes a change to the world now, as an experimenter's hand would:
// it is how the window's interventions reach the world. The event's time
// fields are ignored. The change must be valid for this maze as it stands;
// like a scheduled change, one that strands the rat ends its trial.
func (w *World) Apply(e world.Event) error {
	tmp := w.sc.Clone()
	m := w.maze.Clone()
	m.Cheese = append([]world.Cell(nil), w.spots...)
	tmp.Maze, tmp.Doors = m, w.doors
	e.AtStep, e.AtTrial, e.Every, e.Times, e.Chance = w.step, 0, 0, 0, 0
	tmp.Events = []world.Event{e}
	tmp.Starts = nil
	if err := tmp.Validate(); err != nil {
		return err
	}
	w.apply(&e, nil)
	w.logEvent(-1, &e, nil)
	if !w.inStep && w.step > w.cur.StartStep && !w.canEnd() {
		w.step--
		w.endTrial(endStranded)
		w.step++
		w.beginTrial()
	} else {
		w.stuck = !w.canEnd()
	}
	return nil
}

// logEvent keeps a record of an applied event with the item it took (a
// copy: the scenario's events are never shared).
func (w *World) logEvent(index int, e, item *world.Event) {
	c := e.Clone()
	c.Items, c.Random = nil, false
	if item != nil {
		it := item.Clone()
		c.Items = []world.Event{it}
	}
	w.applied = append(w.applied, AppliedEvent{Step: w.step, Trial: w.trial, Index: index, Event: c})
}

// apply makes the changes of e, then those of item (if not nil).
func (w *World) apply(e, item *world.Event) {
	geomChanged, cheeseChanged := w.change(e)
	if item != nil {
		g, c := w.change(item)
		geomChanged, cheeseChanged = geomChanged || g, cheeseChanged || c
	}
	if geomChanged {
		w.geom.rebuild(w.maze, w.doors)
	}
	if geomChanged || cheeseChanged {
		w.rebuildStatic() // once, whatever changed
		w.computeConfigID()
	}
	if !w.maze.Open(w.cell, w.doors) {
		// A wall or a closed door came down on the rat: the hand moves
		// it to the nearest open cell.
		w.carry(w.nearestOpen(w.cell))
		w.restartPath()
	}
}

// change makes the changes of one event (not its items) and reports
// whether the walls and whether the cheese changed.
func (w *World) change(e *world.Event) (geomChanged, cheeseChanged bool) {
	if r := e.Maze; r != nil && r.Maze != nil {
		cells, h, v := r.Maze.Layout()
		if w.maze.SetLayout(cells, h, v) {
			w.maze.Start = r.Maze.Start
			w.doors = r.Doors
			w.initCheese(r.Maze.Cheese)
			w.armed = true
			geomChanged, cheeseChanged = true, true
		}
	}
	for _, l := range e.Open {
		geomChanged = geomChanged || !w.doors.Open(l)
		w.doors = w.doors.With(l, true)
	}
	for _, l := range e.Close {
		geomChanged = geomChanged || w.doors.Open(l)
		w.doors = w.doors.With(l, false)
	}
	for _, wc := range e.Walls {
		v := world.NoWall
		if wc.Add {
			v = world.Solid
		}
		if w.maze.Style == world.Blocks {
			w.maze.SetCell(wc.Cell, v)
		} else {
			w.maze.SetEdge(wc.Cell, wc.Side, v)
		}
		geomChanged = true
	}
	if e.Cheese != nil {
		w.initCheese(e.Cheese)
		w.armed = true
		cheeseChanged = true
	}
	if e.Reward != nil {
		w.reward = e.Reward.Apply(w.reward)
	}
	if e.Rat != nil {
		w.carry(*e.Rat)
		w.restartPath()
	}
	return geomChanged, cheeseChanged
}

// restartPath begins the trial's path measure again where the rat was set
// down: a carry during a trial (a rat event, the window's hand) makes the
// trial's start the cell it was set down in, and its moves count from
// there.
func (w *World) restartPath() {
	if w.cur.Trial == 0 {
		return
	}
	w.cur.StartCell, w.cur.Moves = w.cell, 0
	w.regionNow = w.regionAt(w.cell)
}

// sense reads every sensor into the observation that begins the next step.
func (w *World) sense() {
	sc := w.sc
	p := w.rat.Position()
	rot := w.rat.Rotation()
	heading := w.rat.Angle()
	o := &w.obs
	o.Step = w.step
	for i, a := range w.obsSpec.RayAngles {
		s, c := math.Sincos(heading + a)
		d := w.geom.cast(p.X, p.Y, c, s, sc.Sensors.Range)
		w.rays[i] = d / sc.Sensors.Range
	}
	o.Rays = w.rays
	o.Touch, o.TouchAngle = false, 0
	if sc.Sensors.Touch && w.touched {
		o.Touch, o.TouchAngle = true, w.touchAngle
	}
	o.Compass = [2]float64{}
	if sc.Sensors.Compass {
		o.Compass = [2]float64{rot.Y, rot.X}
		if n := math.Hypot(rot.X, rot.Y); n != 0 {
			o.Compass = [2]float64{rot.Y / n, rot.X / n}
		}
	}
	o.Forward, o.Turn, o.Duration = 0, 0, w.stepDuration
	if sc.Sensors.Odometry {
		sd := sc.Sensors.OdometryNoise
		o.Forward = w.stepForward + sd*sc.Rat.MaxSpeed*w.sensorRand.NormFloat64()
		o.Turn = w.stepTurn + sd*w.maxTurn()*w.sensorRand.NormFloat64()
	}
	o.Place = -1
	if sc.Sensors.Place {
		o.Place = w.maze.Index(w.cell)
	}
	o.Reward = 0
	if sc.Sensors.Reward {
		o.Reward = w.stepReward
	}
	o.Ate = w.ate
}

func clamp(x, lo, hi float64) float64 {
	if x != x {
		return 0
	}
	return math.Min(math.Max(x, lo), hi)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix folds the 8 bytes of v into an FNV-1a hash.
func mix(h, v uint64) uint64 {
	for i := 0; i < 8; i++ {
		h ^= v & 0xff
		h *= fnvPrime
		v >>= 8
	}
	return h
}
