package render

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// TestSnapshot: Snapshot draws the window's picture of a lived lifetime
// at the size asked, with the overlays asked, the same every time and
// without changing the lifetime; EncodePNG round-trips it.
//
// LOOK=/tmp/look.png [LOOKSC=theseus|gen30|NAME] also writes the picture
// of that scenario after 3000 steps with every overlay on, to look at.
func TestSnapshot(t *testing.T) {
	l := lived(t, builtin(t, "theseus"), 1000)
	hash, tick := l.World().Hash(), l.World().TickCount()
	all, err := Snapshot(l, SnapshotOptions{Overlays: OverlaysAll})
	if err != nil {
		t.Fatal(err)
	}
	if b := all.Bounds(); b.Dx() != DefaultWidth || b.Dy() != DefaultHeight {
		t.Errorf("default snapshot is %v, want %dx%d", b, DefaultWidth, DefaultHeight)
	}
	again, _ := Snapshot(l, SnapshotOptions{Overlays: OverlaysAll})
	none, _ := Snapshot(l, SnapshotOptions{})
	whole := Rect{0, 0, DefaultWidth, DefaultHeight}
	if n := diffPixels(all, again, whole); n != 0 {
		t.Errorf("two snapshots of one lifetime differ in %d pixels", n)
	}
	if n := diffPixels(all, none, whole); n == 0 {
		t.Errorf("the snapshot with every overlay is the one with none")
	}
	if l.World().Hash() != hash || l.World().TickCount() != tick {
		t.Errorf("drawing a snapshot changed the lifetime")
	}
	// The picture shows the maze: wall, floor and the rat's colours are
	// all there.
	count := map[[3]uint8]int{}
	for i := 0; i+3 < len(none.Pix); i += 4 {
		count[[3]uint8{none.Pix[i], none.Pix[i+1], none.Pix[i+2]}]++
	}
	for name, c := range map[string][3]uint8{"wall": {colWall.R, colWall.G, colWall.B}, "floor": {colFloor.R, colFloor.G, colFloor.B},
		"rat": {colRatBody.R, colRatBody.G, colRatBody.B}, "panel": {colPanel.R, colPanel.G, colPanel.B}} {
		if count[c] < 50 {
			t.Errorf("the snapshot has %d pixels of the %s colour %v", count[c], name, c)
		}
	}

	small, err := Snapshot(l, SnapshotOptions{Width: 640, Height: 400, Overlays: OverlaysDefault, Scale: 0.75})
	if err != nil {
		t.Fatal(err)
	}
	if b := small.Bounds(); b.Dx() != 640 || b.Dy() != 400 {
		t.Errorf("640x400 snapshot is %v", b)
	}
	data, err := EncodePNG(small)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]int{{0, 0}, {320, 200}, {639, 399}, {100, 300}} {
		if r1, g1, b1, a1 := dec.At(p[0], p[1]).RGBA(); [4]uint32{r1, g1, b1, a1} != rgbaOf(small, p) {
			t.Errorf("pixel %v does not survive EncodePNG", p)
		}
	}

	if out := os.Getenv("LOOK"); out != "" {
		look(t, out, os.Getenv("LOOKSC"))
	}
}

func rgbaOf(img image.Image, p [2]int) [4]uint32 {
	r, g, b, a := img.At(p[0], p[1]).RGBA()
	return [4]uint32{r, g, b, a}
}

// look writes the snapshot of a scenario after 3000 steps to out.
func look(t *testing.T, out, name string) {
	var sc *world.Scenario
	if name == "gen30" {
		var err error
		if sc, err = world.Generate(world.GenConfig{Algorithm: "dfs", W: 30, H: 30, Braid: 0.5, Style: world.ThinWalls, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	} else {
		sc = builtin(t, name)
	}
	img, err := Snapshot(lived(t, sc, 3000), SnapshotOptions{Overlays: OverlaysAll})
	if err != nil {
		t.Fatal(err)
	}
	b, err := EncodePNG(img)
	if err == nil {
		err = os.WriteFile(out, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", out)
}
