//go:build !headless

package window

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/math/fixed"

	"github.com/mazerat/mazerat/render"
)

// atlasSize is the side of the texture that holds the white texel, every
// glyph drawn so far and, in its bottom spriteBand rows, every level of
// every sprite. The panel's text at scale 1 uses a few hundred glyphs;
// when the glyphs fill their part it starts again empty.
const (
	atlasSize  = 1024
	spriteBand = 2 * (256 + 4)
)

// glyph is where a glyph's mask sits in the atlas and where it goes
// relative to its dot (whole pixels).
type glyph struct {
	src    render.Rect
	dx, dy int
	ok     bool // false: the glyph has no pixels (a space)
}

type glyphKey struct {
	f render.Font
	r rune
}

// canvas is the Ebitengine backend of render.Canvas: every shape and
// glyph of a frame goes into one render.Mesh, drawn with a few
// DrawTriangles calls from one texture (the atlas). The screen is not
// cleared between frames, so a region whose version is unchanged is
// simply left as it was.
type canvas struct {
	dst   *ebiten.Image
	w, h  int
	fonts *render.Fonts

	atlas   *ebiten.Image
	sprites [render.NumSprites][]render.Rect // where each level of each sprite is in the atlas
	glyphs  map[glyphKey]glyph
	shelfX  int // next free column on the current shelf
	shelfY  int // top of the current shelf
	shelfH  int // height of the current shelf
	scratch []byte

	mesh render.Mesh
	// Layers whose triangles are kept between frames (see Layer).
	layers   [render.NumLayers]layerCache
	spans    []layerSpan // this frame's layers
	rec      recording   // the layer being drawn, if any
	atlasGen int         // bumped when the atlas starts again
	flushes  int         // times the mesh was drawn before the frame's end

	verts []ebiten.Vertex
	idx   []uint16   // one DrawTriangles call's indices
	list  []int32    // triangles to draw
	clips []clipMark // the regions of the frame's triangles, in order
	opts  ebiten.DrawTrianglesOptions
	tiles tiles
	// overflowed is set when the frame's mesh filled up and was drawn in
	// parts: that frame is drawn whole.
	overflowed bool

	versions [render.NumRegions]uint64
	drawn    [render.NumRegions]bool
	// forced is set while the frame region is being redrawn: every other
	// region redraws too.
	forced bool
}

// layerCache is a layer's triangles as the last frame that drew it made
// them: vertices, indices from 0, and each triangle's hash and tile box
// (for tiles.hash), valid for one version, rectangle, atlas and screen
// size.
type layerCache struct {
	valid   bool
	version uint64
	r       image.Rectangle
	gen     int
	verts   []render.MeshVertex
	idx     []uint32
	hashes  []uint64
	boxes   [][4]int16
}

// layerSpan is where a layer's triangles lie in this frame's mesh.
type layerSpan struct {
	id         render.LayerID
	tri0, tri1 int32
	cached     bool // put back from the cache (else drawn this frame)
}

// recording is a layer being drawn into the mesh.
type recording struct {
	on      bool
	id      render.LayerID
	v0, i0  int // the mesh's length when it began
	gen     int
	flushes int
}

func newCanvas(scale float32) *canvas {
	c := &canvas{fonts: render.NewFonts(scale), glyphs: map[glyphKey]glyph{}}
	c.opts.ColorScaleMode = ebiten.ColorScaleModeStraightAlpha
	// Bilinear for the turned sprites; shapes sample the middle of a
	// white block and glyphs are drawn at whole pixels from whole texels,
	// so they read the same texels as with nearest filtering.
	c.opts.Filter = ebiten.FilterLinear
	c.mesh.Flush = c.flushMesh
	c.resetAtlas()
	return c
}

// resetAtlas starts the atlas again with only the white texel.
func (c *canvas) resetAtlas() {
	if c.atlas == nil {
		c.atlas = ebiten.NewImage(atlasSize, atlasSize)
	} else {
		c.atlas.Clear()
	}
	white := make([]byte, 4*4*4)
	for i := range white {
		white[i] = 0xff
	}
	c.atlas.SubImage(image.Rect(0, 0, 4, 4)).(*ebiten.Image).WritePixels(white)
	c.mesh.White = render.Point{X: 2, Y: 2}
	c.atlasGen++
	c.uploadSprites()
	clear(c.glyphs)
	c.shelfX, c.shelfY, c.shelfH = 4, 0, 4
}

// uploadSprites writes every level of every sprite into the atlas's
// bottom rows, each with a transparent pixel around it so that bilinear
// sampling at its edges reads nothing of its neighbours.
func (c *canvas) uploadSprites() {
	y := atlasSize - spriteBand
	for id := range render.NumSprites {
		levels := render.SpriteLevels(id)
		c.sprites[id] = c.sprites[id][:0]
		x, rowH := 0, 0
		for _, l := range levels {
			w, h := l.Rect.Dx(), l.Rect.Dy()
			c.atlas.SubImage(image.Rect(x+1, y+1, x+1+w, y+1+h)).(*ebiten.Image).WritePixels(l.Pix)
			c.sprites[id] = append(c.sprites[id], render.Rect{X: float32(x + 1), Y: float32(y + 1), W: float32(w), H: float32(h)})
			x += w + 2
			rowH = max(rowH, h+2)
		}
		y += rowH
	}
}

// Sprite draws a turned, scaled, tinted sprite: one textured quad from
// the level SpriteLevel picks.
func (c *canvas) Sprite(id render.SpriteID, cx, cy, w float32, angle float64, tint color.NRGBA) {
	if w <= 0 {
		return
	}
	src := c.sprites[id][render.SpriteLevel(id, w)]
	c.mesh.Quad(render.SpriteCorners(id, cx, cy, w, angle), src, tint)
}

// begin starts a frame on dst. A new size (or the first frame) makes
// every region and every tile draw.
func (c *canvas) begin(dst *ebiten.Image) {
	w, h := dst.Bounds().Dx(), dst.Bounds().Dy()
	if c.dst != dst || w != c.w || h != c.h {
		c.drawn = [render.NumRegions]bool{}
		c.tiles.resize(w, h)
		for i := range c.layers {
			c.layers[i].valid = false // tile boxes change with the size
		}
	}
	c.dst, c.w, c.h = dst, w, h
	c.forced = false
	c.overflowed = false
	c.mesh.Reset()
	c.spans = c.spans[:0]
	c.rec = recording{}
	c.clips = append(c.clips[:0], clipMark{tri: 0, r: c.screen()})
}

// end draws what the frame queued: only the tiles whose triangles differ
// from the last time they were drawn (see tiles).
func (c *canvas) end() {
	if c.overflowed {
		c.flushMesh(&c.mesh)
		c.tiles.forget()
		return
	}
	m := &c.mesh
	t := &c.tiles
	t.hash(m, c.spans, &c.layers)
	// Layers drawn this frame keep their triangles' hashes and boxes.
	for _, sp := range c.spans {
		if L := &c.layers[sp.id]; !sp.cached {
			L.hashes = append(L.hashes[:0], t.hs[sp.tri0:sp.tri1]...)
			L.boxes = append(L.boxes[:0], t.boxes[sp.tri0:sp.tri1]...)
			L.valid = true
		}
	}
	for r := 0; r < t.rows; r++ {
		for c0 := 0; c0 < t.cols; {
			if !t.dirty(r, c0) {
				c0++
				continue
			}
			// A run of dirty tiles, bridging single clean ones.
			c1 := c0
			for c1+1 < t.cols && (t.dirty(r, c1+1) || c1+2 < t.cols && t.dirty(r, c1+2)) {
				c1++
			}
			c.drawRun(r, c0, c1)
			c0 = c1 + 1
		}
	}
	t.commit()
	m.Reset()
}

// drawRun draws the triangles that touch tiles c0..c1 of tile row r,
// clipped to those tiles.
func (c *canvas) drawRun(r, c0, c1 int) {
	t := &c.tiles
	c.list = c.list[:0]
	for _, tri := range t.rowTris[r] {
		if b := t.boxes[tri]; int(b[2]) >= c0 && int(b[0]) <= c1 {
			c.list = append(c.list, tri)
		}
	}
	c.drawList(image.Rect(c0*tileSize, r*tileSize, (c1+1)*tileSize, (r+1)*tileSize))
}

// drawList draws the mesh's triangles listed in c.list (ascending), each
// clipped to area and to the region it was drawn in: one DrawTriangles
// per run of triangles of one region (more when a run has more vertices
// than one call takes), with only the vertices they use.
func (c *canvas) drawList(area image.Rectangle) {
	m := &c.mesh
	t := &c.tiles
	t.ensure(len(m.Vertices))
	k := 0 // the clip of the triangle at hand: c.clips[k]
	for start := 0; start < len(c.list); {
		for k+1 < len(c.clips) && c.clips[k+1].tri <= c.list[start] {
			k++
		}
		end := start
		for end < len(c.list) && (k+1 >= len(c.clips) || c.list[end] < c.clips[k+1].tri) {
			end++
		}
		clip := area.Intersect(c.clips[k].r)
		if !clip.Empty() {
			dst := c.dst.SubImage(clip).(*ebiten.Image)
			c.verts, c.idx = c.verts[:0], c.idx[:0]
			t.stamp++
			for _, tri := range c.list[start:end] {
				if len(c.verts)+3 > ebiten.MaxVertexCount || len(c.idx)+3 > ebiten.MaxIndicesCount {
					dst.DrawTriangles(c.verts, c.idx, c.atlas, &c.opts)
					c.verts, c.idx = c.verts[:0], c.idx[:0]
					t.stamp++
				}
				for v := 0; v < 3; v++ {
					vi := m.Indices[3*int(tri)+v]
					if t.seen[vi] != t.stamp {
						t.seen[vi] = t.stamp
						t.remap[vi] = uint16(len(c.verts))
						c.verts = append(c.verts, vertex(m.Vertices[vi]))
					}
					c.idx = append(c.idx, t.remap[vi])
				}
			}
			dst.DrawTriangles(c.verts, c.idx, c.atlas, &c.opts)
		}
		start = end
	}
}

func vertex(v render.MeshVertex) ebiten.Vertex {
	return ebiten.Vertex{
		DstX: v.X, DstY: v.Y, SrcX: v.U, SrcY: v.V,
		ColorR: v.R, ColorG: v.G, ColorB: v.B, ColorA: v.A,
	}
}

// flushMesh draws the whole mesh, each triangle clipped to its region:
// when the mesh is full mid-frame (the frame is then drawn whole), when
// the atlas is about to be reset, and at the end of a frame drawn whole.
// The mesh is then empty and continues in the region it was in.
func (c *canvas) flushMesh(m *render.Mesh) {
	if len(m.Indices) > 0 {
		c.overflowed = true
		c.flushes++
		c.list = c.list[:0]
		for i := range int32(len(m.Indices) / 3) {
			c.list = append(c.list, i)
		}
		c.drawList(c.screen())
	}
	m.Reset()
	c.spans = c.spans[:0]
	last := clipMark{r: c.screen()}
	if len(c.clips) > 0 {
		last = c.clips[len(c.clips)-1]
	}
	last.tri = 0
	c.clips = append(c.clips[:0], last)
}

// Layer puts a kept layer's triangles back into the frame (and reports
// false) when it holds them for version over r; otherwise it starts
// keeping what is drawn until EndLayer. Kept triangles come with their
// hashes, so a frame in which only the rat moves neither rebuilds nor
// re-hashes the maze, and draws only the tiles the rat crosses.
func (c *canvas) Layer(id render.LayerID, r render.Rect, version uint64) bool {
	rp := render.RegionPixels(r).Intersect(c.clips[len(c.clips)-1].r)
	L := &c.layers[id]
	m := &c.mesh
	if L.valid && L.version == version && L.r == rp && L.gen == c.atlasGen && len(m.Vertices)+len(L.verts) <= render.MaxMeshVertices {
		base := uint32(len(m.Vertices))
		t0 := int32(len(m.Indices) / 3)
		m.Vertices = append(m.Vertices, L.verts...)
		for _, i := range L.idx {
			m.Indices = append(m.Indices, i+base)
		}
		c.spans = append(c.spans, layerSpan{id: id, tri0: t0, tri1: int32(len(m.Indices) / 3), cached: true})
		return false
	}
	L.valid, L.version, L.r, L.gen = false, version, rp, c.atlasGen
	c.rec = recording{on: true, id: id, v0: len(m.Vertices), i0: len(m.Indices), gen: c.atlasGen, flushes: c.flushes}
	return true
}

// EndLayer keeps the layer's triangles, unless the mesh was drawn or the
// atlas started again while it was drawn (then the next frame draws it
// afresh).
func (c *canvas) EndLayer() {
	r := c.rec
	c.rec = recording{}
	if !r.on || r.gen != c.atlasGen || r.flushes != c.flushes {
		return
	}
	L := &c.layers[r.id]
	m := &c.mesh
	L.verts = append(L.verts[:0], m.Vertices[r.v0:]...)
	L.idx = L.idx[:0]
	for _, i := range m.Indices[r.i0:] {
		L.idx = append(L.idx, i-uint32(r.v0))
	}
	c.spans = append(c.spans, layerSpan{id: r.id, tri0: int32(r.i0 / 3), tri1: int32(len(m.Indices) / 3)})
}

func (c *canvas) screen() image.Rectangle { return image.Rect(0, 0, c.w, c.h) }

// Size returns the screen size in pixels.
func (c *canvas) Size() (int, int) { return c.w, c.h }

// Fonts returns the canvas's faces.
func (c *canvas) Fonts() *render.Fonts { return c.fonts }

// Region reports whether region id must be drawn this frame: when it was
// not drawn before with this version, or when the frame region is drawn.
func (c *canvas) Region(id render.RegionID, r render.Rect, version uint64) bool {
	if id == render.RegionFrame {
		c.forced = false
	}
	if c.forced || !c.drawn[id] || c.versions[id] != version {
		c.drawn[id], c.versions[id] = true, version
		if id == render.RegionFrame {
			c.forced = true
		}
		// What the region draws stays inside it: a region drawn this frame
		// over one that is not must not paint over the other's pixels.
		clip := render.RegionPixels(r).Intersect(c.screen())
		c.clips = append(c.clips, clipMark{tri: int32(len(c.mesh.Indices) / 3), r: clip})
		return true
	}
	return false
}

// clipMark says that the mesh's triangles from tri on are clipped to r.
type clipMark struct {
	tri int32
	r   image.Rectangle
}

func (c *canvas) FillRect(r render.Rect, col color.NRGBA) {
	x0, y0, x1, y1 := render.SnapRect(r)
	c.mesh.Rect(x0, y0, x1, y1, col)
}

func (c *canvas) Grid(r render.Rect, cols, rows int, cells []color.NRGBA) {
	for row := 0; row < rows; row++ {
		y0, y1 := render.GridEdge(r.Y, r.H, row, rows), render.GridEdge(r.Y, r.H, row+1, rows)
		for col := 0; col < cols; col++ {
			x0, x1 := render.GridEdge(r.X, r.W, col, cols), render.GridEdge(r.X, r.W, col+1, cols)
			c.mesh.Rect(x0, y0, x1, y1, cells[row*cols+col])
		}
	}
}

func (c *canvas) Line(x0, y0, x1, y1, width float32, col color.NRGBA) {
	c.mesh.Line(x0, y0, x1, y1, width, col)
}

func (c *canvas) Polygon(pts []render.Point, col color.NRGBA) { c.mesh.Convex(pts, col) }

func (c *canvas) Circle(cx, cy, r float32, col color.NRGBA) { c.mesh.Circle(cx, cy, r, col) }

func (c *canvas) Ring(cx, cy, r, width float32, col color.NRGBA) {
	c.mesh.Ring(cx, cy, r, width, col)
}

// Text draws s glyph by glyph from the atlas, placed exactly as the
// software canvas places them (render.Fonts.Glyphs).
func (c *canvas) Text(x, y float32, s string, f render.Font, col color.NRGBA) {
	if col.A == 0 || s == "" {
		return
	}
	base := int(math.Floor(float64(y+c.fonts.Ascent(f)) + 0.5))
	c.fonts.Glyphs(s, f, x, func(r rune, dotX int) {
		g := c.glyph(f, r)
		if !g.ok {
			return
		}
		dst := render.Rect{X: float32(dotX + g.dx), Y: float32(base + g.dy), W: g.src.W, H: g.src.H}
		c.mesh.Image(dst, g.src, col)
	})
}

// glyph returns the atlas entry of rune r in font f, rasterising it on
// first use.
func (c *canvas) glyph(f render.Font, r rune) glyph {
	k := glyphKey{f, r}
	if g, ok := c.glyphs[k]; ok {
		return g
	}
	face := c.fonts.Face(f)
	dr, mask, mp, _, ok := face.Glyph(fixed.Point26_6{}, r)
	if !ok {
		dr, mask, mp, ok = c.fallback(f)
	}
	g := glyph{}
	if ok && !dr.Empty() {
		w, h := dr.Dx(), dr.Dy()
		px, py, fits := c.place(w, h)
		if !fits {
			// The atlas is full: draw what the frame queued with the old
			// atlas, then start it again.
			c.flushMesh(&c.mesh)
			c.resetAtlas()
			px, py, _ = c.place(w, h)
		}
		c.upload(px, py, w, h, mask, mp)
		g = glyph{src: render.Rect{X: float32(px), Y: float32(py), W: float32(w), H: float32(h)},
			dx: dr.Min.X, dy: dr.Min.Y, ok: true}
	}
	c.glyphs[k] = g
	return g
}

func (c *canvas) fallback(f render.Font) (image.Rectangle, image.Image, image.Point, bool) {
	dr, mask, mp, _, ok := c.fonts.Face(f).Glyph(fixed.Point26_6{}, '?')
	return dr, mask, mp, ok
}

// place finds room for a w x h glyph (with a pixel of gap) on the atlas's
// shelves.
func (c *canvas) place(w, h int) (x, y int, ok bool) {
	if w+1 > atlasSize || h+1 > atlasSize {
		return 0, 0, false
	}
	if c.shelfX+w+1 > atlasSize {
		c.shelfX, c.shelfY, c.shelfH = 0, c.shelfY+c.shelfH+1, 0
	}
	if c.shelfY+h+1 > atlasSize-spriteBand {
		return 0, 0, false
	}
	x, y = c.shelfX, c.shelfY
	c.shelfX += w + 1
	c.shelfH = max(c.shelfH, h)
	return x, y, true
}

// upload writes a glyph's coverage into the atlas as premultiplied white.
func (c *canvas) upload(x, y, w, h int, mask image.Image, mp image.Point) {
	n := 4 * w * h
	if cap(c.scratch) < n {
		c.scratch = make([]byte, n)
	}
	buf := c.scratch[:n]
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			_, _, _, a := mask.At(mp.X+i, mp.Y+j).RGBA()
			v := byte(a >> 8)
			o := 4 * (j*w + i)
			buf[o], buf[o+1], buf[o+2], buf[o+3] = v, v, v, v
		}
	}
	c.atlas.SubImage(image.Rect(x, y, x+w, y+h)).(*ebiten.Image).WritePixels(buf)
}

// tileSize is the side of the tiles the screen is divided into for
// redrawing only what changed.
const tileSize = 32

// tiles finds the parts of the screen a frame changes. The screen is not
// cleared between frames, and each tile remembers a hash of the
// triangles last drawn over it, in order. A frame's triangles are hashed
// into the tiles they touch; a tile whose hash is the one it already
// shows is not drawn again, since the same triangles over the same
// pixels give the same picture. A tile no triangle touches this frame
// keeps its pixels and its hash (its regions were not redrawn).
//
// On a software rasteriser each pixel drawn costs, so a frame where only
// the rat and a few cells change costs a fraction of a whole board.
type tiles struct {
	cols, rows int
	shown      []uint64 // per tile: the hash of what it shows (0: unknown)
	cur        []uint64 // per tile: this frame's hash (0: untouched)
	rowTris    [][]int32
	hs         []uint64   // per triangle: its hash
	boxes      [][4]int16 // per triangle: tile columns and rows it spans
	seen       []uint32   // per vertex: stamp of the run that copied it
	remap      []uint16
	stamp      uint32
}

func (t *tiles) resize(w, h int) {
	t.cols, t.rows = (w+tileSize-1)/tileSize, (h+tileSize-1)/tileSize
	n := t.cols * t.rows
	t.shown = make([]uint64, n)
	t.cur = make([]uint64, n)
	t.rowTris = make([][]int32, t.rows)
}

// forget makes every tile unknown: the next frame draws whole.
func (t *tiles) forget() { clear(t.shown) }

func (t *tiles) dirty(r, c int) bool {
	i := r*t.cols + c
	return t.cur[i] != 0 && t.cur[i] != t.shown[i]
}

// hash computes the frame's hash of every tile. The triangles of layers
// put back from their cache come with their hashes and boxes.
func (t *tiles) hash(m *render.Mesh, spans []layerSpan, layers *[render.NumLayers]layerCache) {
	clear(t.cur)
	for r := range t.rowTris {
		t.rowTris[r] = t.rowTris[r][:0]
	}
	n := len(m.Indices) / 3
	t.boxes = t.boxes[:0]
	t.hs = t.hs[:0]
	sp := 0
	for i := 0; i < n; i++ {
		for sp < len(spans) && (int(spans[sp].tri1) <= i || !spans[sp].cached) {
			sp++
		}
		var h uint64
		var box [4]int16
		if sp < len(spans) && int(spans[sp].tri0) <= i {
			L := &layers[spans[sp].id]
			j := i - int(spans[sp].tri0)
			h, box = L.hashes[j], L.boxes[j]
		} else {
			h, box = t.triangle(m, i)
		}
		t.hs = append(t.hs, h)
		t.boxes = append(t.boxes, box)
		c0, r0, c1, r1 := int(box[0]), int(box[1]), int(box[2]), int(box[3])
		if c0 > c1 || r0 > r1 {
			continue
		}
		for r := r0; r <= r1; r++ {
			t.rowTris[r] = append(t.rowTris[r], int32(i))
			row := t.cur[r*t.cols : (r+1)*t.cols]
			for col := c0; col <= c1; col++ {
				row[col] = (row[col]^h)*1099511628211 | 1 // never 0: touched
			}
		}
	}
}

// triangle returns the hash of triangle i and the tiles it spans.
func (t *tiles) triangle(m *render.Mesh, i int) (uint64, [4]int16) {
	a, b, c := &m.Vertices[m.Indices[3*i]], &m.Vertices[m.Indices[3*i+1]], &m.Vertices[m.Indices[3*i+2]]
	h := uint64(14695981039346656037)
	for _, v := range [3]*render.MeshVertex{a, b, c} {
		for _, f := range [8]float32{v.X, v.Y, v.U, v.V, v.R, v.G, v.B, v.A} {
			h = (h ^ uint64(math.Float32bits(f))) * 1099511628211
		}
	}
	minX, maxX := min(a.X, b.X, c.X), max(a.X, b.X, c.X)
	minY, maxY := min(a.Y, b.Y, c.Y), max(a.Y, b.Y, c.Y)
	return h, [4]int16{int16(t.col(minX)), int16(t.row(minY)), int16(t.col(maxX)), int16(t.row(maxY))}
}

// ensure makes room for n vertices in the scratch arrays of drawList.
func (t *tiles) ensure(n int) {
	if len(t.seen) < n {
		t.seen = make([]uint32, n+n/2)
		t.remap = make([]uint16, len(t.seen))
		t.stamp = 0
	}
}

func (t *tiles) col(x float32) int {
	return min(max(int(math.Floor(float64(x)))/tileSize, 0), t.cols-1)
}
func (t *tiles) row(y float32) int {
	return min(max(int(math.Floor(float64(y)))/tileSize, 0), t.rows-1)
}

// commit records what the drawn tiles now show.
func (t *tiles) commit() {
	for i, h := range t.cur {
		if h != 0 {
			t.shown[i] = h
		}
	}
}
