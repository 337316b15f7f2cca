package world

import (
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	"github.com/mazerat/mazerat/internal/yamlpos"
)

// DescribeYAML is yamlpos.Describe, kept until the sweep-spec reader
// moves to internal/yamlpos; then it goes, and world's API exports no
// go-yaml types.
func DescribeYAML(n ast.Node) string { return yamlpos.Describe(n) }

// TooDeep is yamlpos.TooDeep (see DescribeYAML).
func TooDeep(tokens token.Tokens, limit int) *token.Token { return yamlpos.TooDeep(tokens, limit) }
