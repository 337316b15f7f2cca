package repro

import (
	"context"
	"fmt"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// reproCurriculum: the five 10x10 mazes of the built-in curriculum
// scenario, cycled every curriculumSegment steps (the scenario cycles them
// every 30 000; the repro shortens the segments to fit its CPU budget:
// every maze is learned within a few hundred steps once its map is right).
// dyna with its default several maps, with and without the place sensor,
// against dyna with one map and the place sensor (agent.maps=1, the agent
// before issue 12). The figures are read from each lifetime's trial rows
// and its maze events: a segment is the time between two maze switches,
// its maze named by the event; a trial belongs to the segment it starts
// and ends in (the trial under way at a switch belongs to none).
func reproCurriculum(ctx context.Context, o Options) (*Report, error) {
	sc, err := builtin("curriculum")
	if err != nil {
		return nil, err
	}
	if sc, err = everySteps(sc, curriculumSegment); err != nil {
		return nil, err
	}
	n := o.seeds(10, 2)
	// Two full cycles and the first return: every maze met once new and
	// once again, A three times. Short: one cycle and the return to A.
	seg := int64(curriculumSegment)
	steps, firstCycle := 11*seg, 5*seg
	if o.Short {
		steps = 6 * seg
	}
	placeOff := map[string]string{"sensors.place": "false"}
	groups := []group{
		{"dyna", lab.Config{Scenario: sc, Agent: "dyna", Steps: steps}},
		{"dyna, one map", lab.Config{Scenario: sc, Agent: "dyna", Set: map[string]string{"agent.maps": "1"}, Steps: firstCycle}},
		{"dyna, no place sensor", lab.Config{Scenario: sc, Agent: "dyna", Set: placeOff, Steps: steps}},
	}
	res, err := runGroups(ctx, o, n, groups)
	if err != nil {
		return nil, err
	}
	start := startMazeName(sc)
	segs := make([][][]segment, len(groups))
	for g := range groups {
		for _, r := range res[g] {
			segs[g] = append(segs[g], segments(r.Lifetime.Trials(), r.Lifetime.Events(), r.Lifetime.World().StepCount(), start))
		}
	}
	rep := &Report{Seeds: n}
	curriculumChecks(rep, "", segs[0], segs[1], res[0])
	// Without the place sensor the one-map agent never recovers from the
	// first switch (its belief of where it is fails with its map): the
	// baseline of learning a new maze is the one map with the place
	// sensor, the harder comparison.
	curriculumChecks(rep, "no place sensor: ", segs[2], segs[1], res[2])

	// The figure: steps to learn the maze after each switch, several maps
	// against one (log scale; 0 steps drawn at 1).
	fig := Figure{Title: fmt.Sprintf("Steps to learn the maze after each switch, median of %d seeds", n),
		X: "step of the maze switch", Y: "steps until three trials of path ratio ≤ 1.1 begin", LogY: true}
	for g, name := range []string{"several maps (agent.maps=8)", "one map (agent.maps=1)", "several maps, no place sensor"} {
		sr := Series{Name: name, X: fig.X, Y: fig.Y, Colour: g + 1}
		for i, s := range segs[g][0] {
			if i == 0 {
				continue
			}
			sr.Xs = append(sr.Xs, float64(s.from))
			sr.Ys = append(sr.Ys, math.Max(1, segMedian(segs[g], i, func(s segment) float64 { return s.toLearn })))
			sr.Labels = append(sr.Labels, strings.TrimSuffix(path.Base(s.maze), ".maze"))
		}
		fig.Series = append(fig.Series, sr)
	}
	rep.Series, rep.Figures = fig.Series, []Figure{fig}
	return rep, nil
}

// curriculumSegment is the steps between maze switches in repro
// curriculum.
const curriculumSegment = 10_000

// everySteps returns a copy of scenario sc whose repeating events fire
// every n steps, from step n.
func everySteps(sc *world.Scenario, n int64) (*world.Scenario, error) {
	c := *sc
	c.Events = slices.Clone(sc.Events)
	changed := false
	for i := range c.Events {
		if e := &c.Events[i]; e.Repeats() && e.AtStep > 0 {
			e.AtStep, e.Every, changed = n, n, true
		}
	}
	if !changed {
		return nil, fmt.Errorf("scenario %s has no repeating step event to shorten", sc.Name)
	}
	return &c, nil
}

// curriculumChecks adds the three verdicts of one configuration, its
// lifetimes' segments segs, against the one-map lifetimes' one: the first
// trial on each return, learning a new maze against one map, the last
// five trials of every segment; and the maps it held and switched. prefix
// names the configuration.
func curriculumChecks(rep *Report, prefix string, segs, one [][]segment, res []*lab.Result) {
	// 1. The first trial on each return to a maze met before.
	worst, worstAt := math.Inf(-1), ""
	for i, s := range segs[0] {
		if !s.seen {
			continue
		}
		med := segMedian(segs, i, func(s segment) float64 { return s.firstRatio })
		rep.Checks = append(rep.Checks, Check{Measure: fmt.Sprintf("%sreturn to %s at step %d: median path ratio of the first trial", prefix, s.maze, s.from), Ours: med, Info: true})
		if med > worst || math.IsNaN(med) {
			worst, worstAt = med, fmt.Sprintf("%s at step %d", s.maze, s.from)
		}
	}
	rep.Checks = append(rep.Checks, Check{Measure: prefix + "the worst return (" + worstAt + "): median path ratio of its first trial", Ours: worst, Unit: "x",
		Published: "today about 35 (issue 12)", Band: "≤ 1.5", OK: worst <= 1.5})

	// 2. Learning a maze met for the first time, against one map.
	var sumMaps, sumOne float64
	for i, s := range one[0] {
		if s.seen || i == 0 {
			continue // the first maze is met at birth, the same for both
		}
		a := segMedian(segs, i, func(s segment) float64 { return s.toLearn })
		b := segMedian(one, i, func(s segment) float64 { return s.toLearn })
		sumMaps += a
		sumOne += b
		rep.Checks = append(rep.Checks, Check{Measure: fmt.Sprintf("%snew maze %s at step %d: median steps to learn it, several maps / one map", prefix, s.maze, s.from),
			Ours: a / b, Unit: "x", Info: true})
	}
	rep.Checks = append(rep.Checks, Check{Measure: prefix + "new mazes: median steps to learn them (from the switch until three trials in a row of path ratio ≤ 1.1 begin), summed, several maps / one map",
		Ours: sumMaps / sumOne, Unit: "x", Band: "≤ 1.1", OK: sumMaps <= 1.1*sumOne})

	// 3. No detour held for a segment.
	worst, worstAt = math.Inf(-1), ""
	for i, s := range segs[0] {
		med := segMedian(segs, i, func(s segment) float64 { return s.lastFive })
		if med > worst || math.IsNaN(med) {
			worst, worstAt = med, fmt.Sprintf("%s at step %d", s.maze, s.from)
		}
	}
	rep.Checks = append(rep.Checks, Check{Measure: prefix + "the worst segment (" + worstAt + "): median mean path ratio of its last five trials", Ours: worst, Unit: "x",
		Published: "today 1.44 on returns to C (issue 12)", Band: "≤ 1.1", OK: worst <= 1.1})

	maps := medianOf(res, func(r *lab.Result) float64 { return metric(r, "maps") })
	switches := medianOf(res, func(r *lab.Result) float64 { return metric(r, "map_switches") })
	rep.Checks = append(rep.Checks,
		Check{Measure: prefix + "maps held at the end (five mazes)", Ours: maps, Info: true},
		Check{Measure: fmt.Sprintf("%smap switches (%d maze switches)", prefix, len(segs[0])-1), Ours: switches, Info: true})
}

// segment is one stretch of a lifetime between maze switches.
type segment struct {
	maze       string
	from       int64
	seen       bool    // the maze was met in an earlier segment
	firstRatio float64 // path ratio of the first trial begun in it (NaN: none)
	toLearn    float64 // steps from its start until three trials in a row of ratio ≤ 1.1 begin (the segment's length if never)
	lastFive   float64 // mean path ratio of its last five trials
}

// segments cuts a lifetime of end steps, its trials and events, at its
// maze events (one at the last step begins no segment); start names the
// maze it was born in.
func segments(trials []lab.TrialRow, events []lab.EventRow, end int64, start string) []segment {
	segs := []segment{{maze: start}}
	for _, e := range events {
		if name, ok := strings.CutPrefix(e.What, "maze "); ok && e.Step < end {
			segs = append(segs, segment{maze: name, from: e.Step})
		}
	}
	met := map[string]bool{}
	for i := range segs {
		s := &segs[i]
		s.seen = met[s.maze]
		met[s.maze] = true
		to := end
		if i+1 < len(segs) {
			to = segs[i+1].from
		}
		var rows []lab.TrialRow
		var ratios []float64
		for _, t := range trials {
			if t.StartStep >= s.from && t.EndStep < to {
				rows = append(rows, t)
				ratios = append(ratios, t.PathRatio)
			}
		}
		s.firstRatio, s.lastFive, s.toLearn = math.NaN(), math.NaN(), float64(to-s.from)
		if len(rows) == 0 {
			continue
		}
		s.firstRatio = ratios[0]
		s.lastFive = mean(ratios[max(0, len(ratios)-5):])
		if at := criterionStep(rows, 0); !math.IsInf(at, 1) {
			s.toLearn = at - float64(s.from)
		}
	}
	return segs
}

// segMedian is the median over lifetimes of f of their i-th segment.
func segMedian(lives [][]segment, i int, f func(segment) float64) float64 {
	var v []float64
	for _, l := range lives {
		if i < len(l) {
			v = append(v, f(l[i]))
		}
	}
	return lab.Median(v)
}

// metric returns the last sample of the agent's metric called name (NaN
// when it reports none).
func metric(r *lab.Result, name string) float64 {
	if m, ok := r.Lifetime.Agent().(agent.MetricReporter); ok {
		for _, x := range m.Metrics(nil) {
			if x.Name == name {
				return x.Value
			}
		}
	}
	return math.NaN()
}

// startMazeName names the maze a scenario begins in: the maze event whose
// layout is the scenario's own, or "start".
func startMazeName(sc *world.Scenario) string {
	var walk func(evs []world.Event) string
	walk = func(evs []world.Event) string {
		for _, e := range evs {
			if e.Maze != nil && e.Maze.Maze.Equal(sc.Maze) {
				return e.Maze.Name
			}
			if name := walk(e.Items); name != "" {
				return name
			}
		}
		return ""
	}
	if name := walk(sc.Events); name != "" {
		return name
	}
	return "start"
}
