package world

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tmxSpec draws a Tiled map from a block layout: '#' is a wall tile, 'S' a
// start point, 'G' a cheese rectangle and a letter a door object over a
// wall tile (gid 1 of an embedded tileset).
type tmxSpec struct {
	layout                string
	props                 [][2]string
	encoding, compression string // the walls layer's data ("" and "": CSV)
	mapAttrs              string // the map element's attributes, if not the usual ones
	objects               string // more objects of the object layer, as XML
	extra                 string // more elements inside the map, after the layers
	classAttr             string // "type" (default) or "class"
}

func (sp tmxSpec) rows() []string { return strings.Split(strings.TrimSpace(sp.layout), "\n") }

func (sp tmxSpec) text() string {
	rows := sp.rows()
	h, w := len(rows), len(rows[0])
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	attrs := sp.mapAttrs
	if attrs == "" {
		attrs = fmt.Sprintf(`version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" width="%d" height="%d" tilewidth="16" tileheight="16" infinite="0"`, w, h)
	}
	fmt.Fprintf(&b, "<map %s>\n", attrs)
	if len(sp.props) > 0 {
		b.WriteString(" <properties>\n")
		for _, p := range sp.props {
			fmt.Fprintf(&b, "  <property name=%q value=%q/>\n", p[0], p[1])
		}
		b.WriteString(" </properties>\n")
	}
	b.WriteString(" <tileset firstgid=\"1\" name=\"t\" tilewidth=\"16\" tileheight=\"16\" tilecount=\"1\" columns=\"1\"/>\n")
	gids := make([]uint32, 0, w*h)
	for _, row := range rows {
		for _, c := range []byte(row) {
			g := uint32(0)
			if c == '#' || isDoorLetter(c) {
				g = 1
			}
			gids = append(gids, g)
		}
	}
	fmt.Fprintf(&b, " <layer id=\"1\" name=\"walls\" width=\"%d\" height=\"%d\">\n", w, h)
	b.WriteString(encodeTiles(gids, w, sp.encoding, sp.compression))
	b.WriteString(" </layer>\n")
	class := sp.classAttr
	if class == "" {
		class = "type"
	}
	b.WriteString(" <objectgroup id=\"2\" name=\"things\">\n")
	id := 1
	for r, row := range rows {
		for c, ch := range []byte(row) {
			x, y := c*16, r*16
			switch {
			case ch == 'S':
				fmt.Fprintf(&b, "  <object id=\"%d\" %s=\"start\" x=\"%d\" y=\"%d\">\n   <point/>\n  </object>\n", id, class, x+8, y+8)
			case ch == 'G':
				fmt.Fprintf(&b, "  <object id=\"%d\" %s=\"cheese\" x=\"%d\" y=\"%d\" width=\"16\" height=\"16\"/>\n", id, class, x, y)
			case isDoorLetter(ch):
				fmt.Fprintf(&b, "  <object id=\"%d\" %s=\"door\" x=\"%d\" y=\"%d\" width=\"16\" height=\"16\">\n   <properties>\n    <property name=\"group\" value=\"%c\"/>\n   </properties>\n  </object>\n", id, class, x, y, ch)
			default:
				continue
			}
			id++
		}
	}
	b.WriteString(sp.objects)
	b.WriteString(" </objectgroup>\n")
	b.WriteString(sp.extra)
	b.WriteString("</map>\n")
	return b.String()
}

// encodeTiles writes a data element in one of Tiled's tile layer formats.
func encodeTiles(gids []uint32, w int, encoding, compression string) string {
	if encoding == "" {
		var b strings.Builder
		b.WriteString("  <data encoding=\"csv\">\n")
		for i, g := range gids {
			fmt.Fprintf(&b, "%d", g)
			if i < len(gids)-1 {
				b.WriteByte(',')
			}
			if (i+1)%w == 0 {
				b.WriteByte('\n')
			}
		}
		b.WriteString("</data>\n")
		return b.String()
	}
	raw := make([]byte, 4*len(gids))
	for i, g := range gids {
		binary.LittleEndian.PutUint32(raw[4*i:], g)
	}
	return fmt.Sprintf("  <data encoding=%q compression=%q>\n   %s\n  </data>\n", encoding, compression, compress(raw, compression))
}

func compress(raw []byte, how string) string {
	var buf bytes.Buffer
	switch how {
	case "gzip":
		z := gzip.NewWriter(&buf)
		z.Write(raw)
		z.Close()
	case "zlib":
		z := zlib.NewWriter(&buf)
		z.Write(raw)
		z.Close()
	default:
		buf.Write(raw)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// dataRe finds a walls layer's data.
var dataRe = regexp.MustCompile(`(?s)<data.*</data>`)

const tmxRooms = `
#########
#S..a..G#
#...#...#
#...b...#
#########
`

// TestTiledExample reads the shipped example map (scenarios/tiled), as
// Load does from disk, and checks it against the same scenario written as
// a .maze file: layout, doors, settings and events.
func TestTiledExample(t *testing.T) {
	got, err := Load(filepath.Join("..", "scenarios", "tiled", "two-rooms.tmx"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse("want.maze", []byte(`---
name: Two rooms (Tiled)
description: "Two rooms joined by two doors; at step 3000 door a closes and the rat must find the way through b. Drawn in Tiled: see docs/scenario-format.md, Tiled maps."
control: moves
doors: {a: open, b: open}
events:
  - {at_step: 3000, close: [a]}
---
#########
#S..a..G#
#...#...#
#...b...#
#########
`))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want) {
		t.Errorf("the example map reads as\n%s\nwant\n%s", Format(got), Format(want))
	}
	// An event keeps its place in the .tmx (the property that holds it).
	if e := got.Events[0]; e.Line != 8 || e.Col != 3 {
		t.Errorf("the event stands at %d:%d, want 8:3 (the property events)", e.Line, e.Col)
	}
	back, err := Parse("back.maze", Format(got))
	if err != nil || !back.Equal(got) {
		t.Errorf("Format of the map does not read back the same: %v\n%s", err, Format(got))
	}
}

// TestTiledFormats reads the same map in every tile layer format Tiled
// writes, with object classes written as type (Tiled 1.8, 1.10) or class
// (Tiled 1.9), and finds the same maze.
func TestTiledFormats(t *testing.T) {
	props := [][2]string{{"control", "moves"}, {"doors.a", "open"}, {"doors.b", "closed"}, {"sensors.rays", "16"}, {"trial.max_steps", "300"}}
	want, err := Parse("want.maze", []byte("---\ncontrol: moves\ndoors: {a: open, b: closed}\nsensors: {rays: 16}\ntrial: {max_steps: 300}\n---\n"+strings.TrimSpace(tmxRooms)+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ enc, comp, class string }{
		{"", "", "type"}, {"base64", "", "type"}, {"base64", "zlib", "class"}, {"base64", "gzip", "type"},
	} {
		name := f.enc + "/" + f.comp + "/" + f.class
		sp := tmxSpec{layout: tmxRooms, props: props, encoding: f.enc, compression: f.comp, classAttr: f.class}
		got, err := Parse("m.tmx", []byte(sp.text()))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("%s: reads as\n%s\nwant\n%s", name, Format(got), Format(want))
		}
	}
}

// TestTiledObjects checks how objects name cells: a point's cell, the
// cells whose centres a rectangle covers, a tile object standing on its
// bottom-left corner, a small rectangle's centre, a wide door.
func TestTiledObjects(t *testing.T) {
	sp := tmxSpec{layout: `
######
#....#
#....#
##aa##
#....#
######`}
	// Rows are 16 pixels: row 1 spans y 16..32.
	sp.objects = `  <object id="10" type="start" x="20" y="20"><point/></object>
  <object id="11" type="cheese" x="48" y="16" width="32" height="16"/>
  <object id="12" type="cheese" gid="1" x="16" y="80" width="16" height="16"/>
  <object id="13" type="cheese" x="70" y="70" width="4" height="4"/>
`
	got, err := Parse("o.tmx", []byte(sp.text()))
	if err != nil {
		t.Fatal(err)
	}
	m := got.Maze
	if m.Start != (Cell{1, 1}) {
		t.Errorf("start %v, want [1, 1] (the point's cell)", m.Start)
	}
	wantCheese := []Cell{{1, 3}, {1, 4}, {4, 1}, {4, 4}}
	if fmt.Sprint(m.Cheese) != fmt.Sprint(wantCheese) {
		t.Errorf("cheese %v, want %v (a 2x1 rectangle, a tile object on its bottom-left corner, a small rectangle's centre)", m.Cheese, wantCheese)
	}
	for _, c := range []Cell{{3, 2}, {3, 3}} {
		if m.Cell(c) != Door('a') {
			t.Errorf("cell %v is %v, want door a", c, m.Cell(c))
		}
	}
	if got.Doors.Open('a') || !got.Declared.Open('a') {
		t.Errorf("door a: open %v, declared %v; want declared closed (no doors.a property)", got.Doors.Open('a'), got.Declared.Open('a'))
	}
}

// TestTiledTemplates reads objects whose class and properties come from
// a template file beside the map, and reports a template that is missing
// or a map given as text that uses one.
func TestTiledTemplates(t *testing.T) {
	dir := t.TempDir()
	tpl := `<?xml version="1.0" encoding="UTF-8"?>
<template>
 <object type="door" width="16" height="16">
  <properties>
   <property name="group" value="q"/>
  </properties>
 </object>
</template>
`
	if err := os.WriteFile(filepath.Join(dir, "door.tx"), []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	sp := tmxSpec{layout: "#####\n#S.G#\n##.##\n#####\n#####", props: [][2]string{{"doors.q", "open"}}}
	sp.objects = `  <object id="20" template="door.tx" x="32" y="48"/>` + "\n"
	path := filepath.Join(dir, "m.tmx")
	if err := os.WriteFile(path, []byte(sp.text()), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Maze.Cell(Cell{3, 2}) != Door('q') || !s.Doors.Open('q') {
		t.Errorf("the templated door: cell [3, 2] is %v, door q open %v; want door q, open", s.Maze.Cell(Cell{3, 2}), s.Doors.Open('q'))
	}
	_, err = Parse("m.tmx", []byte(sp.text()))
	wantOne(t, err, "m.tmx:"+lineOf(sp.text(), `template="door.tx"`), "the template door.tx cannot be read: this map was given as text")
	// An external tileset is never read: a map whose tileset is missing
	// reads the same.
	external := strings.Replace(sp.text(), `<tileset firstgid="1" name="t" tilewidth="16" tileheight="16" tilecount="1" columns="1"/>`, `<tileset firstgid="1" source="../nowhere/walls.tsx"/>`, 1)
	if external == sp.text() {
		t.Fatal("the map has no tileset to replace")
	}
	if err := os.WriteFile(path, []byte(external), 0o644); err != nil {
		t.Fatal(err)
	}
	if s2, err := Load(path); err != nil || !s2.Equal(s) {
		t.Errorf("with its tileset missing the map reads as %v, %v; want as before", s2, err)
	}
	os.Remove(filepath.Join(dir, "door.tx"))
	_, err = Load(path)
	wantOne(t, err, path+":"+lineOf(sp.text(), `template="door.tx"`), "the template door.tx does not exist")
}

// wantOne checks that err holds exactly one problem, beginning with at and
// holding msg.
func wantOne(t *testing.T, err error, at, msg string) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v (%T), want one problem at %s: %s", err, err, at, msg)
	}
	if len(list) != 1 || !strings.HasPrefix(list[0].Error(), at+": ") || !strings.Contains(list[0].Error(), msg) {
		t.Errorf("got %d problems:\n%v\nwant one at %s holding %q", len(list), list, at, msg)
	}
}

// lineOf returns the line and column of the element in which sub first
// appears in text.
func lineOf(text, sub string) string {
	i := strings.Index(text, sub)
	if i < 0 {
		return "?"
	}
	i = strings.LastIndex(text[:i+1], "<")
	line := 1 + strings.Count(text[:i], "\n")
	col := i - strings.LastIndex(text[:i], "\n")
	return fmt.Sprintf("%d:%d", line, col)
}

// TestTiledBad checks the problems of a map: each one error (or the
// errors listed) at the element it is about, naming the layer, object or
// property and what was expected.
func TestTiledBad(t *testing.T) {
	rooms := tmxSpec{layout: tmxRooms, props: [][2]string{{"doors.a", "open"}, {"doors.b", "open"}}}
	good := rooms.text()
	with := func(f func(sp *tmxSpec)) string {
		sp := rooms
		f(&sp)
		return sp.text()
	}
	bomb := func() string {
		// Compressed, a megabyte of zeros is a kilobyte: far more tiles
		// than the map holds.
		return compress(make([]byte, 1<<20), "zlib")
	}()
	for _, tc := range []struct {
		name, text string
		at         string // where the one problem is, "file:line:col" or a substring of text to find it
		msg        string
	}{
		{"malformed XML", good[:len(good)-20], fmt.Sprintf("b.tmx:%d:1", strings.Count(good[:len(good)-20], "\n")+1), "the file is not well-formed XML (unexpected EOF), expected a Tiled .tmx map"},
		{"mismatched tag", strings.Replace(good, "</layer>", "</layr>", 1), "b.tmx:16:1", "the file is not well-formed XML (element <layer> closed by </layr>)"},
		{"not a map", "<?xml version=\"1.0\"?>\n<tileset name=\"x\"/>\n", "b.tmx:2:1", "the root element is <tileset>, expected <map> (a Tiled .tmx map)"},
		{"isometric", strings.Replace(good, "orthogonal", "isometric", 1), "<map", "the map is isometric, expected an orthogonal map (one cell per tile)"},
		{"hexagonal", strings.Replace(good, "orthogonal", "hexagonal", 1), "<map", "the map is hexagonal, expected an orthogonal map"},
		{"infinite", strings.Replace(good, `infinite="0"`, `infinite="1"`, 1), "<map", "the map is infinite, expected a map of fixed size"},
		{"too wide", strings.Replace(good, `width="9"`, `width="300"`, 1), "<map", "the map's width is 300, expected 1..256 tiles"},
		{"no walls layer", strings.Replace(good, `name="walls"`, `name="Tile Layer 1"`, 1), "<map", `no tile layer named walls, expected one whose non-empty tiles are the walls (the map's tile layers are "Tile Layer 1")`},
		{"two walls layers", strings.Replace(good, " <objectgroup", ` <layer id="9" name="walls" width="9" height="5">`+encodeTiles(make([]uint32, 45), 9, "", "")+" </layer>\n <objectgroup", 1), `<layer id="9"`, "a second tile layer named walls, expected one (the first is at 8:2)"},
		{"no start", strings.Replace(good, `type="start"`, `type="begin"`, 1), "type=\"begin\"", `the object 1 of layer "things" has the class "begin", expected start, cheese or door`},
		{"no start object", with(func(sp *tmxSpec) { sp.layout = strings.Replace(tmxRooms, "S", ".", 1) }), "<map", "the map has no start, expected one object of class start in an object layer (found 3 objects, none of class start)"},
		{"no cheese", with(func(sp *tmxSpec) { sp.layout = strings.Replace(tmxRooms, "G", ".", 1) }), "<map", "the map has no cheese, expected at least one object of class cheese"},
		{"no object layer", strings.Replace(strings.Replace(good, "<objectgroup", "<!--", 1), "</objectgroup>", "-->", 1), "<map", "the map has no object layer, expected one holding an object of class start and objects of class cheese (and door)"},
		{"start on a wall", with(func(sp *tmxSpec) { sp.objects = `  <object id="30" name="s2" type="start" x="8" y="8"/>` + "\n" }), `id="30"`, `a second start, the object 30 ("s2") of layer "things"`},
		{"cheese on a wall", with(func(sp *tmxSpec) { sp.objects = `  <object id="30" type="cheese" x="8" y="8"/>` + "\n" }), `id="30"`, `the cheese object 30 of layer "things" stands on [0, 0], a wall tile of layer walls, expected a cell with no tile`},
		{"door on the floor", with(func(sp *tmxSpec) {
			sp.objects = `  <object id="30" type="door" x="24" y="24"><properties><property name="group" value="a"/></properties></object>` + "\n"
		}), `id="30"`, `the door object 30 of layer "things" covers [1, 1], which has no tile in layer walls, expected a wall cell (a door is a wall that opens)`},
		{"door without group", with(func(sp *tmxSpec) { sp.objects = `  <object id="30" type="door" x="8" y="8"/>` + "\n" }), `id="30"`, `the door object 30 of layer "things" has no property group, expected a string property group holding its letter a..z`},
		{"door group not a letter", with(func(sp *tmxSpec) {
			sp.objects = `  <object id="30" type="door" x="8" y="8"><properties><property name="group" value="AB"/></properties></object>` + "\n"
		}), `id="30"`, `has the group "AB", expected one letter a..z`},
		{"no class", with(func(sp *tmxSpec) { sp.objects = `  <object id="30" x="24" y="24"/>` + "\n" }), `id="30"`, `the object 30 of layer "things" has no class, expected class (or type) start, cheese or door`},
		{"rotated", with(func(sp *tmxSpec) {
			sp.objects = `  <object id="30" type="cheese" x="24" y="24" width="16" height="16" rotation="45"/>` + "\n"
		}), `id="30"`, "is rotated by 45 degrees, expected rotation 0"},
		{"polygon", with(func(sp *tmxSpec) {
			sp.objects = `  <object id="30" type="cheese" x="24" y="24"><polygon points="0,0 16,0 0,16"/></object>` + "\n"
		}), `id="30"`, "is a polygon or polyline, expected a point, rectangle, ellipse or tile object"},
		{"outside", with(func(sp *tmxSpec) { sp.objects = `  <object id="30" type="cheese" x="400" y="24"/>` + "\n" }), `id="30"`, "stands on [1, 25] outside the 9x5 map, expected it on the map"},
		{"start and cheese on one cell", with(func(sp *tmxSpec) { sp.objects = `  <object id="30" type="cheese" x="20" y="20"/>` + "\n" }), `id="30"`, `the cheese object 30 of layer "things" stands on [1, 1], where the start object 1 of layer "things" is, expected one of them on a cell`},
		{"a start over two cells", with(func(sp *tmxSpec) {
			sp.layout = strings.Replace(tmxRooms, "S", ".", 1)
			sp.objects = `  <object id="30" type="start" x="16" y="16" width="32" height="16"/>` + "\n"
		}), `id="30"`, "covers 2 cells, expected one (a point, or an object inside one tile)"},
		{"unknown setting", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"speed", "3"}) }), `name="speed"`, `unknown key "speed", expected one of name, description`},
		{"bad setting", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"cell", "big"}) }), `name="cell"`, `cell: "big" is not a number, expected a number in 0.05..10 (the map property cell)`},
		{"bad nested setting", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"sensors.rays", "-1"}) }), `name="sensors.rays"`, "sensors.rays: -1 is out of range, expected an integer in 0..64 (the map property sensors.rays)"},
		{"not a setting name", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"my setting", "3"}) }), `name="my setting"`, `the map property "my setting" is not a setting, expected a front-matter key such as name, control or sensors.rays`},
		{"door declared, not drawn", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"doors.z", "open"}) }), `name="doors.z"`, "door z is declared but not drawn in the layout"},
		{"bad events YAML", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"events", "[{at_step: 10, open: [a]"}) }), `name="events"`, "the front matter is not valid YAML"},
		{"bad event", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"events", "[{at_step: 10, open: [c]}]"}) }), `name="events"`, "(the map property events, line 1 column"},
		{"event onto a wall", with(func(sp *tmxSpec) { sp.props = append(sp.props, [2]string{"events", "[{at_step: 10, rat: [0, 0]}]"}) }), `name="events"`, "(the map property events, line 1 column 2 of its value)"},
		{"zstd", with(func(sp *tmxSpec) { sp.encoding, sp.compression = "base64", "zstd" }), "<data", "the data of layer walls is compressed with zstd, expected CSV, Base64 (uncompressed), Base64 (gzip) or Base64 (zlib)"},
		{"too much data", dataRe.ReplaceAllString(good, `<data encoding="base64" compression="zlib">`+bomb+`</data>`), "<data", "the data of layer walls holds more than the map's 9x5 tiles, expected one tile per cell"},
		{"too much gzip data", dataRe.ReplaceAllString(good, `<data encoding="base64" compression="gzip">`+compress(make([]byte, 1<<20), "gzip")+`</data>`), "<data", "the data of layer walls holds more than the map's 9x5 tiles"},
		{"too little data", dataRe.ReplaceAllString(good, `<data encoding="base64" compression="gzip">`+compress(make([]byte, 4*44), "gzip")+`</data>`), "<data", "the data of layer walls holds fewer than the map's 9x5 tiles"},
		{"objects covering too much", with(func(sp *tmxSpec) {
			for i := range 30 {
				sp.objects += fmt.Sprintf(`  <object id="%d" type="cheese" x="80" y="16" width="48" height="48"/>`+"\n", 40+i)
			}
		}), `id="66"`, "the objects up to the object 66 of layer \"things\" cover 247 cells in all, expected at most 244 (four times the map's)"},
		{"chunks", strings.Replace(good, `<data encoding="csv">`, `<data encoding="csv"><chunk x="0" y="0" width="16" height="16">1</chunk>`, 1), "<chunk", "the layer walls is stored in chunks, expected a map of fixed size"},
		{"bad gid", strings.Replace(good, `<tileset firstgid="1"`, `<tileset firstgid="5"`, 1), "<map", "the map cannot be read: invalid tile GID, expected a map saved by Tiled"},
		{"not UTF-8", strings.Replace(good, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), "b.tmx:1:1", `the file declares the encoding "ISO-8859-1", expected UTF-8 (Tiled writes UTF-8)`},
		{"not XML at all", "nothing here\n", "b.tmx:1:1", "the file does not begin with an XML element, expected a Tiled .tmx map"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := tc.at
			if !strings.HasPrefix(at, "b.tmx:") {
				at = "b.tmx:" + lineOf(tc.text, tc.at)
			}
			start := time.Now()
			s, err := Parse("b.tmx", []byte(tc.text))
			if s != nil {
				t.Fatalf("Parse returned a scenario from a bad map")
			}
			wantOne(t, err, at, tc.msg)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("reading took %v", d)
			}
		})
	}
}

// TestTiledMazeEvent switches a .maze scenario's layout to a Tiled map
// beside it, and to a map with the wrong size.
func TestTiledMazeEvent(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("b.tmx", tmxSpec{layout: strings.Replace(strings.Replace(tmxRooms, "G", ".", 1), "#...b...#", "#G..b...#", 1)}.text())
	write("small.tmx", tmxSpec{layout: "#####\n#S.G#\n#####"}.text())
	main := write("a.maze", "---\ncontrol: moves\ndoors: {a: open, b: open}\ntrial: {max_steps: 100}\nevents:\n  - {at_step: 100, maze: b.tmx}\n---\n"+strings.TrimSpace(tmxRooms)+"\n")
	s, err := Load(main)
	if err != nil {
		t.Fatal(err)
	}
	ref := s.Events[0].Maze
	if ref == nil || !ref.Maze.IsCheese(Cell{3, 1}) || ref.Maze.IsCheese(Cell{1, 7}) {
		t.Fatalf("the maze event's maze %+v, want b.tmx's cheese at [3, 1], not [1, 7]", ref)
	}
	bad := write("c.maze", "---\ncontrol: moves\ndoors: {a: open, b: open}\nevents:\n  - {at_step: 100, maze: small.tmx}\n---\n"+strings.TrimSpace(tmxRooms)+"\n")
	_, err = Load(bad)
	if err == nil || !strings.Contains(err.Error(), "small") || !strings.Contains(err.Error(), "5x3") {
		t.Errorf("a maze event to a map of another size: %v, want an error naming small.tmx and its size", err)
	}
}
