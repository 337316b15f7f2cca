package repro

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

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

// kTicks labels a log axis whose 0 is drawn at 0.5 (a budget of K = 0
// has no logarithm).
type kTicks struct{ ks []float64 }

func (t kTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, k := range t.ks {
		out = append(out, plot.Tick{Value: kPos(k), Label: strconv.FormatFloat(k, 'g', -1, 64)})
	}
	return out
}

func kPos(k float64) float64 {
	if k == 0 {
		return 0.5
	}
	return k
}

// Plot draws the report's main series (those of no Panel) in one figure.
func (r *Report) Plot() (*plot.Plot, error) { return r.PanelPlot("") }

// Panels returns the names of the report's extra figures, in the order
// their series first appear.
func (r *Report) Panels() []string {
	var ps []string
	for _, s := range r.Series {
		if s.Panel != "" && !slices.Contains(ps, s.Panel) {
			ps = append(ps, s.Panel)
		}
	}
	return ps
}

// PanelPlot draws the series of one panel in one figure.
func (r *Report) PanelPlot(panel string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = r.Title
	if panel != "" {
		p.Title.Text += ": " + panel
	}
	p.Add(plotter.NewGrid())
	logK := len(r.Series) > 0 && r.Name == "compute-scaling"
	i := -1
	for _, s := range r.Series {
		if len(s.Xs) == 0 || s.Panel != panel {
			continue
		}
		i++
		p.X.Label.Text, p.Y.Label.Text = s.X, s.Y
		xys := make(plotter.XYs, 0, len(s.Xs))
		for j := range s.Xs {
			if math.IsNaN(s.Ys[j]) || math.IsInf(s.Ys[j], 0) {
				continue
			}
			x := s.Xs[j]
			if logK {
				x = kPos(x)
			}
			xys = append(xys, plotter.XY{X: x, Y: s.Ys[j]})
		}
		if len(xys) == 0 {
			continue
		}
		c := palette[i%len(palette)]
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = c, vg.Points(1.5)
		p.Add(l)
		if len(xys) <= 60 {
			// Few points: mark them, they are the measurements.
			pts, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, err
			}
			pts.Color, pts.Radius = c, vg.Points(2)
			p.Add(pts)
			p.Legend.Add(s.Name, l, pts)
		} else {
			p.Legend.Add(s.Name, l)
		}
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(4)
	if logK {
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker = kTicks{r.Series[0].Xs}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	return p, nil
}

// WriteFiles writes the report into dir: NAME.txt (the table), NAME.csv
// (the series), NAME.png and NAME.svg (the main plot), and NAME-PANEL.png
// and .svg for each of the report's panels.
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
	w.Write([]string{"series", "x", "y"})
	for _, s := range r.Series {
		for j := range s.Xs {
			w.Write([]string{s.Name, lab.FormatFloat(s.Xs[j]), lab.FormatFloat(s.Ys[j])})
		}
	}
	w.Flush()
	if err := atomicfile.WriteFile(filepath.Join(dir, r.Name+".csv"), b.Bytes()); err != nil {
		return err
	}
	for _, panel := range append([]string{""}, r.Panels()...) {
		p, err := r.PanelPlot(panel)
		if err != nil {
			return err
		}
		name := r.Name
		if panel != "" {
			name += "-" + panel
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
