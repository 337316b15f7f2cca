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
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// maxErrors bounds the problems reported for one file, so that a megabyte
// of garbage costs no more than a screenful of errors.
const maxErrors = 100

// Parse reads a scenario in the .maze format. name stands for the source in
// errors (a file path or a built-in scenario's name). The error, if any, is
// an ErrorList holding every problem found, sorted by position; Parse then
// returns no scenario.
func Parse(name string, data []byte) (*Scenario, error) {
	s := DefaultScenario(nil)
	s.Source = name
	p := &mazeParser{s: s}
	if len(data) > MaxFileBytes {
		p.addf(Pos{}, "", "the file is %d bytes, expected at most %d (1 MiB)", len(data), MaxFileBytes)
		return nil, p.errs.Err()
	}
	p.parse(data)
	if len(p.errs) > 0 {
		return nil, p.errs.Err()
	}
	return s, nil
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
func (p *mazeParser) layoutLines(data []byte, off, line int) ([][]byte, int) {
	for off < len(data) {
		text, next := nextLine(data, off)
		if !isBlank(text) {
			break
		}
		off, line = next, line+1
	}
	if off == len(data) {
		return nil, line
	}
	end := off // just past the last non-blank line
	for o := off; o < len(data); {
		text, next := nextLine(data, o)
		if !isBlank(text) {
			end = next
		}
		o = next
	}
	region := data[off:end]
	p.style, p.styleKnown = Blocks, true
	limit := MaxSide
	if region[0] == '+' {
		p.style, limit = ThinWalls, 2*MaxSide+1
	}
	lines := make([][]byte, 0, min(limit, bytes.Count(region, []byte{'\n'})+1))
	for o := 0; o < len(region); {
		text, next := nextLine(region, o)
		if len(lines) == limit {
			p.tooBig(region, lines[0], line)
			return nil, line
		}
		lines = append(lines, text)
		o = next
	}
	return lines, line
}

// tooBig reports a layout with more rows than a maze may have, once.
func (p *mazeParser) tooBig(region, first []byte, line int) {
	n := bytes.Count(region, []byte{'\n'})
	if region[len(region)-1] != '\n' {
		n++
	}
	w, h := len(trimSpaces(first)), n
	wide, tall := Pos{line, MaxSide + 1}, Pos{line + MaxSide, 1}
	if p.style == ThinWalls {
		w, h = (w+1)/3, n/2
		wide, tall = Pos{line, 3*MaxSide + 2}, Pos{line + 2*MaxSide + 1, 1}
	}
	pos := tall
	if w > MaxSide {
		pos = wide
	}
	p.addf(pos, "", "the maze is %dx%d cells, expected at most %dx%d", w, h, MaxSide, MaxSide)
}

// layoutChar describes the character at t[j] for an error message and
// returns how many bytes it takes.
func layoutChar(t []byte, j int) (string, int) {
	c := t[j]
	switch {
	case c == '\t':
		return "a tab (tabs are not allowed in the layout)", 1
	case c == '\r':
		return "a carriage return without a line feed", 1
	case c < utf8.RuneSelf:
		return fmt.Sprintf("%q", rune(c)), 1
	}
	r, size := utf8.DecodeRune(t[j:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("the byte 0x%02X, which is not UTF-8", c), 1
	}
	return fmt.Sprintf("%q", r), size
}

// badChar reports the character at t[j] of a layout line and returns how
// many bytes to skip.
func (p *mazeParser) badChar(t []byte, j, line int, expected string) int {
	desc, size := layoutChar(t, j)
	p.addf(Pos{line, utf8.RuneCount(t[:j]) + 1}, "", "found %s, expected %s", desc, expected)
	return size
}

// rowEnd checks that a layout line has exactly width characters, allowing
// spaces beyond, and returns the part of the line to read.
func (p *mazeParser) rowEnd(t []byte, width, line int, what string) []byte {
	if len(t) < width {
		p.addf(Pos{line, len(t) + 1}, "", "the row ends after %d characters, expected %d %s", len(t), width, what)
		return t
	}
	for j := width; j < len(t); j++ {
		if t[j] != ' ' {
			p.badChar(t, j, line, fmt.Sprintf("the row to end at col %d %s", width, what))
			break
		}
	}
	return t[:width]
}

// marks collects the S and G of a layout.
type marks struct {
	starts    []Cell
	startPos  []Pos
	cheese    []Cell
	firstLine int
}

func (p *mazeParser) finishMarks(m *Maze, mk *marks) {
	if len(mk.starts) == 0 {
		p.addf(Pos{mk.firstLine, 1}, "", "the maze has no start, expected one S in the layout")
	}
	for i := 1; i < len(mk.starts); i++ {
		f := mk.startPos[0]
		p.addf(mk.startPos[i], "", "a second start S at %v, expected exactly one S (the first is at %d:%d)", mk.starts[i], f.Line, f.Col)
	}
	if len(mk.starts) > 0 {
		m.Start = mk.starts[0]
	}
	m.Cheese = mk.cheese
}

// blocks reads a block-grid layout. It returns nil if the grid is too
// large to hold.
func (p *mazeParser) blocks(lines [][]byte, first int) *Maze {
	before := len(p.errs)
	w, h := len(trimSpaces(lines[0])), len(lines)
	if w > MaxSide {
		p.addf(Pos{first, MaxSide + 1}, "", "the maze is %dx%d cells, expected at most %dx%d", w, h, MaxSide, MaxSide)
		p.layoutBroken = true
		return nil
	}
	m := NewMaze(Blocks, w, h)
	mk := marks{firstLine: first}
	const expected = "'#' (wall), '.' (floor), 'S' (start), 'G' (cheese) or a door letter a..z"
	for r := 0; r < h && !p.full; r++ {
		line := first + r
		t := trimSpaces(lines[r])
		switch {
		case len(t) == 0:
			p.addf(Pos{line, 1}, "", "a blank line inside the layout, expected a row of %d cells", w)
			continue
		case len(t) < w:
			p.addf(Pos{line, len(t) + 1}, "", "the row ends after %d cells, expected %d like the first row", len(t), w)
		case len(t) > w:
			p.addf(Pos{line, w + 1}, "", "the row is %d cells wide, expected %d like the first row", len(t), w)
			t = t[:w]
		}
		for c := 0; c < len(t); c++ {
			cell := Cell{r, c}
			switch ch := t[c]; {
			case ch == '#':
				m.SetCell(cell, Solid)
			case ch == '.':
			case ch == 'S':
				mk.starts = append(mk.starts, cell)
				mk.startPos = append(mk.startPos, Pos{line, c + 1})
			case ch == 'G':
				mk.cheese = append(mk.cheese, cell)
			case ch >= 'a' && ch <= 'z':
				m.SetCell(cell, Door(ch))
			default:
				c += p.badChar(t, c, line, expected) - 1
			}
		}
	}
	p.finishMarks(m, &mk)
	if len(p.errs) > before {
		p.layoutBroken = true
	}
	return m
}

func isDoorLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// thin reads a thin-wall layout. It returns nil if it has no cells or is
// too large to hold.
func (p *mazeParser) thin(lines [][]byte, first int) *Maze {
	before := len(p.errs)
	defer func() {
		if len(p.errs) > before {
			p.layoutBroken = true
		}
	}()
	n := len(lines)
	w, h := (len(trimSpaces(lines[0]))+1)/3, n/2
	switch {
	case w > MaxSide:
		p.addf(Pos{first, 3*MaxSide + 2}, "", "the maze is %dx%d cells, expected at most %dx%d", w, h, MaxSide, MaxSide)
		return nil
	case w == 0:
		p.addf(Pos{first, 2}, "", "the corner line ends at its first '+', expected at least one cell: +--+")
		return nil
	case h == 0:
		p.addf(Pos{first + 1, 1}, "", "the layout has only a corner line, expected cell lines such as |  | between corner lines")
		return nil
	}
	if n%2 == 0 {
		p.addf(Pos{first + n - 1, 1}, "", "the layout ends with a cell line, expected a corner line such as +--+ below it")
	}
	m := NewMaze(ThinWalls, w, h)
	mk := marks{firstLine: first}
	width := 3*w + 1
	what := fmt.Sprintf("(%d cells: a '+' or wall every third column, like the first line)", w)
	for i := 0; i < n && !p.full; i++ {
		line := first + i
		if isBlank(lines[i]) {
			p.addf(Pos{line, 1}, "", "a blank line inside the layout, expected a row %d characters wide", width)
			continue
		}
		t := p.rowEnd(lines[i], width, line, what)
		if i%2 == 0 {
			p.cornerLine(m, t, i/2, line)
		} else {
			p.cellLine(m, &mk, t, i/2, line)
		}
	}
	p.finishMarks(m, &mk)
	return m
}

// cornerLine reads corner line k (the north edges of row k, or the south
// edges of the last row).
func (p *mazeParser) cornerLine(m *Maze, t []byte, k, line int) {
	for c := 0; c <= m.W; c++ {
		j := 3 * c
		if j < len(t) && t[j] != '+' {
			p.badChar(t, j, line, "a corner '+' (corners stand every third column)")
		}
		if c == m.W || j+2 >= len(t) {
			continue
		}
		a, b := t[j+1], t[j+2]
		var wall Wall
		switch {
		case a == '-' && b == '-':
			wall = Solid
		case a == ' ' && b == ' ':
			wall = NoWall
		case a == b && isDoorLetter(a):
			wall = Door(a)
		default:
			wall = Solid
			p.badEdge(t, j+1, line)
		}
		if k < m.H {
			m.SetEdge(Cell{k, c}, North, wall)
		} else {
			m.SetEdge(Cell{m.H - 1, c}, South, wall)
		}
	}
}

// badEdge reports the two characters at t[j], t[j+1] that should form a
// horizontal edge.
func (p *mazeParser) badEdge(t []byte, j, line int) {
	const expected = "\"--\" (wall), two spaces (open) or a door letter twice such as \"aa\""
	for _, jj := range []int{j, j + 1} {
		switch ch := t[jj]; {
		case ch == '+':
			p.addf(Pos{line, jj + 1}, "", "a '+' between corners, expected corners only every third column and %s between them", expected)
			return
		case ch != '-' && ch != ' ' && !isDoorLetter(ch):
			p.badChar(t, jj, line, expected)
			return
		}
	}
	p.addf(Pos{line, j + 1}, "", "the mixed edge %q, expected %s", t[j:j+2], expected)
}

// cellLine reads the cell line of row r: west/east edges and S/G marks.
func (p *mazeParser) cellLine(m *Maze, mk *marks, t []byte, r, line int) {
	for c := 0; c <= m.W; c++ {
		j := 3 * c
		if j >= len(t) {
			break
		}
		var wall Wall
		switch ch := t[j]; {
		case ch == '|':
			wall = Solid
		case ch == ' ':
		case isDoorLetter(ch):
			wall = Door(ch)
		case ch == '+':
			p.addf(Pos{line, j + 1}, "", "a corner '+' on a cell line, expected '|' (wall), a space (open) or a door letter a..z")
			wall = Solid
		default:
			p.badChar(t, j, line, "'|' (wall), a space (open) or a door letter a..z")
			wall = Solid
		}
		if c < m.W {
			m.SetEdge(Cell{r, c}, West, wall)
		} else {
			m.SetEdge(Cell{r, m.W - 1}, East, wall)
		}
		if c == m.W {
			break
		}
		cell := Cell{r, c}
		var hasS, hasG bool
		for jj := j + 1; jj <= j+2 && jj < len(t); jj++ {
			switch t[jj] {
			case ' ':
			case 'S':
				if hasG {
					p.addf(Pos{line, j + 2}, "", "cell %v holds both S and G, expected one of them", cell)
					continue
				}
				hasS = true
				mk.starts = append(mk.starts, cell)
				mk.startPos = append(mk.startPos, Pos{line, jj + 1})
			case 'G':
				if hasS {
					p.addf(Pos{line, j + 2}, "", "cell %v holds both S and G, expected one of them", cell)
					continue
				}
				if hasG {
					p.addf(Pos{line, jj + 1}, "", "cell %v holds G twice, expected one G", cell)
					continue
				}
				hasG = true
				mk.cheese = append(mk.cheese, cell)
			default:
				jj += p.badChar(t, jj, line, fmt.Sprintf("a space, S or G in cell %v", cell)) - 1
			}
		}
	}
}

// ---- front matter ----

// yamlError is what go-yaml's errors carry: the offending token and a
// message without the source excerpt.
type yamlError interface {
	GetToken() *token.Token
	GetMessage() string
}

func (p *mazeParser) frontMatter(src []byte) {
	if i := bytes.IndexByte(src, '\r'); i >= 0 {
		// A lone "\r" is a line break to YAML but not to us: positions
		// would disagree.
		for j := i; j < len(src); j++ {
			if src[j] == '\r' && (j+1 == len(src) || src[j+1] != '\n') {
				p.addf(p.offsetPos(src, j), "", "a carriage return without a line feed, expected \\n or \\r\\n line endings")
				p.yamlBroken = true
				return
			}
		}
		// YAML reads every line break as "\n"; go-yaml v1.19.2 counts a
		// comment line that ends in "\r\n" as two lines, so hand it "\n".
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if !utf8.Valid(src) {
		for j := 0; j < len(src); {
			r, size := utf8.DecodeRune(src[j:])
			if r == utf8.RuneError && size <= 1 {
				p.addf(p.offsetPos(src, j), "", "the byte 0x%02X is not UTF-8, expected UTF-8 text", src[j])
				break
			}
			j += size
		}
		p.yamlBroken = true
		return
	}
	if len(src) > maxFrontMatter {
		p.addf(Pos{p.yamlLine + 1, 1}, "", "the front matter is %d bytes, expected at most %d", len(src), maxFrontMatter)
		p.yamlBroken = true
		return
	}
	f, err := p.parseYAML(src)
	if err != nil {
		p.yamlBroken = true
		var ye yamlError
		var deep *errTooDeep
		pos := Pos{p.yamlLine + 1, 1}
		if errors.As(err, &deep) {
			p.addf(p.pos(deep.tk), "", "the front matter nests lists and mappings more than %d deep here, expected plain settings such as cheese: [[0, 8]]", maxNesting)
			return
		}
		// Not err.Error(): go-yaml renders a source excerpt in time
		// quadratic in the tokens.
		var msg string
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				pos = p.pos(tk)
			}
		} else {
			msg = err.Error()
		}
		p.addf(pos, "", "the front matter is not valid YAML: %s", msg)
		return
	}
	var body ast.Node
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, ok := doc.Body.(*ast.DirectiveNode); ok {
			p.addf(p.nodePos(doc.Body), "", "a YAML directive, expected plain settings such as name: My maze")
			p.yamlBroken = true
			return
		}
		if body != nil {
			p.addf(p.nodePos(doc.Body), "", "a second YAML document, expected one mapping of settings")
			p.yamlBroken = true
			return
		}
		body = doc.Body
	}
	if body == nil {
		return // nothing but comments
	}
	values, ok := p.mapping(body, "the front matter", "a mapping of settings such as name: My maze")
	if ok {
		p.settings(values, "")
	}
}

// Limits that keep go-yaml fast: its parser takes time quadratic in the
// nesting depth (it builds a path string for every level) and in the
// entries of one collection. Measured on a loaded 2-core machine: 32 KiB
// of the worst input seen ("[,,,...]") took 160 ms; 64 KiB 720 ms; 16 KiB
// of "[[[..." 380 ms and 64 KiB ran out of 4 GB. The lexer is linear, so
// the front matter is tokenized and its nesting checked first.
const (
	maxFrontMatter = 32 << 10 // bytes; room for about 1000 one-line events
	maxNesting     = 10       // flow collections inside each other, or "- - -" on one line
)

// errTooDeep reports front matter nested deeper than maxNesting.
type errTooDeep struct{ tk *token.Token }

func (e *errTooDeep) Error() string { return "nested too deep" }

// parseYAML parses the front matter with go-yaml, refusing deep nesting
// before the parser sees it and turning a panic inside the library into an
// error: the front matter is untrusted input.
func (p *mazeParser) parseYAML(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML reader failed (%v)", r)
		}
	}()
	tokens := lexer.Tokenize(string(src))
	if tk := TooDeep(tokens, maxNesting); tk != nil {
		return nil, &errTooDeep{tk}
	}
	return parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
}

// TooDeep returns the first of a YAML text's tokens that nests flow
// collections, or block entries on one line ("- - - x", "a: b: c"), more
// than limit deep, or nil. go-yaml's parser takes time that grows fast
// with depth, so untrusted YAML is checked with TooDeep first.
func TooDeep(tokens token.Tokens, limit int) *token.Token {
	flow, run := 0, 0
	for i, tk := range tokens {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.SequenceEntryType, token.MappingKeyType:
			if i > 0 && tokens[i-1].Position != nil && tk.Position != nil && tokens[i-1].Position.Line == tk.Position.Line &&
				(tokens[i-1].Type == token.SequenceEntryType || tokens[i-1].Type == token.MappingKeyType) {
				run++
			} else {
				run = 1
			}
		}
		if flow > limit || run > limit {
			return tk
		}
	}
	return nil
}

// offsetPos returns the file position of byte j of the front matter.
func (p *mazeParser) offsetPos(src []byte, j int) Pos {
	line := p.yamlLine + 1 + bytes.Count(src[:j], []byte{'\n'})
	col := j - (bytes.LastIndexByte(src[:j], '\n') + 1) + 1
	return Pos{line, col}
}

func (p *mazeParser) pos(tk *token.Token) Pos {
	if tk == nil || tk.Position == nil {
		return Pos{p.yamlLine + 1, 1}
	}
	return Pos{tk.Position.Line + p.yamlLine, tk.Position.Column}
}

// nodePos returns where a node begins in the file.
func (p *mazeParser) nodePos(n ast.Node) Pos {
	switch n := n.(type) {
	case nil:
		return Pos{p.yamlLine + 1, 1}
	case *ast.MappingNode:
		if !n.IsFlowStyle && len(n.Values) > 0 {
			return p.nodePos(n.Values[0])
		}
		return p.pos(n.Start)
	case *ast.MappingValueNode:
		return p.nodePos(n.Key)
	case *ast.SequenceNode:
		return p.pos(n.Start)
	case *ast.LiteralNode:
		return p.pos(n.Start)
	case *ast.AnchorNode:
		return p.pos(n.Start)
	case *ast.AliasNode:
		return p.pos(n.Start)
	case *ast.TagNode:
		return p.pos(n.Start)
	case *ast.MappingKeyNode:
		return p.pos(n.Start)
	}
	return p.pos(n.GetToken())
}

// mapping returns the entries of a mapping node; null stands for an empty
// mapping. Anything else is reported as "what is ..., expected <expected>".
func (p *mazeParser) mapping(n ast.Node, what, expected string) ([]*ast.MappingValueNode, bool) {
	switch n := n.(type) {
	case *ast.MappingNode:
		return n.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}, true
	case *ast.NullNode, nil:
		return nil, true
	}
	p.addf(p.nodePos(n), "", "%s is %s, expected %s", what, describe(n), expected)
	return nil, false
}

// sequence returns the entries of a sequence node.
func (p *mazeParser) sequence(n ast.Node, what, expected string) ([]ast.Node, bool) {
	if n, ok := n.(*ast.SequenceNode); ok {
		return n.Values, true
	}
	p.addf(p.nodePos(n), "", "%s is %s, expected %s", what, describe(n), expected)
	return nil, false
}

// describe names the kind of a YAML node for error messages.
func describe(n ast.Node) string { return DescribeYAML(n) }

// DescribeYAML names what a YAML node holds, for error messages ("a
// list", "empty", a quoted string, a number as written): the words the
// scenario and sweep-spec readers use after "is".
func DescribeYAML(n ast.Node) string {
	switch n := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode, nil:
		return "empty"
	case *ast.AnchorNode, *ast.AliasNode, *ast.TagNode, *ast.MergeKeyNode:
		return "an anchor, alias or tag (not supported)"
	case *ast.StringNode:
		return fmt.Sprintf("%q", n.Value)
	case *ast.LiteralNode:
		return "a block of text"
	case ast.ScalarNode:
		return n.GetToken().Value
	}
	return "not a plain value"
}

// scalar returns the text of a scalar node, reporting anything else. Every
// scalar is read as text: its key decides what it means.
func (p *mazeParser) scalar(n ast.Node, what, expected string) (string, Pos, bool) {
	pos := p.nodePos(n)
	var text string
	switch n := n.(type) {
	case *ast.StringNode:
		text = n.Value
	case *ast.LiteralNode:
		text = n.Value.Value
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		text = n.GetToken().Value
	case *ast.NullNode, nil:
		p.addf(pos, "", "%s has no value, expected %s", what, expected)
		return "", pos, false
	default:
		p.addf(pos, "", "%s is %s, expected %s", what, describe(n), expected)
		return "", pos, false
	}
	if !utf8.ValidString(text) {
		p.addf(pos, "", "%s is not valid UTF-8 text, expected %s", what, expected)
		return "", pos, false
	}
	return text, pos, true
}

// key returns the text of a mapping entry's key, reporting keys that are
// not plain names.
func (p *mazeParser) key(mv *ast.MappingValueNode) (string, Pos, bool) {
	pos := p.nodePos(mv.Key)
	switch k := mv.Key.(type) {
	case *ast.StringNode:
		return k.Value, pos, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode, *ast.InfinityNode, *ast.NanNode:
		return k.GetToken().Value, pos, true
	}
	p.addf(pos, "", "a key that is not a plain name, expected a name such as cell")
	return "", pos, false
}

// entries iterates over a mapping's entries with plain, unique keys,
// reporting the others. in names the mapping for messages ("" at the top).
func (p *mazeParser) entries(values []*ast.MappingValueNode, in string, each func(key string, kpos Pos, v ast.Node)) {
	seen := make(map[string]Pos, len(values))
	for _, mv := range values {
		if p.full {
			return
		}
		key, kpos, ok := p.key(mv)
		if !ok {
			continue
		}
		if first, dup := seen[key]; dup {
			where := ""
			if in != "" {
				where = " in " + in
			}
			p.addf(kpos, in, "the key %q%s is given twice (first at %d:%d), expected each key once", key, where, first.Line, first.Col)
			continue
		}
		seen[key] = kpos
		each(key, kpos, mv.Value)
	}
}

// settings walks the front matter's mapping (or a group's, under prefix
// "rat." etc.), setting every scalar through Scenario.Set.
func (p *mazeParser) settings(values []*ast.MappingValueNode, prefix string) {
	group := strings.TrimSuffix(prefix, ".")
	p.entries(values, group, func(key string, kpos Pos, v ast.Node) {
		path := prefix + key
		switch {
		case strings.Contains(key, "."):
			p.addf(kpos, path, "the key %q holds a dot, expected nested mappings such as rat: {radius: 0.1}", key)
		case prefix == "" && key == "doors":
			p.doors(v)
		case prefix == "" && key == "events":
			p.events(v)
		case groupKeys(path) != "":
			if sub, ok := p.mapping(v, path, "a mapping of "+groupKeys(path)); ok {
				p.settings(sub, path+".")
			}
		case IsKey(path):
			text, vpos, ok := p.scalar(v, path, expectation(path))
			p.s.SetPos(path, vpos)
			if !ok {
				return
			}
			if err := p.s.Set(path, text); err != nil {
				p.addf(vpos, path, "%s: %v", path, err)
			}
		case group == "":
			p.addf(kpos, path, "unknown key %q, expected one of %s", key, groupKeys(""))
		default:
			p.addf(kpos, path, "unknown key %q in %s, expected one of %s", key, group, groupKeys(group))
		}
	})
}

// groupKeys lists the keys directly under a group ("" for the top level,
// where groups appear by their own name), or "" if group has none.
func groupKeys(group string) string {
	prefix := group + "."
	if group == "" {
		prefix = ""
	}
	var names []string
	for _, k := range Keys() {
		rest, ok := strings.CutPrefix(k[0], prefix)
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(rest, ".")
		if group == "" && strings.HasPrefix(name, "doors") {
			continue
		}
		if len(names) == 0 || names[len(names)-1] != name {
			names = append(names, name)
		}
	}
	if group == "" {
		names = append(names, "doors", "events")
	}
	return strings.Join(names, ", ")
}

// expectation returns the "expected ..." part of what Set says about a bad
// value of key, so that a missing or structured value gets the same advice.
func expectation(key string) string {
	err := DefaultScenario(nil).Set(key, "\x00")
	if err == nil {
		return "text"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, "expected "); i >= 0 {
		return msg[i+len("expected "):]
	}
	return "a value"
}

func (p *mazeParser) doors(v ast.Node) {
	values, ok := p.mapping(v, "doors", "a mapping of door letters to open or closed, such as doors: {a: closed}")
	if !ok {
		return
	}
	p.entries(values, "doors", func(key string, kpos Pos, v ast.Node) {
		path := "doors." + key
		if len(key) != 1 || !isDoorLetter(key[0]) {
			p.addf(kpos, path, "unknown door group %q, expected a letter a..z", key)
			return
		}
		// Declared even if its state is wrong, so that Validate does not
		// add that the door drawn in the layout is undeclared.
		p.s.Declared = p.s.Declared.With(key[0], true)
		text, vpos, ok := p.scalar(v, path, "open or closed")
		p.s.SetPos(path, vpos)
		if !ok {
			return
		}
		if err := p.s.Set(path, text); err != nil {
			p.addf(vpos, path, "%s: %v", path, err)
		}
	})
}

// ---- events ----

const eventExample = "{at_step: 100, open: [a]}"

func (p *mazeParser) events(v ast.Node) {
	if _, null := v.(*ast.NullNode); null || v == nil {
		return
	}
	items, ok := p.sequence(v, "events", "a list of events such as - "+eventExample)
	if !ok {
		return
	}
	for _, item := range items {
		if p.full {
			return
		}
		if e, ok := p.event(item); ok {
			p.s.Events = append(p.s.Events, e)
		}
	}
}

// event reads one event mapping. An event with a problem is reported and
// left out, so that Validate does not report its consequences.
func (p *mazeParser) event(n ast.Node) (Event, bool) {
	e := Event{AtStep: -1}
	pos := p.nodePos(n)
	e.Line, e.Col = pos.Line, pos.Col
	values, ok := p.mapping(n, "the event", "a mapping such as "+eventExample)
	if !ok {
		return e, false
	}
	if values == nil {
		p.addf(pos, "", "an empty event, expected a mapping such as %s", eventExample)
		return e, false
	}
	before := len(p.errs)
	var hasStep, hasTrial bool
	p.entries(values, "the event", func(key string, kpos Pos, v ast.Node) {
		switch key {
		case "at_step":
			if n, ok := p.integer(v, key, 0, MaxStep); ok {
				e.AtStep, hasStep = n, true
			}
		case "at_trial":
			if n, ok := p.integer(v, key, 1, MaxTrial); ok {
				e.AtTrial, hasTrial = int(n), true
			}
		case "open":
			e.Open = p.letters(v, key)
		case "close":
			e.Close = p.letters(v, key)
		case "reward":
			e.Reward = p.rewardChange(v)
		case "cheese":
			items, ok := p.sequence(v, key, "a list of cells such as [[0, 8], [3, 4]]")
			if ok {
				e.Cheese = make([]Cell, 0, len(items))
			}
			for _, it := range items {
				if c, ok := p.cell(it, "a cheese cell"); ok {
					e.Cheese = append(e.Cheese, c)
				}
			}
		case "add_walls", "remove_walls":
			e.Walls = append(e.Walls, p.walls(v, key, key == "add_walls")...)
		case "rat":
			if c, ok := p.cell(v, "the rat's cell"); ok {
				e.Rat = &c
			}
		default:
			p.addf(kpos, "", "unknown event key %q, expected one of at_step, at_trial, open, close, reward, cheese, add_walls, remove_walls, rat", key)
		}
	})
	if len(p.errs) > before {
		return e, false
	}
	switch {
	case hasStep && hasTrial:
		p.addf(pos, "", "the event has both at_step and at_trial, expected one of them")
		return e, false
	case !hasStep && !hasTrial:
		p.addf(pos, "", "the event has no time, expected at_step (0 or more) or at_trial (1 or more)")
		return e, false
	}
	return e, true
}

// integer reads a decimal integer in lo..hi.
func (p *mazeParser) integer(v ast.Node, what string, lo, hi int64) (int64, bool) {
	expected := fmt.Sprintf("an integer in %d..%d", lo, hi)
	text, pos, ok := p.scalar(v, what, expected)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(text, 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange):
		p.addf(pos, "", "%s %s is out of range, expected %s", what, text, expected)
		return 0, false
	case err != nil:
		p.addf(pos, "", "%s %q is not an integer, expected %s", what, text, expected)
		return 0, false
	case n < lo || n > hi:
		p.addf(pos, "", "%s %d is out of range, expected %s", what, n, expected)
		return 0, false
	}
	return n, true
}

// letters reads a list of door letters.
func (p *mazeParser) letters(v ast.Node, what string) []byte {
	const expected = "a list of door letters such as [a, b]"
	items, ok := p.sequence(v, what, expected)
	if !ok {
		return nil
	}
	out := make([]byte, 0, len(items))
	for _, it := range items {
		text, pos, ok := p.scalar(it, "a door in "+what, "a letter a..z")
		if !ok {
			continue
		}
		if len(text) != 1 || !isDoorLetter(text[0]) {
			p.addf(pos, "", "%q in %s is not a door letter, expected a letter a..z", text, what)
			continue
		}
		out = append(out, text[0])
	}
	return out
}

func (p *mazeParser) rewardChange(v ast.Node) *RewardChange {
	values, ok := p.mapping(v, "reward", "a mapping such as {cheese: 1.0, step: 0, bump: -0.1}")
	if !ok {
		return nil
	}
	rc := &RewardChange{}
	p.entries(values, "reward", func(key string, kpos Pos, v ast.Node) {
		var field **float64
		switch key {
		case "cheese":
			field = &rc.Cheese
		case "step":
			field = &rc.Step
		case "bump":
			field = &rc.Bump
		default:
			p.addf(kpos, "", "unknown reward %q, expected cheese, step or bump", key)
			return
		}
		const expected = "a number in -1e+06..1e+06"
		text, pos, ok := p.scalar(v, "reward."+key, expected)
		if !ok {
			return
		}
		x, err := ParseFloat(text)
		switch {
		case err != nil:
			p.addf(pos, "", "reward.%s %q is not a finite number, expected %s", key, text, expected)
		case x < -1e6 || x > 1e6:
			p.addf(pos, "", "reward.%s %s is out of range, expected %s", key, text, expected)
		default:
			*field = &x
		}
	})
	return rc
}

// cellInt reads a row or column number.
func (p *mazeParser) cellInt(v ast.Node, what string) (int, bool) {
	text, pos, ok := p.scalar(v, what, "an integer")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		// Cells outside the grid are Validate's to report.
		p.addf(pos, "", "%s %q is not an integer, expected a row or column number", what, text)
		return 0, false
	}
	return n, true
}

// cell reads [row, col].
func (p *mazeParser) cell(v ast.Node, what string) (Cell, bool) {
	items, ok := p.sequence(v, what, "[row, col]")
	if !ok {
		return Cell{}, false
	}
	if len(items) != 2 {
		p.addf(p.nodePos(v), "", "%s has %d numbers, expected [row, col]", what, len(items))
		return Cell{}, false
	}
	r, ok1 := p.cellInt(items[0], "the row")
	c, ok2 := p.cellInt(items[1], "the column")
	return Cell{r, c}, ok1 && ok2
}

// walls reads a list of wall changes: [row, col, side] in a thin-wall maze,
// [row, col] in a block maze, either when the layout is missing.
func (p *mazeParser) walls(v ast.Node, what string, add bool) []WallChange {
	expected := "a list such as [[2, 3, E]] ([row, col, side] with side N, E, S or W)"
	if p.styleKnown && p.style == Blocks {
		expected = "a list of cells such as [[2, 3]] ([row, col]: walls are cells in a block maze)"
	}
	items, ok := p.sequence(v, what, expected)
	if !ok {
		return nil
	}
	out := make([]WallChange, 0, len(items))
	for _, it := range items {
		parts, ok := p.sequence(it, "a wall in "+what, expected)
		if !ok {
			continue
		}
		pos := p.nodePos(it)
		switch {
		case len(parts) == 3 && p.styleKnown && p.style == Blocks:
			p.addf(p.nodePos(parts[2]), "", "a side in a block maze's wall, expected [row, col]: walls are cells in a block maze")
			continue
		case len(parts) == 2 && p.styleKnown && p.style == ThinWalls:
			p.addf(pos, "", "a wall without a side, expected [row, col, side] with side N, E, S or W")
			continue
		case len(parts) != 2 && len(parts) != 3:
			p.addf(pos, "", "a wall of %d values, expected %s", len(parts), expected)
			continue
		}
		r, ok1 := p.cellInt(parts[0], "the row")
		c, ok2 := p.cellInt(parts[1], "the column")
		wc := WallChange{Cell: Cell{r, c}, Add: add}
		ok3 := true
		if len(parts) == 3 {
			var text string
			var spos Pos
			text, spos, ok3 = p.scalar(parts[2], "the side", "N, E, S or W")
			if ok3 {
				wc.Side, ok3 = ParseSide(text)
				if !ok3 {
					p.addf(spos, "", "the side %q is not a side, expected N, E, S or W", text)
				}
			}
		}
		if ok1 && ok2 && ok3 {
			out = append(out, wc)
		}
	}
	return out
}
