package world

import (
	"fmt"
	"math"
)

// MaxSide is the largest number of rows or columns a maze may have.
const MaxSide = 256

// Style is how a maze is drawn: a grid of block cells or cells separated by
// thin walls. Both styles share one representation (cells and the edges
// between them); the style decides how the layout is written and how walls
// are built in the physical world.
type Style uint8

const (
	// Blocks is the Sutton & Barto style: every character is a cell and
	// walls are whole cells. The edge of the grid is always a wall.
	Blocks Style = iota
	// ThinWalls is the Shannon style: cells between '+' corners, walls on
	// the edges between cells.
	ThinWalls
)

func (s Style) String() string {
	switch s {
	case Blocks:
		return "blocks"
	case ThinWalls:
		return "thin"
	}
	return fmt.Sprintf("Style(%d)", uint8(s))
}

// Wall is what stands on a cell (in a block maze) or on an edge between two
// cells (in a thin-wall maze): nothing, a fixed wall, or a door of a group
// named by a letter 'a'..'z'.
type Wall byte

const (
	// NoWall is an open cell or an open edge.
	NoWall Wall = 0
	// Solid is a fixed wall.
	Solid Wall = '#'
)

// Door returns the wall that belongs to door group letter ('a'..'z').
func Door(letter byte) Wall { return Wall(letter) }

// IsDoor reports whether w belongs to a door group.
func (w Wall) IsDoor() bool { return w >= 'a' && w <= 'z' }

// Letter returns the door group letter of w, or 0 if w is not a door.
func (w Wall) Letter() byte {
	if w.IsDoor() {
		return byte(w)
	}
	return 0
}

// Blocks reports whether w stops the rat, given which doors are open.
func (w Wall) Blocks(doors Doors) bool {
	switch {
	case w == NoWall:
		return false
	case w.IsDoor():
		return !doors.Open(byte(w))
	}
	return true
}

// Doors is the state of the 26 door groups: bit i set means door 'a'+i is
// open. A zero Doors has every door closed. It is a small value so the
// simulator and the oracle can copy it freely.
type Doors uint32

// Open reports whether door group letter is open.
func (d Doors) Open(letter byte) bool {
	if letter < 'a' || letter > 'z' {
		return false
	}
	return d&(1<<(letter-'a')) != 0
}

// With returns d with door group letter set open or closed.
func (d Doors) With(letter byte, open bool) Doors {
	if letter < 'a' || letter > 'z' {
		return d
	}
	bit := Doors(1) << (letter - 'a')
	if open {
		return d | bit
	}
	return d &^ bit
}

// Side names one of the four sides of a cell, and the four moves.
type Side uint8

const (
	North Side = iota
	East
	South
	West
)

// Sides lists the four sides in order N, E, S, W.
var Sides = [4]Side{North, East, South, West}

func (s Side) String() string {
	switch s {
	case North:
		return "N"
	case East:
		return "E"
	case South:
		return "S"
	case West:
		return "W"
	}
	return fmt.Sprintf("Side(%d)", uint8(s))
}

// ParseSide reads "N", "E", "S" or "W" (either case).
func ParseSide(s string) (Side, bool) {
	switch s {
	case "N", "n":
		return North, true
	case "E", "e":
		return East, true
	case "S", "s":
		return South, true
	case "W", "w":
		return West, true
	}
	return 0, false
}

// Opposite returns the side facing s.
func (s Side) Opposite() Side { return (s + 2) & 3 }

// Delta returns the row and column step of a move towards s. Row 0 is the
// top of the maze, so North is -1 row.
func (s Side) Delta() (dr, dc int) {
	switch s {
	case North:
		return -1, 0
	case East:
		return 0, 1
	case South:
		return 1, 0
	default:
		return 0, -1
	}
}

// Angle returns the heading of s in radians, counter-clockwise from east
// (the compass's frame): East 0, North π/2, West π, South -π/2.
func (s Side) Angle() float64 {
	switch s {
	case North:
		return math.Pi / 2
	case West:
		return math.Pi
	case South:
		return -math.Pi / 2
	}
	return 0
}

// WrapAngle returns a in (-π, π].
func WrapAngle(a float64) float64 {
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a <= 0 {
		a += 2 * math.Pi
	}
	return a - math.Pi
}

// Cell is a position in the grid, row 0 at the top, column 0 at the left.
type Cell struct{ Row, Col int }

func (c Cell) String() string { return fmt.Sprintf("(%d,%d)", c.Row, c.Col) }

// Step returns the neighbouring cell towards s (which may lie outside the maze).
func (c Cell) Step(s Side) Cell {
	dr, dc := s.Delta()
	return Cell{c.Row + dr, c.Col + dc}
}

// Maze is the layout of a scenario: W x H cells, what stands on each cell
// and on each edge, the start and the cheese spots.
//
// In a block maze edges inside the grid are always open and walls are
// cells; in a thin-wall maze cells are always open and walls are edges. The
// boundary of the grid is closed in both: a block maze has a wall around
// the grid, a thin-wall maze must draw its outline (validation checks it).
type Maze struct {
	Style  Style
	W, H   int
	Start  Cell
	Cheese []Cell // the G spots, in reading order

	cells []Wall // H*W, row-major
	hedge []Wall // horizontal edges: (H+1) rows of W; row r is the north edge of cell row r
	vedge []Wall // vertical edges: H rows of (W+1); column c is the west edge of cell column c
}

// NewMaze returns an empty w x h maze of the given style: every cell open,
// every inner edge open and, for a thin-wall maze, the boundary walled. It
// panics if w or h is outside 1..MaxSide (a programmer error; parsers check
// sizes first).
func NewMaze(style Style, w, h int) *Maze {
	if w < 1 || h < 1 || w > MaxSide || h > MaxSide {
		panic(fmt.Sprintf("world: maze size %dx%d outside 1..%d", w, h, MaxSide))
	}
	m := &Maze{
		Style: style,
		W:     w,
		H:     h,
		cells: make([]Wall, w*h),
		hedge: make([]Wall, (h+1)*w),
		vedge: make([]Wall, h*(w+1)),
	}
	for c := 0; c < w; c++ {
		m.hedge[c] = Solid
		m.hedge[h*w+c] = Solid
	}
	for r := 0; r < h; r++ {
		m.vedge[r*(w+1)] = Solid
		m.vedge[r*(w+1)+w] = Solid
	}
	return m
}

// Clone returns a deep copy of m.
func (m *Maze) Clone() *Maze {
	c := *m
	c.Cheese = append([]Cell(nil), m.Cheese...)
	c.cells = append([]Wall(nil), m.cells...)
	c.hedge = append([]Wall(nil), m.hedge...)
	c.vedge = append([]Wall(nil), m.vedge...)
	return &c
}

// Equal reports whether m and o describe the same maze.
func (m *Maze) Equal(o *Maze) bool {
	if m.Style != o.Style || m.W != o.W || m.H != o.H || m.Start != o.Start || len(m.Cheese) != len(o.Cheese) {
		return false
	}
	for i := range m.Cheese {
		if m.Cheese[i] != o.Cheese[i] {
			return false
		}
	}
	return equalWalls(m.cells, o.cells) && equalWalls(m.hedge, o.hedge) && equalWalls(m.vedge, o.vedge)
}

func equalWalls(a, b []Wall) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// NumCells returns W*H, the number of places.
func (m *Maze) NumCells() int { return m.W * m.H }

// In reports whether c lies inside the grid.
func (m *Maze) In(c Cell) bool { return c.Row >= 0 && c.Row < m.H && c.Col >= 0 && c.Col < m.W }

// Index returns the place index of c (row-major). c must be inside.
func (m *Maze) Index(c Cell) int { return c.Row*m.W + c.Col }

// CellAt returns the cell of place index i.
func (m *Maze) CellAt(i int) Cell { return Cell{i / m.W, i % m.W} }

// Cell returns what stands on cell c. Cells outside the grid are Solid.
func (m *Maze) Cell(c Cell) Wall {
	if !m.In(c) {
		return Solid
	}
	return m.cells[c.Row*m.W+c.Col]
}

// SetCell sets what stands on cell c (inside the grid).
func (m *Maze) SetCell(c Cell, w Wall) { m.cells[c.Row*m.W+c.Col] = w }

// edgeSlot returns the slice and index holding the edge on side s of c.
// c must be inside the grid.
func (m *Maze) edgeSlot(c Cell, s Side) ([]Wall, int) {
	switch s {
	case North:
		return m.hedge, c.Row*m.W + c.Col
	case South:
		return m.hedge, (c.Row+1)*m.W + c.Col
	case West:
		return m.vedge, c.Row*(m.W+1) + c.Col
	default:
		return m.vedge, c.Row*(m.W+1) + c.Col + 1
	}
}

// Edge returns what stands on side s of cell c (inside the grid).
func (m *Maze) Edge(c Cell, s Side) Wall {
	e, i := m.edgeSlot(c, s)
	return e[i]
}

// SetEdge sets what stands on side s of cell c (inside the grid); the
// neighbour across that edge shares it.
func (m *Maze) SetEdge(c Cell, s Side, w Wall) {
	e, i := m.edgeSlot(c, s)
	e[i] = w
}

// OnBoundary reports whether side s of cell c is part of the grid's outline.
func (m *Maze) OnBoundary(c Cell, s Side) bool { return !m.In(c.Step(s)) }

// Passable reports whether the rat can move from c across side s into the
// neighbouring cell with the given doors open: the neighbour is inside, it
// and c are not blocked, and the edge between them is not blocked.
func (m *Maze) Passable(c Cell, s Side, doors Doors) bool {
	n := c.Step(s)
	if !m.In(n) || !m.In(c) {
		return false
	}
	return !m.Cell(c).Blocks(doors) && !m.Cell(n).Blocks(doors) && !m.Edge(c, s).Blocks(doors)
}

// Open reports whether cell c is inside and not blocked with the given doors.
func (m *Maze) Open(c Cell, doors Doors) bool { return m.In(c) && !m.Cell(c).Blocks(doors) }

// DoorLetters returns a bit set (as Doors) of the door groups used anywhere
// in the layout.
func (m *Maze) DoorLetters() Doors {
	var d Doors
	for _, ws := range [][]Wall{m.cells, m.hedge, m.vedge} {
		for _, w := range ws {
			if w.IsDoor() {
				d = d.With(byte(w), true)
			}
		}
	}
	return d
}

// IsCheese reports whether c is one of the maze's G spots.
func (m *Maze) IsCheese(c Cell) bool {
	for _, g := range m.Cheese {
		if g == c {
			return true
		}
	}
	return false
}

// Layout returns copies of what stands on every cell (row-major), every
// horizontal edge ((H+1) rows of W, row r the north edge of cell row r) and
// every vertical edge (H rows of W+1, column c the west edge of cell column
// c): the whole maze as data, for snapshots.
func (m *Maze) Layout() (cells, hedges, vedges []Wall) {
	return append([]Wall(nil), m.cells...), append([]Wall(nil), m.hedge...), append([]Wall(nil), m.vedge...)
}

// SetLayout replaces what stands on the cells and edges with the given
// slices (as Layout returns them). It reports false, changing nothing, if
// their sizes do not fit the maze.
func (m *Maze) SetLayout(cells, hedges, vedges []Wall) bool {
	if len(cells) != len(m.cells) || len(hedges) != len(m.hedge) || len(vedges) != len(m.vedge) {
		return false
	}
	copy(m.cells, cells)
	copy(m.hedge, hedges)
	copy(m.vedge, vedges)
	return true
}
