package render

import (
	"fmt"
	"testing"
)

// TestNoTextOnText draws the window at every layout size, for dyna after
// a while, for an agent with every kind of memory and metric (fakeAgent),
// with every overlay on, in a replay, and with the help open, and checks
// every piece of text: none overlaps another (help is checked against
// itself), none reaches outside its region, and no number of the panel
// is cut short with an ellipsis.
func TestNoTextOnText(t *testing.T) {
	type app struct {
		name string
		a    *App
	}
	var apps []app
	for _, name := range []string{"theseus", "dyna-maze", "shortcut-maze", "braid12"} {
		sc := builtin(t, name)
		a := newApp(t, sc, 1<<40, OverlaysAll, true)
		frames(a, 400)
		a.Notify("step 1234: carried the rat from (row 3, col 4) to (row 5, col 6)", false)
		apps = append(apps, app{name + " dyna", a})
		f, _ := fakeApp(t, sc, 300, OverlaysAll)
		apps = append(apps, app{name + " fake", f})
	}
	rec := recorded(t, builtin(t, "theseus"), 400, 100)
	r, err := NewReplayApp(rec, 200, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	r.overlays = OverlaysAll
	apps = append(apps, app{"theseus replay", r})
	for _, size := range layoutSizes {
		w, h := size[0], size[1]
		for _, x := range apps {
			for _, help := range []bool{false, true} {
				for tab := range numTabs {
					if tab > 0 && !x.a.layoutFor(w, h, x.a.fonts).tabbed {
						continue
					}
					t.Run(fmt.Sprintf("%dx%d %s help %v tab %d", w, h, x.name, help, tab), func(t *testing.T) {
						a := x.a
						a.help, a.tab = help, tab
						a.Update(Command{Width: w, Height: h})
						c := &textCanvas{SoftCanvas: NewSoftCanvas(w, h, 1)}
						a.Draw(c)
						if len(c.texts) < 20 {
							t.Fatalf("only %d pieces of text drawn", len(c.texts))
						}
						for _, p := range textProblems(c.texts) {
							t.Error(p)
						}
						if !help {
							for _, s := range truncated(c.texts) {
								t.Errorf("cut short: %q", s)
							}
						}
					})
				}
			}
		}
	}
}

// TestBoardLabels: in cells just big enough for labels (34 to 60 px),
// the doors' letters, the start's name and the visit counts of theseus
// never overlap, though a door's chip reaches into the cells on both
// sides of it.
func TestBoardLabels(t *testing.T) {
	a := newApp(t, builtin(t, "theseus"), 1<<40, OverlaysAll, true)
	keys(a, "9") // 256x: every cell visited
	frames(a, 100)
	checked := 0
	for h := 240; h <= 400; h += 8 {
		a.Update(Command{Width: 1000, Height: h})
		c := &textCanvas{SoftCanvas: NewSoftCanvas(1000, h, 1)}
		a.Draw(c)
		var board []drawnText
		doors := 0
		for _, x := range c.texts {
			if x.region == RegionBoard {
				board = append(board, x)
				if x.s == "a" || x.s == "b" {
					doors++
				}
			}
		}
		if cs := a.layout().cam.cellPx(); cs >= labelCells {
			if doors == 0 || len(board) < 10 {
				t.Errorf("height %d, cells of %.0f px: %d labels, %d door letters; want visit counts and letters", h, cs, len(board), doors)
			}
			checked++
		}
		for _, p := range textProblems(board) {
			t.Errorf("height %d (cells of %.0f px): %s", h, a.layout().cam.cellPx(), p)
		}
	}
	if checked < 5 {
		t.Fatalf("only %d sizes had labelled cells", checked)
	}
}
