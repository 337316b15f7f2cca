package scenarios

import (
	"os"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestDocExamples: every ```maze example in docs/scenario-format.md is a
// scenario that check accepts.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(string(doc), "```maze\n")
	if len(parts) < 6 {
		t.Fatalf("%d maze examples in the docs, want at least 5", len(parts)-1)
	}
	for i, p := range parts[1:] {
		text, _, ok := strings.Cut(p, "```")
		if !ok {
			t.Fatalf("example %d is not closed", i+1)
		}
		if _, err := world.ParseFiles("doc example", []byte(text), Files{}); err != nil {
			t.Errorf("example %d:\n%s\n%v", i+1, text, err)
		}
	}
}
