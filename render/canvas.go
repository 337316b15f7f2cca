package render

import (
	"image/color"
	"math"
)

// Canvas is everything the scene needs from a backend: a few primitives in
// pixel coordinates (origin top-left, y down). The window (render/window,
// Ebitengine) and the software image (SoftCanvas) implement it, so one
// scene description gives the window, PNG snapshots and tests.
//
// Colours are straight (non-premultiplied) alpha.
type Canvas interface {
	// Size returns the canvas size in pixels.
	Size() (w, h int)
	// Region opens a rectangular part of the picture that the scene
	// paints whole (every pixel of r, opaquely) when Region reports true;
	// what is drawn until the next Region is clipped to r's pixels
	// (RegionPixels), so a region redrawn alone never paints over another.
	// version names what the region shows: a backend that keeps the last
	// frame may report false when the region was drawn last frame with
	// the same version, and the scene then skips it. RegionFrame, the
	// whole canvas, comes first in every frame; when it is drawn, so is
	// every other region. SoftCanvas always reports true.
	Region(id RegionID, r Rect, version uint64) bool
	// FillRect fills r snapped to whole pixels without anti-aliasing, so
	// rectangles that share an edge leave no seam.
	FillRect(r Rect, c color.NRGBA)
	// Grid fills r with cols x rows cells, cells[row*cols+col], each
	// snapped to whole pixels like FillRect; cells with zero alpha are
	// skipped. It is the heat-map primitive.
	Grid(r Rect, cols, rows int, cells []color.NRGBA)
	// Line draws an anti-aliased segment with butt ends. Lines thinner
	// than a pixel are drawn a pixel wide and proportionally fainter.
	Line(x0, y0, x1, y1, width float32, c color.NRGBA)
	// Polygon fills a convex polygon, anti-aliased.
	Polygon(pts []Point, c color.NRGBA)
	// Circle fills a disc, anti-aliased.
	Circle(cx, cy, r float32, c color.NRGBA)
	// Ring strokes a circle of radius r (the middle of the stroke).
	Ring(cx, cy, r, width float32, c color.NRGBA)
	// Text draws s with its line box's top-left corner at (x, y).
	Text(x, y float32, s string, f Font, c color.NRGBA)
	// Sprite draws a sprite w pixels wide centred at (cx, cy), turned by
	// angle (radians, anticlockwise on the screen), its colours
	// multiplied by tint (white leaves them as they are), sampled
	// bilinearly from the level of SpriteLevel.
	Sprite(id SpriteID, cx, cy, w float32, angle float64, tint color.NRGBA)
	// Fonts returns the faces the canvas draws text with, for measuring.
	Fonts() *Fonts
	// Layer opens, inside the current region, a layer covering r that a
	// backend may keep as a picture: what is drawn until EndLayer makes
	// it up, and version names it. When the backend still holds the
	// layer drawn with this version and rectangle it puts that picture
	// back instead and reports false; the scene then skips drawing it
	// (and does not call EndLayer). The layer must paint r opaquely. The
	// window keeps the board's slowly changing layers this way, so a
	// frame in which only the rat moves does not rebuild the whole maze.
	// SoftCanvas always reports true.
	Layer(id LayerID, r Rect, version uint64) bool
	// EndLayer closes the layer Layer opened (when it reported true).
	EndLayer()
}

// LayerID names a layer (see Canvas.Layer).
type LayerID uint8

// The layers.
const (
	LayerBoard LayerID = iota // the maze, its memory overlays, the cheese and the labels
	NumLayers
)

// RegionID names a region of the picture (see Canvas.Region).
type RegionID uint8

// The regions of the picture, in drawing order.
const (
	RegionFrame    RegionID = iota // the whole canvas: background and static text
	RegionBoard                    // the maze, the rat and the overlays
	RegionStatus                   // the line under the board: badges, the value scale, messages
	RegionStats                    // the side panel's numbers
	RegionPlots                    // the side panel's learning curve and reward
	RegionMetrics                  // the side panel's charts of the agent's metrics
	RegionLegend                   // the side panel's overlay legend
	RegionTimeline                 // a replay's timeline under the board
	RegionHelp                     // the help panel, over everything
	NumRegions
)

// Point is a position in pixels.
type Point struct{ X, Y float32 }

// Rect is an axis-aligned rectangle in pixels.
type Rect struct{ X, Y, W, H float32 }

// Inset returns r shrunk by d on every side.
func (r Rect) Inset(d float32) Rect {
	return Rect{r.X + d, r.Y + d, max(0, r.W-2*d), max(0, r.H-2*d)}
}

// Contains reports whether p lies inside r.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.X && p.X < r.X+r.W && p.Y >= r.Y && p.Y < r.Y+r.H
}

// Right and Bottom return the far edges of r.
func (r Rect) Right() float32  { return r.X + r.W }
func (r Rect) Bottom() float32 { return r.Y + r.H }

// snap rounds a pixel coordinate to the nearest pixel edge.
func snap(x float32) int { return int(math.Floor(float64(x) + 0.5)) }

// SnapRect returns the whole-pixel rectangle FillRect fills for r: x0,
// y0 inclusive, x1, y1 exclusive.
func SnapRect(r Rect) (x0, y0, x1, y1 int) {
	return snap(r.X), snap(r.Y), snap(r.X + r.W), snap(r.Y + r.H)
}

// GridEdge returns the pixel edge before cell i of n across a span that
// starts at x and is w long: the same edges for every backend, so cells
// tile the span.
func GridEdge(x, w float32, i, n int) int {
	return snap(x + w*float32(i)/float32(n))
}

// thinLine returns the width a line is drawn with and the factor its
// alpha is scaled by: lines under a pixel are drawn a pixel wide and
// fainter, which looks right and keeps them from vanishing.
func thinLine(width float32) (w, alpha float32) {
	if width < 1 {
		return 1, max(width, 0)
	}
	return width, 1
}

// fade returns c with its alpha scaled by f in [0, 1].
func fade(c color.NRGBA, f float32) color.NRGBA {
	f = min(max(f, 0), 1)
	c.A = uint8(float32(c.A)*f + 0.5)
	return c
}

// mix returns the colour a fraction t of the way from a to b (opaque
// result when both are opaque).
func mix(a, b color.NRGBA, t float32) color.NRGBA {
	t = min(max(t, 0), 1)
	l := func(x, y uint8) uint8 { return uint8(float32(x) + (float32(y)-float32(x))*t + 0.5) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}

// over returns c painted over an opaque bg, as an opaque colour.
func over(bg, c color.NRGBA) color.NRGBA {
	t := float32(c.A) / 255
	o := mix(bg, color.NRGBA{c.R, c.G, c.B, 255}, t)
	o.A = 255
	return o
}
