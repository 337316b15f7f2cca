package world

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics or hangs, that every error it
// reports is positioned inside the file, and that whatever it accepts
// prints and parses back to an Equal scenario with the same text. Seeds:
// every file under testdata and every bad case of the tests.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"good", "bad", "format"} {
		paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.maze"))
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, tc := range badCases {
		f.Add([]byte(tc.text))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "fuzz.maze", data) })
}

// fuzzParse parses data as the file name: an error must be a non-empty
// ErrorList placed inside the file, a scenario must print and read back.
func fuzzParse(t *testing.T, name string, data []byte) {
	s, err := Parse(name, data)
	if err != nil {
		if s != nil {
			t.Fatal("Parse returned a scenario with its error")
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("Parse error %v (%T), want a non-empty ErrorList", err, err)
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, e := range list {
			if e.File != name || e.Line < 0 || e.Line > lines+1 || (e.Line > 0) != (e.Col > 0) {
				t.Fatalf("error %q is not placed in the %d-line file", e.Error(), lines)
			}
		}
		return
	}
	roundTrip(t, s)
}

// FuzzQuoteYAML checks that any name and description Set accepts is
// printed so that it reads back unchanged.
func FuzzQuoteYAML(f *testing.F) {
	for _, s := range []string{"", "Blocking maze", "a: b", "\t", "\n", "x\n---\ny", "\"\\", "\u2028", "null", "1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := serpentine(2, 1)
		if s.Set("name", text) != nil || s.Set("description", text+"\n"+text) != nil || !utf8.ValidString(text) {
			return
		}
		roundTrip(t, s)
	})
}

// FuzzParseTiled is FuzzParse for Tiled maps: seeds are the example map
// and maps in every tile layer format, with objects of every shape.
func FuzzParseTiled(f *testing.F) {
	example, err := os.ReadFile(filepath.Join("..", "scenarios", "tiled", "two-rooms.tmx"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	for _, enc := range [][2]string{{"", ""}, {"base64", ""}, {"base64", "zlib"}, {"base64", "gzip"}} {
		sp := tmxSpec{layout: tmxRooms, encoding: enc[0], compression: enc[1],
			props:   [][2]string{{"doors.a", "open"}, {"events", "[{at_step: 10, close: [a]}]"}, {"sensors.rays", "3"}},
			objects: `  <object id="30" type="cheese" gid="1" x="80" y="64" width="16" height="16"/>` + "\n"}
		f.Add([]byte(sp.text()))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "fuzz.tmx", data) })
}
