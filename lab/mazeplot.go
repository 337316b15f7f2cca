package lab

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/mazerat/mazerat/sim"
)

// MazePicture is what maze.png shows: the walls as they stand, the start,
// the cheese and one path of the body, all in world coordinates (metres,
// y up).
type MazePicture struct {
	Title                  string
	Walls                  []sim.Rect
	MinX, MinY, MaxX, MaxY float64 // the extent to show
	Start                  PathPoint
	Cheese                 []PathPoint
	Path                   []PathPoint
	PathLabel              string
}

// MazePicture returns the maze as it stands with the path of the last
// finished trial (or, before the first cheese, of the trial under way).
func (l *Lifetime) MazePicture() MazePicture {
	w := l.world
	m := w.Maze()
	gw, gh := float64(m.W)*l.sc.Cell, float64(m.H)*l.sc.Cell
	pad := l.sc.Cell / 4
	pic := MazePicture{Title: l.sc.Name, MinX: -pad, MinY: -pad, MaxX: gw + pad, MaxY: gh + pad}
	// Everything outside the grid is solid; the physics' outer boxes reach
	// further than is worth showing, so a frame stands for them.
	pic.Walls = append(slices.Clone(w.Walls()),
		sim.Rect{MinX: -pad, MinY: -pad, MaxX: gw + pad, MaxY: 0, Boundary: true},
		sim.Rect{MinX: -pad, MinY: gh, MaxX: gw + pad, MaxY: gh + pad, Boundary: true},
		sim.Rect{MinX: -pad, MinY: 0, MaxX: 0, MaxY: gh, Boundary: true},
		sim.Rect{MinX: gw, MinY: 0, MaxX: gw + pad, MaxY: gh, Boundary: true},
	)
	pic.Start.X, pic.Start.Y = w.CellCentre(m.Start)
	for _, c := range w.Cheese() {
		x, y := w.CellCentre(c)
		pic.Cheese = append(pic.Cheese, PathPoint{x, y})
	}
	if n := len(l.trials); n > 0 {
		pic.Path, pic.PathLabel = l.lastPath.pts, fmt.Sprintf("trial %d", l.trials[n-1].Trial)
	} else {
		pic.Path, pic.PathLabel = l.path.pts, fmt.Sprintf("trial %d so far", w.Trial())
	}
	return pic
}

// Colours of maze.png.
var (
	wallColour   = color.RGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}
	pathColour   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	startColour  = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	cheeseColour = color.RGBA{R: 0xff, G: 0xa5, B: 0x00, A: 0xff}
)

// PNG draws the picture as a PNG image.
func (m MazePicture) PNG() ([]byte, error) {
	img, _, err := m.draw()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// draw renders the picture and returns the image and the mapping from
// world coordinates to its pixels (for tests).
func (m MazePicture) draw() (image.Image, func(x, y float64) image.Point, error) {
	if !(m.MaxX > m.MinX && m.MaxY > m.MinY) {
		return nil, nil, fmt.Errorf("maze picture: empty extent [%g,%g]x[%g,%g]", m.MinX, m.MaxX, m.MinY, m.MaxY)
	}
	p := plot.New()
	// A legend would cover part of the maze: the title explains instead.
	p.Title.Text = m.Title
	if m.PathLabel != "" && len(m.Path) > 1 {
		p.Title.Text += ", path of " + m.PathLabel
	}
	p.Title.Text += " (start green, cheese orange)"
	p.X.Label.Text = "x (m)"
	p.Y.Label.Text = "y (m)"

	// One polygon with a ring per wall, clipped to the extent (plotters
	// draw outside the axes): every ring winds the same way, so
	// overlapping walls fill as one.
	var rings []plotter.XYer
	for _, r := range m.Walls {
		x0, y0 := max(r.MinX, m.MinX), max(r.MinY, m.MinY)
		x1, y1 := min(r.MaxX, m.MaxX), min(r.MaxY, m.MaxY)
		if x0 < x1 && y0 < y1 {
			rings = append(rings, plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
	if len(rings) > 0 {
		walls, err := plotter.NewPolygon(rings...)
		if err != nil {
			return nil, nil, err
		}
		walls.Color = wallColour
		walls.LineStyle.Width = 0
		p.Add(walls)
	}
	if len(m.Path) > 1 {
		xys := make(plotter.XYs, len(m.Path))
		for i, q := range m.Path {
			xys[i] = plotter.XY{X: q.X, Y: q.Y}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, nil, err
		}
		line.Color = pathColour
		line.Width = vg.Points(1.5)
		p.Add(line)
	}
	start, err := plotter.NewScatter(plotter.XYs{{X: m.Start.X, Y: m.Start.Y}})
	if err != nil {
		return nil, nil, err
	}
	start.Color, start.Shape, start.Radius = startColour, draw.CircleGlyph{}, vg.Points(4)
	p.Add(start)
	if len(m.Cheese) > 0 {
		xys := make(plotter.XYs, len(m.Cheese))
		for i, q := range m.Cheese {
			xys[i] = plotter.XY{X: q.X, Y: q.Y}
		}
		cheese, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, nil, err
		}
		cheese.Color, cheese.Shape, cheese.Radius = cheeseColour, draw.PyramidGlyph{}, vg.Points(5)
		p.Add(cheese)
	}

	// Size the image to the maze (about 6 inches across the data), then
	// make one metre the same length on both axes.
	const across = 6 * vg.Inch
	dataW := across
	dataH := vg.Length(float64(across) * (m.MaxY - m.MinY) / (m.MaxX - m.MinX))
	dataH = min(max(dataH, 2*vg.Inch), 10*vg.Inch)
	c := vgimg.New(dataW+0.8*vg.Inch, dataH+1.0*vg.Inch)
	dc := draw.New(c)
	equalAspect(p, dc, m.MinX, m.MaxX, m.MinY, m.MaxY)
	p.Draw(dc)

	da := p.DataCanvas(dc)
	img := c.Image()
	scale := c.DPI() / vg.Inch.Points()
	h := img.Bounds().Dy()
	toPixel := func(x, y float64) image.Point {
		px := float64(da.X(p.X.Norm(x))) * scale
		py := float64(da.Y(p.Y.Norm(y))) * scale
		return image.Point{X: int(math.Floor(px)), Y: h - 1 - int(math.Floor(py))}
	}
	return img, toPixel, nil
}

// equalAspect sets the axes of p to show [x0,x1]x[y0,y1] with one metre
// the same length on both axes in canvas c, widening one range about its
// centre. The axes' own size depends on their tick labels, so it repeats
// until the ranges settle.
func equalAspect(p *plot.Plot, c draw.Canvas, x0, x1, y0, y1 float64) {
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	for range 4 {
		da := p.DataCanvas(c)
		sx := float64(da.Max.X-da.Min.X) / (x1 - x0) // points per metre
		sy := float64(da.Max.Y-da.Min.Y) / (y1 - y0)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
		if sx > sy {
			half := float64(da.Max.X-da.Min.X) / sy / 2
			mid := (x0 + x1) / 2
			p.X.Min, p.X.Max = mid-half, mid+half
		} else {
			half := float64(da.Max.Y-da.Min.Y) / sx / 2
			mid := (y0 + y1) / 2
			p.Y.Min, p.Y.Max = mid-half, mid+half
		}
	}
}
