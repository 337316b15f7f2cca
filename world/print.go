package world

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Print writes s in the canonical .maze text: front matter holding the name,
// the description and only the settings that differ from the defaults (in
// the order of Keys), the door groups, one event per line, then the layout
// in the maze's own style. For a scenario that passes Validate, Parse of
// the text gives a scenario Equal to s, and printing that again gives the
// same bytes. Print does not validate, so an unfinished scenario can be
// saved and its problems reported when it is read back.
//
// Print refuses, writing nothing, a scenario that the format cannot say
// faithfully (for example cheese on a door cell of a block maze, or cheese
// spots out of reading order); Format writes such a scenario anyway.
func Print(w io.Writer, s *Scenario) error {
	if err := printable(s); err != nil {
		return err
	}
	_, err := w.Write(Format(s))
	return err
}

// Format returns the canonical text of s, as Print writes it, without
// checking that the text says s faithfully.
func Format(s *Scenario) []byte {
	var b bytes.Buffer
	front := formatFrontMatter(s)
	if len(front) > 0 {
		b.WriteString("---\n")
		b.Write(front)
		b.WriteString("---\n")
	}
	if m := s.Maze; m != nil {
		b.Grow(m.H * (3*m.W + 2) * 2)
		if m.Style == ThinWalls {
			writeThin(&b, m)
		} else {
			writeBlocks(&b, m)
		}
	}
	return b.Bytes()
}

// formatFrontMatter returns the canonical front matter of s, without the
// "---" lines; empty when every setting is the default.
func formatFrontMatter(s *Scenario) []byte {
	var b bytes.Buffer
	def := DefaultScenario(nil)
	group := ""
	for _, k := range Keys() {
		key := k[0]
		if strings.HasPrefix(key, "doors.") {
			continue
		}
		v, _ := s.Get(key)
		if d, _ := def.Get(key); v == d {
			continue
		}
		if key == "name" || key == "description" {
			v = quoteYAML(v)
		}
		g, leaf, nested := strings.Cut(key, ".")
		if !nested {
			group = ""
			fmt.Fprintf(&b, "%s: %s\n", key, v)
			continue
		}
		if g != group {
			group = g
			fmt.Fprintf(&b, "%s:\n", g)
		}
		fmt.Fprintf(&b, "  %s: %s\n", leaf, v)
	}
	if s.Declared != 0 {
		b.WriteString("doors: {")
		sep := ""
		for l := byte('a'); l <= 'z'; l++ {
			if !s.Declared.Open(l) {
				continue
			}
			state := "closed"
			if s.Doors.Open(l) {
				state = "open"
			}
			fmt.Fprintf(&b, "%s%c: %s", sep, l, state)
			sep = ", "
		}
		b.WriteString("}\n")
	}
	if len(s.Starts) > 0 {
		b.WriteString("starts: [")
		for i, c := range s.Starts {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "[%d, %d]", c.Row, c.Col)
		}
		b.WriteString("]\n")
	}
	if len(s.Goals) > 0 {
		b.WriteString("goals:\n")
		for _, g := range s.Goals {
			fmt.Fprintf(&b, "  - {cell: [%d, %d], reward: %s}\n", g.Cell.Row, g.Cell.Col, FormatFloat(g.Reward))
		}
	}
	if len(s.Regions) > 0 {
		b.WriteString("regions:\n")
		for _, r := range s.Regions {
			fmt.Fprintf(&b, "  %s: [", r.Name)
			for i, c := range r.Cells {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "[%d, %d]", c.Row, c.Col)
			}
			b.WriteString("]\n")
		}
	}
	if len(s.Mazes) > 0 {
		b.WriteString("mazes:\n")
		for _, r := range s.Mazes {
			fmt.Fprintf(&b, "  %s: |\n", quoteYAML(r.Name))
			for _, line := range strings.SplitAfter(string(r.Text), "\n") {
				if line != "" {
					b.WriteString("    " + line)
				}
			}
		}
	}
	if len(s.Events) > 0 {
		b.WriteString("events:\n")
		sides := s.Maze == nil || s.Maze.Style == ThinWalls
		for i := range s.Events {
			b.WriteString("  - ")
			writeEvent(&b, &s.Events[i], sides)
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

func writeEvent(b *bytes.Buffer, e *Event, sides bool) {
	switch {
	case e.AtTrial > 0:
		fmt.Fprintf(b, "{at_trial: %d", e.AtTrial)
	case e.AtStep >= 0:
		fmt.Fprintf(b, "{at_step: %d", e.AtStep)
	default: // an item: changes only
		b.WriteString("{")
		writeChanges(b, e, sides, "")
		b.WriteString("}")
		return
	}
	if e.Every > 0 {
		fmt.Fprintf(b, ", every: %d", e.Every)
		if e.Times > 0 {
			fmt.Fprintf(b, ", times: %d", e.Times)
		}
	}
	if e.Chance > 0 && e.Chance < 1 {
		fmt.Fprintf(b, ", chance: %s", FormatFloat(e.Chance))
	}
	writeChanges(b, e, sides, ", ")
	if len(e.Items) > 0 {
		key := "cycle"
		if e.Random {
			key = "choose"
		}
		fmt.Fprintf(b, ", %s: [", key)
		for i := range e.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeEvent(b, &e.Items[i], sides)
		}
		b.WriteString("]")
	}
	b.WriteString("}")
}

// writeChanges writes the changes of e, each after sep (the first after
// first).
func writeChanges(b *bytes.Buffer, e *Event, sides bool, first string) {
	sep := first
	next := func() string { s := sep; sep = ", "; return s }
	for _, g := range []struct {
		key     string
		letters []byte
	}{{"open", e.Open}, {"close", e.Close}} {
		if len(g.letters) == 0 {
			continue
		}
		fmt.Fprintf(b, "%s%s: [", next(), g.key)
		for i, l := range g.letters {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte(l)
		}
		b.WriteString("]")
	}
	if r := e.Reward; r != nil {
		b.WriteString(next() + "reward: {")
		sep := ""
		for _, f := range []struct {
			key string
			v   *float64
		}{{"cheese", r.Cheese}, {"step", r.Step}, {"bump", r.Bump}} {
			if f.v != nil {
				fmt.Fprintf(b, "%s%s: %s", sep, f.key, FormatFloat(*f.v))
				sep = ", "
			}
		}
		b.WriteString("}")
	}
	if e.Cheese != nil {
		b.WriteString(next() + "cheese: [")
		for i, c := range e.Cheese {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "[%d, %d]", c.Row, c.Col)
		}
		b.WriteString("]")
	}
	// Wall changes in runs of one kind: Parse applies them in key order.
	for i := 0; i < len(e.Walls); {
		end := i + 1
		for end < len(e.Walls) && e.Walls[end].Add == e.Walls[i].Add {
			end++
		}
		key := "remove_walls"
		if e.Walls[i].Add {
			key = "add_walls"
		}
		fmt.Fprintf(b, "%s%s: [", next(), key)
		for j, w := range e.Walls[i:end] {
			if j > 0 {
				b.WriteString(", ")
			}
			if sides {
				fmt.Fprintf(b, "[%d, %d, %s]", w.Cell.Row, w.Cell.Col, w.Side)
			} else {
				fmt.Fprintf(b, "[%d, %d]", w.Cell.Row, w.Cell.Col)
			}
		}
		b.WriteString("]")
		i = end
	}
	if e.Rat != nil {
		fmt.Fprintf(b, "%srat: [%d, %d]", next(), e.Rat.Row, e.Rat.Col)
	}
	if e.Maze != nil {
		fmt.Fprintf(b, "%smaze: %s", next(), quoteYAML(e.Maze.Name))
	}
	if e.Probe > 0 {
		fmt.Fprintf(b, "%sprobe: %d", next(), e.Probe)
	}
}

// cheeseSet marks the cheese spots by place index.
func cheeseSet(m *Maze) []bool {
	set := make([]bool, m.NumCells())
	for _, g := range m.Cheese {
		if m.In(g) {
			set[m.Index(g)] = true
		}
	}
	return set
}

func writeBlocks(b *bytes.Buffer, m *Maze) {
	cheese := cheeseSet(m)
	for r := 0; r < m.H; r++ {
		for c := 0; c < m.W; c++ {
			cell := Cell{r, c}
			switch w := m.Cell(cell); {
			case cell == m.Start:
				b.WriteByte('S')
			case cheese[m.Index(cell)]:
				b.WriteByte('G')
			case w == NoWall:
				b.WriteByte('.')
			case w.IsDoor():
				b.WriteByte(w.Letter())
			default:
				b.WriteByte('#')
			}
		}
		b.WriteByte('\n')
	}
}

func writeThin(b *bytes.Buffer, m *Maze) {
	cheese := cheeseSet(m)
	for r := 0; r <= m.H; r++ {
		b.WriteByte('+')
		for c := 0; c < m.W; c++ {
			var w Wall
			if r < m.H {
				w = m.Edge(Cell{r, c}, North)
			} else {
				w = m.Edge(Cell{m.H - 1, c}, South)
			}
			switch {
			case w == NoWall:
				b.WriteString("  ")
			case w.IsDoor():
				b.WriteByte(w.Letter())
				b.WriteByte(w.Letter())
			default:
				b.WriteString("--")
			}
			b.WriteByte('+')
		}
		b.WriteByte('\n')
		if r == m.H {
			break
		}
		for c := 0; c <= m.W; c++ {
			var w Wall
			if c < m.W {
				w = m.Edge(Cell{r, c}, West)
			} else {
				w = m.Edge(Cell{r, m.W - 1}, East)
			}
			switch {
			case w == NoWall:
				b.WriteByte(' ')
			case w.IsDoor():
				b.WriteByte(w.Letter())
			default:
				b.WriteByte('|')
			}
			if c == m.W {
				break
			}
			switch cell := (Cell{r, c}); {
			case cell == m.Start:
				b.WriteString("S ")
			case cheese[m.Index(cell)]:
				b.WriteString("G ")
			default:
				b.WriteString("  ")
			}
		}
		b.WriteByte('\n')
	}
}

// printable reports why the text of s would not read back as s.
func printable(s *Scenario) error {
	fail := func(format string, args ...any) error {
		return &Error{File: s.Source, Msg: "cannot print the scenario: " + fmt.Sprintf(format, args...)}
	}
	for _, kv := range [][2]string{{"name", s.Name}, {"description", s.Description}} {
		if !utf8.ValidString(kv[1]) {
			return fail("the %s is not valid UTF-8", kv[0])
		}
	}
	if d := s.Doors &^ s.Declared; d != 0 {
		return fail("doors %s are open but not declared", doorList(d))
	}
	if s.Declared>>26 != 0 {
		return fail("door groups beyond z are declared")
	}
	for i := range s.Events {
		e := &s.Events[i]
		if (e.AtTrial > 0) == (e.AtStep >= 0) {
			return fail("event %d has at_step %d and at_trial %d, expected exactly one time", i+1, e.AtStep, e.AtTrial)
		}
		for _, l := range append(append([]byte(nil), e.Open...), e.Close...) {
			if !isDoorLetter(l) {
				return fail("event %d names door %q, expected a letter a..z", i+1, l)
			}
		}
		runs := 0
		for j := range e.Walls {
			if j == 0 || e.Walls[j].Add != e.Walls[j-1].Add {
				runs++
			}
			if sd := e.Walls[j].Side; sd > West {
				return fail("event %d has a wall on side %v", i+1, sd)
			}
		}
		if runs > 2 {
			return fail("event %d interleaves added and removed walls, expected all of one kind before the other", i+1)
		}
	}
	m := s.Maze
	if m == nil {
		return fail("it has no maze")
	}
	if m.Style != Blocks && m.Style != ThinWalls {
		return fail("the maze has the unknown style %v", m.Style)
	}
	if m.W < 1 || m.H < 1 || m.W > MaxSide || m.H > MaxSide || len(m.cells) != m.W*m.H {
		return fail("the maze is %dx%d cells, expected 1..%d each way", m.W, m.H, MaxSide)
	}
	if !m.In(m.Start) {
		return fail("the start %v lies outside the maze", m.Start)
	}
	for i, g := range m.Cheese {
		switch {
		case !m.In(g):
			return fail("the cheese %v lies outside the maze", g)
		case i > 0 && m.Index(g) <= m.Index(m.Cheese[i-1]):
			return fail("the cheese spots are not in reading order (%v after %v)", g, m.Cheese[i-1])
		case g == m.Start:
			return fail("the cheese %v stands on the start", g)
		}
	}
	known := func(w Wall) bool { return w == NoWall || w == Solid || w.IsDoor() }
	cheese := cheeseSet(m)
	for r := 0; r < m.H; r++ {
		for c := 0; c < m.W; c++ {
			cell := Cell{r, c}
			w := m.Cell(cell)
			if !known(w) {
				return fail("cell %v holds the unknown wall %d", cell, byte(w))
			}
			for _, side := range Sides {
				e := m.Edge(cell, side)
				if !known(e) {
					return fail("the %s side of cell %v holds the unknown wall %d", side, cell, byte(e))
				}
				if m.Style == Blocks && e != NoWall && !m.OnBoundary(cell, side) {
					return fail("the block maze has a wall on the %s side of cell %v, expected walls only on cells", side, cell)
				}
				if m.Style == Blocks && e != Solid && m.OnBoundary(cell, side) {
					return fail("the block maze's outline is open on the %s side of cell %v", side, cell)
				}
			}
			switch {
			case m.Style == ThinWalls && w != NoWall:
				return fail("cell %v of a thin-wall maze holds a wall, expected walls only on edges", cell)
			case m.Style == Blocks && w != NoWall && (cell == m.Start || cheese[m.Index(cell)]):
				return fail("the start or cheese %v stands on a wall or door, which a block layout cannot write", cell)
			}
		}
	}
	return nil
}

// quoteYAML returns v as a YAML scalar that reads back as v: plain when
// that is plainly safe, else double-quoted with escapes, always on one
// line. (go-yaml's own marshalling mangles some strings, e.g. "\t" and
// "\n".)
func quoteYAML(v string) string {
	if plainSafe(v) {
		return v
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, r)
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case unicode.IsPrint(r) && r != 0xA0 && r != 0xFEFF:
			b.WriteRune(r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainSafe reports whether v can stand unquoted in YAML and read back as
// the same text: a letter, then letters, digits and harmless punctuation,
// and no word that YAML reads as null or a boolean.
func plainSafe(v string) bool {
	if v == "" || !isASCIILetter(v[0]) || v[len(v)-1] == ' ' {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && !strings.ContainsRune(" _.,()/+-&'!?;=", rune(c)) {
			return false
		}
	}
	switch strings.ToLower(v) {
	case "null", "true", "false", "yes", "no", "on", "off", "y", "n":
		return false
	}
	_, err := strconv.ParseFloat(v, 64) // "Inf", "NaN"
	return err != nil
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
