// Package yamlpos reads untrusted YAML with go-yaml and says where things
// stand in the file that holds it. The scenario reader (world) and the
// sweep-spec reader share it, so that both bound the parser's work the same
// way, name nodes in the same words and count lines and columns alike;
// neither exports a go-yaml type.
//
// Start with Parse, which tokenizes, checks the bounds and parses one
// document; then Reader.Node and Reader.Token give file positions, Describe
// names a node for a message ("a list", "empty", a quoted string), and
// Scalar and Key read plain values.
package yamlpos

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Pos is a position in a file, 1-based. Line 0 means unknown.
type Pos struct{ Line, Col int }

// Reader turns go-yaml's positions, which count from the YAML text's own
// first line, into positions in the file that holds the text.
type Reader struct {
	// Line is the file line of the YAML text's first line, minus one (0
	// when the text is the whole file).
	Line int
}

// Top is where a problem that belongs to no node is reported: the first
// line of the text.
func (r Reader) Top() Pos { return Pos{r.Line + 1, 1} }

// Token returns where a token stands in the file.
func (r Reader) Token(tk *token.Token) Pos {
	if tk == nil || tk.Position == nil {
		return r.Top()
	}
	return Pos{tk.Position.Line + r.Line, tk.Position.Column}
}

// Node returns where a node begins in the file: a block mapping at its
// first key, anything else at its first token.
func (r Reader) Node(n ast.Node) Pos {
	switch n := n.(type) {
	case nil:
		return r.Top()
	case *ast.MappingNode:
		if !n.IsFlowStyle && len(n.Values) > 0 {
			return r.Node(n.Values[0])
		}
		return r.Token(n.Start)
	case *ast.MappingValueNode:
		return r.Node(n.Key)
	case *ast.SequenceNode:
		return r.Token(n.Start)
	case *ast.LiteralNode:
		return r.Token(n.Start)
	case *ast.AnchorNode:
		return r.Token(n.Start)
	case *ast.AliasNode:
		return r.Token(n.Start)
	case *ast.TagNode:
		return r.Token(n.Start)
	case *ast.MappingKeyNode:
		return r.Token(n.Start)
	}
	return r.Token(n.GetToken())
}

// Describe names what a node holds, in the words messages use after "is":
// "a mapping", "a list", "empty", a quoted string, a number as written.
func Describe(n ast.Node) string {
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

// Scalar returns the text of a plain value as written (every value is
// read as text; its key decides what it means). ok is false for a missing
// value (null reports true) and for anything that is not a scalar. A block
// literal (|) counts as a scalar only when literal is true.
func Scalar(n ast.Node, literal bool) (text string, null, ok bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, false, true
	case *ast.LiteralNode:
		if literal {
			return n.Value.Value, false, true
		}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, false, true
	case *ast.NullNode, nil:
		return "", true, false
	}
	return "", false, false
}

// Key returns the text of a mapping entry's key; ok is false for a key
// that is not a plain name (a collection, an anchor, a tag).
func Key(mv *ast.MappingValueNode) (string, bool) {
	switch k := mv.Key.(type) {
	case *ast.StringNode:
		return k.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode, *ast.InfinityNode, *ast.NanNode:
		return k.GetToken().Value, true
	}
	return "", false
}

// Limits bound go-yaml's work on untrusted text. Its parser takes time
// that grows fast with the nesting depth and, for block mappings, with the
// square of their keys (measured on go-yaml v1.19.2: 8000 keys in one
// block mapping took 0.9 s, 100 000 took 120 s; flow collections and lists
// grow linearly, about 1.5 s for 1 MiB). The lexer is linear, so the text
// is tokenized and checked against the limits before the parser sees it.
type Limits struct {
	Nesting int // flow collections inside each other, or block entries on one line
	Keys    int // keys in one block mapping
}

// TooDeepError: the text nests deeper than Limits.Nesting at Token.
type TooDeepError struct {
	Token *token.Token
	Limit int
}

func (e *TooDeepError) Error() string { return fmt.Sprintf("nested more than %d deep", e.Limit) }

// TooManyKeysError: a block mapping has more than Limits.Keys keys; Token
// is the first key past the limit.
type TooManyKeysError struct {
	Token *token.Token
	Limit int
}

func (e *TooManyKeysError) Error() string {
	return fmt.Sprintf("a mapping with more than %d keys", e.Limit)
}

// SyntaxError: the text is not valid YAML. Msg is go-yaml's message
// without its source excerpt (which it renders in time quadratic in the
// tokens).
type SyntaxError struct {
	Token *token.Token // may be nil
	Msg   string
}

func (e *SyntaxError) Error() string { return e.Msg }

// ExtraError: the text holds a directive (Directive) or a second document.
type ExtraError struct {
	Node      ast.Node
	Directive bool
}

func (e *ExtraError) Error() string {
	if e.Directive {
		return "a YAML directive"
	}
	return "a second YAML document"
}

// Parse parses src, which must hold at most one YAML document, and returns
// its body (nil when the text holds nothing but comments). Duplicate keys
// are left for the caller to report with both places. A panic inside
// go-yaml becomes a SyntaxError: the text is untrusted.
func Parse(src string, lim Limits) (body ast.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			body, err = nil, &SyntaxError{Msg: fmt.Sprintf("the YAML reader failed (%v)", r)}
		}
	}()
	tokens := lexer.Tokenize(src)
	if tk := TooDeep(tokens, lim.Nesting); tk != nil {
		return nil, &TooDeepError{tk, lim.Nesting}
	}
	if lim.Keys > 0 {
		if tk := tooManyKeys(tokens, lim.Keys); tk != nil {
			return nil, &TooManyKeysError{tk, lim.Keys}
		}
	}
	f, perr := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if perr != nil {
		// Not perr.Error() unless nothing else is there: go-yaml renders a
		// source excerpt in time quadratic in the tokens.
		var ye interface {
			GetToken() *token.Token
			GetMessage() string
		}
		if !errors.As(perr, &ye) {
			return nil, &SyntaxError{Msg: perr.Error()}
		}
		se := &SyntaxError{Msg: ye.GetMessage()}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			se.Token = tk
		}
		return nil, se
	}
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, ok := doc.Body.(*ast.DirectiveNode); ok {
			return nil, &ExtraError{Node: doc.Body, Directive: true}
		}
		if body != nil {
			return nil, &ExtraError{Node: doc.Body}
		}
		body = doc.Body
	}
	return body, nil
}

// TooDeep returns the first of a YAML text's tokens that nests flow
// collections, or block entries on one line ("- - - x", "a: b: c"), more
// than limit deep, or nil.
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

// tooManyKeys returns the first key past limit in any block mapping, or
// nil. A block mapping's keys stand at one column; a key at a column to
// the left, or a list entry at or left of it, ends the mapping.
func tooManyKeys(tokens token.Tokens, limit int) *token.Token {
	type open struct{ col, keys int }
	var stack []open
	flow := 0
	for i, tk := range tokens {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
			continue
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
			continue
		}
		if flow > 0 || tk.Position == nil {
			continue
		}
		switch tk.Type {
		case token.SequenceEntryType:
			col := tk.Position.Column
			for len(stack) > 0 && stack[len(stack)-1].col >= col {
				stack = stack[:len(stack)-1]
			}
		case token.MappingValueType:
			if i == 0 || tokens[i-1].Position == nil {
				continue
			}
			col := tokens[i-1].Position.Column
			for len(stack) > 0 && stack[len(stack)-1].col > col {
				stack = stack[:len(stack)-1]
			}
			if len(stack) > 0 && stack[len(stack)-1].col == col {
				stack[len(stack)-1].keys++
				if stack[len(stack)-1].keys > limit {
					return tokens[i-1]
				}
			} else {
				stack = append(stack, open{col, 1})
			}
		}
	}
	return nil
}
