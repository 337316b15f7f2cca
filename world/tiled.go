// Reading Tiled maps (.tmx), through github.com/lafriks/go-tiled.
//
// The conventions (docs/scenario-format.md, "Tiled maps"): an orthogonal
// map of fixed size, one cell per tile; a tile layer named "walls" whose
// non-empty tiles are wall cells (a block grid); objects of class (or type)
// start, cheese and door in the object layers, a door carrying a string
// property group with its letter and covering a wall cell; the map's
// properties are front-matter keys.
//
// A map is read twice. A pass over its XML tokens first finds what go-tiled
// does not keep, or keeps too late: where each layer, object and property
// stands (errors name the line), the map's size before any tile data is
// decoded (compressed data is decompressed here, at most the map's tiles),
// and the text of multi-line properties. go-tiled then reads the map. Its
// tilesets are never read: an external tileset is given to it as an empty
// stand-in, since a wall is any non-empty tile whatever it shows, and the
// only files read beside the map are the templates its objects use.
//
// The map's properties become a front matter that the .maze reader reads:
// a scalar as a quoted value, a property named for a key that takes a list
// or mapping (events, starts, goals, regions, mazes, doors) as YAML text.
// Its problems are reported at the property's line in the .tmx.

package world

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lafriks/go-tiled"
)

// IsTiled reports whether data is read as a Tiled map rather than a .maze
// file: its first character, after a byte order mark and white space, is
// '<', which no .maze file begins with.
func IsTiled(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	return len(data) > 0 && data[0] == '<'
}

// isTmxName reports whether a file name ends in .tmx.
func isTmxName(name string) bool { return strings.EqualFold(filepath.Ext(name), ".tmx") }

// WallsLayer is the name of the tile layer whose tiles are the walls.
const WallsLayer = "walls"

// Object classes of a Tiled map.
const (
	classStart  = "start"
	classCheese = "cheese"
	classDoor   = "door"
)

// tmxProp is one of the map's own properties.
type tmxProp struct {
	name, value string
	pos         Pos
}

// tmxNamed is a layer: its name and where it stands.
type tmxNamed struct {
	name string
	pos  Pos
}

// tmxScan is what the token pass finds.
type tmxScan struct {
	root          Pos
	w, h, tw, th  int
	layers        []tmxNamed // top-level tile layers, in order
	objectLayers  []tmxNamed // top-level object layers, in order
	objects       map[uint32]Pos
	templates     map[string]Pos // where each template is first used
	props         []tmxProp
	groupedLayers int // layers inside group layers (not read)
}

// tiledReader reads one map. t holds the errors about the map itself, at
// their place in the .tmx; p reads the front matter made of the map's
// properties, its errors at lines of that text until mapped back.
type tiledReader struct {
	t, p *mazeParser
	scan *tmxScan
	// lines[i] says which property line i+1 of the made front matter came
	// from: props index, and the line of the property's value (0 for a
	// line holding the key).
	lines []propLine
}

type propLine struct{ prop, valueLine int }

// parseTiled reads a Tiled map as a scenario (see parseWith).
func parseTiled(name string, data []byte, files Files, refOnly bool) (*Scenario, error) {
	s := DefaultScenario(nil)
	s.Source = name
	r := &tiledReader{
		t: &mazeParser{s: s, files: files, refOnly: refOnly},
		p: &mazeParser{s: s, files: files, refOnly: refOnly},
	}
	r.read(data)
	errs := append(r.t.errs, r.mapped()...)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	r.relocate()
	return s, nil
}

func (r *tiledReader) read(data []byte) {
	t := r.t
	data = bytes.TrimPrefix(data, utf8BOM)
	sc, ok := r.scanTokens(data)
	if !ok {
		return
	}
	r.scan = sc
	m, err := tiled.LoadReader("", bytes.NewReader(data), tiled.WithFileSystem(tiledFiles{t.files, t.s.Source}))
	var te *templateError
	switch {
	case errors.As(err, &te):
		pos, ok := sc.templates[te.name]
		if !ok {
			pos = sc.root
		}
		t.addf(pos, "", "%s", te.msg)
		return
	case err != nil:
		t.addf(sc.root, "", "the map cannot be read: %s, expected a map saved by Tiled", tiledErr(err))
		return
	}
	t.s.Maze = r.layout(m)
	if t.s.Maze == nil {
		// Without a layout the checks of the maze would repeat the
		// problems already reported in other words.
		r.p.layoutBroken = true
	}
	r.settings(sc.props)
	// Door groups drawn and not declared by a property are closed.
	if t.s.Maze != nil {
		drawn := t.s.Maze.DoorLetters()
		for l := byte('a'); l <= 'z'; l++ {
			if drawn.Open(l) && !t.s.Declared.Open(l) {
				t.s.Declared = t.s.Declared.With(l, true)
			}
		}
	}
	r.p.resolveMazes()
	r.p.validate()
}

// tiledErr words an error of go-tiled or of encoding/xml for a message.
func tiledErr(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("line %d: %s", se.Line, se.Msg)
	}
	return strings.TrimPrefix(err.Error(), "tiled: ")
}

// ---- the token pass ----

// scanTokens reads the map's XML as tokens, checking what must be right
// before go-tiled reads it.
func (r *tiledReader) scanTokens(data []byte) (*tmxScan, bool) {
	t := r.t
	sc := &tmxScan{objects: map[uint32]Pos{}, templates: map[string]Pos{}}
	d := xml.NewDecoder(bytes.NewReader(data))
	var charset string
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		charset = label
		return nil, errors.New("not UTF-8")
	}
	var (
		stack    []string
		prop     *tmxProp
		hasValue bool
		text     bytes.Buffer
		layer    *tmxData
		rootSeen bool
	)
	for {
		line, col := d.InputPos()
		pos := Pos{line, col}
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			switch {
			case charset != "":
				t.addf(pos, "", "the file declares the encoding %q, expected UTF-8 (Tiled writes UTF-8)", charset)
			case errors.As(err, &se):
				t.addf(Pos{se.Line, 1}, "", "the file is not well-formed XML (%s), expected a Tiled .tmx map", se.Msg)
			default:
				t.addf(pos, "", "the file is not well-formed XML (%v), expected a Tiled .tmx map", err)
			}
			return nil, false
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			el := tk.Name.Local
			depth := len(stack)
			switch {
			case depth == 0:
				if rootSeen {
					t.addf(pos, "", "a second root element <%s>, expected one <map>", el)
					return nil, false
				}
				rootSeen = true
				if el != "map" {
					t.addf(pos, "", "the root element is <%s>, expected <map> (a Tiled .tmx map)", el)
					return nil, false
				}
				sc.root = pos
				if !r.mapAttrs(sc, tk.Attr) {
					return nil, false
				}
			case depth == 1 && el == "layer":
				sc.layers = append(sc.layers, tmxNamed{attr(tk.Attr, "name"), pos})
			case depth == 1 && el == "objectgroup":
				sc.objectLayers = append(sc.objectLayers, tmxNamed{attr(tk.Attr, "name"), pos})
			case depth > 1 && stack[0] == "map" && stack[1] == "group" && (el == "layer" || el == "objectgroup"):
				sc.groupedLayers++
			case depth == 2 && el == "object" && stack[1] == "objectgroup":
				if id, err := strconv.ParseUint(attr(tk.Attr, "id"), 10, 32); err == nil {
					sc.objects[uint32(id)] = pos
				}
				if tpl, ok := attrOK(tk.Attr, "template"); ok {
					if _, seen := sc.templates[filepath.Clean(tpl)]; !seen {
						sc.templates[filepath.Clean(tpl)] = pos
					}
				}
			case depth == 2 && el == "property" && stack[1] == "properties":
				prop = &tmxProp{name: attr(tk.Attr, "name"), pos: pos}
				prop.value, hasValue = attrOK(tk.Attr, "value")
				text.Reset()
			case depth == 2 && el == "data" && stack[1] == "layer":
				layer = &tmxData{encoding: attr(tk.Attr, "encoding"), compression: attr(tk.Attr, "compression"), pos: pos}
				if n := len(sc.layers); n > 0 {
					layer.layer = sc.layers[n-1].name
				}
			case depth == 3 && el == "chunk" && stack[2] == "data":
				t.addf(pos, "", "the layer %s is stored in chunks, expected a map of fixed size (Tiled: Map > Map Properties > Infinite off)", layer.layer)
				return nil, false
			}
			stack = append(stack, el)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			switch {
			case len(stack) == 2 && prop != nil && tk.Name.Local == "property":
				if !hasValue {
					prop.value = text.String() // Tiled writes multi-line text as the element's content
				}
				sc.props = append(sc.props, *prop)
				prop = nil
			case len(stack) == 2 && layer != nil && tk.Name.Local == "data":
				if !r.checkData(sc, layer) {
					return nil, false
				}
				layer = nil
			}
		case xml.CharData:
			switch {
			case prop != nil:
				text.Write(tk)
			case layer != nil:
				layer.text.Write(tk)
			}
		}
	}
	if !rootSeen {
		t.addf(Pos{1, 1}, "", "the file holds no XML element, expected a Tiled .tmx map")
		return nil, false
	}
	return sc, true
}

func attr(attrs []xml.Attr, name string) string {
	v, _ := attrOK(attrs, name)
	return v
}

func attrOK(attrs []xml.Attr, name string) (string, bool) {
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// mapAttrs checks the map element: orthogonal, of fixed size, at most
// MaxSide tiles a side, with tiles of a positive size.
func (r *tiledReader) mapAttrs(sc *tmxScan, attrs []xml.Attr) bool {
	t := r.t
	ok := true
	switch o := attr(attrs, "orientation"); o {
	case "orthogonal":
	case "":
		t.addf(sc.root, "", "the map has no orientation, expected orthogonal (one cell per tile)")
		ok = false
	default:
		t.addf(sc.root, "", "the map is %s, expected an orthogonal map (one cell per tile)", o)
		ok = false
	}
	if attr(attrs, "infinite") == "1" {
		t.addf(sc.root, "", "the map is infinite, expected a map of fixed size (Tiled: Map > Map Properties > Infinite off)")
		ok = false
	}
	num := func(name string, lo, hi int, what string) int {
		v, has := attrOK(attrs, name)
		n, err := strconv.Atoi(v)
		switch {
		case !has:
			t.addf(sc.root, "", "the map has no %s, expected %s", name, what)
		case err != nil:
			t.addf(sc.root, "", "the map's %s is %q, expected %s", name, v, what)
		case n < lo || n > hi:
			t.addf(sc.root, "", "the map's %s is %d, expected %s", name, n, what)
		default:
			return n
		}
		ok = false
		return 0
	}
	sides := fmt.Sprintf("1..%d tiles (one cell per tile)", MaxSide)
	sc.w = num("width", 1, MaxSide, sides)
	sc.h = num("height", 1, MaxSide, sides)
	sc.tw = num("tilewidth", 1, 1<<20, "a positive number of pixels")
	sc.th = num("tileheight", 1, 1<<20, "a positive number of pixels")
	return ok
}

// tmxData is a tile layer's data element.
type tmxData struct {
	layer, encoding, compression string
	pos                          Pos
	text                         bytes.Buffer
}

// checkData refuses data go-tiled cannot read and compressed data that
// holds more than the map's tiles (so that a small file cannot make it
// allocate gigabytes).
func (r *tiledReader) checkData(sc *tmxScan, d *tmxData) bool {
	t := r.t
	const formats = "expected CSV, Base64 (uncompressed), Base64 (gzip) or Base64 (zlib) (Tiled: Map > Map Properties > Tile Layer Format)"
	switch d.encoding {
	case "", "csv":
		return true
	case "base64":
	default:
		t.addf(d.pos, "", "the data of layer %s is encoded as %q, %s", d.layer, d.encoding, formats)
		return false
	}
	var open func(io.Reader) (io.Reader, error)
	switch d.compression {
	case "":
		return true
	case "gzip":
		open = func(in io.Reader) (io.Reader, error) { return gzip.NewReader(in) }
	case "zlib":
		open = func(in io.Reader) (io.Reader, error) { return zlib.NewReader(in) }
	default:
		t.addf(d.pos, "", "the data of layer %s is compressed with %s, %s", d.layer, d.compression, formats)
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(d.text.String()))
	if err != nil {
		t.addf(d.pos, "", "the data of layer %s is not Base64 (%v), %s", d.layer, err, formats)
		return false
	}
	want := int64(sc.w) * int64(sc.h) * 4
	in, err := open(bytes.NewReader(raw))
	var n int64
	if err == nil {
		n, err = io.Copy(io.Discard, io.LimitReader(in, want+1))
	}
	switch {
	case err != nil:
		t.addf(d.pos, "", "the data of layer %s cannot be decompressed (%v), %s", d.layer, err, formats)
		return false
	case n != want:
		more := "fewer"
		if n > want {
			more = "more"
		}
		t.addf(d.pos, "", "the data of layer %s holds %s than the map's %dx%d tiles, expected one tile per cell", d.layer, more, sc.w, sc.h)
		return false
	}
	return true
}

// ---- files beside the map ----

// tiledFiles gives go-tiled the files a map names: an empty stand-in for
// every external tileset (a wall is any non-empty tile, whatever tile), and
// templates (.tx) read through Files, relative to the map.
type tiledFiles struct {
	files Files
	from  string
}

// stubTileset is an external tileset as go-tiled is given it: nothing but
// the first gid the map itself assigns.
const stubTileset = `<?xml version="1.0" encoding="UTF-8"?><tileset version="1.10" name="stand-in" tilewidth="1" tileheight="1" tilecount="0" columns="0"/>`

// Open implements fs.FS.
func (f tiledFiles) Open(name string) (fs.File, error) {
	if strings.EqualFold(filepath.Ext(name), ".tsx") {
		return &memFile{name: name, Reader: bytes.NewReader([]byte(stubTileset))}, nil
	}
	fail := func(format string, args ...any) error {
		return &templateError{name: filepath.Clean(name), msg: fmt.Sprintf(format, args...)}
	}
	if f.files == nil {
		return nil, fail("the template %s cannot be read: this map was given as text, expected objects without templates (Tiled: Detach Template)", name)
	}
	src, data, err := f.files.ReadRef(name, f.from)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fail("the template %s does not exist (looked for %s), expected a .tx file beside the map", name, src)
	case err != nil:
		return nil, fail("the template %s cannot be read: %v", name, err)
	}
	return &memFile{name: name, Reader: bytes.NewReader(data)}, nil
}

// templateError is a template that could not be read.
type templateError struct{ name, msg string }

func (e *templateError) Error() string { return e.msg }

// memFile is a file held in memory.
type memFile struct {
	name string
	*bytes.Reader
}

func (m *memFile) Stat() (fs.FileInfo, error) { return memInfo{m}, nil }
func (m *memFile) Close() error               { return nil }

type memInfo struct{ f *memFile }

func (i memInfo) Name() string       { return filepath.Base(i.f.name) }
func (i memInfo) Size() int64        { return i.f.Size() }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// ---- the layout ----

// layout builds the maze from the walls layer and the objects, or returns
// nil after reporting why it cannot.
func (r *tiledReader) layout(m *tiled.Map) *Maze {
	t, sc := r.t, r.scan
	var walls *tiled.Layer
	var wallsPos Pos
	var names []string
	for i, l := range m.Layers {
		names = append(names, l.Name)
		pos := sc.root
		if i < len(sc.layers) {
			pos = sc.layers[i].pos
		}
		if l.Name != WallsLayer {
			continue
		}
		if walls != nil {
			t.addf(pos, "", "a second tile layer named %s, expected one (the first is at %d:%d)", WallsLayer, wallsPos.Line, wallsPos.Col)
			return nil
		}
		walls, wallsPos = l, pos
	}
	if walls == nil {
		found := "the map has no tile layers"
		if len(names) > 0 {
			found = "the map's tile layers are " + quoteList(names)
		}
		if sc.groupedLayers > 0 {
			found += "; layers inside group layers are not read"
		}
		t.addf(sc.root, "", "no tile layer named %s, expected one whose non-empty tiles are the walls (%s)", WallsLayer, found)
		return nil
	}
	if len(walls.Tiles) != sc.w*sc.h {
		t.addf(wallsPos, "", "the layer %s holds %d tiles, expected the map's %dx%d", WallsLayer, len(walls.Tiles), sc.w, sc.h)
		return nil
	}
	maze := NewMaze(Blocks, sc.w, sc.h)
	for i, tile := range walls.Tiles {
		if !tile.IsNil() {
			maze.cells[i] = Solid
		}
	}
	if !r.objects(m, maze) {
		return nil
	}
	return maze
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// tmxObject is an object of an object layer, with what it inherits from
// its template.
type tmxObject struct {
	o     *tiled.Object
	tpl   *tiled.Object // its template's object, or nil
	layer string
	pos   Pos
}

func (o tmxObject) class() string {
	for _, ob := range []*tiled.Object{o.o, o.tpl} {
		if ob == nil {
			continue
		}
		if ob.Class != "" {
			return ob.Class
		}
		if ob.Type != "" {
			return ob.Type
		}
	}
	return ""
}

// prop returns the object's property name, its own or its template's.
func (o tmxObject) prop(name string) (*tiled.Property, bool) {
	for _, ob := range []*tiled.Object{o.o, o.tpl} {
		if ob == nil {
			continue
		}
		for _, p := range ob.Properties {
			if p.Name == name {
				return p, true
			}
		}
	}
	return nil, false
}

// String names the object as Tiled shows it: its id, and its name if it
// has one, in its layer.
func (o tmxObject) String() string {
	s := fmt.Sprintf("object %d", o.o.ID)
	if o.o.Name != "" {
		s += fmt.Sprintf(" (%q)", o.o.Name)
	}
	return s + fmt.Sprintf(" of layer %q", o.layer)
}

// cells returns the cells the object covers: the cell of a point, and the
// cells whose centres lie inside a rectangle, ellipse or tile object (the
// cell of its centre if it covers no centre).
func (o tmxObject) cells(tw, th int) ([]Cell, string) {
	ob := o.o
	if ob.Rotation != 0 {
		return nil, fmt.Sprintf("is rotated by %g degrees, expected rotation 0", ob.Rotation)
	}
	shape := ob
	if o.tpl != nil && ob.Width == 0 && ob.Height == 0 && len(ob.Polygons)+len(ob.PolyLines) == 0 {
		shape = o.tpl
	}
	if len(shape.Polygons) > 0 || len(shape.PolyLines) > 0 {
		return nil, "is a polygon or polyline, expected a point, rectangle, ellipse or tile object"
	}
	x, y, w, h := ob.X, ob.Y, shape.Width, shape.Height
	for _, v := range []float64{x, y, w, h} {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
			return nil, fmt.Sprintf("has the position or size %v, expected finite pixels", v)
		}
	}
	if w < 0 || h < 0 {
		return nil, fmt.Sprintf("is %gx%g pixels, expected no negative size", w, h)
	}
	gid := ob.GID
	if gid == 0 && o.tpl != nil {
		gid = o.tpl.GID
	}
	if gid != 0 {
		y -= h // a tile object stands on its bottom-left corner
	}
	fw, fh := float64(tw), float64(th)
	cell := func(px, py float64) Cell { return Cell{int(math.Floor(py / fh)), int(math.Floor(px / fw))} }
	if w == 0 && h == 0 {
		return []Cell{cell(x, y)}, ""
	}
	// Cells whose centre (c+0.5)*tw lies in [x, x+w), rows alike.
	c0, c1 := int(math.Ceil(x/fw-0.5)), int(math.Ceil((x+w)/fw-0.5))
	r0, r1 := int(math.Ceil(y/fh-0.5)), int(math.Ceil((y+h)/fh-0.5))
	if c1 <= c0 || r1 <= r0 {
		return []Cell{cell(x+w/2, y+h/2)}, ""
	}
	if (c1-c0)*(r1-r0) > MaxSide*MaxSide {
		return nil, fmt.Sprintf("covers %dx%d cells, expected it inside the map", c1-c0, r1-r0)
	}
	var out []Cell
	for row := r0; row < r1; row++ {
		for col := c0; col < c1; col++ {
			out = append(out, Cell{row, col})
		}
	}
	return out, ""
}

// objects puts the start, the cheese and the doors on the maze, and
// reports false if any object is wrong.
func (r *tiledReader) objects(m *tiled.Map, maze *Maze) bool {
	t, sc := r.t, r.scan
	before := len(t.errs)
	var start *tmxObject
	type claim struct {
		o     tmxObject
		class string
	}
	claims := map[Cell]claim{}
	cheese := make([]bool, maze.NumCells())
	nObjects, covered := 0, 0
	// Objects may overlap, but a megabyte of objects each covering the
	// whole map would take minutes to place: their cells are bounded.
	maxCovered := 4*maze.NumCells() + 64
	for gi, g := range m.ObjectGroups {
		for _, ob := range g.Objects {
			nObjects++
			o := tmxObject{o: ob, layer: g.Name, pos: sc.root}
			if gi < len(sc.objectLayers) {
				o.pos = sc.objectLayers[gi].pos
			}
			if p, ok := sc.objects[ob.ID]; ok && ob.ID != 0 {
				o.pos = p
			}
			if ob.Template != nil {
				o.tpl = ob.Template.Object
			}
			class := o.class()
			switch class {
			case classStart, classCheese, classDoor:
			case "":
				t.addf(o.pos, "", "the %s has no class, expected class (or type) start, cheese or door", o)
				continue
			default:
				t.addf(o.pos, "", "the %s has the class %q, expected start, cheese or door", o, class)
				continue
			}
			cells, bad := o.cells(sc.tw, sc.th)
			if bad != "" {
				t.addf(o.pos, "", "the %s %s", o, bad)
				continue
			}
			if covered += len(cells); covered > maxCovered {
				t.addf(o.pos, "", "the objects up to the %s cover %d cells in all, expected at most %d (four times the map's)", o, covered, maxCovered)
				return false
			}
			var letter byte
			if class == classDoor {
				p, ok := o.prop("group")
				switch {
				case !ok:
					t.addf(o.pos, "", "the door %s has no property group, expected a string property group holding its letter a..z", o)
					continue
				case len(p.Value) != 1 || !isDoorLetter(p.Value[0]):
					t.addf(o.pos, "", "the door %s has the group %q, expected one letter a..z", o, p.Value)
					continue
				}
				letter = p.Value[0]
			}
			if class == classStart {
				if len(cells) != 1 {
					t.addf(o.pos, "", "the start %s covers %d cells, expected one (a point, or an object inside one tile)", o, len(cells))
					continue
				}
				if start != nil {
					t.addf(o.pos, "", "a second start, the %s, expected one object of class start (the first is the %s at %d:%d)", o, *start, start.pos.Line, start.pos.Col)
					continue
				}
				oc := o
				start = &oc
			}
			for _, c := range cells {
				if !maze.In(c) {
					t.addf(o.pos, "", "the %s %s [%d, %d] outside the %dx%d map, expected it on the map", o, coverWord(len(cells)), c.Row, c.Col, sc.w, sc.h)
					break
				}
				wall := maze.Cell(c) == Solid
				switch {
				case class == classDoor && !wall:
					t.addf(o.pos, "", "the door %s covers [%d, %d], which has no tile in layer %s, expected a wall cell (a door is a wall that opens)", o, c.Row, c.Col, WallsLayer)
					continue
				case class != classDoor && wall:
					t.addf(o.pos, "", "the %s %s %s [%d, %d], a wall tile of layer %s, expected a cell with no tile", class, o, coverWord(len(cells)), c.Row, c.Col, WallsLayer)
					continue
				}
				if prev, ok := claims[c]; ok && (prev.class != class || class == classDoor && maze.Cell(c) != Door(letter)) {
					t.addf(o.pos, "", "the %s %s %s [%d, %d], where the %s %s is, expected one of them on a cell", class, o, coverWord(len(cells)), c.Row, c.Col, prev.class, prev.o)
					continue
				}
				claims[c] = claim{o, class}
				switch class {
				case classStart:
					maze.Start = c
				case classCheese:
					if !cheese[maze.Index(c)] {
						cheese[maze.Index(c)] = true
						maze.Cheese = append(maze.Cheese, c)
					}
				case classDoor:
					maze.SetCell(c, Door(letter))
				}
			}
		}
	}
	if len(t.errs) > before {
		// A start or cheese whose object is wrong is reported as such.
		return false
	}
	switch {
	case len(m.ObjectGroups) == 0:
		t.addf(sc.root, "", "the map has no object layer, expected one holding an object of class start and objects of class cheese (and door)")
		return false
	case start == nil:
		t.addf(sc.root, "", "the map has no start, expected one object of class start in an object layer (found %d objects, none of class start)", nObjects)
	}
	if len(maze.Cheese) == 0 {
		t.addf(sc.root, "", "the map has no cheese, expected at least one object of class cheese in an object layer")
	}
	slices.SortFunc(maze.Cheese, func(a, b Cell) int { return maze.Index(a) - maze.Index(b) })
	return len(t.errs) == before
}

func coverWord(n int) string {
	if n == 1 {
		return "stands on"
	}
	return "covers"
}

// ---- the map's properties ----

// frontKeys are the keys whose values a property gives as YAML text (lists
// and mappings); every other property is a scalar setting.
func frontKey(name string) bool {
	if name == "doors" {
		return true
	}
	for _, lk := range listKeys {
		if lk[0] == name {
			return true
		}
	}
	return false
}

// settingName reports whether a property's name can be a front-matter key
// path: one or two names of letters, digits and _, joined by a dot.
func settingName(name string) bool {
	parts := strings.Split(name, ".")
	if len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || !regionName(p) {
			return false
		}
	}
	return true
}

// settings reads the map's properties as a front matter.
func (r *tiledReader) settings(props []tmxProp) {
	var b bytes.Buffer
	emit := func(text string, prop, valueLine int) {
		b.WriteString(text)
		b.WriteByte('\n')
		r.lines = append(r.lines, propLine{prop, valueLine})
	}
	// Keys with a dot go under their group, in the order groups first
	// appear.
	var groups []string
	members := map[string][]int{}
	for i, pr := range props {
		if !settingName(pr.name) {
			r.t.addf(pr.pos, "", "the map property %q is not a setting, expected a front-matter key such as name, control or sensors.rays", pr.name)
			continue
		}
		key := pr.name
		if group, _, dotted := strings.Cut(pr.name, "."); dotted {
			if members[group] == nil {
				groups = append(groups, group)
			}
			members[group] = append(members[group], i)
			continue
		}
		if !frontKey(key) {
			emit(key+": "+strconv.Quote(pr.value), i, 0)
		}
	}
	for _, g := range groups {
		emit(g+":", members[g][0], 0)
		for _, i := range members[g] {
			_, key, _ := strings.Cut(props[i].name, ".")
			emit("  "+key+": "+strconv.Quote(props[i].value), i, 0)
		}
	}
	r.frontMatter(&b, 0)
	// Each list or mapping is a YAML text of its own, so that a syntax
	// error, found where the parser gives up, stays in its property.
	for i, pr := range props {
		if !settingName(pr.name) || !frontKey(pr.name) {
			continue
		}
		first := len(r.lines)
		emit(pr.name+":", i, 0)
		for k, l := range strings.Split(strings.ReplaceAll(pr.value, "\r\n", "\n"), "\n") {
			emit("  "+l, i, k+1)
		}
		r.frontMatter(&b, first)
	}
}

// frontMatter reads the made front matter in b, whose first line is line
// first+1 of r.lines, and empties b. A problem placed past its last line
// (the end of the text) is moved onto it.
func (r *tiledReader) frontMatter(b *bytes.Buffer, first int) {
	if b.Len() == 0 {
		return
	}
	p := r.p
	before := len(p.errs)
	p.yamlLine = first
	p.frontMatter(b.Bytes())
	last := len(r.lines)
	for _, e := range p.errs[before:] {
		if e.File == p.s.Source && e.Line > last {
			e.Line, e.Col = last, 1
		}
	}
	b.Reset()
}

// where returns the place in the .tmx of a position in the made front
// matter, and what to add to a message about it.
func (r *tiledReader) where(p Pos) (Pos, string, bool) {
	if p.Line < 1 || p.Line > len(r.lines) || r.scan == nil {
		return Pos{}, "", false
	}
	l := r.lines[p.Line-1]
	pr := r.scan.props[l.prop]
	if l.valueLine == 0 {
		return pr.pos, fmt.Sprintf(" (the map property %s)", pr.name), true
	}
	return pr.pos, fmt.Sprintf(" (the map property %s, line %d column %d of its value)", pr.name, l.valueLine, max(p.Col-2, 1)), true
}

// mapped returns the front matter's problems at their place in the .tmx.
func (r *tiledReader) mapped() ErrorList {
	var out ErrorList
	for _, e := range r.p.errs {
		c := *e
		if c.File == r.p.s.Source && c.Line > 0 {
			if p, note, ok := r.where(Pos{c.Line, c.Col}); ok {
				c.Line, c.Col = p.Line, p.Col
				c.Msg += note
			} else {
				c.Line, c.Col = 0, 0
			}
		}
		out = append(out, &c)
	}
	return out
}

// relocate moves the positions a good scenario keeps (of settings, events
// and regions) from the made front matter to the .tmx, for messages at run
// time.
func (r *tiledReader) relocate() {
	s := r.t.s
	move := func(line, col *int) {
		if p, _, ok := r.where(Pos{*line, *col}); ok {
			*line, *col = p.Line, p.Col
		} else {
			*line, *col = 0, 0
		}
	}
	for k, p := range s.pos {
		move(&p.Line, &p.Col)
		s.pos[k] = p
	}
	for i := range s.Events {
		e := &s.Events[i]
		move(&e.Line, &e.Col)
		for j := range e.Items {
			move(&e.Items[j].Line, &e.Items[j].Col)
		}
	}
	for i := range s.Regions {
		move(&s.Regions[i].Line, &s.Regions[i].Col)
	}
}
