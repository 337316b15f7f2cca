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

// Event is a change to the world at a time: a step (AtStep >= 0) or the
// beginning of a trial (AtTrial >= 1). Exactly one of the two is set; the
// other is -1 or 0 respectively.
type Event struct {
	AtStep  int64 // -1 when the event is timed by trial
	AtTrial int   // 0 when the event is timed by step

	Open   []byte        // door groups to open
	Close  []byte        // door groups to close
	Cheese []Cell        // if not nil, the cheese spots become these
	Reward *RewardChange // if not nil, rewards change
	Walls  []WallChange  // walls put or removed (interventions, editing)
	Rat    *Cell         // if not nil, the rat is carried to this cell's centre

	// Line and Col locate the event in its source file (0 if it has none).
	Line, Col int
}

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
	for i, e := range s.Events {
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
		c.Events[i] = e
	}
	if s.pos != nil {
		c.pos = make(map[string]Pos, len(s.pos))
		for k, v := range s.pos {
			c.pos[k] = v
		}
	}
	return &c
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
