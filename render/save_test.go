package render

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestSaveCheckLoad: an edited maze (a wall toggled, a door switched, the
// cheese moved) saves to a file that checks clean and loads back equal
// to the edited world: walls, doors, cheese and start. Saving again
// never overwrites.
func TestSaveCheckLoad(t *testing.T) {
	a := livedApp(t)
	w := a.life.World()
	cam := a.layout().cam
	c, s := farEdge(t, a, func(wl world.Wall, _ world.Cell, _ world.Side) bool { return wl == world.Solid })
	click(a, edgeMid(cam, c, s, 0.05))
	dc, ds := farEdge(t, a, func(wl world.Wall, _ world.Cell, _ world.Side) bool { return wl.IsDoor() })
	click(a, edgeMid(cam, dc, ds, 0.05))
	to := farCell(t, a)
	drag(a, cam.centre(w.Cheese()[0]), cam.centre(to))
	if len(w.Applied()) < 3 {
		msg, _ := a.Message()
		t.Fatalf("the edits were not all made: log %+v, message %q", w.Applied(), msg)
	}

	// A file in the way is kept, and the save goes beside it.
	dir := a.opt.Dir
	taken, err := freePath(dir, scenarioSlug(a.sc)+"-edited-"+strconv.FormatInt(w.StepCount(), 10), ".maze")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(taken, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := a.SaveMaze()
	if err != nil {
		t.Fatal(err)
	}
	if p == taken || filepath.Dir(p) != dir || filepath.Ext(p) != ".maze" {
		t.Errorf("saved to %s, want a new .maze file in %s beside %s", p, dir, taken)
	}
	if b, _ := os.ReadFile(taken); string(b) != "mine\n" {
		t.Errorf("the file in the way was overwritten: %q", b)
	}

	// mazerat check: load and validate.
	back, err := world.Load(p)
	if err == nil {
		err = back.Validate()
	}
	if err != nil {
		t.Fatalf("the saved maze does not check: %v", err)
	}
	if !sameWalls(back.Maze, w.Maze()) {
		t.Errorf("the saved maze's walls differ from the edited world's")
	}
	if got := back.Maze.Edge(c, s); got != world.NoWall {
		t.Errorf("saved %s side of %v: %v, want the removed wall gone", sideName(s), c, got)
	}
	if back.Doors != w.Doors()&back.Declared || back.Declared != a.sc.Declared {
		t.Errorf("saved doors %v (declared %v), want %v (declared %v)", back.Doors, back.Declared, w.Doors()&a.sc.Declared, a.sc.Declared)
	}
	if !slices.Equal(back.Maze.Cheese, []world.Cell{to}) || back.Maze.Start != a.sc.Maze.Start {
		t.Errorf("saved cheese %v start %v, want cheese %v start %v", back.Maze.Cheese, back.Maze.Start, to, a.sc.Maze.Start)
	}
	if !back.Equal(a.EditedScenario()) {
		t.Errorf("the saved scenario does not load back equal to EditedScenario")
	}
	if len(back.Events) != 0 || !strings.Contains(back.Name, "(edited)") {
		t.Errorf("saved events %d, name %q: want no schedule and an (edited) name", len(back.Events), back.Name)
	}

	// Saving again writes a new file and leaves the first as it was.
	first, _ := os.ReadFile(p)
	p2, err := a.SaveMaze()
	if err != nil {
		t.Fatal(err)
	}
	if p2 == p || p2 == taken {
		t.Errorf("the second save went to %s again", p2)
	}
	if b, _ := os.ReadFile(p); string(b) != string(first) {
		t.Errorf("the second save changed %s", p)
	}

	// The save key does the same and says where.
	keys(a, "m")
	if msg, isErr := a.Message(); isErr || !strings.Contains(msg, dir) {
		t.Errorf("m: message %q (error %v), want where the maze went", msg, isErr)
	}
}

// TestSaveBlocks: a block maze with a wall cell removed round-trips too.
func TestSaveBlocks(t *testing.T) {
	a := newApp(t, builtin(t, "dyna-maze"), 1<<20, 0, false)
	w := a.life.World()
	m := w.Maze()
	var wall world.Cell
	for i := m.NumCells() - 1; i >= 0; i-- {
		if c := m.CellAt(i); m.Cell(c) == world.Solid {
			wall = c
			break
		}
	}
	click(a, a.layout().cam.centre(wall))
	if m.Cell(wall) != world.NoWall {
		msg, _ := a.Message()
		t.Fatalf("the wall cell %v was not removed: %q", wall, msg)
	}
	p, err := a.SaveMaze()
	if err != nil {
		t.Fatal(err)
	}
	back, err := world.Load(p)
	if err == nil {
		err = back.Validate()
	}
	if err != nil {
		t.Fatalf("the saved maze does not check: %v", err)
	}
	if !sameWalls(back.Maze, m) || !back.Equal(a.EditedScenario()) {
		t.Errorf("the saved block maze differs from the edited one")
	}
}

// sameWalls reports whether two mazes have the same walls and doors
// (their cheese spots aside: the world keeps those apart).
func sameWalls(a, b *world.Maze) bool {
	ac, ah, av := a.Layout()
	bc, bh, bv := b.Layout()
	return a.Style == b.Style && a.W == b.W && a.H == b.H &&
		slices.Equal(ac, bc) && slices.Equal(ah, bh) && slices.Equal(av, bv)
}
