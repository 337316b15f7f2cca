package world

import (
	"testing"
)

// TestParseBOM: a UTF-8 byte order mark (an editor's mark, not text) is
// accepted: the file reads as it would without, and its errors stand at
// the same lines and columns.
func TestParseBOM(t *testing.T) {
	const good = "---\nname: marked\ncontrol: moves\n---\nS..\n..G\n"
	bom := "\xEF\xBB\xBF"
	want, err := Parse("good.maze", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("bom.maze", []byte(bom+good))
	if err != nil || !got.Equal(want) {
		t.Fatalf("with a byte order mark: %v, %v; want the scenario read as without", got, err)
	}
	const bad = "---\ncell: wide\n---\nS.*\n..G\n"
	_, e1 := Parse("bad.maze", []byte(bad))
	_, e2 := Parse("bad.maze", []byte(bom+bad))
	if e1 == nil || e2 == nil || e1.Error() != e2.Error() {
		t.Errorf("errors with a byte order mark:\n%v\nwant as without:\n%v", e2, e1)
	}
}
