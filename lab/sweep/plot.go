package sweep

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
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

// Names of a sweep's plots (each also as .svg).
const (
	LearningPlot  = "learning"  // moves per trial, mean and 95 % CI band, optimal, events
	RewardPlot    = "reward"    // cumulative reward over steps, mean and 95 % CI band, events
	CriterionPlot = "criterion" // steps to criterion against K, when the grid varies agent.planning
)

// The size of a sweep's plots: the data on the left, the legend in a
// column on the right, where it hides no curve however many there are.
const (
	sweepPlotW = 9 * vg.Inch
	sweepPlotH = 4.5 * vg.Inch
)

// sweepPalette is the Okabe & Ito colour-blind-safe set, yellow (the
// faintest on white) last. Configurations past the eighth repeat the
// colours with dashed lines.
var sweepPalette = []color.RGBA{
	{0x00, 0x72, 0xb2, 0xff}, {0xd5, 0x5e, 0x00, 0xff}, {0x00, 0x9e, 0x73, 0xff}, {0xcc, 0x79, 0xa7, 0xff},
	{0xe6, 0x9f, 0x00, 0xff}, {0x56, 0xb4, 0xe9, 0xff}, {0x00, 0x00, 0x00, 0xff}, {0xf0, 0xe4, 0x42, 0xff},
}

func sweepColor(i int) color.RGBA { return sweepPalette[i%len(sweepPalette)] }

// sweepLineDashes tells apart configurations that share a colour.
func sweepLineDashes(i int) []vg.Length {
	switch (i / len(sweepPalette)) % 3 {
	case 1:
		return []vg.Length{vg.Points(6), vg.Points(2)}
	case 2:
		return []vg.Length{vg.Points(1.5), vg.Points(1.5)}
	}
	return nil
}

// sweepTranslucent returns c at the given opacity (premultiplied, as RGBA
// must be).
func sweepTranslucent(c color.RGBA, a float64) color.RGBA {
	f := func(v uint8) uint8 { return uint8(math.Round(float64(v) * a)) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), uint8(math.Round(255 * a))}
}

var (
	sweepOptColor = color.RGBA{0x44, 0x44, 0x44, 0xff}
	sweepDotted   = []vg.Length{vg.Points(2), vg.Points(2)}
	sweepDashed   = []vg.Length{vg.Points(5), vg.Points(3)}
)

// sweepFigure is a plot and its legend, drawn beside it.
type sweepFigure struct {
	p   *plot.Plot
	leg plot.Legend
}

func newSweepFigure(title, x, y string) *sweepFigure {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = x, y
	p.Add(plotter.NewGrid())
	return &sweepFigure{p: p, leg: plot.NewLegend()}
}

// writeSweepPlots draws the merged results as PNG and SVG.
func writeSweepPlots(dir string, plan *Plan, results []configResult) error {
	title := fmt.Sprintf("%s, %s, %d seed%s", plan.Spec.ScenarioName(), plan.Spec.Length(), len(plan.Spec.Seeds), sweepPlural(len(plan.Spec.Seeds)))
	type figure struct {
		name string
		draw func(string, []configResult) (*sweepFigure, error)
	}
	plots := []figure{{LearningPlot, learningPlot}, {RewardPlot, rewardPlot}}
	if k := slices.IndexFunc(plan.Spec.Grid, func(a Axis) bool { return a.Key == "agent.planning" }); k >= 0 && len(plan.Spec.Grid[k].Values) > 1 {
		plots = append(plots, figure{CriterionPlot, criterionPlot})
	}
	for _, pl := range plots {
		f, err := pl.draw(title, results)
		if err != nil {
			return fmt.Errorf("plotting %s: %w", pl.name, err)
		}
		for _, ext := range []string{"png", "svg"} {
			b, err := f.render(ext)
			if err != nil {
				return fmt.Errorf("plotting %s: %w", pl.name, err)
			}
			if err := atomicfile.WriteFile(filepath.Join(dir, pl.name+"."+ext), b); err != nil {
				return err
			}
		}
	}
	return writeMetricsPlot(dir, title, results)
}

// render draws the figure: the plot, and its legend in a column on the
// right, level with the top of the data, in a smaller font if that is
// what it takes to fit its entries in the height.
func (f *sweepFigure) render(ext string) ([]byte, error) {
	c, err := draw.NewFormattedCanvas(sweepPlotW, sweepPlotH, ext)
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	top := vg.Length(0)
	if f.p.Title.Text != "" {
		top = f.p.Title.TextStyle.Rectangle(f.p.Title.Text).Size().Y + f.p.Title.Padding
	}
	gap := vg.Points(10)
	leg := f.leg
	leg.Top, leg.Left = true, true
	leg.Padding = vg.Points(2)
	for leg.TextStyle.Font.Size > 6 && leg.Rectangle(dc).Size().Y > sweepPlotH-top-vg.Points(40) {
		leg.TextStyle.Font.Size--
		leg.ThumbnailWidth = leg.TextStyle.Font.Size * 5 / 3
	}
	w := leg.Rectangle(dc).Size().X
	if w > 0 {
		w = min(w+2*gap, sweepPlotW*2/5)
	}
	pc := draw.Crop(dc, 0, -w, 0, 0)
	// gonum pads the data area to make room for an axis label as if it
	// stood at the midpoint of the axis's values, which on a log axis
	// lies far from the middle: a long label squashes the data. A log
	// axis's label is therefore drawn here, where gonum draws it.
	xLabel, yLabel := f.p.X.Label.Text, f.p.Y.Label.Text
	_, xLog := f.p.X.Scale.(plot.LogScale)
	_, yLog := f.p.Y.Scale.(plot.LogScale)
	if xLog {
		f.p.X.Label.Text = " " // keeps the label's row
	}
	if yLog {
		f.p.Y.Label.Text = " "
	}
	f.p.Draw(pc)
	da := f.p.DataCanvas(pc)
	f.p.X.Label.Text, f.p.Y.Label.Text = xLabel, yLabel
	if xLog {
		sty := f.p.X.Label.TextStyle
		pc.FillText(sty, vg.Point{X: da.Center().X, Y: pc.Min.Y + sty.FontExtents().Descent}, xLabel)
	}
	if yLog {
		sty := f.p.Y.Label.TextStyle
		sty.Rotation += math.Pi / 2
		x := pc.Min.X + f.p.Y.Label.TextStyle.Height(yLabel) - sty.FontExtents().Descent
		pc.FillText(sty, vg.Point{X: x, Y: da.Center().Y}, yLabel)
	}
	if w > 0 {
		leg.Draw(draw.Crop(dc, sweepPlotW-w+gap, 0, 0, -top-gap))
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sweepBand adds a filled 95 % interval: one polygon per stretch of
// points where the interval is known.
func sweepBand(p *plot.Plot, xs, lo, hi []float64, c color.RGBA) error {
	var seg []int
	flush := func() error {
		if len(seg) >= 2 {
			poly := make(plotter.XYs, 0, 2*len(seg))
			for _, i := range seg {
				poly = append(poly, plotter.XY{X: xs[i], Y: lo[i]})
			}
			for _, i := range slices.Backward(seg) {
				poly = append(poly, plotter.XY{X: xs[i], Y: hi[i]})
			}
			pg, err := plotter.NewPolygon(poly)
			if err != nil {
				return err
			}
			pg.Color, pg.LineStyle.Width = sweepTranslucent(c, 0.2), 0
			p.Add(pg)
		}
		seg = seg[:0]
		return nil
	}
	for i := range xs {
		if math.IsNaN(lo[i]) || math.IsNaN(hi[i]) {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		seg = append(seg, i)
	}
	return flush()
}

// sweepMeanLine adds the line through the finite means.
// curve adds configuration i's mean (a line, in the legend as label) and
// its 95 % confidence band.
func (f *sweepFigure) curve(i int, label string, xs, mean, lo, hi []float64) error {
	c := sweepColor(i)
	if err := sweepBand(f.p, xs, lo, hi, c); err != nil {
		return err
	}
	l, err := sweepMeanLine(f.p, xs, mean, c)
	if err != nil {
		return err
	}
	if l != nil {
		l.Dashes = sweepLineDashes(i)
		f.leg.Add(label, l)
	}
	return nil
}

func sweepMeanLine(p *plot.Plot, xs, ys []float64, c color.RGBA) (*plotter.Line, error) {
	var pts plotter.XYs
	for i := range xs {
		if !math.IsNaN(ys[i]) && !math.IsInf(ys[i], 0) {
			pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
		}
	}
	if len(pts) == 0 {
		return nil, nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width = c, vg.Points(1.5)
	p.Add(l)
	return l, nil
}

// sweepVLine adds a vertical line at x from y0 to y1.
func sweepVLine(p *plot.Plot, x, y0, y1 float64, c color.Color, dashes []vg.Length) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}})
	if err != nil {
		return nil, err
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(1), dashes
	p.Add(l)
	return l, nil
}

// learningPlot: moves per trial, the mean over a configuration's runs
// with its 95 % CI band, the optimal (dashed), and each world event as a
// dotted line before the first trial lived wholly after it (the median
// over the runs).
func learningPlot(title string, results []configResult) (*sweepFigure, error) {
	// A log axis: the first trials (a search of the whole maze) and the
	// last (a few moves above the optimal) differ a hundredfold, and the
	// differences near the optimal are the interesting ones. A trial takes
	// at least one move, so values (and interval ends) below 1 are drawn
	// at 1.
	f := newSweepFigure("Moves per trial (mean and 95 % CI): "+title, "trial", "moves (log scale)")
	p := f.p
	const floor = 1.0
	maxY, maxX := 2.0, 1.0
	for _, r := range results {
		for _, t := range r.learning {
			maxX = max(maxX, float64(t.trial))
			for _, y := range []float64{t.mean, t.hi, t.opt} {
				if !math.IsNaN(y) {
					maxY = max(maxY, y)
				}
			}
		}
	}
	var optLine *plotter.Line
	events := false
	var optDrawn [][]float64
	for i, r := range results {
		c := sweepColor(i)
		n := len(r.learning)
		xs, mean, lo, hi, opt := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for j, t := range r.learning {
			xs[j], mean[j], lo[j], hi[j], opt[j] = float64(t.trial), max(t.mean, floor), max(t.lo, floor), max(t.hi, floor), max(t.opt, floor)
		}
		if err := f.curve(i, r.label, xs, mean, lo, hi); err != nil {
			return nil, err
		}
		// The optimal is drawn once for configurations that share it.
		if !slices.ContainsFunc(optDrawn, func(o []float64) bool { return slices.Equal(o, opt) }) {
			optDrawn = append(optDrawn, opt)
			ol, err := sweepMeanLine(p, xs, opt, sweepOptColor)
			if err != nil {
				return nil, err
			}
			if ol != nil {
				ol.Dashes, ol.Width = sweepDashed, vg.Points(1)
				optLine = ol
			}
		}
		for _, e := range r.events {
			if _, err := sweepVLine(p, e.trial-0.5, floor, maxY*1.2, c, sweepDotted); err != nil {
				return nil, err
			}
			events = true
		}
	}
	if optLine != nil {
		f.leg.Add("optimal", optLine)
	}
	if events {
		f.leg.Add("world event", eventMarkerLegend{})
	}
	p.X.Min, p.X.Max = 0.5, maxX+0.5
	p.X.Tick.Marker = sweepTicks{integer: true}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = sweepLogTicks{}
	p.Y.Min, p.Y.Max = floor, maxY*1.2
	return f, nil
}

// eventMarkerLegend is the legend entry of the event lines (drawn in each
// configuration's colour, named once in grey).
type eventMarkerLegend struct{}

func (eventMarkerLegend) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(draw.LineStyle{Color: sweepOptColor, Width: vg.Points(1), Dashes: sweepDotted}, x, c.Min.Y, x, c.Max.Y)
}

// rewardPlot: cumulative reward over steps, mean and 95 % CI band, and
// each world event as a dotted line at its (median) step.
func rewardPlot(title string, results []configResult) (*sweepFigure, error) {
	f := newSweepFigure("Cumulative reward (mean and 95 % CI): "+title, "step", "cumulative reward")
	p := f.p
	minY, maxY, maxX := 0.0, 1.0, 1.0
	for _, r := range results {
		for _, s := range r.reward {
			maxX = max(maxX, float64(s.step))
			for _, y := range []float64{s.mean, s.lo, s.hi} {
				if !math.IsNaN(y) {
					minY, maxY = min(minY, y), max(maxY, y)
				}
			}
		}
	}
	hasEvents := false
	for i, r := range results {
		c := sweepColor(i)
		n := len(r.reward)
		xs, mean, lo, hi := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for j, s := range r.reward {
			xs[j], mean[j], lo[j], hi[j] = float64(s.step), s.mean, s.lo, s.hi
		}
		if err := f.curve(i, r.label, xs, mean, lo, hi); err != nil {
			return nil, err
		}
		for _, e := range r.events {
			if _, err := sweepVLine(p, e.step, minY, maxY, c, sweepDotted); err != nil {
				return nil, err
			}
			hasEvents = true
		}
	}
	if hasEvents {
		f.leg.Add("world event", eventMarkerLegend{})
	}
	p.X.Min, p.X.Max = 0, maxX
	p.Y.Min, p.Y.Max = minY, maxY*1.05
	p.X.Tick.Marker, p.Y.Tick.Marker = sweepTicks{integer: true}, sweepTicks{}
	return f, nil
}

// kPosition places planning budget k on the log axis: K = 0 has no
// logarithm, so it stands at half the smallest positive K of the sweep,
// labelled 0.
func kPosition(k, smallest float64) float64 {
	if k <= 0 {
		return smallest / 2
	}
	return k
}

// kTicker labels the sweep's K values on a log axis.
type kTicker struct{ ks, pos []float64 }

func (t kTicker) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for i, k := range t.ks {
		out = append(out, plot.Tick{Value: t.pos[i], Label: strconv.FormatFloat(k, 'g', -1, 64)})
	}
	return out
}

// criterionErrors are the quartile bars of the criterion plot.
type criterionErrors struct {
	plotter.XYs
	lo, hi []float64 // distances below and above each point
}

func (e criterionErrors) YError(i int) (float64, float64) { return e.lo[i], e.hi[i] }

// criterionPlot: the median steps to criterion against planning budget K,
// both axes logarithmic, with bars from the 25th to the 75th percentile;
// one line per combination of the agent and the other grid values. A
// configuration whose median run never reached the criterion (inf in
// criterion.csv) is a hollow triangle at the top of the plot; a bar
// whose 75th percentile never reached it runs to the top.
func criterionPlot(title string, results []configResult) (*sweepFigure, error) {
	f := newSweepFigure(fmt.Sprintf("Steps to criterion (median and quartiles): %s\ncriterion: the first of 3 trials in a row with path ratio ≤ %g", title, lab.RecoveredRatio),
		"planning budget K (backups per step; log scale)", "steps from birth (log scale)")
	p := f.p
	var ks []float64
	smallest := math.Inf(1)
	var groups []string
	for _, r := range results {
		if r.ks == "" {
			continue
		}
		k, err := strconv.ParseFloat(r.ks, 64)
		if err != nil || math.IsNaN(k) {
			continue
		}
		if !slices.Contains(ks, k) {
			ks = append(ks, k)
		}
		if k > 0 {
			smallest = min(smallest, k)
		}
		if !slices.Contains(groups, r.group) {
			groups = append(groups, r.group)
		}
	}
	if math.IsInf(smallest, 1) {
		smallest = 1
	}
	slices.Sort(ks)
	// The data's extent; a log axis has no 0, so a criterion met from
	// step 0 is drawn at 1.
	bottom, top := math.Inf(1), 1.0
	for _, r := range results {
		for _, v := range []float64{r.criterion.Q25, r.criterion.Median, r.criterion.Q75} {
			if !math.IsInf(v, 0) && !math.IsNaN(v) {
				bottom, top = min(bottom, max(v, 1)), max(top, v)
			}
		}
	}
	if math.IsInf(bottom, 1) {
		bottom = 1
	}
	ceiling := top * 2.5 // bars that never end run up to here
	never := top * 1.6   // where a median that never came stands
	var neverGlyph *plotter.Scatter
	for gi, g := range groups {
		c := sweepColor(gi)
		var pts, missed plotter.XYs
		var lo, hi []float64
		for _, r := range results {
			k, err := strconv.ParseFloat(r.ks, 64)
			if r.group != g || r.ks == "" || err != nil || r.criterion.N == 0 {
				continue
			}
			q := r.criterion
			x := kPosition(k, smallest)
			if math.IsInf(q.Median, 1) {
				missed = append(missed, plotter.XY{X: x, Y: never})
				continue
			}
			y := max(q.Median, 1)
			pts = append(pts, plotter.XY{X: x, Y: y})
			up := ceiling
			if !math.IsInf(q.Q75, 1) {
				up = max(q.Q75, 1)
			}
			lo, hi = append(lo, y-max(q.Q25, 1)), append(hi, up-y)
		}
		var thumbs []plot.Thumbnailer
		if len(pts) > 0 {
			l, s, err := plotter.NewLinePoints(pts)
			if err != nil {
				return nil, err
			}
			l.Color, l.Width, l.Dashes = c, vg.Points(1.5), sweepLineDashes(gi)
			s.Color, s.Shape, s.Radius = c, draw.CircleGlyph{}, vg.Points(2.5)
			eb, err := plotter.NewYErrorBars(criterionErrors{pts, lo, hi})
			if err != nil {
				return nil, err
			}
			eb.Color = c
			p.Add(l, s, eb)
			thumbs = append(thumbs, l, s)
		}
		if len(missed) > 0 {
			s, err := plotter.NewScatter(missed)
			if err != nil {
				return nil, err
			}
			s.Color, s.Shape, s.Radius = c, draw.TriangleGlyph{}, vg.Points(4)
			p.Add(s)
			if len(pts) == 0 {
				thumbs = append(thumbs, s)
			}
			neverGlyph = s
		}
		if len(thumbs) > 0 {
			f.leg.Add(g, thumbs...)
		}
	}
	if neverGlyph != nil {
		gs := *neverGlyph
		gs.Color = sweepOptColor
		f.leg.Add("median never reached", &gs)
	}
	pos := make([]float64, len(ks))
	for i, k := range ks {
		pos[i] = kPosition(k, smallest)
	}
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker = kTicker{ks, pos}
	p.Y.Tick.Marker = sweepLogTicks{}
	if len(pos) > 0 {
		p.X.Min, p.X.Max = pos[0]/1.5, pos[len(pos)-1]*1.5
	}
	p.Y.Min, p.Y.Max = math.Max(1, bottom/1.5), ceiling
	return f, nil
}

// sweepTicks labels a linear axis at multiples of 1, 2 or 5 times a
// power of ten, five to ten of them, with unlabelled ticks between;
// integer axes get no fractions.
type sweepTicks struct{ integer bool }

func (t sweepTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 6
	if t.integer {
		raw = max(raw, 1)
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step, minor := 10*mag, 5
	for _, m := range []struct {
		f     float64
		minor int
	}{{1, 5}, {2, 4}, {5, 5}} {
		if m.f*mag >= raw*0.999 {
			step, minor = m.f*mag, m.minor
			break
		}
	}
	if t.integer && step < 1 {
		step = 1
	}
	if t.integer && step/float64(minor) < 1 {
		minor = int(step) // unlabelled ticks on whole numbers only
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var out []plot.Tick
	first := math.Ceil(lo/step - 1e-9)
	for k := first - 1; k*step <= hi+step*1e-9; k++ {
		v := k * step
		if v >= lo-step*1e-9 {
			out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', prec, 64)})
		}
		for j := 1; j < minor; j++ {
			if m := v + float64(j)*step/float64(minor); m >= lo && m <= hi {
				out = append(out, plot.Tick{Value: m})
			}
		}
	}
	return out
}

// sweepLogTicks labels a log axis at powers of ten; when it spans fewer
// than three decades at 2 and 5 times them too, and when it spans less
// than one at every whole multiple. The other whole multiples are
// unlabelled ticks.
type sweepLogTicks struct{}

func (sweepLogTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	labelled := []int{1}
	switch d := math.Log10(hi / lo); {
	case d < 1:
		labelled = []int{1, 2, 3, 4, 5, 6, 7, 8, 9}
	case d < 3:
		labelled = []int{1, 2, 5}
	}
	var out []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		p := math.Pow(10, e)
		for m := 1; m <= 9; m++ {
			v := float64(m) * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if slices.Contains(labelled, m) {
				t.Label = sweepNumber(v)
			}
			out = append(out, t)
		}
	}
	return out
}

// sweepNumber writes a tick's value: whole numbers in full up to a
// million, others in at most three significant digits.
func sweepNumber(v float64) string {
	if v >= 1 && v < 1e7 && v == math.Round(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
