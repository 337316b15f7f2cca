package yamlpos

import (
	"errors"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
)

func TestParseLimits(t *testing.T) {
	lim := Limits{Nesting: 3, Keys: 4}
	for i, tc := range []struct {
		src  string
		want string // the kind of error, "" for none
		line int    // where it is reported (0: not checked)
	}{
		{"a: 1\nb: [1, [2, [3]]]\n", "", 0},
		{"a: [[[[1]]]]\n", "deep", 1},
		{"a: 1\nb: 2\nc: 3\nd: 4\n", "", 0},
		{"a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n", "keys", 5},
		{"x:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n  e: 5\n", "keys", 6},
		// Four keys in each of many mappings are fine: the limit is per mapping.
		{"l:\n" + strings.Repeat("  - a: 1\n    b: 2\n    c: 3\n    d: 4\n", 50), "", 0},
		{"x: {a: 1, b: 2, c: 3, d: 4, e: 5}\n", "", 0}, // flow mappings are linear
		{"a: [\n", "syntax", 0},
		{"a: 1\n---\nb: 2\n", "extra", 3},
		{"# only a comment\n", "", 0},
	} {
		_, err := Parse(tc.src, lim)
		var got string
		var line int
		var deep *TooDeepError
		var keys *TooManyKeysError
		var syn *SyntaxError
		var extra *ExtraError
		r := Reader{}
		switch {
		case err == nil:
		case errors.As(err, &deep):
			got, line = "deep", r.Token(deep.Token).Line
		case errors.As(err, &keys):
			got, line = "keys", r.Token(keys.Token).Line
		case errors.As(err, &syn):
			got = "syntax"
		case errors.As(err, &extra):
			got, line = "extra", r.Node(extra.Node).Line
		default:
			got = err.Error()
		}
		if got != tc.want || tc.line != 0 && line != tc.line {
			t.Errorf("%d: %q: got %q at line %d, want %q at line %d", i, tc.src, got, line, tc.want, tc.line)
		}
	}
}

func TestReaderOffset(t *testing.T) {
	body, err := Parse("a: 1\nb:\n  c: [x, \"y\"]\n", Limits{Nesting: 5})
	if err != nil {
		t.Fatal(err)
	}
	r := Reader{Line: 10}
	m := body.(*ast.MappingNode)
	if got := r.Node(m); got != (Pos{11, 1}) {
		t.Errorf("mapping at %v, want 11:1", got)
	}
	inner := m.Values[1].Value.(*ast.MappingNode).Values[0]
	if got := r.Node(inner.Value); got != (Pos{13, 6}) {
		t.Errorf("list at %v, want 13:6", got)
	}
	seq := inner.Value.(*ast.SequenceNode)
	for i, want := range []string{`"x"`, `"y"`} {
		if d := Describe(seq.Values[i]); d != want {
			t.Errorf("item %d described %s, want %s", i, d, want)
		}
	}
	if d := Describe(seq); d != "a list" {
		t.Errorf("list described %q", d)
	}
	if text, null, ok := Scalar(seq.Values[1], false); text != "y" || null || !ok {
		t.Errorf("Scalar = %q %v %v", text, null, ok)
	}
}
