package scenarios

import (
	"os"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestDocExamples: every ```maze example in docs/scenario-format.md and
// in the README is a scenario that check accepts.
func TestDocExamples(t *testing.T) {
	for _, f := range []struct {
		path string
		min  int
	}{{"../docs/scenario-format.md", 6}, {"../README.md", 1}} {
		doc, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(string(doc), "```maze\n")
		if len(parts) < f.min+1 {
			t.Fatalf("%s: %d maze examples, want at least %d", f.path, len(parts)-1, f.min)
		}
		for i, p := range parts[1:] {
			text, _, ok := strings.Cut(p, "```")
			if !ok {
				t.Fatalf("%s: example %d is not closed", f.path, i+1)
			}
			if _, err := world.ParseFiles("doc example", []byte(text), Files{}); err != nil {
				t.Errorf("%s: example %d:\n%s\n%v", f.path, i+1, text, err)
			}
		}
	}
}
