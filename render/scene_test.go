package render

import (
	"image"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// sceneScenarios are the mazes the scene tests draw: thin walls with
// doors, a block grid, and a larger generated maze with thinner walls.
func sceneScenarios(t *testing.T) map[string]*world.Scenario {
	t.Helper()
	gen, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 14, H: 11, Braid: 0.5, Style: world.ThinWalls, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*world.Scenario{
		"theseus":   builtin(t, "theseus"),
		"dyna-maze": builtin(t, "dyna-maze"),
		"dfs14x11":  gen,
	}
}

// TestSceneWalls: with no overlays, the middle of every side that has a
// wall is painted in the wall's colour (a closed door's colour for a
// closed door) and the middle of every open side shows the floor; in a
// block maze, wall cells are walls and open cells floor.
func TestSceneWalls(t *testing.T) {
	for name, sc := range sceneScenarios(t) {
		t.Run(name, func(t *testing.T) {
			a := newApp(t, sc, 100, 0, true) // running: no PAUSED badge
			img := paint(a)
			cam := a.layout().cam
			w := a.life.World()
			m, doors := w.Maze(), w.Doors()
			rat := ratPixel(a)
			ratReach := 2.6*float32(sc.Rat.Radius)*cam.k + 3 // body, shadow and tail
			walls, opens := 0, 0
			for i := 0; i < m.NumCells(); i++ {
				cell := m.CellAt(i)
				if m.Style == world.Blocks {
					// Off the centre: a block door's letter sits there.
					p := cam.centre(cell)
					p.X, p.Y = p.X-0.3*cam.cellPx(), p.Y-0.3*cam.cellPx()
					if dist(p, rat) < ratReach || m.IsCheese(cell) {
						continue
					}
					got := at(img, p)
					switch wl := m.Cell(cell); {
					case wl.Blocks(doors) && wl.IsDoor():
						if got != opaque(colDoor) {
							t.Errorf("closed door cell %v at pixel %v: %v, want the door colour %v", cell, p, got, colDoor)
						}
						walls++
					case wl.Blocks(doors):
						if got != opaque(colWall) {
							t.Errorf("wall cell %v at pixel %v: %v, want the wall colour %v", cell, p, got, colWall)
						}
						walls++
					case !wl.IsDoor():
						if got != opaque(colFloor) {
							t.Errorf("open cell %v at pixel %v: %v, want the floor %v", cell, p, got, colFloor)
						}
						opens++
					}
					continue
				}
				for _, s := range world.Sides {
					wl := m.Edge(cell, s)
					p := edgeMid(cam, cell, s, 0)
					if wl.IsDoor() {
						// A door's letter sits on a chip in its middle.
						p = alongEdge(cam, p, s, 0.3)
					}
					if dist(p, rat) < ratReach {
						continue
					}
					got := at(img, p)
					switch {
					case !m.Passable(cell, s, doors) && wl.IsDoor():
						if got != opaque(colDoor) {
							t.Errorf("closed door on the %s side of %v at pixel %v: %v, want %v", sideName(s), cell, p, got, colDoor)
						}
						walls++
					case !m.Passable(cell, s, doors):
						if got != opaque(colWall) {
							t.Errorf("wall on the %s side of %v at pixel %v: %v, want %v", sideName(s), cell, p, got, colWall)
						}
						walls++
					case wl.IsDoor():
						if got == opaque(colWall) || got == opaque(colDoor) {
							t.Errorf("open door on the %s side of %v at pixel %v drawn closed: %v", sideName(s), cell, p, got)
						}
					case cell != m.Start: // the start's label may reach its sides
						if got != opaque(colFloor) {
							t.Errorf("open %s side of %v at pixel %v: %v, want the floor %v", sideName(s), cell, p, got, colFloor)
						}
						opens++
					}
				}
			}
			if walls == 0 || opens == 0 {
				t.Fatalf("checked %d walls and %d openings; the maze should have both", walls, opens)
			}
		})
	}
}

// TestSceneRat: the rat is drawn where the simulator says it is, frame
// after frame as it runs, and not where it was.
func TestSceneRat(t *testing.T) {
	for _, name := range []string{"theseus", "dyna-maze"} {
		t.Run(name, func(t *testing.T) {
			sc := builtin(t, name)
			a := newApp(t, sc, 1000, 0, true)
			want := opaque(over(colRatBody, fade(colRatBelly, 0.45)))
			r := float32(sc.Rat.Radius) * a.layout().cam.k
			var prev []Point
			moved := 0
			for k := 0; k < 8; k++ {
				frames(a, 37)
				img := paint(a)
				p := ratPixel(a)
				if got := at(img, p); !near(got, want, 4) {
					t.Errorf("frame %d: pixel %v at the rat's pose: %v, want the rat's body %v", a.Frame(), p, got, want)
				}
				// Where the rat was and is no more, its body is gone.
				for _, q := range prev {
					if dist(p, q) > 3*r {
						moved++
						if got := at(img, q); near(got, want, 4) {
							t.Errorf("frame %d: the rat's body is still drawn at %v, %.0f px from where it is", a.Frame(), q, dist(p, q))
						}
					}
				}
				prev = append(prev, p)
			}
			if moved == 0 {
				t.Fatalf("the rat never moved more than %.0f px in %d frames", 3*r, a.Frame())
			}
		})
	}
}

// TestSceneOverlays: after a short dyna lifetime, each overlay switched
// on alone changes the board against no overlays, and switching it off
// with every other one on changes it too.
func TestSceneOverlays(t *testing.T) {
	l := lived(t, builtin(t, "theseus"), 1000)
	v := l.Agent().View()
	for what, n := range map[string]int{"values": len(v.Value), "greedy": len(v.Greedy), "visits": len(v.Visits),
		"walls": len(v.Walls), "plan": len(v.Plan), "swept": len(v.Swept), "surprises": len(v.Surprises),
		"rays": len(l.World().Observation().Rays), "trail": len(l.TrialPath())} {
		if n == 0 {
			t.Fatalf("the lifetime has no %s to draw: choose a longer one", what)
		}
	}
	picture := func(o Overlays) *App {
		opt := DefaultOptions()
		opt.Overlays = o
		a, err := NewAppFor(l, opt)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	none := picture(0)
	board := none.layout().board
	base, all := paint(none), paint(picture(OverlaysAll))
	for _, info := range overlayTable {
		t.Run(info.name, func(t *testing.T) {
			if info.o == OverlayPose {
				// dyna reports no believed pose (yet): an agent that does.
				fa, _ := fakeApp(t, builtin(t, "theseus"), 200, 0)
				none := paint(fa)
				fa.overlays = OverlaysAll
				all := paint(fa)
				if n := diffPixels(none, func() *image.RGBA { fa.overlays = OverlayPose; return paint(fa) }(), board); n == 0 {
					t.Errorf("pose alone: the board is the same as with no overlays")
				}
				fa.overlays = OverlaysAll &^ OverlayPose
				if n := diffPixels(all, paint(fa), board); n == 0 {
					t.Errorf("every overlay but pose: the board is the same as with all")
				}
				return
			}
			if n := diffPixels(base, paint(picture(info.o)), board); n == 0 {
				t.Errorf("%s alone: the board is the same as with no overlays", info.name)
			}
			if n := diffPixels(all, paint(picture(OverlaysAll&^info.o)), board); n == 0 {
				t.Errorf("every overlay but %s: the board is the same as with all", info.name)
			}
		})
	}
}

// TestSceneDrawStable: drawing reads the App and changes nothing: two
// draws of the same state give the same picture.
func TestSceneDrawStable(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 500, OverlaysAll, true)
	frames(a, 60)
	p1, p2 := paint(a), paint(a)
	if n := diffPixels(p1, p2, Rect{0, 0, testW, testH}); n != 0 {
		t.Errorf("two draws of one frame differ in %d pixels", n)
	}
}
