package render

import (
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/mazerat/mazerat/assets"
)

// Font names a text style of the picture.
type Font uint8

// The text styles.
const (
	FontSmall Font = iota // labels on the maze and the plots
	FontBody              // the side panel
	FontBold              // headings and emphasis
	FontLarge             // the scenario's name
	numFonts
)

// fontSpec is the typeface and size (pixels at scale 1) of each Font.
var fontSpec = [numFonts]struct {
	bold bool
	size float64
}{
	FontSmall: {false, 11},
	FontBody:  {false, 13},
	FontBold:  {true, 13},
	FontLarge: {true, 18},
}

// parsedFonts holds the Go fonts (assets/fonts), parsed once (read-only
// afterwards).
var parsedFonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var out [2]*opentype.Font
	for i, ttf := range [][]byte{assets.Font(false), assets.Font(true)} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return out, fmt.Errorf("render: parsing the Go font: %w", err)
		}
		out[i] = f
	}
	return out, nil
})

// Fonts holds the faces a canvas draws text with, at one scale. A face
// is not safe for concurrent use: each canvas has its own Fonts.
type Fonts struct {
	scale  float32
	faces  [numFonts]font.Face
	ascent [numFonts]float32
	height [numFonts]float32
}

// NewFonts returns the faces at the given scale (1 for 96-dpi screens,
// the device scale factor on high-density ones).
func NewFonts(scale float32) *Fonts {
	fonts, err := parsedFonts()
	if err != nil {
		panic(err) // the embedded Go fonts always parse
	}
	fs := &Fonts{scale: scale}
	for i, spec := range fontSpec {
		tt := fonts[0]
		if spec.bold {
			tt = fonts[1]
		}
		face, err := opentype.NewFace(tt, &opentype.FaceOptions{
			Size: spec.size * float64(scale), DPI: 72, Hinting: font.HintingFull,
		})
		if err != nil {
			panic(err) // only for sizes out of range, which these are not
		}
		m := face.Metrics()
		fs.faces[i] = face
		fs.ascent[i] = float32(math.Ceil(float64(m.Ascent) / 64))
		fs.height[i] = float32(math.Ceil(float64(m.Ascent+m.Descent) / 64))
	}
	return fs
}

// Scale returns the scale the faces were made for.
func (fs *Fonts) Scale() float32 { return fs.scale }

// Face returns the face of f.
func (fs *Fonts) Face(f Font) font.Face { return fs.faces[f] }

// Ascent returns the distance from the top of f's line box to its
// baseline, in whole pixels.
func (fs *Fonts) Ascent(f Font) float32 { return fs.ascent[f] }

// Height returns the height of f's line box, in whole pixels.
func (fs *Fonts) Height(f Font) float32 { return fs.height[f] }

// Width returns the advance of s in f.
func (fs *Fonts) Width(s string, f Font) float32 {
	end := fs.Glyphs(s, f, 0, nil)
	return float32(end)
}

// Glyphs lays s out in f from x and calls fn (if not nil) with each rune
// and the whole-pixel x of its dot; it returns the x after the last
// rune. Both backends place glyphs with it, so text lands on the same
// pixels in the window and in a snapshot.
func (fs *Fonts) Glyphs(s string, f Font, x float32, fn func(r rune, dotX int)) int {
	face := fs.faces[f]
	dot := fixed.Int26_6(math.Round(float64(x) * 64))
	prev := rune(-1)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if prev >= 0 {
			dot += face.Kern(prev, r)
		}
		if fn != nil {
			fn(r, dot.Round())
		}
		adv, ok := face.GlyphAdvance(r)
		if !ok {
			adv, _ = face.GlyphAdvance('?')
		}
		dot += adv
		prev = r
	}
	return dot.Round()
}

// Fit returns s, shortened with an ellipsis if needed, so that it is at
// most w pixels wide in f.
func (fs *Fonts) Fit(s string, f Font, w float32) string {
	if fs.Width(s, f) <= w {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if fs.Width(t, f) <= w {
			return t
		}
	}
	return ""
}
