// Reading the layout: block grids and thin-wall drawings.

package world

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

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
	if !p.layoutText(region, line) {
		return nil, line
	}
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

// layoutText reports, once, a layout that is not drawn in plain ASCII from
// column 1: indented, drawn with box-drawing or other non-ASCII
// characters, or not text at all. Reading such a layout character by
// character would bury the cause under one error per character.
func (p *mazeParser) layoutText(region []byte, line int) bool {
	if n := len(region) - len(bytes.TrimLeft(region, " ")); n > 0 {
		p.addf(Pos{line, 1}, "", "the layout is indented by %d spaces, expected it to begin in column 1 (its first character decides the style: '+' for thin walls)", n)
		return false
	}
	i := bytes.IndexFunc(region, func(r rune) bool { return r >= utf8.RuneSelf || r == utf8.RuneError })
	if i < 0 {
		return true
	}
	pos := p.bytePos(region, i)
	pos.Line += line - 1
	r, size := utf8.DecodeRune(region[i:])
	switch {
	case r == utf8.RuneError && size <= 1:
		p.addf(pos, "", "the layout holds the byte 0x%02X, which is not UTF-8 text, expected the maze drawn in ASCII characters", region[i])
	case r >= 0x2500 && r <= 0x257F:
		p.addf(pos, "", "the layout is drawn with box-drawing characters (%q here), expected ASCII: '+' corners with \"--\" and '|' walls for thin walls, or '#' cells for a block grid", r)
	default:
		p.addf(pos, "", "the layout holds the non-ASCII character %q, expected ASCII characters only", r)
	}
	p.layoutBroken = true
	return false
}
