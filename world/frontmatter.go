// Reading the front matter: YAML settings, door groups.

package world

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"

	"github.com/goccy/go-yaml/ast"
	"github.com/mazerat/mazerat/internal/yamlpos"
)

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
	body, err := yamlpos.Parse(string(src), frontMatterLimits)
	if err != nil {
		p.yamlBroken = true
		var deep *yamlpos.TooDeepError
		var keys *yamlpos.TooManyKeysError
		var syn *yamlpos.SyntaxError
		var extra *yamlpos.ExtraError
		switch {
		case errors.As(err, &deep):
			p.addf(p.pos(deep.Token), "", "the front matter nests lists and mappings more than %d deep here, expected plain settings such as cheese: [[0, 8]]", deep.Limit)
		case errors.As(err, &keys):
			p.addf(p.pos(keys.Token), "", "a mapping with more than %d keys, expected at most %d", keys.Limit, keys.Limit)
		case errors.As(err, &extra) && extra.Directive:
			p.addf(p.nodePos(extra.Node), "", "a YAML directive, expected plain settings such as name: My maze")
		case errors.As(err, &extra):
			p.addf(p.nodePos(extra.Node), "", "a second YAML document, expected one mapping of settings")
		case errors.As(err, &syn):
			p.addf(p.pos(syn.Token), "", "the front matter is not valid YAML: %s", syn.Msg)
		default:
			p.addf(Pos(p.yr().Top()), "", "the front matter is not valid YAML: %v", err)
		}
		return
	}
	if body == nil {
		return // nothing but comments
	}
	values, ok := p.mapping(body, "the front matter", "a mapping of settings such as name: My maze")
	if ok {
		p.settings(values, "")
	}
}

// frontMatterLimits bound go-yaml's work on the front matter (see
// yamlpos.Limits). The front matter has no size limit of its own: the
// file's 1 MiB bounds it, and with these limits the worst megabyte takes
// about 1.5 s to read on a loaded 2-core machine; a scenario with 1000
// events about 20 ms.
var frontMatterLimits = yamlpos.Limits{
	Nesting: 10,   // flow collections inside each other, or "- - -" on one line
	Keys:    1000, // keys in one block mapping (their cost grows with the square)
}

// offsetPos returns the file position of byte j of the front matter.
func (p *mazeParser) offsetPos(src []byte, j int) Pos {
	line := p.yamlLine + 1 + bytes.Count(src[:j], []byte{'\n'})
	col := j - (bytes.LastIndexByte(src[:j], '\n') + 1) + 1
	return Pos{line, col}
}

// yr is the position reader of the front matter.
func (p *mazeParser) yr() yamlpos.Reader { return yamlpos.Reader{Line: p.yamlLine} }

func (p *mazeParser) pos(tk *token.Token) Pos { return Pos(p.yr().Token(tk)) }

// nodePos returns where a node begins in the file.
func (p *mazeParser) nodePos(n ast.Node) Pos { return Pos(p.yr().Node(n)) }

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
	p.addf(p.nodePos(n), "", "%s is %s, expected %s", what, yamlpos.Describe(n), expected)
	return nil, false
}

// sequence returns the entries of a sequence node.
func (p *mazeParser) sequence(n ast.Node, what, expected string) ([]ast.Node, bool) {
	if n, ok := n.(*ast.SequenceNode); ok {
		return n.Values, true
	}
	p.addf(p.nodePos(n), "", "%s is %s, expected %s", what, yamlpos.Describe(n), expected)
	return nil, false
}

// scalar returns the text of a scalar node, reporting anything else. Every
// scalar is read as text: its key decides what it means.
func (p *mazeParser) scalar(n ast.Node, what, expected string) (string, Pos, bool) {
	pos := p.nodePos(n)
	text, null, ok := yamlpos.Scalar(n, true)
	switch {
	case null:
		p.addf(pos, "", "%s has no value, expected %s", what, expected)
		return "", pos, false
	case !ok:
		p.addf(pos, "", "%s is %s, expected %s", what, yamlpos.Describe(n), expected)
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
	if k, ok := yamlpos.Key(mv); ok {
		return k, pos, true
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
			if !p.refOnly {
				p.events(v)
			}
		case prefix == "" && key == "mazes":
			if !p.refOnly {
				p.mazes(v)
			}
		case prefix == "" && key == "starts":
			p.starts(v, kpos)
		case prefix == "" && key == "goals":
			p.goals(v)
		case prefix == "" && key == "regions":
			p.regions(v)
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
		names = append(names, "doors")
		for _, lk := range listKeys {
			names = append(names, lk[0])
		}
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

// ---- starts, goals, regions, mazes ----

func (p *mazeParser) starts(v ast.Node, kpos Pos) {
	items, ok := p.sequence(v, "starts", "a list of cells such as [[9, 0], [0, 9]]")
	if !ok {
		return
	}
	p.s.SetPos("starts", p.nodePos(v))
	if len(items) == 0 {
		p.addf(kpos, "starts", "starts is an empty list, expected at least one cell such as [[9, 0]]")
		return
	}
	if len(items) > MaxStarts {
		p.addf(kpos, "starts", "%d starts, expected at most %d", len(items), MaxStarts)
		return
	}
	p.s.Starts = make([]Cell, 0, len(items))
	for _, it := range items {
		if c, ok := p.cell(it, "a start"); ok {
			p.s.Starts = append(p.s.Starts, c)
		}
	}
}

func (p *mazeParser) goals(v ast.Node) {
	const example = "{cell: [1, 7], reward: 2}"
	items, ok := p.sequence(v, "goals", "a list of goals such as - "+example)
	if !ok {
		return
	}
	if len(items) > MaxGoals {
		p.addf(p.nodePos(v), "goals", "%d goals, expected at most %d", len(items), MaxGoals)
		return
	}
	for _, it := range items {
		values, ok := p.mapping(it, "a goal", "a mapping such as "+example)
		if !ok {
			continue
		}
		g, hasCell, hasReward := Goal{}, false, false
		gpos := p.nodePos(it)
		p.entries(values, "the goal", func(key string, kpos Pos, v ast.Node) {
			switch key {
			case "cell":
				g.Cell, hasCell = p.cell(v, "the goal's cell")
			case "reward":
				g.Reward, hasReward = p.number(v, "the goal's reward", -1e6, 1e6)
			default:
				p.addf(kpos, "", "unknown goal key %q, expected cell or reward", key)
			}
		})
		if !hasCell || !hasReward {
			p.addf(gpos, "", "the goal needs a cell and a reward, expected a mapping such as %s", example)
			continue
		}
		p.s.Goals = append(p.s.Goals, g)
		p.s.SetPos(fmt.Sprintf("goals.%d", len(p.s.Goals)-1), gpos)
	}
}

func (p *mazeParser) regions(v ast.Node) {
	const expected = "a mapping of names to lists of cells [row, col] or rectangles [r1, c1, r2, c2], such as regions: {left: [[1, 0], [1, 1]]}"
	values, ok := p.mapping(v, "regions", expected)
	if !ok {
		return
	}
	p.entries(values, "regions", func(name string, kpos Pos, v ast.Node) {
		if len(p.s.Regions) == MaxRegions {
			p.addf(kpos, "", "more than %d regions, expected at most %d", MaxRegions, MaxRegions)
			return
		}
		if !regionName(name) {
			p.addf(kpos, "", "the region name %q, expected letters, digits and _ (it names a column of trials.csv)", name)
			return
		}
		items, ok := p.sequence(v, "the region "+name, "a list of cells [row, col] or rectangles [r1, c1, r2, c2]")
		if !ok {
			return
		}
		r := Region{Name: name, Line: kpos.Line, Col: kpos.Col}
		for _, it := range items {
			parts, ok := p.sequence(it, "a cell of region "+name, "[row, col] or [r1, c1, r2, c2]")
			if !ok {
				continue
			}
			nums := make([]int, 0, 4)
			good := true
			for _, part := range parts {
				n, ok := p.cellInt(part, "a row or column")
				good = good && ok
				nums = append(nums, n)
			}
			if !good {
				continue
			}
			switch len(nums) {
			case 2:
				r.Cells = append(r.Cells, Cell{nums[0], nums[1]})
			case 4:
				r1, r2 := min(nums[0], nums[2]), max(nums[0], nums[2])
				c1, c2 := min(nums[1], nums[3]), max(nums[1], nums[3])
				if r1 < 0 || c1 < 0 || r2 >= MaxSide || c2 >= MaxSide {
					p.addf(p.nodePos(it), "", "the rectangle %v lies outside any maze, expected rows and columns in 0..%d", nums, MaxSide-1)
					continue
				}
				for row := r1; row <= r2; row++ {
					for col := c1; col <= c2; col++ {
						r.Cells = append(r.Cells, Cell{row, col})
					}
				}
			default:
				p.addf(p.nodePos(it), "", "%d numbers in region %s, expected [row, col] or a rectangle [r1, c1, r2, c2]", len(nums), name)
			}
		}
		if len(r.Cells) == 0 {
			p.addf(kpos, "", "the region %s has no cells, expected at least one [row, col]", name)
			return
		}
		p.s.Regions = append(p.s.Regions, r)
	})
}

// regionName reports whether name can name a trials.csv column.
func regionName(name string) bool {
	if name == "" || len(name) > 40 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// inlineMaze is a maze written in the front matter's mazes mapping.
type inlineMaze struct {
	name string
	text string
	pos  Pos // where the text begins
}

// mazes reads the front matter's mazes: names mapped to maze texts (a
// block literal, |), which maze events name before any file.
func (p *mazeParser) mazes(v ast.Node) {
	values, ok := p.mapping(v, "mazes", "a mapping of names to maze texts, such as mazes: {b: |\n  ...}")
	if !ok {
		return
	}
	p.entries(values, "mazes", func(name string, kpos Pos, v ast.Node) {
		lit, ok := v.(*ast.LiteralNode)
		if !ok {
			p.addf(p.nodePos(v), "", "the maze %s is %s, expected its text as a block (%s: | then the maze, indented)", name, yamlpos.Describe(v), name)
			return
		}
		// The block's text begins on the line after its "|".
		at := p.nodePos(lit)
		col := 1
		if lit.Value != nil && lit.Value.GetToken() != nil && lit.Value.GetToken().Position != nil {
			col = lit.Value.GetToken().Position.Column
		}
		p.inline = append(p.inline, inlineMaze{name: name, text: lit.Value.Value, pos: Pos{at.Line + 1, col}})
	})
}
