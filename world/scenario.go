package world

import (
	"fmt"
	"math"
)

// Control is how the agent drives the rat's body.
type Control uint8

const (
	// Wheels: the agent sets two wheel commands in [-1, 1] every
	// ControlEvery ticks.
	Wheels Control = iota
	// Moves: the agent picks N, E, S or W and the body's motor program
	// drives it to the neighbouring cell through the physics.
	Moves
)

func (c Control) String() string {
	if c == Moves {
		return "moves"
	}
	return "wheels"
}

// OnCheese is what happens when the rat eats the cheese.
type OnCheese uint8

const (
	// ReturnToStart carries the rat back to the start (Sutton & Barto).
	ReturnToStart OnCheese = iota
	// Respawn puts the cheese on another G spot; the rat stays.
	Respawn
	// Stay leaves rat and cheese where they are; the cheese can be eaten
	// again once the rat has left its cell.
	Stay
)

func (o OnCheese) String() string {
	switch o {
	case Respawn:
		return "respawn"
	case Stay:
		return "stay"
	}
	return "return_to_start"
}

// Rat holds the body's parameters.
type Rat struct {
	Radius   float64 // metres
	MaxSpeed float64 // metres per second at full wheel command
}

// Sensors says which sensors the rat has and how they are set.
type Sensors struct {
	Rays          int     // number of range rays; 0 turns them off
	FOVDeg        float64 // field of view of the ray fan, degrees
	Range         float64 // ray range, metres
	Touch         bool
	Compass       bool
	Odometry      bool
	OdometryNoise float64 // standard deviation of the Gaussian noise, in units of the reading
	Place         bool
	Reward        bool
}

// Reward holds the reward for eating cheese, for every step and for a step
// in which the rat bumped into a wall.
type Reward struct {
	Cheese, Step, Bump float64
}

// RewardChange is a partial change of rewards made by an event; nil fields
// are left as they are.
type RewardChange struct {
	Cheese, Step, Bump *float64
}

// Apply returns r with the change applied.
func (c RewardChange) Apply(r Reward) Reward {
	if c.Cheese != nil {
		r.Cheese = *c.Cheese
	}
	if c.Step != nil {
		r.Step = *c.Step
	}
	if c.Bump != nil {
		r.Bump = *c.Bump
	}
	return r
}

// WallChange puts or removes a wall. In a block maze it names a cell (Side
// is ignored); in a thin-wall maze the edge on Side of Cell.
type WallChange struct {
	Cell Cell
	Side Side
	Add  bool // true puts a wall, false removes it
}

// Event is a change to the world on a schedule. Its first firing is at a
// step (AtStep >= 0) or at the beginning of a trial (AtTrial >= 1); exactly
// one of the two is set, the other is -1 or 0 respectively. With Every > 0
// it fires again every Every steps (or trials), Times times in all (0: for
// ever). Each firing happens with probability Chance (0 stands for 1),
// drawn from the lifetime's "events" stream.
//
// A firing applies the event's own changes and, if Items is not empty,
// one item's changes: the items in turn (the k-th applied firing takes
// item k mod len(Items)), or one drawn at random from the "events" stream
// when Random. Items carry changes only; their time fields are unused.
type Event struct {
	AtStep  int64 // -1 when the event is timed by trial
	AtTrial int   // 0 when the event is timed by step
	Every   int64 // 0: once
	Times   int64 // firings in all when Every > 0; 0 for ever
	Chance  float64

	Open   []byte        // door groups to open
	Close  []byte        // door groups to close
	Cheese []Cell        // if not nil, the cheese spots become these (empty: no cheese)
	Reward *RewardChange // if not nil, rewards change
	Walls  []WallChange  // walls put or removed (interventions, editing)
	Rat    *Cell         // if not nil, the rat is carried to this cell's centre
	Maze   *MazeRef      // if not nil, the layout becomes this maze's
	Probe  int64         // > 0: the trial that begins is a probe of this many steps (trial events)

	Items  []Event // changes applied in turn (or at random) at each firing
	Random bool    // draw the item at random instead of in turn

	// Line and Col locate the event in its source file (0 if it has none).
	Line, Col int
}

// Repeats reports whether the event fires more than once.
func (e *Event) Repeats() bool { return e.Every > 0 && e.Times != 1 }

// Firings returns how many times the event fires (0 for ever).
func (e *Event) Firings() int64 {
	if e.Every == 0 {
		return 1
	}
	return e.Times
}

// FireTime returns the step (or trial) of firing k (from 0).
func (e *Event) FireTime(k int64) int64 {
	at := e.AtStep
	if e.AtTrial > 0 {
		at = int64(e.AtTrial)
	}
	return at + k*e.Every
}

// MazeRef is a maze an event switches to: its layout (walls, doors and
// their states, cheese spots and start), read from another file, a
// built-in scenario or the front matter's mazes. Its other settings and
// its events are not used.
type MazeRef struct {
	Name   string // as the event writes it
	Source string // where it was read, for messages
	Maze   *Maze
	Doors  Doors  // the door states it declares
	Decl   Doors  // the door groups it declares
	Text   []byte // its door groups and layout in canonical text

	layout Pos // where its layout begins in Source
}

// Goal gives the cheese on one cell its own reward.
type Goal struct {
	Cell   Cell
	Reward float64
}

// Region is a named set of cells whose visits trials.csv records.
type Region struct {
	Name      string
	Cells     []Cell // in the order written; rectangles expanded
	Line, Col int
}

// Order is how a list is gone through: in turn or at random.
type Order uint8

const (
	InTurn Order = iota
	AtRandom
)

func (o Order) String() string {
	if o == AtRandom {
		return "random"
	}
	return "cycle"
}

// Rearm says when eaten cheese comes back.
type Rearm uint8

const (
	// AtOnce: the cheese is back at once (the rat is carried away, or
	// with stay must first reach another spot or the start).
	AtOnce Rearm = iota
	// Other: an eaten cheese comes back when cheese on another spot is eaten.
	Other
	// AllEaten: eaten cheese comes back when every spot has been eaten.
	AllEaten
	// Never: eaten cheese is gone for good (a cheese event puts out new).
	Never
)

func (r Rearm) String() string {
	switch r {
	case Other:
		return "other"
	case AllEaten:
		return "all_eaten"
	case Never:
		return "never"
	}
	return "at_once"
}

// Limits on the new lists of a scenario.
const (
	MaxRegions = 16
	MaxStarts  = 256
	MaxGoals   = 1024
	MaxItems   = 1024
)

// Scenario is a whole maze scenario: the layout and everything set in the
// front matter. Build one with DefaultScenario or Load/Parse; change its
// fields, then call Validate.
type Scenario struct {
	Name        string
	Description string

	Cell           float64 // metres per cell
	WallWidth      float64 // thickness of thin walls and of the boundary, metres
	Seed           uint64
	Control        Control
	ControlEvery   int // ticks per agent step in wheels control
	TicksPerSecond int // physics rate; dt = 1/TicksPerSecond

	Rat      Rat
	Sensors  Sensors
	Reward   Reward
	OnCheese OnCheese
	Rearm    Rearm

	// MaxSteps ends a trial that has run this many steps without reward
	// (0: trials end only at cheese).
	MaxSteps int64
	// Starts, if not empty, are the cells trials begin at (the layout's S
	// is one of them), taken in StartOrder.
	Starts     []Cell
	StartOrder Order
	Goals      []Goal     // rewards of single cheese spots
	Regions    []Region   // named sets of cells
	Mazes      []*MazeRef // the mazes events switch to, in order of first use

	// Doors holds the open state of every door group at time 0; Declared
	// holds which groups the front matter declared.
	Doors    Doors
	Declared Doors

	Events []Event
	Maze   *Maze

	// Source is the file the scenario came from ("" if built in code);
	// errors name it.
	Source string
	// pos maps a front-matter key path ("sensors.rays") to where its value
	// stands in Source, so Validate can point at it.
	pos map[string]Pos
}

// DefaultScenario returns a scenario holding every default and the given
// maze. It is the base that front matter and --set override.
func DefaultScenario(m *Maze) *Scenario {
	return &Scenario{
		Cell:           0.5,
		WallWidth:      0.05,
		Seed:           1,
		Control:        Wheels,
		ControlEvery:   6,
		TicksPerSecond: 60,
		Rat:            Rat{Radius: 0.12, MaxSpeed: 0.8},
		Sensors: Sensors{
			Rays: 9, FOVDeg: 270, Range: 2.0,
			Touch: true, Compass: true, Odometry: true, OdometryNoise: 0.01,
			Place: true, Reward: true,
		},
		Reward:   Reward{Cheese: 1},
		OnCheese: ReturnToStart,
		Maze:     m,
	}
}

// Clone returns a deep copy of s.
func (s *Scenario) Clone() *Scenario {
	c := *s
	if s.Maze != nil {
		c.Maze = s.Maze.Clone()
	}
	c.Events = make([]Event, len(s.Events))
	for i := range s.Events {
		c.Events[i] = s.Events[i].Clone()
	}
	c.Starts = append([]Cell(nil), s.Starts...)
	c.Goals = append([]Goal(nil), s.Goals...)
	c.Regions = make([]Region, len(s.Regions))
	for i, r := range s.Regions {
		r.Cells = append([]Cell(nil), r.Cells...)
		c.Regions[i] = r
	}
	// Maze references are shared: nothing changes them after parsing.
	c.Mazes = append([]*MazeRef(nil), s.Mazes...)
	if s.pos != nil {
		c.pos = make(map[string]Pos, len(s.pos))
		for k, v := range s.pos {
			c.pos[k] = v
		}
	}
	return &c
}

// Clone returns a deep copy of e (a maze it switches to is shared).
func (e Event) Clone() Event {
	e.Open = append([]byte(nil), e.Open...)
	e.Close = append([]byte(nil), e.Close...)
	if e.Cheese != nil {
		e.Cheese = append([]Cell{}, e.Cheese...)
	}
	e.Walls = append([]WallChange(nil), e.Walls...)
	if e.Reward != nil {
		r := *e.Reward
		e.Reward = &r
	}
	if e.Rat != nil {
		r := *e.Rat
		e.Rat = &r
	}
	if e.Items != nil {
		items := make([]Event, len(e.Items))
		for i := range e.Items {
			items[i] = e.Items[i].Clone()
		}
		e.Items = items
	}
	return e
}

// GoalReward returns the reward for eating the cheese on cell c given the
// default cheese reward.
func (s *Scenario) GoalReward(c Cell, def float64) float64 {
	for _, g := range s.Goals {
		if g.Cell == c {
			return g.Reward
		}
	}
	return def
}

// DT returns the physics time step in seconds.
func (s *Scenario) DT() float64 { return 1 / float64(s.TicksPerSecond) }

// Pos is a position in a source file, 1-based.
type Pos struct{ Line, Col int }

// SetPos records where the value of key stands in the source file; parsers
// call it so that Validate can name the line and column.
func (s *Scenario) SetPos(key string, p Pos) {
	if s.pos == nil {
		s.pos = make(map[string]Pos)
	}
	s.pos[key] = p
}

// PosOf returns where the value of key stands in the source, if known.
func (s *Scenario) PosOf(key string) (Pos, bool) {
	p, ok := s.pos[key]
	return p, ok
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// errorAt builds an error for key, positioned if the source position is known.
func (s *Scenario) errorAt(key string, format string, args ...any) *Error {
	e := &Error{File: s.Source, Key: key, Msg: fmt.Sprintf(format, args...)}
	if p, ok := s.pos[key]; ok {
		e.Line, e.Col = p.Line, p.Col
	}
	return e
}
