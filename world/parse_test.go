package world

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// wantScenario is what a good file must parse to. Settings not named in
// set must hold their defaults.
type wantScenario struct {
	style   Style
	w, h    int
	start   Cell
	cheese  []Cell
	set     map[string]string // key -> Get(key), for every non-default setting
	doors   Doors
	decl    Doors
	events  []Event // compared with their Line and Col
	cells   map[Cell]Wall
	edges   []wantEdge
	pos     map[string]Pos
	layout  Pos
	canonNo bool // the file is not in canonical form already
}

type wantEdge struct {
	cell Cell
	side Side
	wall Wall
}

var goodFiles = []struct {
	file string
	want wantScenario
}{
	{"dyna.maze", wantScenario{
		style: Blocks, w: 9, h: 6, start: Cell{2, 0}, cheese: []Cell{{0, 8}},
		cells:  map[Cell]Wall{{0, 7}: Solid, {1, 2}: Solid, {2, 2}: Solid, {3, 2}: Solid, {4, 5}: Solid, {0, 0}: NoWall, {2, 0}: NoWall},
		edges:  []wantEdge{{Cell{0, 0}, North, Solid}, {Cell{0, 0}, West, Solid}, {Cell{0, 0}, East, NoWall}, {Cell{5, 8}, South, Solid}},
		layout: Pos{1, 1},
	}},
	{"blocking.maze", wantScenario{
		style: Blocks, w: 9, h: 6, start: Cell{5, 3}, cheese: []Cell{{0, 8}},
		set: map[string]string{
			"name":        "Blocking maze",
			"description": "Sutton & Barto, Example 8.2.\nThe gap in row 3 moves at step 1000.\n",
			"control":     "moves",
		},
		doors: Doors(0).With('b', true), decl: Doors(0).With('a', true).With('b', true),
		events: []Event{{AtStep: 1000, Close: []byte("b"), Open: []byte("a"), Line: 11, Col: 5}},
		cells:  map[Cell]Wall{{3, 0}: Door('a'), {3, 1}: Solid, {3, 7}: Solid, {3, 8}: Door('b')},
		pos:    map[string]Pos{"name": {3, 7}, "description": {4, 14}, "control": {7, 10}, "reward.cheese": {8, 18}, "reward.bump": {8, 38}, "doors.a": {9, 12}},
		layout: Pos{14, 1}, canonNo: true,
	}},
	{"every_key.maze", wantScenario{
		style: Blocks, w: 7, h: 6, start: Cell{1, 1}, cheese: []Cell{{3, 5}, {4, 1}},
		set: map[string]string{
			"name": "Every key: quoted", "description": "tab\there, quote \" and backslash \\",
			"cell": "0.75", "wall_width": "0.06", "seed": "18446744073709551615",
			"control_every": "4", "ticks_per_second": "120",
			"rat.radius": "0.2", "rat.max_speed": "0.5",
			"sensors.rays": "16", "sensors.fov_deg": "180.5", "sensors.range": "3",
			"sensors.touch": "false", "sensors.compass": "false", "sensors.odometry": "false",
			"sensors.odometry_noise": "0", "sensors.place": "false", "sensors.reward": "false",
			"reward.cheese": "10", "reward.step": "-0.01", "reward.bump": "-0.001",
			"on_cheese": "respawn",
		},
		doors: Doors(0).With('d', true), decl: Doors(0).With('c', true).With('d', true),
		events: []Event{
			{AtStep: 0, Open: []byte("c"), Close: []byte("d"), Line: 32, Col: 5},
			{AtStep: -1, AtTrial: 2, Reward: &RewardChange{Step: ptr(-0.5)}, Line: 35, Col: 5},
			{AtStep: -1, AtTrial: 3, Reward: &RewardChange{Cheese: ptr(2.0), Bump: ptr(-2.0)}, Line: 36, Col: 5},
			{AtStep: 500, Cheese: []Cell{{1, 2}, {3, 4}}, Line: 37, Col: 5},
			{AtStep: 600, Walls: []WallChange{{Cell: Cell{2, 2}, Add: true}, {Cell: Cell{1, 3}}}, Line: 38, Col: 5},
			{AtStep: 700, Walls: []WallChange{{Cell: Cell{1, 3}}, {Cell: Cell{2, 3}, Add: true}, {Cell: Cell{2, 4}, Add: true}}, Line: 39, Col: 5},
			{AtStep: 800, Rat: &Cell{3, 1}, Line: 40, Col: 5},
			{AtStep: 900, Reward: &RewardChange{}, Line: 41, Col: 5},
		},
		cells:  map[Cell]Wall{{1, 4}: Door('c'), {3, 3}: Door('d'), {2, 2}: Solid},
		pos:    map[string]Pos{"seed": {6, 7}, "rat.radius": {11, 11}, "sensors.reward": {22, 11}, "doors.c": {29, 6}},
		layout: Pos{43, 1}, canonNo: true,
	}},
	{"theseus.maze", wantScenario{
		style: ThinWalls, w: 4, h: 3, start: Cell{0, 0}, cheese: []Cell{{2, 0}, {2, 3}},
		set:   map[string]string{"name": "Theseus", "on_cheese": "stay"},
		doors: Doors(0).With('b', true), decl: Doors(0).With('a', true).With('b', true),
		events: []Event{
			{AtStep: -1, AtTrial: 2, Open: []byte("a"), Line: 6, Col: 5},
			{AtStep: 20, Walls: []WallChange{{Cell: Cell{1, 1}, Side: East, Add: true}, {Cell: Cell{0, 1}, Side: South}}, Line: 7, Col: 5},
			{AtStep: 40, Rat: &Cell{2, 3}, Cheese: []Cell{{0, 0}}, Line: 8, Col: 5},
		},
		edges: []wantEdge{
			{Cell{0, 0}, North, Solid}, {Cell{0, 0}, East, NoWall}, {Cell{0, 1}, East, Solid},
			{Cell{0, 1}, South, Door('a')}, {Cell{1, 1}, North, Door('a')}, {Cell{1, 1}, East, Door('a')},
			{Cell{1, 2}, East, Door('b')}, {Cell{1, 3}, South, NoWall}, {Cell{2, 0}, North, Solid},
			{Cell{2, 0}, East, Solid}, {Cell{2, 3}, East, Solid}, {Cell{2, 3}, South, Solid},
		},
		pos:    map[string]Pos{"on_cheese": {3, 12}, "doors.b": {4, 23}},
		layout: Pos{10, 1}, canonNo: true,
	}},
	{"spaces.maze", wantScenario{
		style: ThinWalls, w: 2, h: 1, start: Cell{0, 0}, cheese: []Cell{{0, 1}},
		set:    map[string]string{"name": "x"},
		edges:  []wantEdge{{Cell{0, 0}, East, NoWall}, {Cell{0, 1}, East, Solid}},
		layout: Pos{5, 1}, canonNo: true,
	}},
	{"empty_front.maze", wantScenario{
		style: Blocks, w: 5, h: 3, start: Cell{1, 1}, cheese: []Cell{{1, 3}},
		layout: Pos{3, 1}, canonNo: true,
	}},
	{"comments_only.maze", wantScenario{
		style: Blocks, w: 3, h: 1, start: Cell{0, 0}, cheese: []Cell{{0, 2}},
		layout: Pos{4, 1}, canonNo: true,
	}},
	{"quoted.maze", wantScenario{
		style: Blocks, w: 2, h: 1, start: Cell{0, 0}, cheese: []Cell{{0, 1}},
		set: map[string]string{
			"name": "single 'quoted'", "description": "été \U0001F600 café",
			"seed": "7", "sensors.touch": "false",
		},
		pos:    map[string]Pos{"cell": {4, 7}, "sensors.touch": {6, 18}},
		layout: Pos{8, 1}, canonNo: true,
	}},
}

func readTestdata(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseGood(t *testing.T) {
	for i, tc := range goodFiles {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "good", tc.file)
			s, err := Parse(path, readTestdata(t, path))
			if err != nil {
				t.Fatalf("%d: Parse: %v", i, err)
			}
			checkScenario(t, i, s, tc.want)
			if s.Source != path {
				t.Errorf("%d: Source = %q, want %q", i, s.Source, path)
			}
		})
	}
}

// TestParseGoodCRLF reads every good file with "\r\n" line endings: the
// scenario and every position must be the same.
func TestParseGoodCRLF(t *testing.T) {
	for i, tc := range goodFiles {
		t.Run(tc.file, func(t *testing.T) {
			data := readTestdata(t, filepath.Join("testdata", "good", tc.file))
			crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			s, err := Parse(tc.file, crlf)
			if err != nil {
				t.Fatalf("%d: Parse: %v", i, err)
			}
			checkScenario(t, i, s, tc.want)
		})
	}
}

// TestParseGoodCanonical checks that the files marked canonical are
// exactly what Format writes.
func TestParseGoodCanonical(t *testing.T) {
	for i, tc := range goodFiles {
		data := readTestdata(t, filepath.Join("testdata", "good", tc.file))
		s, err := Parse(tc.file, data)
		if err != nil {
			t.Fatalf("%d: %s: %v", i, tc.file, err)
		}
		if got := Format(s); bytes.Equal(got, data) == tc.want.canonNo {
			t.Errorf("%d: %s: Format equals the file: %v, want %v", i, tc.file, bytes.Equal(got, data), !tc.want.canonNo)
		}
	}
}

func checkScenario(t *testing.T, i int, s *Scenario, want wantScenario) {
	t.Helper()
	m := s.Maze
	if m.Style != want.style || m.W != want.w || m.H != want.h {
		t.Errorf("%d: maze %v %dx%d, want %v %dx%d", i, m.Style, m.W, m.H, want.style, want.w, want.h)
	}
	if m.Start != want.start {
		t.Errorf("%d: start %v, want %v", i, m.Start, want.start)
	}
	if fmt.Sprint(m.Cheese) != fmt.Sprint(want.cheese) {
		t.Errorf("%d: cheese %v, want %v", i, m.Cheese, want.cheese)
	}
	def := DefaultScenario(nil)
	for _, k := range Keys() {
		key := k[0]
		if strings.HasPrefix(key, "doors.") {
			continue
		}
		got, _ := s.Get(key)
		w, ok := want.set[key]
		if !ok {
			w, _ = def.Get(key)
		}
		if got != w {
			t.Errorf("%d: %s = %q, want %q", i, key, got, w)
		}
	}
	if s.Doors != want.doors || s.Declared != want.decl {
		t.Errorf("%d: doors %b declared %b, want %b and %b", i, s.Doors, s.Declared, want.doors, want.decl)
	}
	if len(s.Events) != len(want.events) {
		t.Errorf("%d: %d events, want %d", i, len(s.Events), len(want.events))
	} else {
		for j := range want.events {
			g, w := &s.Events[j], &want.events[j]
			if !g.equal(w, true) || g.Line != w.Line || g.Col != w.Col {
				t.Errorf("%d: event %d = %s, want %s", i, j, eventString(g), eventString(w))
			}
		}
	}
	for c, w := range want.cells {
		if got := m.Cell(c); got != w {
			t.Errorf("%d: cell %v = %q, want %q", i, c, got, w)
		}
	}
	for _, e := range want.edges {
		if got := m.Edge(e.cell, e.side); got != e.wall {
			t.Errorf("%d: edge %v %v = %q, want %q", i, e.cell, e.side, got, e.wall)
		}
	}
	for key, w := range want.pos {
		if got, ok := s.PosOf(key); !ok || got != w {
			t.Errorf("%d: PosOf(%q) = %v %v, want %v", i, key, got, ok, w)
		}
	}
	if got, ok := s.PosOf(LayoutPos); !ok || got != want.layout {
		t.Errorf("%d: layout at %v %v, want %v", i, got, ok, want.layout)
	}
}

func eventString(e *Event) string {
	var buf bytes.Buffer
	writeEvent(&buf, e, true)
	return fmt.Sprintf("%s at %d:%d", strings.TrimSpace(buf.String()), e.Line, e.Col)
}

// badCases are files with problems and the exact errors each must give,
// in order. The file is named "bad.maze".
var badCases = []struct {
	name string
	text string
	want []string
}{
	{"unknown key", "---\nname: x\ncolour: red\n---\nSG\n", []string{
		"bad.maze:3:1: unknown key \"colour\", expected one of name, description, cell, wall_width, seed, control, control_every, ticks_per_second, rat, sensors, reward, on_cheese, rearm, trial, start_order, doors, starts, goals, regions, mazes, events",
	}},
	{"unknown nested key", "---\nrat: {radius: 0.1, tail: 3}\n---\nSG\n", []string{
		"bad.maze:2:20: unknown key \"tail\" in rat, expected one of radius, max_speed",
	}},
	{"unknown event key", "---\nevents:\n  - {at_step: 1, teleport: [0, 0]}\n---\nSG\n", []string{
		"bad.maze:3:18: unknown event key \"teleport\", expected one of at_step, at_trial, every, times, chance, cycle, choose, open, close, reward, cheese, add_walls, remove_walls, rat, maze, probe",
	}},
	{"mapping for a scalar", "---\ncell: {a: 1}\n---\nSG\n", []string{
		"bad.maze:2:7: cell is a mapping, expected a number in 0.05..10",
	}},
	{"list for a scalar", "---\nseed: [1, 2]\n---\nSG\n", []string{
		"bad.maze:2:7: seed is a list, expected a non-negative integer",
	}},
	{"scalar for a group", "---\nsensors: 9\n---\nSG\n", []string{
		"bad.maze:2:10: sensors is 9, expected a mapping of rays, fov_deg, range, touch, compass, odometry, odometry_noise, place, reward",
	}},
	{"no value", "---\ncontrol:\n---\nSG\n", []string{
		"bad.maze:2:10: control has no value, expected wheels or moves",
	}},
	{"bad number", "---\ncell: wide\n---\nSG\n", []string{
		"bad.maze:2:7: cell: \"wide\" is not a number, expected a number in 0.05..10",
	}},
	{"bad boolean", "---\nsensors: {touch: yes}\n---\nSG\n", []string{
		"bad.maze:2:18: sensors.touch: \"yes\" is not a boolean, expected true or false",
	}},
	{"out of range", "---\nsensors:\n  rays: 65\n---\nSG\n", []string{
		"bad.maze:3:9: sensors.rays: 65 is out of range, expected an integer in 0..64",
	}},
	{"NaN", "---\ncell: .nan\n---\nSG\n", []string{
		"bad.maze:2:7: cell: \".nan\" is not a number, expected a number in 0.05..10",
	}},
	{"Inf in an event", "---\nevents:\n  - {at_step: 1, reward: {cheese: .inf}}\n---\nSG\n", []string{
		"bad.maze:3:35: reward.cheese \".inf\" is not a finite number, expected a number in -1e+06..1e+06",
	}},
	{"string for an event number", "---\nevents:\n  - {at_step: soon, cheese: [[0, one]]}\n---\nSG\n", []string{
		"bad.maze:3:15: at_step \"soon\" is not an integer, expected an integer in 0..1125899906842624",
		"bad.maze:3:34: the column \"one\" is not an integer, expected a row or column number",
	}},
	{"negative step", "---\nevents:\n  - {at_step: -1}\n  - {at_trial: 0}\n---\nSG\n", []string{
		"bad.maze:3:15: at_step -1 is out of range, expected an integer in 0..1125899906842624",
		"bad.maze:4:16: at_trial 0 is out of range, expected an integer in 1..1073741824",
	}},
	{"dotted key", "---\nrat.radius: 0.1\n---\nSG\n", []string{
		"bad.maze:2:1: the key \"rat.radius\" holds a dot, expected nested mappings such as rat: {radius: 0.1}",
	}},
	{"duplicate key", "---\nseed: 1\ncell: 0.5\nseed: 2\n---\nSG\n", []string{
		"bad.maze:4:1: the key \"seed\" is given twice (first at 2:1), expected each key once",
	}},
	{"duplicate nested key", "---\nevents:\n  - {at_step: 1, at_step: 2}\n---\nSG\n", []string{
		"bad.maze:3:18: the key \"at_step\" in the event is given twice (first at 3:6), expected each key once",
	}},
	{"anchor", "---\nseed: &s 3\n---\nSG\n", []string{
		"bad.maze:2:7: seed is an anchor, alias or tag (not supported), expected a non-negative integer",
	}},
	{"YAML syntax error", "---\nname: x\nrat: {radius: 0.1\n---\nSG\n", []string{
		"bad.maze:3:6: the front matter is not valid YAML: could not find flow mapping end token '}'",
	}},
	{"YAML syntax error and layout error", "---\nname: [x\n---\nSQG\n", []string{
		"bad.maze:2:7: the front matter is not valid YAML: sequence end token ']' not found",
		"bad.maze:4:2: found 'Q', expected '#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z",
	}},
	{"tab in the front matter", "---\nname: x\n\tseed: 2\n---\nSG\n", []string{
		"bad.maze:3:1: the front matter is not valid YAML: found character '\t' that cannot start any token",
	}},
	{"second document", "---\nname: x\n--- \nseed: 2\n---\nSG\n", []string{
		"bad.maze:4:1: a second YAML document, expected one mapping of settings",
	}},
	{"directive", "---\n%YAML 1.2\n--- \nseed: 2\n---\nSG\n", []string{
		"bad.maze:2:1: a YAML directive, expected plain settings such as name: My maze",
	}},
	{"front matter not a mapping", "---\n- a\n- b\n---\nSG\n", []string{
		"bad.maze:2:1: the front matter is a list, expected a mapping of settings such as name: My maze",
	}},
	{"front matter not closed", "---\nname: x\nSG\n", []string{
		"bad.maze:1:1: the front matter is not closed, expected a line --- after it (and the layout after that)",
	}},
	{"no layout", "---\nname: x\n---\n\n  \n", []string{
		"bad.maze:4:1: the file has no layout, expected a maze after the front matter",
	}},
	{"empty file", "", []string{
		"bad.maze:1:1: the file has no layout, expected a maze after the front matter",
	}},
	{"ragged block rows", "S.#\n..\n.G#.\n", []string{
		"bad.maze:2:3: the row ends after 2 cells, expected 3 like the first row",
		"bad.maze:3:4: the row is 4 cells wide, expected 3 like the first row",
	}},
	{"bad block char", "S.x#\n.*.G\n", []string{
		"bad.maze:2:2: found '*', expected '#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z",
	}},
	{"tab in a block row", "S.\t.G\n", []string{
		"bad.maze:1:3: found a tab (tabs are not allowed in the layout), expected '#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z",
	}},
	{"blank line in the layout", "S.\n\n.G\n", []string{
		"bad.maze:2:1: a blank line inside the layout, expected a row of 2 cells",
	}},
	{"two extra S", "S.S\n.GS\n", []string{
		"bad.maze:1:3: a second start S at (0,2), expected exactly one S (the first is at 1:1)",
		"bad.maze:2:3: a second start S at (1,2), expected exactly one S (the first is at 1:1)",
	}},
	{"no S", "...\n.G.\n", []string{
		"bad.maze:1:1: the maze has no start, expected one S in the layout",
	}},
	{"no G", "S..\n...\n", []string{
		"bad.maze:1:1: the maze has no cheese, expected at least one G",
	}},
	{"non-ASCII in the layout", "S.é.G\n", []string{
		"bad.maze:1:3: the layout holds the non-ASCII character 'é', expected ASCII characters only",
	}},
	{"columns count characters", "---\nname: x\n---\nS.**G\nS.éé*G\n", []string{
		"bad.maze:5:3: the layout holds the non-ASCII character 'é', expected ASCII characters only",
	}},
	{"box-drawing", "┌──┬──┐\n│S │ G│\n└──┴──┘\n", []string{
		"bad.maze:1:1: the layout is drawn with box-drawing characters ('┌' here), expected ASCII: '+' corners with \"--\" and '|' walls for thin walls, or '#' cells for a block grid",
	}},
	{"indented thin walls", "---\nname: x\n---\n  +--+--+\n  |S  G|\n  +--+--+\n", []string{
		"bad.maze:4:1: the layout is indented by 2 spaces, expected it to begin in column 1 (its first character decides the style: '+' for thin walls)",
	}},
	{"binary", "\x7fELF\x02\x01\x01\x00\x00\x00SG\n", []string{
		"bad.maze:1:8: the file holds a NUL byte and looks binary, expected a .maze text file (front matter between --- lines, then the maze drawn in ASCII)",
	}},
	{"not UTF-8 in the layout", "S.\xff.G\n", []string{
		"bad.maze:1:3: the layout holds the byte 0xFF, which is not UTF-8 text, expected the maze drawn in ASCII characters",
	}},
	{"event moves the cheese into a wall", "---\nevents:\n  - {at_step: 5, cheese: [[1, 1]]}\n---\nS.G\n.#.\n", []string{
		"bad.maze:3:5: at step 5 the cheese (1,1) stands on a wall, expected cheese on open cells",
	}},
	{"event carries the rat into a wall", "---\nevents:\n  - {at_trial: 2, rat: [1, 1]}\n---\nS.G\n.#.\n", []string{
		"bad.maze:3:5: when trial 2 begins the rat is carried onto a wall at (1,1), expected an open cell",
	}},
	{"event closes a door on the start", "---\ndoors: {a: open}\nstarts: [[0, 0], [1, 0]]\nevents:\n  - {at_step: 9, close: [a]}\n---\nS.G\na..\n", []string{
		"bad.maze:5:5: at step 9 the start (1,0) is under door a, closed then, expected the starts open",
	}},
	{"event cuts the cheese off", "---\ndoors: {a: open}\nevents:\n  - {at_step: 9, close: [a]}\n---\nS.a.G\n", []string{
		"bad.maze:4:5: at step 9 no cheese can be reached from (0,0) and trials have no time limit, so the trial could never end: expected a path to a G, or trial: {max_steps: N}",
	}},
	{"event removes every cheese", "---\nevents:\n  - {at_trial: 3, cheese: []}\n---\nS.G\n", []string{
		"bad.maze:3:5: when trial 3 begins there is no cheese from (0,0) and trials have no time limit, so the trial could never end: expected a path to a G, or trial: {max_steps: N}",
	}},
	{"every 0 steps", "---\nevents:\n  - {at_step: 5, every: 0, open: [a]}\n---\nS.G\n", []string{
		"bad.maze:3:25: every 0 is out of range, expected an integer in 1..1125899906842624",
	}},
	{"a cycle of nothing", "---\nevents:\n  - {at_step: 5, every: 10, cycle: []}\n---\nS.G\n", []string{
		"bad.maze:3:29: an empty list of changes, expected at least one such as [{maze: b.maze}]",
	}},
	{"a cycle item with a time", "---\nevents:\n  - {at_step: 5, every: 10, cycle: [{at_step: 3}]}\n---\nS.G\n", []string{
		"bad.maze:3:38: unknown key \"at_step\" in a change of cycle, expected one of open, close, reward, cheese, add_walls, remove_walls, rat, maze, probe (the time belongs to the event)",
	}},
	{"a maze file that is missing", "---\nevents:\n  - {at_step: 5, maze: nowhere.maze}\n---\nS.G\n", []string{
		"bad.maze:3:24: no maze called \"nowhere.maze\", expected an entry of the front matter's mazes (this scenario was given as text, so it cannot name files)",
	}},
	{"an inline maze of another size", "---\nmazes:\n  b: |\n    S..G\nevents:\n  - {at_step: 5, maze: b}\n---\nS.G\n", []string{
		"bad.maze:6:5: the maze b is 4x1 cells (bad.maze (mazes: b):1:1), expected 3x1 like this scenario's layout (bad.maze:8:1)",
	}},
	{"an inline maze with an error", "---\nmazes:\n  b: |\n    S.*G\nevents:\n  - {at_step: 5, maze: b}\n---\nS..G\n", []string{
		"bad.maze:4:7: found '*', expected '#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z (in the maze b)",
	}},
	{"a probe at a step", "---\ntrial: {max_steps: 100}\nevents:\n  - {at_step: 5, probe: 60}\n---\nS.G\n", []string{
		"bad.maze:4:5: a probe at a step, expected probe in an event at_trial (a probe is a whole trial)",
	}},
	{"starts without the S", "---\nstarts: [[0, 1]]\n---\nS.G\n", []string{
		"bad.maze:2:9: the layout's S (0,0) is not among the starts, expected it in the list (the rat is born there)",
	}},
	{"a goal that is no cheese", "---\ngoals: [{cell: [0, 1], reward: 2}]\n---\nS.G\n", []string{
		"bad.maze:2:9: the goal (0,1) is not a cheese spot, expected a cell marked G (or one an event puts cheese on)",
	}},
	{"a region outside", "---\nregions: {far: [[5, 5]]}\n---\nS.G\n", []string{
		"bad.maze:2:11: the region far's cell (5,5) lies outside the 3x1 maze, expected row 0..0 and col 0..2",
	}},
	{"a list key with --set words", "---\nstarts: 3\n---\nS.G\n", []string{
		"bad.maze:2:9: starts is 3, expected a list of cells such as [[9, 0], [0, 9]]",
	}},
	{"lone CR in the layout", "S.\r.G\n", []string{
		"bad.maze:1:3: found a carriage return without a line feed, expected '#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z",
	}},
	{"lone CR in the front matter", "---\nname: a\rb\n---\nSG\n", []string{
		"bad.maze:2:8: a carriage return without a line feed, expected \\n or \\r\\n line endings",
	}},
	{"invalid UTF-8 in the front matter", "---\nname: \xff\n---\nSG\n", []string{
		"bad.maze:2:7: the byte 0xFF is not UTF-8, expected UTF-8 text",
	}},
	{"row past the width", "+--+--+\n|S  G |  x\n+--+--+   \n", []string{
		"bad.maze:2:10: found 'x', expected the row to end at col 7 (2 cells: a '+' or wall every third column, like the first line)",
	}},
	{"bad thin char", "+--+--+\n|S  G #\n+--+--+\n", []string{
		"bad.maze:2:7: found '#', expected '|' (wall), a space (open) or a door letter a..z",
	}},
	{"bad thin cell char", "+--+--+\n|S  .G|\n+--+--+\n", []string{
		"bad.maze:2:5: found '.', expected a space, S or G in cell (0,1)",
	}},
	{"S and G in one cell", "+--+--+\n|SG  G|\n+--+--+\n", []string{
		"bad.maze:2:2: cell (0,0) holds both S and G, expected one of them",
	}},
	{"G twice in one cell", "+--+--+\n|S  GG|\n+--+--+\n", []string{
		"bad.maze:2:6: cell (0,1) holds G twice, expected one G",
	}},
	{"misplaced +", "+--+--+\n|S + G|\n+-+---+\n", []string{
		"bad.maze:2:4: a corner '+' on a cell line, expected '|' (wall), a space (open) or a door letter a..z",
		"bad.maze:3:3: a '+' between corners, expected corners only every third column and \"--\" (wall), two spaces (open) or a door letter twice such as \"aa\" between them",
		"bad.maze:3:4: found '-', expected a corner '+' (corners stand every third column)",
	}},
	{"missing +", "+--+--+\n|S   G|\n+--|--+\n", []string{
		"bad.maze:3:4: found '|', expected a corner '+' (corners stand every third column)",
	}},
	{"mixed edges", "+--+--+--+\n|S     G |\n+-a+- +aa+\n|        |\n+--+--+--+\n", []string{
		"bad.maze:3:2: the mixed edge \"-a\", expected \"--\" (wall), two spaces (open) or a door letter twice such as \"aa\"",
		"bad.maze:3:5: the mixed edge \"- \", expected \"--\" (wall), two spaces (open) or a door letter twice such as \"aa\"",
	}},
	{"short thin row", "+--+--+\n|S  G |\n+--+\n", []string{
		"bad.maze:3:5: the row ends after 4 characters, expected 7 (2 cells: a '+' or wall every third column, like the first line)",
	}},
	{"ends with a cell line", "+--+--+\n|S  G |\n", []string{
		"bad.maze:2:1: the layout ends with a cell line, expected a corner line such as +--+ below it",
	}},
	{"only a corner line", "+--+--+\n", []string{
		"bad.maze:2:1: the layout has only a corner line, expected cell lines such as |  | between corner lines",
	}},
	{"corner line without cells", "+\n|\n+\n", []string{
		"bad.maze:1:2: the corner line ends at its first '+', expected at least one cell: +--+",
	}},
	{"tab in a thin row", "+--+--+\n|S\t G |\n+--+--+\n", []string{
		"bad.maze:2:3: found a tab (tabs are not allowed in the layout), expected a space, S or G in cell (0,0)",
	}},
	{"undeclared door", "+--+--+\n|S a G|\n+--+--+\n", []string{
		"bad.maze:2:4: door a is drawn in the layout but not declared, expected an entry such as doors: {a: closed}",
	}},
	{"declared door not drawn", "---\ndoors: {a: closed, b: open}\n---\n+--+--+\n|S a G|\n+--+--+\n", []string{
		"bad.maze:2:23: door b is declared but not drawn in the layout, expected the letter b on a cell or wall",
	}},
	{"bad door state", "---\ndoors: {a: ajar}\n---\nSGa\n", []string{
		"bad.maze:2:12: doors.a: \"ajar\" is not a door state, expected open or closed",
	}},
	{"bad door letter", "---\ndoors: {A: open, ab: open}\n---\nSG\n", []string{
		"bad.maze:2:9: unknown door group \"A\", expected a letter a..z",
		"bad.maze:2:18: unknown door group \"ab\", expected a letter a..z",
	}},
	{"open boundary", "+--+--+\n|S   G \n+--+  +\n", []string{
		"bad.maze:2:7: the outline is open on the E side of cell (0,1), expected a wall: the boundary must be closed",
		"bad.maze:3:5: the outline is open on the S side of cell (0,1), expected a wall: the boundary must be closed",
	}},
	{"door on the boundary", "---\ndoors: {a: open}\n---\n+--+aa+\n|S   Ga\n+--+--+\n", []string{
		"bad.maze:4:5: the outline is a door (a) on the N side of cell (0,1), expected a wall: the boundary must be closed",
		"bad.maze:5:7: the outline is a door (a) on the E side of cell (0,1), expected a wall: the boundary must be closed",
	}},
	{"unreachable cheese", "+--+--+\n|S |G |\n+--+--+\n", []string{
		"bad.maze:2:2: no cheese can be reached from the start (0,0) with the doors as they are at time 0, expected an open path to a G",
	}},
	{"unreachable cheese behind a closed door", "---\ndoors: {a: closed}\n---\nSaG\n", []string{
		"bad.maze:4:1: no cheese can be reached from the start (0,0) with the doors as they are at time 0, expected an open path to a G",
	}},
	{"event with both times", "---\nevents:\n  - {at_step: 5, at_trial: 2}\n---\nSG\n", []string{
		"bad.maze:3:5: the event has both at_step and at_trial, expected one of them",
	}},
	{"event with no time", "---\nevents:\n  - {open: []}\n---\nSG\n", []string{
		"bad.maze:3:5: the event has no time, expected at_step (0 or more) or at_trial (1 or more)",
	}},
	{"event naming an undeclared door", "---\ndoors: {a: open}\nevents:\n  - {at_step: 5, open: [a, b]}\n---\nSaG\n", []string{
		"bad.maze:4:5: the event names door \"b\", which is not declared, expected one of the doors: a",
	}},
	{"event with a bad door letter", "---\nevents:\n  - {at_step: 5, close: [A, bc]}\n---\nSG\n", []string{
		"bad.maze:3:26: \"A\" in close is not a door letter, expected a letter a..z",
		"bad.maze:3:29: \"bc\" in close is not a door letter, expected a letter a..z",
	}},
	{"bad side letter", "---\nevents:\n  - {at_step: 5, add_walls: [[0, 0, X]]}\n---\n+--+--+\n|S  G |\n+--+--+\n", []string{
		"bad.maze:3:37: the side \"X\" is not a side, expected N, E, S or W",
	}},
	{"wall without a side in a thin maze", "---\nevents:\n  - {at_step: 5, add_walls: [[0, 0]]}\n---\n+--+--+\n|S  G |\n+--+--+\n", []string{
		"bad.maze:3:30: a wall without a side, expected [row, col, side] with side N, E, S or W",
	}},
	{"wall with a side in a block maze", "---\nevents:\n  - {at_step: 5, remove_walls: [[0, 0, E]]}\n---\nSG\n", []string{
		"bad.maze:3:40: a side in a block maze's wall, expected [row, col]: walls are cells in a block maze",
	}},
	{"event cell out of the maze", "---\nevents:\n  - {at_step: 5, rat: [3, 0], cheese: []}\n---\nSG\n", []string{
		"bad.maze:3:5: rat cell (3,0) lies outside the 2x1 maze, expected row 0..0 and col 0..1",
	}},
	{"events not a list", "---\nevents: {at_step: 5}\n---\nSG\n", []string{
		"bad.maze:2:9: events is a mapping, expected a list of events such as - {at_step: 100, open: [a]}",
	}},
	{"event not a mapping", "---\nevents:\n  - 5\n  -\n---\nSG\n", []string{
		"bad.maze:3:5: the event is 5, expected a mapping such as {at_step: 100, open: [a]}",
		"bad.maze:4:5: an empty event, expected a mapping such as {at_step: 100, open: [a]}",
	}},
	{"wall_width too thick", "---\ncell: 0.1\nwall_width: 0.05\n---\nSG\n", []string{
		"bad.maze:3:13: walls 0.05 m thick leave no room in cells of 0.1 m, expected wall_width below 0.05",
	}},
	{"setting checks survive a broken layout", "---\ncell: 0.1\nwall_width: 0.05\n---\nS#*\n", []string{
		"bad.maze:3:13: walls 0.05 m thick leave no room in cells of 0.1 m, expected wall_width below 0.05",
		"bad.maze:5:3: found '*', expected '#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z",
	}},
}

func TestParseBad(t *testing.T) {
	for i, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse("bad.maze", []byte(tc.text))
			if s != nil {
				t.Errorf("%d: Parse returned a scenario with its error", i)
			}
			checkErrors(t, i, err, tc.want)
		})
	}
}

// checkErrors compares the lines of err with want, exactly and in order.
func checkErrors(t *testing.T, i int, err error, want []string) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("%d: error %v (%T), want an ErrorList of %q", i, err, err, want)
	}
	got := strings.Split(list.Error(), "\n")
	for j := 0; j < max(len(got), len(want)); j++ {
		var g, w string
		if j < len(got) {
			g = got[j]
		}
		if j < len(want) {
			w = want[j]
		}
		if g != w {
			t.Errorf("%d: error %d:\n got  %q\n want %q", i, j, g, w)
		}
	}
}

// TestParseSeveralErrors reads a file with problems of every kind and
// checks that all of them are reported, in file order.
func TestParseSeveralErrors(t *testing.T) {
	path := filepath.Join("testdata", "bad", "several.maze")
	_, err := Parse(path, readTestdata(t, path))
	want := strings.Split(strings.TrimSuffix(string(readTestdata(t, filepath.Join("testdata", "bad", "several.err"))), "\n"), "\n")
	checkErrors(t, 0, err, want)
}

// TestParseTooLarge checks that a maze over MaxSide either way is reported
// once, at the first cell past the limit.
func TestParseTooLarge(t *testing.T) {
	thinRow := func(w int, corner bool) string {
		if corner {
			return strings.Repeat("+--", w) + "+\n"
		}
		return strings.Repeat("|  ", w) + "|\n"
	}
	thin := func(w, h int) string {
		var b strings.Builder
		for r := 0; r < h; r++ {
			b.WriteString(thinRow(w, true))
			b.WriteString(thinRow(w, false))
		}
		b.WriteString(thinRow(w, true))
		return b.String()
	}
	blocks := func(w, h int) string { return strings.Repeat(strings.Repeat(".", w)+"\n", h) }
	for i, tc := range []struct {
		name, text string
		want       string
	}{
		{"blocks 257 wide", "---\nname: x\n---\n" + blocks(257, 3), "big.maze:4:257: the maze is 257x3 cells, expected at most 256x256"},
		{"blocks 257 tall", blocks(4, 257), "big.maze:257:1: the maze is 4x257 cells, expected at most 256x256"},
		{"blocks 300 both", blocks(300, 300), "big.maze:1:257: the maze is 300x300 cells, expected at most 256x256"},
		{"thin 257 wide", thin(257, 2), "big.maze:1:770: the maze is 257x2 cells, expected at most 256x256"},
		{"thin 257 tall", thin(3, 257), "big.maze:514:1: the maze is 3x257 cells, expected at most 256x256"},
	} {
		_, err := Parse("big.maze", []byte(tc.text))
		checkErrors(t, i, err, []string{tc.want})
	}
	// The largest maze is fine (apart from its start and cheese).
	_, err := Parse("big.maze", []byte(blocks(256, 256)))
	checkErrors(t, 5, err, []string{"big.maze:1:1: the maze has no start, expected one S in the layout"})
}

// TestParseTooManyErrors checks that a file of garbage gives a bounded
// list that ends by saying so.
func TestParseTooManyErrors(t *testing.T) {
	text := strings.Repeat(strings.Repeat("x", 200)+"\n", 200)
	text = "S" + strings.ReplaceAll(text[1:], "x", "*")
	_, err := Parse("junk.maze", []byte(text))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want an ErrorList", err)
	}
	if len(list) != maxErrors+1 {
		t.Errorf("%d errors, want %d", len(list), maxErrors+1)
	}
	if got, want := list[len(list)-1].Error(), "junk.maze: more than 100 problems, stopped reporting"; got != want {
		t.Errorf("last error %q, want %q", got, want)
	}
	if got, want := list[0].Error(), "junk.maze:1:2: found '*', expected '#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z"; got != want {
		t.Errorf("first error %q, want %q", got, want)
	}
}

func TestParseFileTooLarge(t *testing.T) {
	data := bytes.Repeat([]byte("S"), MaxFileBytes+1)
	_, err := Parse("huge.maze", data)
	checkErrors(t, 0, err, []string{"huge.maze: the file is 1048577 bytes, expected at most 1048576 (1 MiB)"})
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.maze", readTestdata(t, filepath.Join("testdata", "good", "theseus.maze")))
	s, err := Load(good)
	if err != nil {
		t.Fatalf("Load(%s): %v", good, err)
	}
	if s.Source != good || s.Name != "Theseus" {
		t.Errorf("Load: Source %q Name %q, want %q and Theseus", s.Source, s.Name, good)
	}

	huge := write("huge.maze", bytes.Repeat([]byte("."), MaxFileBytes+1))
	_, err = Load(huge)
	checkErrors(t, 1, err, []string{huge + ": the file is 1048577 bytes or more, expected at most 1048576 (1 MiB)"})

	bad := write("bad.maze", []byte("S.G\n.x.\n"))
	_, err = Load(bad)
	checkErrors(t, 2, err, []string{bad + ":2:2: door x is drawn in the layout but not declared, expected an entry such as doors: {x: closed}"})

	_, err = Load(dir)
	checkErrors(t, 3, err, []string{dir + ": the path is a directory, expected a .maze file"})

	if _, err = Load(filepath.Join(dir, "missing.maze")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want fs.ErrNotExist", err)
	}
}

// serpentine returns a w x h thin-wall maze whose only path winds through
// every row, the start at the top left and the cheese at the end.
func serpentine(w, h int) *Scenario {
	m := NewMaze(ThinWalls, w, h)
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			if r+1 < h {
				m.SetEdge(Cell{r, c}, South, Solid)
			}
		}
		if r+1 < h {
			gap := w - 1
			if r%2 == 1 {
				gap = 0
			}
			m.SetEdge(Cell{r, gap}, South, NoWall)
		}
	}
	m.Start = Cell{0, 0}
	end := Cell{h - 1, w - 1}
	if h%2 == 0 {
		end = Cell{h - 1, 0}
	}
	m.Cheese = []Cell{end}
	return DefaultScenario(m)
}

func BenchmarkParse(b *testing.B) {
	for _, size := range []int{16, 256} {
		text := Format(serpentine(size, size))
		b.Run(fmt.Sprintf("thin%dx%d", size, size), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := Parse("bench.maze", text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestParseHostile feeds front matter that makes go-yaml's parser slow
// (time quadratic in nesting or in a block mapping's keys, or memory
// running out) and checks that it is refused before the parser sees it,
// or, for flow collections (linear), read in bounded time. Without the guards these inputs take
// minutes or exhaust memory, so the test's own time limit guards them.
func TestParseHostile(t *testing.T) {
	fm := func(body string) string { return "---\n" + body + "\n---\nSG\n" }
	deep := strings.Repeat("[", 400000) + strings.Repeat("]", 400000)
	const tooDeep = ": the front matter nests lists and mappings more than 10 deep here, expected plain settings such as cheese: [[0, 8]]"
	for i, tc := range []struct {
		name, text string
		first      string // the first error, "" for none
		count      int    // how many errors
	}{
		{"deep flow sequence", fm("name: " + deep), "h.maze:2:17" + tooDeep, 1},
		{"deep flow sequence in 32 KiB", fm("name: " + deep[400000-15000:400000+15000]), "h.maze:2:17" + tooDeep, 1},
		{"deep flow mapping", fm("name: " + strings.Repeat("{a: ", 5000)), "h.maze:2:47" + tooDeep, 1},
		{"dashes on one line", fm(strings.Repeat("- ", 10000)), "h.maze:2:21" + tooDeep, 1},
		{"question marks on one line", fm(strings.Repeat("? ", 10000)), "h.maze:2:21" + tooDeep, 1},
		{"brackets in a string", fm(`name: "` + strings.Repeat("[", 50) + `"`), "", 0},
		{"many keys", fm(strings.Repeat("seed: 1\n", 1000)), `h.maze:3:1: the key "seed" is given twice (first at 2:1), expected each key once`, maxErrors + 1},
		{"too many keys", fm(strings.Repeat("seed: 1\n", 20000)), "h.maze:1002:1: a mapping with more than 1000 keys, expected at most 1000", 1},
		{"too many nested keys", fm("rat:\n" + strings.Repeat("  radius: 0.1\n", 5000)), "h.maze:1003:3: a mapping with more than 1000 keys, expected at most 1000", 1},
		{"many commas", fm("name: [" + strings.Repeat(",", 300000) + "]"), "h.maze:2:8: the front matter is not valid YAML: expected sequence element, but found ','", 1},
	} {
		_, err := Parse("h.maze", []byte(tc.text))
		var list ErrorList
		errors.As(err, &list)
		var first string
		if len(list) > 0 {
			first = list[0].Error()
		}
		if first != tc.first || len(list) != tc.count {
			t.Errorf("%d: %s: %d errors, the first %q; want %d, the first %q", i, tc.name, len(list), first, tc.count, tc.first)
		}
	}
}
