// The .maze text format.
//
// A file is optional YAML front matter between two lines that are exactly
// "---", then the layout. Without a first line "---" the whole file is the
// layout. Lines end in "\n" or "\r\n"; a lone "\r" is an error. Lines and
// columns in errors are 1-based, lines count in the whole file (front
// matter included) and columns count characters (a valid layout is ASCII).
//
// The front matter is a mapping. Every scalar under nested mappings is a key
// path ("sensors.rays") set through Scenario.Set, the table that --set uses,
// so a value is read as text and its key decides its meaning: `cell: "0.5"`
// and `cell: 0.5` are the same, `yes` and `on` are not booleans. Anchors,
// aliases, tags, directives and keys holding a dot are refused, each key may
// stand once per mapping. `doors: {a: closed, b: open}` declares door groups;
// `events` is a list of event mappings:
//
//	- {at_step: 1000, open: [a], close: [b]}
//	- {at_trial: 11, reward: {cheese: 1.0}}       # only the named rewards change
//	- {at_step: 500, cheese: [[0, 8], [3, 4]]}     # the cheese spots become these
//	- {at_step: 20, add_walls: [[2, 3, E]], remove_walls: [[1, 1, N]]}
//	- {at_step: 40, rat: [2, 3]}                   # carry the rat to that cell
//
// with exactly one of at_step (0..MaxStep) or at_trial (1..MaxTrial). Wall
// changes name [row, col, side] in a thin-wall maze and [row, col] in a block
// maze; in one event the changes apply in the order their keys are written.
//
// Blank lines before and after the layout are ignored; a blank line inside
// it is an error. The first layout line decides the style: '+' begins a
// thin-wall layout, anything else a block grid.
//
// Block grid: every character is a cell: '#' wall, '.' floor, 'S' start,
// 'G' cheese, 'a'..'z' a door cell. Every row is as wide as the first; the
// edge of the grid is a wall.
//
// Thin walls: corner lines (the 1st, 3rd, ... layout lines) hold '+' every
// third column and, between corners, "--" (wall), "  " (open) or a door
// letter twice ("aa"). Cell lines hold at every third column '|' (wall),
// ' ' (open) or a door letter, and between them the cell's two characters:
// spaces, with 'S' or 'G' in either one. The first line's length sets the
// width: W cells take 3W+1 characters, and every line must be that long.
//
// In both styles spaces after the end of a row are ignored and anything
// else there is an error; tabs are errors. A layout has exactly one S and
// at most MaxSide x MaxSide cells; Validate checks the rest (cheese, the
// closed outline, door groups, reachability).

package world

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

// maxErrors bounds the problems reported for one file, so that a megabyte
// of garbage costs no more than a screenful of errors.
const maxErrors = 100

// Parse reads a scenario in the .maze format. name stands for the source in
// errors (a file path or a built-in scenario's name). The error, if any, is
// an ErrorList holding every problem found, sorted by position; Parse then
// returns no scenario. Maze events may name only the front matter's mazes:
// use ParseFiles (or Load) for a scenario that names other files.
func Parse(name string, data []byte) (*Scenario, error) { return ParseFiles(name, data, nil) }

// ParseFiles is Parse for a scenario whose maze events may name other
// files or built-in scenarios: files reads them (nil: none can be read).
func ParseFiles(name string, data []byte, files Files) (*Scenario, error) {
	return parseWith(name, data, files, false)
}

func parseWith(name string, data []byte, files Files, refOnly bool) (*Scenario, error) {
	s := DefaultScenario(nil)
	s.Source = name
	p := &mazeParser{s: s, files: files, refOnly: refOnly}
	if len(data) > MaxFileBytes {
		p.addf(Pos{}, "", "the file is %d bytes, expected at most %d (1 MiB)", len(data), MaxFileBytes)
		return nil, p.errs.Err()
	}
	data, ok := p.sniff(data)
	if ok {
		p.parse(data)
	}
	if len(p.errs) > 0 {
		return nil, p.errs.Err()
	}
	return s, nil
}

// utf8BOM is the byte order mark some editors put before UTF-8 text.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// sniff looks at what kind of file data is before reading it: a UTF-8
// byte order mark is dropped (an editor's mark, not text), and a file that
// is not text gets one error saying what it looks like.
func (p *mazeParser) sniff(data []byte) ([]byte, bool) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if i := bytes.IndexByte(data, 0); i >= 0 {
		p.addf(p.bytePos(data, i), "", "the file holds a NUL byte and looks binary, expected a .maze text file (front matter between --- lines, then the maze drawn in ASCII)")
		return nil, false
	}
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		p.addf(Pos{1, 1}, "", "the file is UTF-16 text, expected UTF-8 (save it as UTF-8)")
		return nil, false
	}
	return data, true
}

// bytePos returns the line and column (in characters) of byte i.
func (p *mazeParser) bytePos(data []byte, i int) Pos {
	line := 1 + bytes.Count(data[:i], []byte{'\n'})
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	return Pos{line, utf8.RuneCount(data[start:i]) + 1}
}

type mazeParser struct {
	s    *Scenario
	errs ErrorList
	full bool // maxErrors reached: later problems are dropped

	// yamlBroken: the front matter could not be read, so the settings and
	// door declarations are unknown. layoutBroken: the layout had errors.
	// Either makes Validate's checks of the maze meaningless.
	yamlBroken   bool
	layoutBroken bool

	style      Style
	styleKnown bool
	yamlLine   int // file line of the front matter's first line, minus 1

	files    Files        // reads the mazes that events name (nil: none)
	refOnly  bool         // a maze an event names: its events and mazes are not read
	inline   []inlineMaze // the front matter's mazes
	mazeUses []mazeUse    // maze events, resolved after the front matter
}

func (p *mazeParser) add(e *Error) {
	if p.full {
		return
	}
	if len(p.errs) == maxErrors {
		p.full = true
		p.errs = append(p.errs, &Error{File: p.s.Source, Msg: fmt.Sprintf("more than %d problems, stopped reporting", maxErrors)})
		return
	}
	p.errs = append(p.errs, e)
}

func (p *mazeParser) addf(pos Pos, key, format string, args ...any) {
	p.add(&Error{File: p.s.Source, Line: pos.Line, Col: pos.Col, Key: key, Msg: fmt.Sprintf(format, args...)})
}

func (p *mazeParser) parse(data []byte) {
	first, rest := nextLine(data, 0)
	layoutOff, layoutLine := 0, 1
	var front []byte
	if string(first) == "---" {
		// Find the closing line.
		off, line := rest, 2
		closed := false
		for off < len(data) {
			text, next := nextLine(data, off)
			if string(text) == "---" {
				front = data[rest:off]
				layoutOff, layoutLine = next, line+1
				closed = true
				break
			}
			off, line = next, line+1
		}
		if !closed {
			p.addf(Pos{1, 1}, "", "the front matter is not closed, expected a line --- after it (and the layout after that)")
			return
		}
		if front == nil {
			front = []byte{}
		}
	}

	lines, firstLine := p.layoutLines(data, layoutOff, layoutLine)
	if front != nil {
		p.yamlLine = 1
		p.frontMatter(front)
	}

	switch {
	case lines == nil && !p.styleKnown:
		p.addf(Pos{layoutLine, 1}, "", "the file has no layout, expected a maze after the front matter")
		p.layoutBroken = true
	case lines == nil: // too large, reported
		p.layoutBroken = true
	case p.style == Blocks:
		p.s.Maze = p.blocks(lines, firstLine)
	default:
		p.s.Maze = p.thin(lines, firstLine)
	}
	if p.s.Maze != nil {
		p.s.SetPos(LayoutPos, Pos{firstLine, 1})
	}
	p.resolveMazes()
	p.validate()
}

// validate runs Scenario.Validate on what parsed cleanly: all of it when
// nothing broke, only the checks tied to a setting when the layout is
// unusable (the maze checks would repeat the layout's errors in other
// words), nothing when the front matter could not be read at all.
func (p *mazeParser) validate() {
	if p.yamlBroken || p.full {
		return
	}
	s := p.s
	keyedOnly := p.layoutBroken || s.Maze == nil
	m := s.Maze
	if keyedOnly {
		s.Maze = nil
	}
	err := s.Validate()
	s.Maze = m
	var list ErrorList
	if !errors.As(err, &list) {
		return
	}
	for _, e := range list {
		if !keyedOnly || e.Key != "" {
			p.add(e)
		}
	}
}

// nextLine returns the line that begins at off without its line ending
// ("\n" or "\r\n") and the offset of the next line.
func nextLine(data []byte, off int) (text []byte, next int) {
	i := bytes.IndexByte(data[off:], '\n')
	if i < 0 {
		return data[off:], len(data)
	}
	text, next = data[off:off+i], off+i+1
	if n := len(text); n > 0 && text[n-1] == '\r' {
		text = text[:n-1]
	}
	return text, next
}

// isBlank reports whether a line holds nothing but spaces.
func isBlank(text []byte) bool {
	for _, c := range text {
		if c != ' ' {
			return false
		}
	}
	return true
}

func trimSpaces(text []byte) []byte {
	n := len(text)
	for n > 0 && text[n-1] == ' ' {
		n--
	}
	return text[:n]
}

// layoutLines returns the layout's lines from its first non-blank line to
// its last, and the file line of the first, and sets the style. It splits
// no more lines than the largest maze has and reports a larger maze once.
// It returns nil if there is no layout or it is too large.
