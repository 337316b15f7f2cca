package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"unsafe"

	"github.com/jakecoffman/cp/v2"
	"github.com/mazerat/mazerat/world"
)

// Snapshot is the whole state of a World at a step boundary: what Restore
// needs, with the world's scenario and seed, to continue the lifetime bit
// for bit. Its fields are exported so that encoders (gob) can write it;
// treat it as opaque.
type Snapshot struct {
	Rat, Ctrl BodyState
	PivotJAcc cp.Vector // the drive joints' accumulated impulses (warm start)
	GearJAcc  float64
	SpaceDt   float64 // the space's last dt: it scales the warm start of the next tick

	Cells, HEdges, VEdges []world.Wall // the maze as it stands, after events
	Doors                 world.Doors
	Reward                world.Reward
	Spots, Cheese         []world.Cell
	SpotArmed             []bool
	RespawnAt             int
	Start                 world.Cell // the maze's S now (maze events change it)
	Armed                 bool
	DisarmCell            world.Cell

	Step, Tick  int64
	Trial       int
	Cell        world.Cell
	Cur, Last   TrialRecord
	LastEnded   bool
	Probing     int64
	TrialGuard  world.Cell
	TrialGuard2 bool
	Stuck       bool
	RegionNow   uint32
	EvOcc       []int64
	EvApplied   []int64
	Hash        uint64
	TotalReward float64
	Applied     []AppliedEvent

	StepReward, StepDuration, StepForward, StepTurn float64
	Ate                                             bool
	Obs                                             Observation

	SensorRand, CheeseRand, EventRand, StartRand []byte // PCG states
}

// BodyState is a rigid body's motion state.
type BodyState struct {
	X, Y, VX, VY, Angle, W float64
}

func bodyState(b *cp.Body) BodyState {
	p, v := b.Position(), b.Velocity()
	return BodyState{X: p.X, Y: p.Y, VX: v.X, VY: v.Y, Angle: b.Angle(), W: b.AngularVelocity()}
}

func (s BodyState) apply(b *cp.Body) {
	b.SetPosition(cp.Vector{X: s.X, Y: s.Y})
	b.SetAngle(s.Angle)
	b.SetVelocity(s.VX, s.VY)
	b.SetAngularVelocity(s.W)
}

// Chipmunk keeps the joints' accumulated impulses in unexported fields and
// uses them to warm-start the next tick. A snapshot must carry them, so
// they are read and written through their field offsets, found once by
// reflection and checked for the expected types: if a future cp moves
// them, Snapshot and Restore fail with an error instead of guessing.
var (
	pivotJAccOff, gearJAccOff, spaceDtOff uintptr
	jAccErr                               error
)

func init() {
	f, ok := reflect.TypeOf(cp.PivotJoint{}).FieldByName("jAcc")
	if !ok || f.Type != reflect.TypeOf(cp.Vector{}) {
		jAccErr = errors.New("sim: this version of cp has no PivotJoint.jAcc of type Vector; snapshots are not supported")
		return
	}
	pivotJAccOff = f.Offset
	g, ok := reflect.TypeOf(cp.GearJoint{}).FieldByName("jAcc")
	if !ok || g.Type.Kind() != reflect.Float64 {
		jAccErr = errors.New("sim: this version of cp has no GearJoint.jAcc of type float64; snapshots are not supported")
		return
	}
	gearJAccOff = g.Offset
	d, ok := reflect.TypeOf(cp.Space{}).FieldByName("curr_dt")
	if !ok || d.Type.Kind() != reflect.Float64 {
		jAccErr = errors.New("sim: this version of cp has no Space.curr_dt of type float64; snapshots are not supported")
		return
	}
	spaceDtOff = d.Offset
}

// spaceDt is the dt of the space's last step. cp scales the cached
// impulses of the next step by dt/prev_dt, so a fresh space (prev_dt 0)
// would skip the joints' warm start once: Restore sets it.
func (w *World) spaceDt() *float64 {
	return (*float64)(unsafe.Add(unsafe.Pointer(w.space), spaceDtOff))
}

func (w *World) pivotJAcc() *cp.Vector {
	pj := w.pivot.Class.(*cp.PivotJoint)
	return (*cp.Vector)(unsafe.Add(unsafe.Pointer(pj), pivotJAccOff))
}

func (w *World) gearJAcc() *float64 {
	gj := w.gear.Class.(*cp.GearJoint)
	return (*float64)(unsafe.Add(unsafe.Pointer(gj), gearJAccOff))
}

// ErrInStep is returned by Snapshot during a step: snapshots are taken at
// step boundaries only.
var ErrInStep = errors.New("sim: a snapshot can only be taken between steps")

// Snapshot returns the world's state. It must be called between steps.
func (w *World) Snapshot() (*Snapshot, error) {
	if jAccErr != nil {
		return nil, jAccErr
	}
	if w.inStep {
		return nil, ErrInStep
	}
	cells, h, v := w.maze.Layout()
	sr, err := w.sensorPCG.MarshalBinary()
	if err != nil {
		return nil, err
	}
	cr, err := w.cheesePCG.MarshalBinary()
	if err != nil {
		return nil, err
	}
	er, err := w.eventPCG.MarshalBinary()
	if err != nil {
		return nil, err
	}
	str, err := w.startPCG.MarshalBinary()
	if err != nil {
		return nil, err
	}
	obs := w.obs
	obs.Rays = append([]float64(nil), w.obs.Rays...)
	applied := make([]AppliedEvent, len(w.applied))
	copy(applied, w.applied)
	return &Snapshot{
		Rat: bodyState(w.rat), Ctrl: bodyState(w.ctrl),
		PivotJAcc: *w.pivotJAcc(), GearJAcc: *w.gearJAcc(), SpaceDt: *w.spaceDt(),
		Cells: cells, HEdges: h, VEdges: v,
		Doors: w.doors, Reward: w.reward,
		Spots: append([]world.Cell(nil), w.spots...), Cheese: append([]world.Cell(nil), w.cheese...),
		SpotArmed: append([]bool(nil), w.spotArmed...), RespawnAt: w.respawnAt, Start: w.maze.Start,
		Armed: w.armed, DisarmCell: w.disarmCell,
		Probing: w.probing, TrialGuard: w.trialGuard, TrialGuard2: w.trialGuarded, Stuck: w.stuck, RegionNow: w.regionNow,
		EvOcc: append([]int64(nil), w.evOcc...), EvApplied: append([]int64(nil), w.evApplied...),
		Step: w.step, Tick: w.tick, Trial: w.trial, Cell: w.cell,
		Cur: w.cur, Last: w.last, LastEnded: w.lastEnded,
		Hash: w.hash, TotalReward: w.totalReward, Applied: applied,
		StepReward: w.stepReward, StepDuration: w.stepDuration, StepForward: w.stepForward, StepTurn: w.stepTurn,
		Ate: w.ate, Obs: obs,
		SensorRand: sr, CheeseRand: cr, EventRand: er, StartRand: str,
	}, nil
}

// Restore builds the world of scenario sc and seed (as New does) and sets
// it to the snapshot's state, so that it continues exactly as the world
// the snapshot was taken from would have. The snapshot must come from a
// world of the same scenario (sizes are checked; a mismatch is an error).
func Restore(sc *world.Scenario, seed uint64, s *Snapshot) (*World, error) {
	return RestoreWithConfig(sc, seed, DefaultConfig(), s)
}

// RestoreWithConfig is Restore with the given body constants.
func RestoreWithConfig(sc *world.Scenario, seed uint64, cfg Config, s *Snapshot) (*World, error) {
	if jAccErr != nil {
		return nil, jAccErr
	}
	w, err := NewWithConfig(sc, seed, cfg)
	if err != nil {
		return nil, err
	}
	if !w.maze.SetLayout(s.Cells, s.HEdges, s.VEdges) {
		return nil, fmt.Errorf("sim: the snapshot's maze does not fit the %dx%d scenario", w.maze.W, w.maze.H)
	}
	if len(s.Obs.Rays) != len(w.rays) {
		return nil, fmt.Errorf("sim: the snapshot has %d rays, the scenario %d", len(s.Obs.Rays), len(w.rays))
	}
	for _, c := range append(append([]world.Cell(nil), s.Spots...), s.Cheese...) {
		if !w.maze.In(c) {
			return nil, fmt.Errorf("sim: the snapshot's cheese %v lies outside the maze", c)
		}
	}
	if s.SpaceDt != 0 && s.SpaceDt != w.sc.DT() {
		return nil, fmt.Errorf("sim: the snapshot's physics step %g s is not the scenario's %g s", s.SpaceDt, w.sc.DT())
	}
	if !w.maze.In(s.Cell) || !w.maze.In(s.Start) || len(s.EvOcc) != len(w.evOcc) || len(s.EvApplied) != len(w.evApplied) ||
		len(s.SpotArmed) != len(s.Spots) || s.RespawnAt < 0 || s.RespawnAt > len(s.Spots) || s.Trial < 1 {
		return nil, fmt.Errorf("sim: the snapshot's clock or cell does not fit the scenario")
	}
	if err := w.sensorPCG.UnmarshalBinary(s.SensorRand); err != nil {
		return nil, fmt.Errorf("sim: sensor random stream: %w", err)
	}
	if err := w.cheesePCG.UnmarshalBinary(s.CheeseRand); err != nil {
		return nil, fmt.Errorf("sim: cheese random stream: %w", err)
	}
	if err := w.eventPCG.UnmarshalBinary(s.EventRand); err != nil {
		return nil, fmt.Errorf("sim: event random stream: %w", err)
	}
	if err := w.startPCG.UnmarshalBinary(s.StartRand); err != nil {
		return nil, fmt.Errorf("sim: start random stream: %w", err)
	}
	w.sensorRand, w.cheeseRand = rand.New(w.sensorPCG), rand.New(w.cheesePCG)
	w.eventRand, w.startRand = rand.New(w.eventPCG), rand.New(w.startPCG)

	w.doors, w.reward = s.Doors, s.Reward
	w.spots = append(w.spots[:0], s.Spots...)
	w.cheese = append(w.cheese[:0], s.Cheese...)
	w.spotArmed = append(w.spotArmed[:0], s.SpotArmed...)
	w.respawnAt, w.maze.Start = s.RespawnAt, s.Start
	w.armed, w.disarmCell = s.Armed, s.DisarmCell
	w.probing, w.trialGuard, w.trialGuarded, w.stuck, w.regionNow = s.Probing, s.TrialGuard, s.TrialGuard2, s.Stuck, s.RegionNow
	copy(w.evOcc, s.EvOcc)
	copy(w.evApplied, s.EvApplied)
	w.updateNextStepDue()
	w.geom.rebuild(w.maze, w.doors)
	w.rebuildStatic()
	w.computeConfigID()

	s.Rat.apply(w.rat)
	s.Ctrl.apply(w.ctrl)
	w.space.ReindexShape(w.ratShape)
	*w.pivotJAcc() = s.PivotJAcc
	*w.gearJAcc() = s.GearJAcc
	*w.spaceDt() = s.SpaceDt

	w.step, w.tick, w.trial, w.cell = s.Step, s.Tick, s.Trial, s.Cell
	w.cur, w.last, w.lastEnded = s.Cur, s.Last, s.LastEnded
	w.hash, w.totalReward = s.Hash, s.TotalReward
	w.applied = append(w.applied[:0], s.Applied...)
	w.stepReward, w.stepDuration, w.stepForward, w.stepTurn = s.StepReward, s.StepDuration, s.StepForward, s.StepTurn
	w.ate = s.Ate
	copy(w.rays, s.Obs.Rays)
	w.obs = s.Obs
	w.obs.Rays = w.rays
	return w, nil
}
