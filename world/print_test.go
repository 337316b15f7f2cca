package world

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateFormat = flag.Bool("update-format", false, "rewrite the canonical forms in testdata/format")

// roundTrip checks that s prints, that the text parses back to a scenario
// Equal to s, and that printing that gives the same bytes. Call it on any
// scenario that the format can write: built-in, generated or hand-built.
func roundTrip(t testing.TB, s *Scenario) {
	t.Helper()
	var b bytes.Buffer
	if err := Print(&b, s); err != nil {
		t.Fatalf("Print: %v", err)
	}
	text := b.Bytes()
	if f := Format(s); !bytes.Equal(f, text) {
		t.Fatalf("Format differs from Print:\n%s\nPrint:\n%s", f, text)
	}
	s2, err := Parse("roundtrip.maze", text)
	if err != nil {
		t.Fatalf("Parse(Print(s)): %v\ntext:\n%s", err, text)
	}
	if !s.Equal(s2) {
		t.Fatalf("Parse(Print(s)) differs from s in %s\ntext:\n%s", scenarioDiff(s, s2), text)
	}
	if again := Format(s2); !bytes.Equal(again, text) {
		t.Fatalf("printing twice differs:\nfirst:\n%s\nsecond:\n%s", text, again)
	}
}

// scenarioDiff names the parts in which a and b differ.
func scenarioDiff(a, b *Scenario) string {
	var parts []string
	for _, k := range Keys() {
		va, _ := a.Get(k[0])
		vb, _ := b.Get(k[0])
		if va != vb {
			parts = append(parts, fmt.Sprintf("%s (%q vs %q)", k[0], va, vb))
		}
	}
	if a.Doors != b.Doors || a.Declared != b.Declared {
		parts = append(parts, "doors")
	}
	if (a.Maze == nil) != (b.Maze == nil) || a.Maze != nil && !a.Maze.Equal(b.Maze) {
		parts = append(parts, "maze")
	}
	if len(a.Events) != len(b.Events) {
		parts = append(parts, "the number of events")
	} else {
		for i := range a.Events {
			if !a.Events[i].equal(&b.Events[i], true) {
				parts = append(parts, fmt.Sprintf("event %d", i))
			}
		}
	}
	if len(parts) == 0 {
		return "nothing visible (Equal disagrees with the parts)"
	}
	return strings.Join(parts, ", ")
}

func TestRoundTripFiles(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "good", "*.maze"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no good files: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s, err := Parse(path, readTestdata(t, path))
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, s)
		})
	}
}

// TestFormatGolden pins the canonical text of every good file.
func TestFormatGolden(t *testing.T) {
	for _, tc := range goodFiles {
		t.Run(tc.file, func(t *testing.T) {
			s, err := Parse(tc.file, readTestdata(t, filepath.Join("testdata", "good", tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			got := Format(s)
			path := filepath.Join("testdata", "format", tc.file)
			if *updateFormat {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readTestdata(t, path)
			if !bytes.Equal(got, want) {
				t.Errorf("Format:\n%s\nwant (%s):\n%s", got, path, want)
			}
		})
	}
}

// builtBlocks returns a block maze made in code with doors, cheese spots
// and every kind of event.
func builtBlocks() *Scenario {
	m := NewMaze(Blocks, 6, 4)
	for c := 0; c < 6; c++ {
		m.SetCell(Cell{2, c}, Solid)
	}
	m.SetCell(Cell{2, 0}, Door('q'))
	m.SetCell(Cell{2, 5}, Door('z'))
	m.Start = Cell{3, 0}
	m.Cheese = []Cell{{0, 0}, {0, 5}, {1, 2}}
	s := DefaultScenario(m)
	s.Name = "Built blocks"
	s.Control = Moves
	s.Seed = 0
	s.Doors = Doors(0).With('q', true)
	s.Declared = Doors(0).With('q', true).With('z', true)
	one, minus := 1.0, -0.25
	s.Events = []Event{
		{AtStep: 10, Open: []byte("zq"), Close: []byte("q")},
		{AtStep: -1, AtTrial: 4, Reward: &RewardChange{Cheese: &one, Bump: &minus}},
		{AtStep: 0, Cheese: []Cell{{3, 5}}, Rat: &Cell{1, 1}},
		{AtStep: 1 << 40, Walls: []WallChange{{Cell: Cell{1, 1}}, {Cell: Cell{2, 2}}, {Cell: Cell{0, 3}, Add: true}}},
	}
	return s
}

// builtThin returns a thin-wall maze made in code with doors on edges,
// every setting changed and wall changes with sides.
func builtThin() *Scenario {
	s := serpentine(5, 4)
	m := s.Maze
	m.SetEdge(Cell{0, 4}, South, Door('a'))
	m.SetEdge(Cell{1, 2}, East, Door('b'))
	m.SetEdge(Cell{2, 2}, West, Solid)
	m.Cheese = []Cell{{1, 1}, {3, 0}}
	s.Name = "Built: thin"
	s.Description = "First line.\n  Indented second line with \"quotes\" and a tab\t.\n"
	s.Cell, s.WallWidth, s.Seed = 0.3, 0.01, 1<<63
	s.ControlEvery, s.TicksPerSecond = 1, 1000
	s.Rat = Rat{Radius: 0.1, MaxSpeed: 1e-2}
	s.Sensors = Sensors{Rays: 0, FOVDeg: 1, Range: 100, Touch: false, Compass: true, Odometry: false, OdometryNoise: 1e-9, Place: false, Reward: true}
	s.Reward = Reward{Cheese: -1e6, Step: 1e-300, Bump: 0.1}
	s.OnCheese = Stay
	s.MaxSteps = 1000 // the trial events close every path: trials end by time
	s.Doors = Doors(0).With('a', true).With('b', true)
	s.Declared = s.Doors
	s.Events = []Event{
		{AtStep: -1, AtTrial: 1 << 30, Close: []byte("ab")},
		{AtStep: 3, Walls: []WallChange{{Cell: Cell{1, 1}, Side: North, Add: true}, {Cell: Cell{1, 1}, Side: West, Add: true}}},
		{AtStep: 3, Walls: []WallChange{{Cell: Cell{3, 3}, Side: East}, {Cell: Cell{2, 0}, Side: South, Add: true}}},
		{AtStep: 4, Reward: &RewardChange{}},
		{AtStep: 5, Reward: &RewardChange{Step: new(float64)}, Open: []byte("b")},
	}
	return s
}

func TestRoundTripBuilt(t *testing.T) {
	oneCell := NewMaze(ThinWalls, 2, 1)
	oneCell.Cheese = []Cell{{0, 1}}
	for i, s := range []*Scenario{
		builtBlocks(),
		builtThin(),
		serpentine(1, 2),
		serpentine(MaxSide, MaxSide),
		DefaultScenario(oneCell),
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if err := s.Validate(); err != nil {
				t.Fatalf("%d: the test scenario is invalid: %v", i, err)
			}
			roundTrip(t, s)
		})
	}
}

// TestQuoteYAML round-trips names and descriptions that YAML could read
// as something else, including the ones go-yaml's marshaller mangles.
func TestQuoteYAML(t *testing.T) {
	texts := []string{
		"", "x", "Blocking maze", "Dyna maze (Sutton & Barto 8.1)", "yes", "No", "null", "Null", "~", "true",
		"1.5", "0x10", "Inf", "NaN", "1e3", "  lead", "trail ", "a: b", "a:b", "#x", "a #b", "- x", "-",
		"é", "tab\there", "\t", "\x01\x7f", "line\nbreak", "\n", "\n\n", " \n ", "a\r\nb", "\u2028\u2029\u0085",
		"\ufeff", "\u00a0", "emoji \U0001F600", "quote \" and \\", "---", "x\n---\ny", "'single'", "it's",
		"%", "@", "`", "!tag", "&anchor", "*alias", "{a}", "[a]", ">", "|", "? q", "a, b", "=", "<<",
		strings.Repeat("long ", 40),
	}
	for i, text := range texts {
		s := serpentine(2, 2)
		s.Name = text
		s.Description = text + "\n" + text
		roundTrip(t, s)
		if t.Failed() {
			t.Fatalf("%d: %q", i, text)
		}
	}
}

// TestPrintRefuses checks that Print writes nothing for a scenario that
// the text format cannot say, and says why.
func TestPrintRefuses(t *testing.T) {
	for i, tc := range []struct {
		change func(s *Scenario)
		want   string
	}{
		{func(s *Scenario) { s.Maze = nil }, "it has no maze"},
		{func(s *Scenario) { s.Name = "\xff" }, "the name is not valid UTF-8"},
		{func(s *Scenario) { s.Doors = s.Doors.With('k', true) }, "doors k are open but not declared"},
		{func(s *Scenario) { s.Events[0].AtTrial = 2 }, "event 1 has at_step 10 and at_trial 2"},
		{func(s *Scenario) { s.Events[0].AtStep = -1 }, "event 1 has at_step -1 and at_trial 0"},
		{func(s *Scenario) { s.Events[1].Open = []byte("A") }, "event 2 names door 'A'"},
		{func(s *Scenario) { s.Events[3].Walls = append(s.Events[3].Walls, WallChange{}) }, "event 4 interleaves added and removed walls"},
		{func(s *Scenario) { s.Maze.Cheese = []Cell{{1, 2}, {0, 0}} }, "not in reading order ((0,0) after (1,2))"},
		{func(s *Scenario) { s.Maze.Cheese = []Cell{{0, 0}, {0, 0}} }, "not in reading order ((0,0) after (0,0))"},
		{func(s *Scenario) { s.Maze.Cheese = []Cell{{4, 0}} }, "the cheese (4,0) lies outside the maze"},
		{func(s *Scenario) { s.Maze.Cheese = []Cell{{3, 0}} }, "the cheese (3,0) stands on the start"},
		{func(s *Scenario) { s.Maze.Cheese = []Cell{{2, 0}} }, "the start or cheese (2,0) stands on a wall or door"},
		{func(s *Scenario) { s.Maze.Start = Cell{-1, 0} }, "the start (-1,0) lies outside the maze"},
		{func(s *Scenario) { s.Maze.SetEdge(Cell{0, 0}, East, Solid) }, "a wall on the E side of cell (0,0)"},
		{func(s *Scenario) { s.Maze.SetEdge(Cell{0, 0}, North, NoWall) }, "outline is open on the N side of cell (0,0)"},
		{func(s *Scenario) { s.Maze.SetCell(Cell{1, 1}, Wall('!')) }, "cell (1,1) holds the unknown wall 33"},
		{func(s *Scenario) { s.Maze.Style = Style(7) }, "unknown style Style(7)"},
		{func(s *Scenario) { s.Maze = serpentine(2, 2).Maze; s.Maze.SetCell(Cell{0, 1}, Solid) }, "cell (0,1) of a thin-wall maze holds a wall"},
	} {
		s := builtBlocks()
		tc.change(s)
		var b bytes.Buffer
		err := Print(&b, s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%d: Print error %v, want one containing %q", i, err, tc.want)
		}
		if b.Len() != 0 {
			t.Errorf("%d: Print wrote %d bytes with its error", i, b.Len())
		}
	}
}

func TestEqual(t *testing.T) {
	base := builtThin()
	if !base.Equal(base.Clone()) {
		t.Fatal("a scenario differs from its clone")
	}
	same := base.Clone()
	same.Source = "elsewhere.maze"
	same.SetPos("cell", Pos{3, 4})
	same.Events[0].Line, same.Events[0].Col = 7, 9
	if !base.Equal(same) || !same.Equal(base) {
		t.Error("Source or positions made scenarios differ")
	}
	blocks := builtBlocks()
	sideless := blocks.Clone()
	sideless.Events[3].Walls[0].Side = West
	if !blocks.Equal(sideless) {
		t.Error("the side of a block maze's wall change made scenarios differ")
	}
	var nilScenario *Scenario
	if !nilScenario.Equal(nil) || base.Equal(nil) || nilScenario.Equal(base) {
		t.Error("Equal with nil is wrong")
	}
	two := 2.0
	for i, change := range []func(s *Scenario){
		func(s *Scenario) { s.Name += "x" },
		func(s *Scenario) { s.Description = "" },
		func(s *Scenario) { s.Cell = 0.31 },
		func(s *Scenario) { s.WallWidth = 0.02 },
		func(s *Scenario) { s.Seed++ },
		func(s *Scenario) { s.Control = Moves },
		func(s *Scenario) { s.ControlEvery = 2 },
		func(s *Scenario) { s.TicksPerSecond = 999 },
		func(s *Scenario) { s.Rat.Radius = 0.11 },
		func(s *Scenario) { s.Rat.MaxSpeed = 1 },
		func(s *Scenario) { s.Sensors.Rays = 1 },
		func(s *Scenario) { s.Sensors.Place = true },
		func(s *Scenario) { s.Sensors.OdometryNoise = 0 },
		func(s *Scenario) { s.Reward.Bump = 0 },
		func(s *Scenario) { s.OnCheese = Respawn },
		func(s *Scenario) { s.Doors = s.Doors.With('a', false) },
		func(s *Scenario) { s.Declared = s.Declared.With('c', true) },
		func(s *Scenario) { s.Maze = nil },
		func(s *Scenario) { s.Maze.Start = Cell{1, 0} },
		func(s *Scenario) { s.Maze.Cheese = s.Maze.Cheese[:1] },
		func(s *Scenario) { s.Maze.SetEdge(Cell{1, 1}, East, Door('b')) },
		func(s *Scenario) { s.Events = s.Events[:4] },
		func(s *Scenario) { s.Events[0].AtTrial = 2 },
		func(s *Scenario) { s.Events[1].AtStep = 4 },
		func(s *Scenario) { s.Events[0].Close = []byte("ba") },
		func(s *Scenario) { s.Events[4].Open = nil },
		func(s *Scenario) { s.Events[0].Cheese = []Cell{} },
		func(s *Scenario) { s.Events[2].Rat = &Cell{0, 0} },
		func(s *Scenario) { s.Events[3].Reward = nil },
		func(s *Scenario) { s.Events[3].Reward.Cheese = &two },
		func(s *Scenario) { s.Events[4].Reward.Step = &two },
		func(s *Scenario) { s.Events[1].Walls[1].Side = South },
		func(s *Scenario) { s.Events[1].Walls[1].Add = false },
		func(s *Scenario) { s.Events[2].Walls[0].Cell = Cell{3, 2} },
		func(s *Scenario) { s.Events[2].Walls = s.Events[2].Walls[1:] },
	} {
		o := base.Clone()
		change(o)
		if base.Equal(o) || o.Equal(base) {
			t.Errorf("%d: a changed scenario is Equal to the original", i)
		}
	}
}

// TestFormatEmptyLines checks the canonical form's fine print: no front
// matter for a default scenario, and the layout's first line right after
// the front matter.
func TestFormatEmptyLines(t *testing.T) {
	s := serpentine(2, 1)
	if got, want := string(Format(s)), "+--+--+\n|S  G |\n+--+--+\n"; got != want {
		t.Errorf("Format of a default scenario:\n%s\nwant:\n%s", got, want)
	}
	s.Seed = 9
	if got, want := string(Format(s)), "---\nseed: 9\n---\n+--+--+\n|S  G |\n+--+--+\n"; got != want {
		t.Errorf("Format with a seed:\n%s\nwant:\n%s", got, want)
	}
}
