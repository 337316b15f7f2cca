// Reading the front matter: YAML settings, door groups.

package world

import (
	"bytes"
	"errors"
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
