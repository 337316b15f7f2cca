package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// SoftCanvas draws on an *image.RGBA in software: anti-aliased shapes with
// golang.org/x/image/vector, text with golang.org/x/image/font. It needs
// no display and no cgo; snapshots and the scene tests use it.
type SoftCanvas struct {
	img   *image.RGBA
	ras   vector.Rasterizer
	src   image.Uniform
	col   color.NRGBA // src's colour: src.C points here, so setting it allocates nothing
	fonts *Fonts
	clipR image.Rectangle // what the current region may paint
	// scratch receives a turned sprite before it is composited.
	scratch *image.RGBA
}

// NewSoftCanvas returns a canvas of w x h pixels with fonts at the given
// scale (1 for the window's default look).
func NewSoftCanvas(w, h int, scale float32) *SoftCanvas {
	c := &SoftCanvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), fonts: NewFonts(scale)}
	c.clipR = c.img.Rect
	c.ras.DrawOp = draw.Over
	return c
}

// Image returns the picture drawn so far.
func (c *SoftCanvas) Image() *image.RGBA { return c.img }

// Size returns the canvas size in pixels.
func (c *SoftCanvas) Size() (int, int) { return c.img.Rect.Dx(), c.img.Rect.Dy() }

// Fonts returns the canvas's faces.
func (c *SoftCanvas) Fonts() *Fonts { return c.fonts }

// Region always reports true: a software canvas draws every frame whole.
// What follows is clipped to r, as in the window.
func (c *SoftCanvas) Region(_ RegionID, r Rect, _ uint64) bool {
	c.clipR = RegionPixels(r).Intersect(c.img.Rect)
	return true
}

// Layer always reports true: a software canvas keeps no layers.
func (c *SoftCanvas) Layer(LayerID, Rect, uint64) bool { return true }

// EndLayer does nothing.
func (c *SoftCanvas) EndLayer() {}

// RegionPixels returns the whole pixels a region's drawing is clipped to:
// those FillRect(r) paints, which the region repaints opaquely whenever it
// is drawn, so nothing of it can outlive a redraw.
func RegionPixels(r Rect) image.Rectangle {
	x0, y0, x1, y1 := SnapRect(r)
	return image.Rect(x0, y0, x1, y1)
}

func (c *SoftCanvas) setColour(col color.NRGBA) {
	c.col = col
	c.src.C = &c.col
}

// FillRect fills r snapped to whole pixels.
func (c *SoftCanvas) FillRect(r Rect, col color.NRGBA) {
	x0, y0, x1, y1 := SnapRect(r)
	c.fill(image.Rect(x0, y0, x1, y1), col)
}

func (c *SoftCanvas) fill(r image.Rectangle, col color.NRGBA) {
	if col.A == 0 {
		return
	}
	c.setColour(col)
	op := draw.Over
	if col.A == 0xff {
		op = draw.Src
	}
	draw.Draw(c.img, r.Intersect(c.clipR), &c.src, image.Point{}, op)
}

// Grid fills the cells of a heat grid.
func (c *SoftCanvas) Grid(r Rect, cols, rows int, cells []color.NRGBA) {
	for row := 0; row < rows; row++ {
		y0, y1 := GridEdge(r.Y, r.H, row, rows), GridEdge(r.Y, r.H, row+1, rows)
		for col := 0; col < cols; col++ {
			cell := cells[row*cols+col]
			if cell.A == 0 {
				continue
			}
			x0, x1 := GridEdge(r.X, r.W, col, cols), GridEdge(r.X, r.W, col+1, cols)
			c.fill(image.Rect(x0, y0, x1, y1), cell)
		}
	}
}

// Line draws an anti-aliased segment.
func (c *SoftCanvas) Line(x0, y0, x1, y1, width float32, col color.NRGBA) {
	w, a := thinLine(width)
	q, ok := lineQuad(x0, y0, x1, y1, w)
	if !ok {
		return
	}
	c.Polygon(q[:], fade(col, a))
}

// Polygon fills a polygon, anti-aliased.
func (c *SoftCanvas) Polygon(pts []Point, col color.NRGBA) {
	if len(pts) < 3 || col.A == 0 {
		return
	}
	minX, minY, maxX, maxY := bounds(pts)
	b, ok := c.clip(minX, minY, maxX, maxY)
	if !ok {
		return
	}
	c.ras.Reset(b.Dx(), b.Dy())
	ox, oy := float32(b.Min.X), float32(b.Min.Y)
	c.ras.MoveTo(pts[0].X-ox, pts[0].Y-oy)
	for _, p := range pts[1:] {
		c.ras.LineTo(p.X-ox, p.Y-oy)
	}
	c.ras.ClosePath()
	c.draw(b, col)
}

// Circle fills a disc.
func (c *SoftCanvas) Circle(cx, cy, r float32, col color.NRGBA) {
	if r <= 0 || col.A == 0 {
		return
	}
	b, ok := c.clip(cx-r, cy-r, cx+r, cy+r)
	if !ok {
		return
	}
	c.ras.Reset(b.Dx(), b.Dy())
	circlePath(&c.ras, cx-float32(b.Min.X), cy-float32(b.Min.Y), r, false)
	c.draw(b, col)
}

// Ring strokes a circle.
func (c *SoftCanvas) Ring(cx, cy, r, width float32, col color.NRGBA) {
	w, a := thinLine(width)
	col = fade(col, a)
	ro, ri := r+w/2, max(r-w/2, 0)
	if ro <= 0 || col.A == 0 {
		return
	}
	b, ok := c.clip(cx-ro, cy-ro, cx+ro, cy+ro)
	if !ok {
		return
	}
	c.ras.Reset(b.Dx(), b.Dy())
	ox, oy := cx-float32(b.Min.X), cy-float32(b.Min.Y)
	circlePath(&c.ras, ox, oy, ro, false)
	if ri > 0 {
		circlePath(&c.ras, ox, oy, ri, true)
	}
	c.draw(b, col)
}

// Sprite draws a sprite turned and scaled, bilinearly from the level
// SpriteLevel picks, tinted.
func (c *SoftCanvas) Sprite(id SpriteID, cx, cy, w float32, angle float64, tint color.NRGBA) {
	if w <= 0 || tint.A == 0 {
		return
	}
	src := SpriteLevels(id)[SpriteLevel(id, w)]
	pts := SpriteCorners(id, cx, cy, w, angle)
	b, ok := c.clip(bounds(pts[:]))
	if !ok {
		return
	}
	// The affine map from the picture's pixels to the screen's, shifted
	// to the scratch image over b.
	k := float64(w) / float64(src.Rect.Dx())
	sn, cs := math.Sincos(angle)
	hw, hh := float64(src.Rect.Dx())/2, float64(src.Rect.Dy())/2
	ox, oy := float64(cx)-float64(b.Min.X), float64(cy)-float64(b.Min.Y)
	m := f64.Aff3{
		k * cs, k * sn, ox - k*cs*hw - k*sn*hh,
		-k * sn, k * cs, oy + k*sn*hw - k*cs*hh,
	}
	if c.scratch == nil || c.scratch.Rect.Dx() < b.Dx() || c.scratch.Rect.Dy() < b.Dy() {
		c.scratch = image.NewRGBA(image.Rect(0, 0, max(b.Dx(), 64), max(b.Dy(), 64)))
	}
	dst := c.scratch.SubImage(image.Rect(0, 0, b.Dx(), b.Dy())).(*image.RGBA)
	clear(c.scratch.Pix)
	xdraw.BiLinear.Transform(dst, m, src, src.Rect, xdraw.Src, nil)
	if tint != white {
		tr, tg, tb, ta := uint32(tint.R), uint32(tint.G), uint32(tint.B), uint32(tint.A)
		for y := 0; y < b.Dy(); y++ {
			row := dst.Pix[y*dst.Stride : y*dst.Stride+4*b.Dx()]
			for i := 0; i < len(row); i += 4 {
				// Premultiplied: each channel times the tint's, and the
				// whole times its alpha.
				row[i] = uint8(uint32(row[i]) * tr / 255 * ta / 255)
				row[i+1] = uint8(uint32(row[i+1]) * tg / 255 * ta / 255)
				row[i+2] = uint8(uint32(row[i+2]) * tb / 255 * ta / 255)
				row[i+3] = uint8(uint32(row[i+3]) * ta / 255)
			}
		}
	}
	draw.Draw(c.img, b, dst, image.Point{}, draw.Over)
}

// Text draws s with its line box's top-left at (x, y).
func (c *SoftCanvas) Text(x, y float32, s string, f Font, col color.NRGBA) {
	if col.A == 0 || s == "" {
		return
	}
	c.setColour(col)
	face := c.fonts.Face(f)
	base := fixed.I(snap(y + c.fonts.Ascent(f)))
	c.fonts.Glyphs(s, f, x, func(r rune, dotX int) {
		dr, mask, mp, _, ok := face.Glyph(fixed.Point26_6{X: fixed.I(dotX), Y: base}, r)
		if !ok {
			dr, mask, mp, _, ok = face.Glyph(fixed.Point26_6{X: fixed.I(dotX), Y: base}, '?')
			if !ok {
				return
			}
		}
		cr := dr.Intersect(c.clipR)
		if cr.Empty() {
			return
		}
		draw.DrawMask(c.img, cr, &c.src, image.Point{}, mask, mp.Add(cr.Min.Sub(dr.Min)), draw.Over)
	})
}

// clip returns the whole-pixel bounds of a shape inside the image.
func (c *SoftCanvas) clip(minX, minY, maxX, maxY float32) (image.Rectangle, bool) {
	r := image.Rect(int(math.Floor(float64(minX))), int(math.Floor(float64(minY))),
		int(math.Ceil(float64(maxX))), int(math.Ceil(float64(maxY))))
	r = r.Intersect(c.clipR)
	return r, !r.Empty()
}

// draw composites the rasterised path onto the image over bounds b.
// Paths may reach outside b (clipped shapes); the rasteriser clips them.
func (c *SoftCanvas) draw(b image.Rectangle, col color.NRGBA) {
	c.setColour(col)
	c.ras.Draw(c.img, b, &c.src, image.Point{})
}

// circlePath adds a circle made of four cubic Béziers, clockwise on screen
// (or anticlockwise when reverse, to cut a hole).
func circlePath(ras *vector.Rasterizer, cx, cy, r float32, reverse bool) {
	const k = 0.5522847498 // control distance for a quarter circle
	d := k * r
	if !reverse {
		ras.MoveTo(cx+r, cy)
		ras.CubeTo(cx+r, cy+d, cx+d, cy+r, cx, cy+r)
		ras.CubeTo(cx-d, cy+r, cx-r, cy+d, cx-r, cy)
		ras.CubeTo(cx-r, cy-d, cx-d, cy-r, cx, cy-r)
		ras.CubeTo(cx+d, cy-r, cx+r, cy-d, cx+r, cy)
	} else {
		ras.MoveTo(cx+r, cy)
		ras.CubeTo(cx+r, cy-d, cx+d, cy-r, cx, cy-r)
		ras.CubeTo(cx-d, cy-r, cx-r, cy-d, cx-r, cy)
		ras.CubeTo(cx-r, cy+d, cx-d, cy+r, cx, cy+r)
		ras.CubeTo(cx+d, cy+r, cx+r, cy+d, cx+r, cy)
	}
	ras.ClosePath()
}

// lineQuad returns the four corners of a segment of the given width.
func lineQuad(x0, y0, x1, y1, w float32) ([4]Point, bool) {
	dx, dy := x1-x0, y1-y0
	l := length(dx, dy)
	if l < 1e-4 {
		return [4]Point{}, false
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	return [4]Point{{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}}, true
}

func bounds(pts []Point) (minX, minY, maxX, maxY float32) {
	minX, minY, maxX, maxY = pts[0].X, pts[0].Y, pts[0].X, pts[0].Y
	for _, p := range pts[1:] {
		minX, maxX = min(minX, p.X), max(maxX, p.X)
		minY, maxY = min(minY, p.Y), max(maxY, p.Y)
	}
	return
}
