package scenarios

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestBuiltinsRoundTrip: every built-in scenario parses, validates, and
// survives print → parse unchanged, and printing is stable.
func TestBuiltinsRoundTrip(t *testing.T) {
	names := Names()
	for _, want := range []string{"theseus", "dyna-maze", "blocking-maze", "shortcut-maze", "braid12", "braid20"} {
		if !slices.Contains(names, want) {
			t.Errorf("built-in %q missing; have %v", want, names)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			sc, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := sc.Validate(); err != nil {
				t.Fatal(err)
			}
			if sc.Name == "" || sc.Description == "" {
				t.Errorf("name %q description %q: every built-in needs both", sc.Name, sc.Description)
			}
			text := world.Format(sc)
			back, err := world.Parse(name+" (printed)", text)
			if err != nil {
				t.Fatalf("printed text does not parse: %v\n%s", err, text)
			}
			if !back.Equal(sc) {
				t.Errorf("print → parse changed the scenario:\n%s", text)
			}
			if again := world.Format(back); !bytes.Equal(again, text) {
				t.Errorf("printing twice differs:\n%s\n---\n%s", text, again)
			}
		})
	}
}

// TestOracleOnClassics: the shortest paths of the classic mazes before and
// after their scheduled changes are those of the book and of the design.
func TestOracleOnClassics(t *testing.T) {
	tests := []struct {
		name          string
		before, after int
		step          int64
		trial         int
	}{
		{"dyna-maze", 14, 14, 0, 1},
		{"blocking-maze", 10, 16, 1000, 1},
		{"shortcut-maze", 16, 10, 3000, 1},
		{"theseus", 16, 12, 0, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			var o world.Oracle
			m := sc.Maze
			if got := o.Moves(m, sc.DoorsAt(0, 1), m.Start, m.Cheese); got != tc.before {
				t.Errorf("at birth: %d moves, want %d", got, tc.before)
			}
			if got := o.Moves(m, sc.DoorsAt(tc.step-1, tc.trial-1), m.Start, m.Cheese); tc.step > 0 && got != tc.before {
				t.Errorf("just before the change (step %d): %d moves, want %d", tc.step-1, got, tc.before)
			}
			if got := o.Moves(m, sc.DoorsAt(tc.step, tc.trial), m.Start, m.Cheese); got != tc.after {
				t.Errorf("after the change (step %d, trial %d): %d moves, want %d", tc.step, tc.trial, got, tc.after)
			}
			if got := world.Metres(tc.before, sc.Cell); got != float64(tc.before)*sc.Cell {
				t.Errorf("metres of %d moves = %v", tc.before, got)
			}
		})
	}
}

// TestSuttonBartoLayouts pins the layouts to the book's coordinates.
func TestSuttonBartoLayouts(t *testing.T) {
	sc, err := Load("dyna-maze")
	if err != nil {
		t.Fatal(err)
	}
	m := sc.Maze
	if m.W != 9 || m.H != 6 || m.Start != (world.Cell{Row: 2, Col: 0}) || !slices.Equal(m.Cheese, []world.Cell{{Row: 0, Col: 8}}) {
		t.Fatalf("dyna-maze: %dx%d start %v cheese %v, want 9x6, (2,0), [(0,8)]", m.W, m.H, m.Start, m.Cheese)
	}
	walls := []world.Cell{{Row: 1, Col: 2}, {Row: 2, Col: 2}, {Row: 3, Col: 2}, {Row: 0, Col: 7}, {Row: 1, Col: 7}, {Row: 2, Col: 7}, {Row: 4, Col: 5}}
	open := 0
	for r := 0; r < m.H; r++ {
		for c := 0; c < m.W; c++ {
			cell := world.Cell{Row: r, Col: c}
			if got, want := m.Cell(cell) == world.Solid, slices.Contains(walls, cell); got != want {
				t.Errorf("dyna-maze %v: wall %v, want %v", cell, got, want)
			}
			if m.Cell(cell) == world.NoWall {
				open++
			}
		}
	}
	if open != 47 {
		t.Errorf("dyna-maze has %d open cells, want 47", open)
	}
	for _, name := range []string{"blocking-maze", "shortcut-maze"} {
		sc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if m := sc.Maze; m.W != 9 || m.H != 6 || m.Start != (world.Cell{Row: 5, Col: 3}) || !slices.Equal(m.Cheese, []world.Cell{{Row: 0, Col: 8}}) {
			t.Errorf("%s: %dx%d start %v cheese %v, want 9x6, (5,3), [(0,8)]", name, m.W, m.H, m.Start, m.Cheese)
		}
		if sc.Control != world.Moves {
			t.Errorf("%s: control %v, want moves (the book's time steps)", name, sc.Control)
		}
	}
}

// TestResolve: names, paths and errors.
func TestResolve(t *testing.T) {
	dir := t.TempDir()
	src, _ := Source("dyna-maze")
	path := filepath.Join(dir, "mine.maze")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		arg     string
		wantErr string
		name    string
	}{
		{"", "", "Theseus"},
		{"dyna-maze", "", "Dyna maze"},
		{path, "", "Dyna maze"},
		{"no-such-maze", "neither a file nor a built-in scenario", ""},
		{filepath.Join(dir, "missing.maze"), "missing.maze", ""},
	}
	for i, tc := range tests {
		sc, err := Resolve(tc.arg)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%d: Resolve(%q) error %v, want one containing %q", i, tc.arg, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%d: Resolve(%q): %v", i, tc.arg, err)
		case sc.Name != tc.name:
			t.Errorf("%d: Resolve(%q) name %q, want %q", i, tc.arg, sc.Name, tc.name)
		}
	}
}

// TestGeneratedBuiltins: the generated built-in mazes are exactly what
// their descriptions say the generator makes.
func TestGeneratedBuiltins(t *testing.T) {
	tests := []struct {
		name string
		cfg  world.GenConfig
	}{
		{"braid12", world.GenConfig{Algorithm: "dfs", W: 12, H: 12, Braid: 0.5, Style: world.ThinWalls, Seed: 12}},
		{"braid20", world.GenConfig{Algorithm: "dfs", W: 20, H: 20, Braid: 0.5, Style: world.ThinWalls, Seed: 20}},
	}
	for _, tc := range tests {
		sc, err := Load(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		gen, err := world.Generate(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !sc.Maze.Equal(gen.Maze) {
			t.Errorf("%s: the maze differs from %v", tc.name, tc.cfg)
		}
		if !strings.Contains(sc.Description, fmt.Sprintf("--size %dx%d --braid %g --seed %d", tc.cfg.W, tc.cfg.H, tc.cfg.Braid, tc.cfg.Seed)) {
			t.Errorf("%s: description %q does not give the command that makes it", tc.name, sc.Description)
		}
	}
}
