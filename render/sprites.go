package render

import (
	"image"
	"image/color"
	"math"
	"sync"

	xdraw "golang.org/x/image/draw"

	"github.com/mazerat/mazerat/assets"
)

// The rat's body and the cheese are pictures (assets/sprites), drawn
// rotated and scaled by both backends from a chain of halved copies
// (mipmaps), so they look the same from a 10-pixel rat to a 100-pixel
// one. Two things stay drawn in code because a picture cannot do them as
// well: the rat's tail sways with the ticks, so a running rat looks alive
// and a paused one holds still, and ends where a wall stands; and the
// shadow falls down and to the right on the screen whichever way the rat
// faces, which a shadow painted into the rotating sprite could not.

// SpriteID names a sprite.
type SpriteID uint8

// The sprites.
const (
	SpriteRat    SpriteID = iota // facing east; its width is ratSpan body radii
	SpriteCheese                 // its width is cheeseSpan cells
	NumSprites
)

var spriteFiles = [NumSprites]string{"rat", "cheese"}

// How big a sprite is drawn: the rat's picture is ratSpan body radii
// wide, centred on the body; the cheese's is cheeseSpan cells wide,
// centred on the cell.
const (
	ratSpan    = 2.56
	cheeseSpan = 0.7
)

// spriteMips holds each sprite as decoded (level 0) and halved until it
// is 16 pixels wide, premultiplied, read-only once made.
var spriteMips = sync.OnceValue(func() [NumSprites][]*image.RGBA {
	var out [NumSprites][]*image.RGBA
	for id, name := range spriteFiles {
		img, err := assets.Sprite(name)
		if err != nil {
			panic(err) // embedded files: checked by the assets tests
		}
		b := img.Bounds()
		lvl := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		xdraw.Draw(lvl, lvl.Rect, img, b.Min, xdraw.Src)
		out[id] = append(out[id], lvl)
		for lvl.Rect.Dx() > 16 {
			next := image.NewRGBA(image.Rect(0, 0, lvl.Rect.Dx()/2, lvl.Rect.Dy()/2))
			xdraw.CatmullRom.Scale(next, next.Rect, lvl, lvl.Rect, xdraw.Src, nil)
			out[id] = append(out[id], next)
			lvl = next
		}
	}
	return out
})

// SpriteLevels returns sprite id's pictures, the file's size first and
// each next one half as big, premultiplied: what a backend samples.
func SpriteLevels(id SpriteID) []*image.RGBA { return spriteMips()[id] }

// SpriteLevel returns the index of the level to draw a sprite w pixels
// wide from: the smallest at least as wide (or the biggest).
func SpriteLevel(id SpriteID, w float32) int {
	levels := spriteMips()[id]
	k := 0
	for i, l := range levels {
		if float32(l.Rect.Dx()) >= w {
			k = i
		}
	}
	return k
}

// SpriteCorners returns where the corners of a sprite's picture land
// when it is drawn w pixels wide centred at (cx, cy) and turned by angle
// (radians, anticlockwise on the screen): top-left, top-right,
// bottom-right, bottom-left of the picture.
func SpriteCorners(id SpriteID, cx, cy, w float32, angle float64) [4]Point {
	l := spriteMips()[id][0]
	hw, hh := w/2, w/2*float32(l.Rect.Dy())/float32(l.Rect.Dx())
	sn, cs := math.Sincos(angle)
	s, c := float32(sn), float32(cs)
	at := func(u, v float32) Point { return Point{cx + c*u + s*v, cy - s*u + c*v} }
	return [4]Point{at(-hw, -hh), at(hw, -hh), at(hw, hh), at(-hw, hh)}
}

// white is the tint that leaves a sprite as it is.
var white = color.NRGBA{255, 255, 255, 255}

// drawRat draws the rat at pixel (x, y) facing heading (world radians,
// anticlockwise from east) with a body of radius r pixels: a shadow, a
// tail that sways with the tick count (a running rat looks alive, a
// paused one holds still) and ends before the first point where wall
// reports a wall (nil: nowhere), and the body's sprite.
func drawRat(c Canvas, x, y float32, heading float64, r float32, tick int64, wall func(Point) bool) {
	sn, cs := math.Sincos(heading)
	// Forward and left in screen pixels (the screen's y points down).
	fx, fy := float32(cs), float32(-sn)
	lx, ly := float32(-sn), float32(-cs)
	at := func(u, v float32) Point {
		return Point{x + r*(u*fx+v*lx), y + r*(u*fy+v*ly)}
	}
	c.Circle(x+0.12*r, y+0.18*r, r*1.02, colShadow)
	// Tail: a tapering wave behind the body.
	phase := float64(tick) * 0.12
	prev := at(-0.78, 0)
	for k := 1; k <= 8; k++ {
		u := -0.78 - 0.2*float32(k)
		v := 0.2 * float32(math.Sin(float64(k)*0.8+phase)) * float32(k) / 8
		p := at(u, v)
		if wall != nil && wall(p) {
			break
		}
		c.Line(prev.X, prev.Y, p.X, p.Y, max(1, r*(0.17-0.014*float32(k))), colRatTail)
		prev = p
	}
	c.Sprite(SpriteRat, x, y, ratSpan*r, heading, white)
}

// drawCheese draws the cheese centred at (x, y) in a cell of side cell
// pixels.
func drawCheese(c Canvas, x, y, cell float32) {
	c.Sprite(SpriteCheese, x, y, cheeseSpan*cell, 0, white)
}
