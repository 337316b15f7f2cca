package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/lab"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The agents' own metrics (agent.MetricReporter: dormant units, effective
// rank, backups, ...) travel from each run's metrics.csv into the sweep's
// results: metrics_summary.csv describes every metric of every
// configuration at every sampled step over its runs, and metrics.png
// draws one small panel per metric, the mean and 95 % band of each
// configuration against the step.
const (
	MetricsSummaryCSV = "metrics_summary.csv" // per configuration, metric and step: n, mean, sd, 95 % CI
	MetricsPlot       = "metrics"             // one panel per agent metric over steps
)

// runMetrics is a run's metrics.csv.
type runMetrics struct {
	names  []string
	steps  []int64
	values [][]float64 // per sample, one value per name (NaN unknown)
}

// readRunMetrics reads a run's metrics.csv; a run without one (written
// before agents reported metrics) has none.
func readRunMetrics(dir string) (*runMetrics, error) {
	path := filepath.Join(dir, lab.MetricsFile)
	rows, err := readSweepCSV(path, "step")
	if errors.Is(err, fs.ErrNotExist) {
		return &runMetrics{}, nil
	}
	if err != nil {
		return nil, err
	}
	m := &runMetrics{names: slices.Clone(rows.header[1:])}
	if rows.header[0] != "step" {
		return nil, fmt.Errorf("%s: first column %q, expected step", path, rows.header[0])
	}
	for i, rec := range rows.records {
		step, err := strconv.ParseInt(rec[0], 10, 64)
		if err != nil || i > 0 && step <= m.steps[i-1] {
			return nil, fmt.Errorf("%s: row %d: step %q, expected increasing integers", path, i+2, rec[0])
		}
		v := make([]float64, len(m.names))
		for j, name := range m.names {
			if v[j], err = rows.float(rec, name); err != nil {
				return nil, fmt.Errorf("%s: row %d: %w", path, i+2, err)
			}
		}
		m.steps, m.values = append(m.steps, step), append(m.values, v)
	}
	return m, nil
}

// metricCurve is one metric of one configuration over steps.
type metricCurve struct {
	name string
	pts  []stepPoint
}

// summariseMetrics describes each metric (in the order the runs name
// them) at every sampled step over the runs that lived to it and knew it
// then; as for the reward, a run sampled more sparsely counts with its
// last sample at or before the step.
func summariseMetrics(runs []*runData, emit func(name string, step int64, s lab.Stat)) []metricCurve {
	var names []string
	var steps []int64
	for _, d := range runs {
		for _, n := range d.metrics.names {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		steps = append(steps, d.metrics.steps...)
	}
	slices.Sort(steps)
	steps = slices.Compact(steps)
	var curves []metricCurve
	xs := make([]float64, 0, len(runs))
	for _, name := range names {
		c := metricCurve{name: name}
		at := make([]int, len(runs))
		for _, step := range steps {
			xs = xs[:0]
			for i, d := range runs {
				m := d.metrics
				col := slices.Index(m.names, name)
				if col < 0 || len(m.steps) == 0 || m.steps[0] > step || m.steps[len(m.steps)-1] < step {
					continue
				}
				for at[i]+1 < len(m.steps) && m.steps[at[i]+1] <= step {
					at[i]++
				}
				xs = append(xs, m.values[at[i]][col])
			}
			s := lab.StatOf(xs)
			if s.N == 0 {
				continue
			}
			emit(name, step, s)
			c.pts = append(c.pts, stepPoint{step: step, mean: s.Mean, lo: s.CILow, hi: s.CIHigh})
		}
		curves = append(curves, c)
	}
	return curves
}

// The metrics figure: panels of this size, two to a row.
const (
	metricPanelW = 4.2 * vg.Inch
	metricPanelH = 2.4 * vg.Inch
	metricCols   = 2
)

// metricsPlot draws one panel per metric that any configuration reports,
// each configuration's mean and 95 % band over steps, and a shared legend
// on the right. It returns nil when no configuration reports metrics.
func metricsPlot(title string, results []configResult) (*metricsFigure, error) {
	var names []string
	for _, r := range results {
		for _, c := range r.metrics {
			if !slices.Contains(names, c.name) {
				names = append(names, c.name)
			}
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	f := &metricsFigure{title: "Agent metrics (mean and 95 % CI): " + title, leg: plot.NewLegend()}
	for k, name := range names {
		p := plot.New()
		p.Title.Text = name
		p.X.Label.Text = "step"
		if k < len(names)-metricCols {
			p.X.Label.Text = ""
		}
		p.Add(plotter.NewGrid())
		f.plots = append(f.plots, p)
		fig := &sweepFigure{p: p, leg: plot.NewLegend()}
		for i, r := range results {
			ci := slices.IndexFunc(r.metrics, func(c metricCurve) bool { return c.name == name })
			if ci < 0 {
				continue
			}
			pts := r.metrics[ci].pts
			xs, mean, lo, hi := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
			for j, s := range pts {
				xs[j], mean[j], lo[j], hi[j] = float64(s.step), s.mean, s.lo, s.hi
			}
			if err := fig.curve(i, r.label, xs, mean, lo, hi); err != nil {
				return nil, err
			}
		}
		if k == 0 {
			f.leg = fig.leg // every panel has the configurations in the same order
		}
		p.X.Tick.Marker, p.Y.Tick.Marker = sweepTicks{integer: true}, sweepTicks{}
	}
	return f, nil
}

// metricsFigure is a grid of panels with one legend.
type metricsFigure struct {
	title string
	plots []*plot.Plot
	leg   plot.Legend
}

func (f *metricsFigure) render(ext string) ([]byte, error) {
	rows := (len(f.plots) + metricCols - 1) / metricCols
	titleSty := plot.New().Title.TextStyle
	top := titleSty.Rectangle(f.title).Size().Y + vg.Points(8)
	leg := f.leg
	leg.Top, leg.Left = true, true
	leg.Padding = vg.Points(2)
	gap := vg.Points(10)
	w := vg.Length(0)
	c0, err := draw.NewFormattedCanvas(1, 1, ext)
	if err != nil {
		return nil, err
	}
	if lw := leg.Rectangle(draw.New(c0)).Size().X; lw > 0 {
		w = lw + 2*gap
	}
	width := metricCols*metricPanelW + w
	height := vg.Length(rows)*metricPanelH + top
	c, err := draw.NewFormattedCanvas(width, height, ext)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	titleSty.XAlign, titleSty.YAlign = draw.XLeft, draw.YTop
	dc.FillText(titleSty, vg.Point{X: dc.Min.X + gap, Y: dc.Max.Y - vg.Points(4)}, f.title)
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, metricCols)
		for c := range grid[r] {
			if k := r*metricCols + c; k < len(f.plots) {
				grid[r][c] = f.plots[k]
			}
		}
	}
	tiles := draw.Tiles{Rows: rows, Cols: metricCols, PadX: vg.Points(6), PadY: vg.Points(6), PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(2)}
	area := draw.Crop(dc, 0, -w, 0, -top)
	canvases := plot.Align(grid, tiles, area)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	if w > 0 {
		leg.Draw(draw.Crop(dc, width-w+gap, 0, 0, -top-gap))
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeMetricsPlot draws the metrics figure as PNG and SVG, when any
// configuration reports metrics.
func writeMetricsPlot(dir, title string, results []configResult) error {
	f, err := metricsPlot(title, results)
	if err != nil || f == nil {
		return err
	}
	for _, ext := range []string{"png", "svg"} {
		b, err := f.render(ext)
		if err != nil {
			return fmt.Errorf("plotting %s: %w", MetricsPlot, err)
		}
		if err := atomicfile.WriteFile(filepath.Join(dir, MetricsPlot+"."+ext), b); err != nil {
			return err
		}
	}
	return nil
}
