package render

import (
	"image/color"
	"math"
)

// MeshVertex is one vertex of a Mesh: a position in pixels, a texture
// coordinate in the backend's atlas, and a straight-alpha colour in
// [0, 1] that scales the texel.
type MeshVertex struct {
	X, Y, U, V float32
	R, G, B, A float32
}

// MaxMeshVertices is the most vertices one mesh holds before it calls
// Flush. A 40x40 maze with every overlay on takes about 100,000; the
// window draws a frame's mesh in pieces of fewer than 65,536 vertices
// each, as Ebitengine's 16-bit indices need.
const MaxMeshVertices = 1 << 22

// Mesh turns the canvas primitives into triangles for a GPU backend, so
// that a whole frame of shapes and text is a handful of draw calls. Shapes
// sample one white texel (White); edges are anti-aliased by a one-pixel
// fringe whose alpha falls to zero, which costs nothing per pixel beyond
// the shape itself, unlike multisampling on a software GL.
type Mesh struct {
	Vertices []MeshVertex
	Indices  []uint32
	// White is the atlas coordinate of a white texel that shapes sample.
	White Point
	// Flush is called with the mesh when it cannot take the next shape;
	// it must draw and then empty the mesh (Reset).
	Flush func(*Mesh)

	scratch []Point
}

// Reset empties the mesh, keeping its memory.
func (m *Mesh) Reset() {
	m.Vertices = m.Vertices[:0]
	m.Indices = m.Indices[:0]
}

// reserve makes room for n more vertices, flushing if needed, and returns
// the index of the first.
func (m *Mesh) reserve(n int) uint32 {
	if len(m.Vertices)+n > MaxMeshVertices {
		if m.Flush != nil {
			m.Flush(m)
		}
		m.Reset()
	}
	return uint32(len(m.Vertices))
}

func (m *Mesh) vertex(x, y float32, c [4]float32, alpha float32) {
	m.Vertices = append(m.Vertices, MeshVertex{x, y, m.White.X, m.White.Y, c[0], c[1], c[2], c[3] * alpha})
}

func (m *Mesh) tri(a, b, c uint32) { m.Indices = append(m.Indices, a, b, c) }

func floatColour(c color.NRGBA) [4]float32 {
	return [4]float32{float32(c.R) / 255, float32(c.G) / 255, float32(c.B) / 255, float32(c.A) / 255}
}

// Rect adds an axis-aligned rectangle with whole-pixel corners (no
// anti-aliasing): x0, y0 inclusive, x1, y1 exclusive.
func (m *Mesh) Rect(x0, y0, x1, y1 int, c color.NRGBA) {
	if c.A == 0 || x1 <= x0 || y1 <= y0 {
		return
	}
	i := m.reserve(4)
	fc := floatColour(c)
	m.vertex(float32(x0), float32(y0), fc, 1)
	m.vertex(float32(x1), float32(y0), fc, 1)
	m.vertex(float32(x1), float32(y1), fc, 1)
	m.vertex(float32(x0), float32(y1), fc, 1)
	m.tri(i, i+1, i+2)
	m.tri(i, i+2, i+3)
}

// Image adds a textured rectangle: the atlas region src drawn at dst,
// tinted by c (text glyphs).
func (m *Mesh) Image(dst, src Rect, c color.NRGBA) {
	if c.A == 0 {
		return
	}
	i := m.reserve(4)
	fc := floatColour(c)
	add := func(x, y, u, v float32) {
		m.Vertices = append(m.Vertices, MeshVertex{x, y, u, v, fc[0], fc[1], fc[2], fc[3]})
	}
	add(dst.X, dst.Y, src.X, src.Y)
	add(dst.Right(), dst.Y, src.Right(), src.Y)
	add(dst.Right(), dst.Bottom(), src.Right(), src.Bottom())
	add(dst.X, dst.Bottom(), src.X, src.Bottom())
	m.tri(i, i+1, i+2)
	m.tri(i, i+2, i+3)
}

// Quad adds a textured quadrilateral: the atlas region src drawn with its
// corners (top-left, top-right, bottom-right, bottom-left) at dst, tinted
// by c (sprites, turned).
func (m *Mesh) Quad(dst [4]Point, src Rect, c color.NRGBA) {
	if c.A == 0 {
		return
	}
	i := m.reserve(4)
	fc := floatColour(c)
	uv := [4]Point{{src.X, src.Y}, {src.Right(), src.Y}, {src.Right(), src.Bottom()}, {src.X, src.Bottom()}}
	for k, p := range dst {
		m.Vertices = append(m.Vertices, MeshVertex{p.X, p.Y, uv[k].X, uv[k].Y, fc[0], fc[1], fc[2], fc[3]})
	}
	m.tri(i, i+1, i+2)
	m.tri(i, i+2, i+3)
}

// Convex adds a convex polygon with an anti-aliased edge: its outline is
// pushed half a pixel in for the opaque core and half a pixel out for the
// fringe.
func (m *Mesh) Convex(pts []Point, c color.NRGBA) {
	n := len(pts)
	if n < 3 || c.A == 0 {
		return
	}
	// Orientation: outward normals point away from the centre whatever
	// the winding.
	area := float32(0)
	for i := range pts {
		j := (i + 1) % n
		area += pts[i].X*pts[j].Y - pts[j].X*pts[i].Y
	}
	if area == 0 {
		return
	}
	sign := float32(1)
	if area < 0 {
		sign = -1
	}
	base := m.reserve(2 * n)
	fc := floatColour(c)
	for i := range pts {
		p, prev, next := pts[i], pts[(i+n-1)%n], pts[(i+1)%n]
		n1 := edgeNormal(prev, p, sign)
		n2 := edgeNormal(p, next, sign)
		mx, my := n1.X+n2.X, n1.Y+n2.Y
		ml := length(mx, my)
		if ml < 1e-6 {
			mx, my, ml = n2.X, n2.Y, 1
		}
		mx, my = mx/ml, my/ml
		// Miter length 1/cos(half the turn), capped for sharp corners.
		cos := mx*n2.X + my*n2.Y
		s := float32(0.5) / max(cos, 0.25)
		m.vertex(p.X-mx*s, p.Y-my*s, fc, 1)
		m.vertex(p.X+mx*s, p.Y+my*s, fc, 0)
	}
	for i := 1; i+1 < n; i++ {
		m.tri(base, base+uint32(2*i), base+uint32(2*i+2))
	}
	for i := 0; i < n; i++ {
		j := (i + 1) % n
		in0, out0 := base+uint32(2*i), base+uint32(2*i+1)
		in1, out1 := base+uint32(2*j), base+uint32(2*j+1)
		m.tri(in0, out0, out1)
		m.tri(in0, out1, in1)
	}
}

// length returns the length of (x, y): math.Hypot guards against
// overflow that pixel coordinates never reach, at several times the cost.
func length(x, y float32) float32 {
	return float32(math.Sqrt(float64(x*x + y*y)))
}

// edgeNormal returns the unit normal of edge a→b pointing out of a
// polygon of the given orientation sign.
func edgeNormal(a, b Point, sign float32) Point {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := length(dx, dy)
	if l < 1e-6 {
		return Point{}
	}
	return Point{dy / l * sign, -dx / l * sign}
}

// Line adds an anti-aliased segment.
func (m *Mesh) Line(x0, y0, x1, y1, width float32, c color.NRGBA) {
	w, a := thinLine(width)
	q, ok := lineQuad(x0, y0, x1, y1, w)
	if !ok {
		return
	}
	m.Convex(q[:], fade(c, a))
}

// circleSegments returns how many sides a circle of radius r needs to
// look round (under a tenth of a pixel off).
func circleSegments(r float32) int {
	return min(max(int(r*0.8)+8, 8), 96)
}

// Circle adds an anti-aliased disc.
func (m *Mesh) Circle(cx, cy, r float32, c color.NRGBA) {
	if r <= 0 || c.A == 0 {
		return
	}
	n := circleSegments(r)
	m.scratch = m.scratch[:0]
	for i := 0; i < n; i++ {
		s, co := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		m.scratch = append(m.scratch, Point{cx + r*float32(co), cy + r*float32(s)})
	}
	m.Convex(m.scratch, c)
}

// Ring adds an anti-aliased circle outline: four concentric rings of
// vertices (outer fringe, outer edge, inner edge, inner fringe).
func (m *Mesh) Ring(cx, cy, r, width float32, c color.NRGBA) {
	w, a := thinLine(width)
	c = fade(c, a)
	if r <= 0 || c.A == 0 {
		return
	}
	n := circleSegments(r + w/2)
	radii := [4]float32{r + w/2 + 0.5, r + w/2 - 0.5, r - w/2 + 0.5, max(r-w/2-0.5, 0)}
	if radii[1] < radii[2] { // thinner than the fringes: meet in the middle
		radii[1], radii[2] = r, r
	}
	alpha := [4]float32{0, 1, 1, 0}
	base := m.reserve(4 * n)
	fc := floatColour(c)
	for i := 0; i < n; i++ {
		s, co := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		for k := range radii {
			m.vertex(cx+radii[k]*float32(co), cy+radii[k]*float32(s), fc, alpha[k])
		}
	}
	for i := 0; i < n; i++ {
		j := (i + 1) % n
		for k := 0; k < 3; k++ {
			a0, b0 := base+uint32(4*i+k), base+uint32(4*i+k+1)
			a1, b1 := base+uint32(4*j+k), base+uint32(4*j+k+1)
			m.tri(a0, b0, b1)
			m.tri(a0, b1, a1)
		}
	}
}
