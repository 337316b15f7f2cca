package repro

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"

	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/lab"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// palette is a colour-blind-safe set of line colours (Okabe & Ito).
var palette = []color.Color{
	color.RGBA{0x00, 0x72, 0xb2, 0xff}, color.RGBA{0xd5, 0x5e, 0x00, 0xff}, color.RGBA{0x00, 0x9e, 0x73, 0xff},
	color.RGBA{0xcc, 0x79, 0xa7, 0xff}, color.RGBA{0xe6, 0x9f, 0x00, 0xff}, color.RGBA{0x56, 0xb4, 0xe9, 0xff},
}

// Figure is a plot of some of a report's curves, with its own axes.
type Figure struct {
	Suffix     string // the files are NAME-Suffix.png and .svg ("" for NAME.png)
	Title      string
	X, Y       string // axis labels
	LogX, LogY bool
	// LegendBottomRight puts the legend bottom right whatever the axes (for
	// points that fall from the top left to the right leave room there).
	LegendBottomRight bool
	Series            []Series
}

// figures returns the report's figures: its own, or one of every series
// on linear axes.
func (r *Report) figures() []Figure {
	if len(r.Figures) > 0 {
		return r.Figures
	}
	f := Figure{Title: r.Title, Series: r.Series}
	for _, s := range r.Series {
		if len(s.Xs) > 0 {
			f.X, f.Y = s.X, s.Y
		}
	}
	return []Figure{f}
}

// Plot draws the report's first figure.
func (r *Report) Plot() (*plot.Plot, error) { return r.figures()[0].plot() }

func (f Figure) plot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text, p.Y.Label.Text = f.X, f.Y
	p.Add(plotter.NewGrid())
	for i, s := range f.Series {
		xys := make(plotter.XYs, 0, len(s.Xs))
		for j := range s.Xs {
			x, y := s.Xs[j], s.Ys[j]
			if math.IsNaN(y) || math.IsInf(y, 0) || math.IsNaN(x) || math.IsInf(x, 0) || f.LogX && x <= 0 || f.LogY && y <= 0 {
				continue
			}
			xys = append(xys, plotter.XY{X: x, Y: y})
		}
		if len(xys) == 0 {
			continue
		}
		c := palette[i%len(palette)]
		if s.Colour > 0 {
			c = palette[(s.Colour-1)%len(palette)]
		}
		var thumbs []plot.Thumbnailer
		if !s.Points {
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, err
			}
			l.Color, l.Width = c, vg.Points(1.5)
			if s.Dashed {
				l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			}
			p.Add(l)
			thumbs = append(thumbs, l)
		}
		if s.Points || len(xys) <= 60 {
			// Few points: mark them, they are the measurements.
			pts, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, err
			}
			pts.Color, pts.Radius = c, vg.Points(2.5)
			p.Add(pts)
			thumbs = append(thumbs, pts)
			for j, lab := range s.Labels {
				if lab == "" || j >= len(s.Xs) {
					continue
				}
				l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: s.Xs[j], Y: s.Ys[j]}}, Labels: []string{lab}})
				if err != nil || math.IsInf(s.Ys[j], 0) || math.IsNaN(s.Ys[j]) || f.LogX && s.Xs[j] <= 0 || f.LogY && s.Ys[j] <= 0 {
					continue
				}
				l.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
				p.Add(l)
			}
		}
		if s.Name != "" {
			p.Legend.Add(s.Name, thumbs...)
		}
	}
	// The legend sits where curves that fall (learning curves, data
	// against compute) leave room: bottom left for log axes, top right
	// otherwise.
	p.Legend.Top, p.Legend.Left = !(f.LogX || f.LogY), f.LogX || f.LogY
	if f.LegendBottomRight {
		p.Legend.Top, p.Legend.Left = false, false
	}
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), vg.Points(4)
	if !p.Legend.Left {
		p.Legend.XOffs = -vg.Points(8)
	}
	if p.Legend.Top {
		p.Legend.YOffs = -vg.Points(4)
	}
	if f.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	if f.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	return p, nil
}

// WriteFiles writes the report into dir: NAME.txt (the table), NAME.csv
// (the curves of every figure), and each figure as NAME.png and NAME.svg
// (NAME-SUFFIX.png and .svg for a figure with a suffix).
func (r *Report) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var table bytes.Buffer
	r.WriteTable(&table)
	if err := atomicfile.WriteFile(filepath.Join(dir, r.Name+".txt"), table.Bytes()); err != nil {
		return err
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"figure", "series", "x", "y"})
	for _, f := range r.figures() {
		for _, s := range f.Series {
			for j := range s.Xs {
				w.Write([]string{f.Suffix, s.Name, lab.FormatFloat(s.Xs[j]), lab.FormatFloat(s.Ys[j])})
			}
		}
	}
	w.Flush()
	if err := atomicfile.WriteFile(filepath.Join(dir, r.Name+".csv"), b.Bytes()); err != nil {
		return err
	}
	for _, f := range r.figures() {
		p, err := f.plot()
		if err != nil {
			return err
		}
		name := r.Name
		if f.Suffix != "" {
			name += "-" + f.Suffix
		}
		for _, ext := range []string{"png", "svg"} {
			wt, err := p.WriterTo(7*vg.Inch, 4.5*vg.Inch, ext)
			if err != nil {
				return err
			}
			var img bytes.Buffer
			if _, err := wt.WriteTo(&img); err != nil {
				return err
			}
			if err := atomicfile.WriteFile(filepath.Join(dir, fmt.Sprintf("%s.%s", name, ext)), img.Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}
