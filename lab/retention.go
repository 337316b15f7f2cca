package lab

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/mazerat/mazerat/world"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Retention: how much of what was learned in one world configuration
// (sim.World.ConfigID: layout, doors, cheese spots) survives living in
// others. The lab notes the configuration each trial began in (the one the
// world stood in at the trial's first action) and numbers configurations
// in the order they were first met: 1 is the world at birth. A visit is a
// maximal run of trials begun in one configuration. Per visit, the first
// trial says what the rat remembered on arrival:
//
//   - birth: configuration 1's first visit;
//   - new: the first visit to a later configuration; its first trial
//     against the first trial at birth is the transfer;
//   - return: a later visit to a configuration met before; its first
//     trial against that configuration's first visit's first trial is the
//     re-meeting cost.
//
// A trial under way when the configuration changes belongs to the visit it
// began in. A configuration that never stood at a trial's start (changed
// again within one trial) has no visit and no number.

// Names of the retention outputs.
const (
	RetentionFile = "retention.csv"
	RetentionPNG  = "retention.png"
)

// Visit kinds (retention.csv's kind column).
const (
	VisitBirth  = "birth"
	VisitNew    = "new"
	VisitReturn = "return"
)

// RetentionRow is one line of retention.csv: one visit to one
// configuration.
type RetentionRow struct {
	Config     int    // numbered from 1 in the order first met
	ID         uint64 // sim.World.ConfigID
	Visit      int    // the visit's number among this configuration's, from 1
	Kind       string // VisitBirth, VisitNew or VisitReturn
	FirstTrial int    // the visit's first trial
	StartStep  int64  // when it began
	Trials     int    // trials in the visit

	// The visit's first trial (FirstRatio NaN when it did not end at
	// cheese: timed out, stranded or a probe).
	FirstMoves, FirstOptimal int
	FirstRatio               float64
	// Median path ratio of the visit's last five trials (NaN if none ended
	// at cheese).
	Last5Ratio float64

	// What the first trial is held against: for a return, the first trial
	// of this configuration's first visit; for a new configuration, the
	// first trial at birth; for birth, nothing (BaseMoves -1, BaseRatio
	// NaN).
	BaseMoves int
	BaseRatio float64
}

// layout is one configuration as it stood when first met, enough to
// build it again (for probe trials): the maze's cells and edges, its
// start, the cheese spots and the doors.
type layout struct {
	ID             uint64
	Cells, HEdges  []world.Wall
	VEdges         []world.Wall
	Start          world.Cell
	Spots          []world.Cell
	Doors          world.Doors
	FirstStep      int64 // when it was first met
	FirstTrialSeen int   // the trial it was first met at
}

// noteConfig records the configuration the world stands in as that of the
// trial under way: called at a trial's first action.
func (l *Lifetime) noteConfig() {
	w := l.world
	l.cfgTrial = w.Trial()
	id := w.ConfigID()
	i := slices.IndexFunc(l.configs, func(c layout) bool { return c.ID == id })
	if i < 0 {
		cells, h, v := w.Maze().Layout()
		l.configs = append(l.configs, layout{ID: id, Cells: cells, HEdges: h, VEdges: v, Start: w.Maze().Start,
			Spots: slices.Clone(w.Maze().Cheese), Doors: w.Doors(), FirstStep: w.StepCount(), FirstTrialSeen: l.cfgTrial})
		i = len(l.configs) - 1
	}
	l.trialConfig = i + 1
}

// ConfigIDs returns the ids of the configurations met at the start of a
// trial so far, in the order first met: configuration k is ConfigIDs()[k-1].
func (l *Lifetime) ConfigIDs() []uint64 {
	ids := make([]uint64, len(l.configs))
	for i, c := range l.configs {
		ids[i] = c.ID
	}
	return ids
}

// CurrentConfig returns the number of the configuration the trial under
// way began in (0 before its first action).
func (l *Lifetime) CurrentConfig() int { return l.trialConfig }

// Retention returns the lifetime's retention table so far.
func (l *Lifetime) Retention() []RetentionRow { return Retention(l.trials, l.ConfigIDs()) }

// Retention returns the retention table of finished trials (whose Config
// numbers configurations ids[Config-1]): one row per visit, in order.
func Retention(trials []TrialRow, ids []uint64) []RetentionRow {
	var rows []RetentionRow
	visits := map[int]int{}  // configuration → visits so far
	firstOf := map[int]int{} // configuration → index in rows of its first visit
	for i := 0; i < len(trials); {
		j := i + 1
		for j < len(trials) && trials[j].Config == trials[i].Config {
			j++
		}
		c, t := trials[i].Config, trials[i]
		visits[c]++
		r := RetentionRow{Config: c, Visit: visits[c], FirstTrial: t.Trial, StartStep: t.StartStep, Trials: j - i,
			FirstMoves: t.Moves, FirstOptimal: t.Optimal, FirstRatio: t.PathRatio,
			Last5Ratio: medianPathRatio(trials[i:j], 5), BaseMoves: -1, BaseRatio: math.NaN()}
		if c >= 1 && c <= len(ids) {
			r.ID = ids[c-1]
		}
		switch {
		case r.Visit > 1:
			r.Kind = VisitReturn
			b := rows[firstOf[c]]
			r.BaseMoves, r.BaseRatio = b.FirstMoves, b.FirstRatio
		case len(rows) == 0:
			r.Kind = VisitBirth
		default:
			r.Kind = VisitNew
			r.BaseMoves, r.BaseRatio = rows[0].FirstMoves, rows[0].FirstRatio
		}
		if r.Visit == 1 {
			firstOf[c] = len(rows)
		}
		rows = append(rows, r)
		i = j
	}
	return rows
}

// RetentionHeader is the header of retention.csv.
var RetentionHeader = []string{"config", "config_id", "visit", "kind", "first_trial", "start_step", "trials",
	"first_moves", "first_optimal", "first_path_ratio", "last5_path_ratio", "base_moves", "base_path_ratio", "cost"}

// RetentionCSV returns retention.csv: one row per visit. cost is
// first_path_ratio / base_path_ratio: the re-meeting cost of a return, the
// transfer of a new configuration (empty for birth, or when either ratio
// is unknown).
func RetentionCSV(rows []RetentionRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(RetentionHeader)
	for _, r := range rows {
		base := ""
		if r.BaseMoves >= 0 {
			base = strconv.Itoa(r.BaseMoves)
		}
		w.Write([]string{strconv.Itoa(r.Config), fmt.Sprintf("%016x", r.ID), strconv.Itoa(r.Visit), r.Kind,
			strconv.Itoa(r.FirstTrial), strconv.FormatInt(r.StartStep, 10), strconv.Itoa(r.Trials),
			strconv.Itoa(r.FirstMoves), strconv.Itoa(r.FirstOptimal), FormatFloat(r.FirstRatio), FormatFloat(r.Last5Ratio),
			base, FormatFloat(r.BaseRatio), FormatFloat(r.FirstRatio / r.BaseRatio)})
	}
	w.Flush()
	return b.Bytes()
}

// RetentionSummary is summary.json's "retention". Medians leave out
// trials that did not end at cheese; a median over nothing is null.
type RetentionSummary struct {
	Configurations int `json:"configurations"` // met at a trial's start
	Visits         int `json:"visits"`
	Returns        int `json:"returns"`
	// The first trial at birth.
	BirthPathRatio *float64 `json:"birth_path_ratio"`
	// Over returns: the first trial's path ratio and moves on the return,
	// the path ratio of the same configuration's first visit's first
	// trial, and the ratio of the two (the re-meeting cost: 1 = as hard as
	// meeting it the first time, below 1 = something was remembered).
	RemeetPathRatio *float64 `json:"remeet_path_ratio_median"`
	RemeetMoves     *float64 `json:"remeet_moves_median"`
	FirstPathRatio  *float64 `json:"first_meeting_path_ratio_median"`
	RemeetCost      *float64 `json:"remeet_cost_median"`
	// Over new configurations after birth: the first trial's path ratio,
	// and its ratio to the first trial at birth (transfer).
	NewPathRatio *float64 `json:"new_path_ratio_median"`
	Transfer     *float64 `json:"transfer_median"`
	// Over every visit: the median path ratio of its last five trials.
	Last5PathRatio *float64 `json:"last5_path_ratio_median"`
}

// SummariseRetention returns the summary of a retention table (nil for no
// visits).
func SummariseRetention(rows []RetentionRow) *RetentionSummary {
	if len(rows) == 0 {
		return nil
	}
	s := &RetentionSummary{Visits: len(rows)}
	var remeet, moves, first, cost, news, transfer, last5 []float64
	for _, r := range rows {
		s.Configurations = max(s.Configurations, r.Config)
		last5 = append(last5, r.Last5Ratio)
		switch r.Kind {
		case VisitBirth:
			s.BirthPathRatio = optional(r.FirstRatio)
		case VisitReturn:
			s.Returns++
			remeet, moves = append(remeet, r.FirstRatio), append(moves, float64(r.FirstMoves))
			first, cost = append(first, r.BaseRatio), append(cost, r.FirstRatio/r.BaseRatio)
		case VisitNew:
			news, transfer = append(news, r.FirstRatio), append(transfer, r.FirstRatio/r.BaseRatio)
		}
	}
	s.RemeetPathRatio, s.RemeetMoves = medianOf(remeet), medianOf(moves)
	s.FirstPathRatio, s.RemeetCost = medianOf(first), medianOf(cost)
	s.NewPathRatio, s.Transfer = medianOf(news), medianOf(transfer)
	s.Last5PathRatio = medianOf(last5)
	return s
}

// medianOf is the median of the known values, nil if none.
func medianOf(xs []float64) *float64 {
	return optional(Median(slices.DeleteFunc(xs, func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) })))
}

func optional(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// RetentionPlot draws the first trial's path ratio of every visit, one
// line per configuration against the visit's number (1 = first meeting),
// on a log scale, as a PNG.
func RetentionPlot(title string, rows []RetentionRow) ([]byte, error) {
	p := plot.New()
	p.Title.Text = "Retention: first trial of each visit"
	if title != "" {
		p.Title.Text += ": " + title
	}
	p.X.Label.Text = "visit to the configuration"
	p.Y.Label.Text = "first trial's path ratio"
	p.Add(plotter.NewGrid())
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	p.X.Tick.Marker = plot.TickerFunc(integerTicks)
	maxVisit, lo, hi := 1, 1.0, 2.0
	configs := 0
	for _, r := range rows {
		configs = max(configs, r.Config)
	}
	for c := 1; c <= configs; c++ {
		var pts plotter.XYs
		for _, r := range rows {
			if r.Config == c && r.FirstRatio > 0 && !math.IsInf(r.FirstRatio, 0) {
				pts = append(pts, plotter.XY{X: float64(r.Visit), Y: r.FirstRatio})
				maxVisit = max(maxVisit, r.Visit)
				lo, hi = min(lo, r.FirstRatio), max(hi, r.FirstRatio)
			}
		}
		if len(pts) == 0 {
			continue
		}
		ln, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		ln.Color = plotutil.Color(c - 1)
		sc.Color, sc.Shape, sc.Radius = ln.Color, draw.CircleGlyph{}, vg.Points(2)
		p.Add(ln, sc)
		if c <= maxLegendConfigs {
			p.Legend.Add(fmt.Sprintf("config %d", c), ln, sc)
		}
	}
	one, err := plotter.NewLine(plotter.XYs{{X: 1, Y: 1}, {X: float64(maxVisit), Y: 1}})
	if err != nil {
		return nil, err
	}
	one.Color = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	one.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(one)
	p.Legend.Add("shortest path", one)
	p.Legend.Top = true
	p.X.Min, p.X.Max = 0.5, float64(maxVisit)+0.5
	// Room above the lines for the legend (a share of the height per
	// entry, at most 60 %), on the log scale.
	room := math.Min(0.6, 0.05*float64(min(configs, maxLegendConfigs)+2))
	ya, yb := math.Log(lo*0.9), math.Log(hi*1.2)
	p.Y.Min, p.Y.Max = lo*0.9, math.Exp(ya+(yb-ya)/(1-room))
	return plotPNG(p)
}

// maxLegendConfigs is how many configurations the retention plot's
// legend names (the colours repeat after seven anyway).
const maxLegendConfigs = 10

// integerTicks marks whole numbers only.
func integerTicks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	step := math.Max(1, math.Ceil((max-min)/10))
	for x := math.Ceil(min); x <= max; x += step {
		ts = append(ts, plot.Tick{Value: x, Label: strconv.Itoa(int(x))})
	}
	return ts
}
