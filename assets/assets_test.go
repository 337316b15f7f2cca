package assets

import (
	"testing"

	"golang.org/x/image/font/opentype"
)

// TestAssets: every embedded file decodes: the two fonts parse, the
// sprites are square pictures with transparent corners (they are drawn
// rotated), and the icons come in several sizes, square.
func TestAssets(t *testing.T) {
	for _, bold := range []bool{false, true} {
		if _, err := opentype.Parse(Font(bold)); err != nil {
			t.Errorf("font (bold %v): %v", bold, err)
		}
	}
	for _, name := range []string{"rat", "cheese"} {
		img, err := Sprite(name)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		if b.Dx() != b.Dy() || b.Dx() < 128 {
			t.Errorf("sprite %s is %v, want a square of at least 128 px", name, b)
		}
		if _, _, _, a := img.At(b.Min.X, b.Min.Y).RGBA(); a != 0 {
			t.Errorf("sprite %s: the corner is not transparent", name)
		}
		if _, _, _, a := img.At(b.Min.X+b.Dx()/2, b.Min.Y+b.Dy()/2).RGBA(); a == 0 {
			t.Errorf("sprite %s: the middle is transparent", name)
		}
	}
	icons, err := Icons()
	if err != nil {
		t.Fatal(err)
	}
	if len(icons) < 3 {
		t.Fatalf("%d icons, want several sizes", len(icons))
	}
	for i, ic := range icons {
		if b := ic.Bounds(); b.Dx() != b.Dy() || i > 0 && b.Dx() <= icons[i-1].Bounds().Dx() {
			t.Errorf("icon %d is %v: want squares, smallest first", i, b)
		}
	}
}
