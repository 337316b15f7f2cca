package lab

import (
	"bytes"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LearningCurvePNG draws moves per trial against the optimal, with the
// world's events marked, as a PNG.
func LearningCurvePNG(title string, trials []TrialRow, events []EventRow) ([]byte, error) {
	p := plot.New()
	p.Title.Text = "Learning curve"
	if title != "" {
		p.Title.Text += ": " + title
	}
	p.X.Label.Text = "trial"
	p.Y.Label.Text = "moves"
	p.Add(plotter.NewGrid())

	moves := make(plotter.XYs, len(trials))
	optimal := make(plotter.XYs, len(trials))
	maxY := 1.0
	for i, t := range trials {
		moves[i] = plotter.XY{X: float64(t.Trial), Y: float64(t.Moves)}
		optimal[i] = plotter.XY{X: float64(t.Trial), Y: float64(t.Optimal)}
		maxY = max(maxY, float64(t.Moves))
	}
	if len(trials) > 0 {
		ml, mp, err := plotter.NewLinePoints(moves)
		if err != nil {
			return nil, err
		}
		ml.Color = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
		mp.Color = ml.Color
		mp.Shape = draw.CircleGlyph{}
		mp.Radius = vg.Points(1.5)
		ol, err := plotter.NewLine(optimal)
		if err != nil {
			return nil, err
		}
		ol.Color = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
		ol.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(ml, mp, ol)
		p.Legend.Add("moves", ml, mp)
		p.Legend.Add("optimal", ol)
		p.Legend.Top = true
	}
	for _, e := range events {
		if e.Step == 0 {
			continue // the world as it was born
		}
		x := float64(e.firstTrialAfter) - 0.5
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: maxY}})
		if err != nil {
			return nil, err
		}
		l.Color = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
		l.Width = vg.Points(1)
		p.Add(l)
	}
	p.Y.Min = 0
	return plotPNG(p)
}

// plotPNG renders a run's plot as a 6 x 4 inch PNG.
func plotPNG(p *plot.Plot) ([]byte, error) {
	w, err := p.WriterTo(6*vg.Inch, 4*vg.Inch, "png")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
