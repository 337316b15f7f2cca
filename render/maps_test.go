package render

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// TestLearningCurveMapSwitch: a dyna lifetime whose maze is replaced by
// another at step 1500 (generated 6x6 mazes) and put back at 3000: the
// agent switches maps twice (a new one, then the first again), and the
// learning curve marks both switches in their own colour, keyed "map",
// with the number of the map switched to in the recent pane (the switch
// back to map #1 there; the first switch is older than the last 40
// trials, and marked in the whole-lifetime pane).
func TestLearningCurveMapSwitch(t *testing.T) {
	dir := t.TempDir()
	var bodies []string
	for i, name := range []string{"a", "b"} {
		sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 6, H: 6, Braid: 0.2, Style: world.ThinWalls, Seed: uint64(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		data := world.Format(sc)
		if err := os.WriteFile(filepath.Join(dir, name+".maze"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		body := string(data)
		if k := strings.Index(body[3:], "---\n"); k >= 0 {
			body = body[3+k+4:]
		}
		bodies = append(bodies, body)
	}
	src := "---\ncontrol: moves\nevents:\n  - {at_step: 1500, maze: b.maze}\n  - {at_step: 3000, maze: a.maze}\n---\n" + bodies[0]
	path := filepath.Join(dir, "switch.maze")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := world.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := lab.Run(t.Context(), lab.Config{Scenario: sc, Agent: "dyna", Steps: 1000}, lab.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Lifetime
	opt := DefaultOptions()
	opt.Paused, opt.Dir = true, t.TempDir()
	a, err := NewAppFor(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	for l.World().StepCount() < 3600 {
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
		if l.World().StepCount()%20 == 0 {
			a.takeView()
		}
	}
	if got := a.maps.marks; len(got) != 2 || got[0].active != 1 || got[1].active != 0 {
		t.Fatalf("map switches seen %+v, want to map 1 then back to map 0", got)
	}
	c := &textCanvas{SoftCanvas: NewSoftCanvas(testW, testH, 1)}
	a.Draw(c)
	plot := c.regionTexts(RegionPlots)
	for _, want := range []string{"map", "#1"} {
		if !slices.Contains(plot, want) {
			t.Errorf("the learning section lacks %q: %s", want, strings.Join(plot, " | "))
		}
	}
	img := c.Image()
	m := a.layout().moves
	k := 0
	for y := int(m.Y); y < int(m.Bottom()); y++ {
		for x := int(m.X); x < int(m.Right()); x++ {
			if near(img.RGBAAt(x, y), opaque(colMapSw), 30) {
				k++
			}
		}
	}
	if k < 20 {
		t.Errorf("%d pixels of the map switches' colour in the moves chart, want their lines", k)
	}
}
