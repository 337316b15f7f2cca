package repro

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// The T-maze's rewarded alternation and the Morris water maze's probe,
// measured from trials.csv's region columns like the other classic mazes
// (classics.go).

// armsEntered returns the indices of the regions a trial set foot in.
func armsEntered(t lab.TrialRow) []int {
	var in []int
	for i, ticks := range t.RegionTicks {
		if ticks > 0 {
			in = append(in, i)
		}
	}
	return in
}

// baitedArms returns, for each trial of one lifetime in a two-arm maze
// with rearm: other, the index of the region (0 or 1) holding the cheese
// (-1 for trial 1, when both arms are baited). From trial 2 on one
// arm is baited, the other one from the trial before: the baited arm
// alternates. A trial ends where the rat eats, so a trial that entered one
// arm only ate in it; the trials that entered both arms take their arm
// from the alternation. The phase comes from the trials that tell (one
// arm entered, or trial 1 entering one arm, which leaves the other
// baited for trial 2); if they disagree the maze did not alternate.
func baitedArms(rows []lab.TrialRow) ([]int, error) {
	phase := -1 // the arm baited on the even trials
	vote := func(trial, evenArm int) error {
		if phase >= 0 && phase != evenArm {
			return fmt.Errorf("trial %d: the baited arm does not alternate", trial)
		}
		phase = evenArm
		return nil
	}
	for _, t := range rows {
		in := armsEntered(t)
		if len(in) != 1 || t.Probe || t.TimedOut {
			continue
		}
		var err error
		switch {
		case t.Trial == 1:
			err = vote(1, 1-in[0]) // trial 2 is baited on the other arm
		case t.Trial%2 == 0:
			err = vote(t.Trial, in[0])
		default:
			err = vote(t.Trial, 1-in[0])
		}
		if err != nil {
			return nil, err
		}
	}
	if phase < 0 {
		return nil, fmt.Errorf("no trial entered one arm only: the baited arm cannot be told")
	}
	out := make([]int, len(rows))
	for i, t := range rows {
		switch {
		case t.Trial == 1:
			out[i] = -1
		case t.Trial%2 == 0:
			out[i] = phase
		default:
			out[i] = 1 - phase
		}
	}
	return out, nil
}

// reproTMaze: rewarded alternation in a T-maze (Deacon & Rawlins 2006).
// Both arms are baited on trial 1; from then on an arm's cheese comes back
// only when the other's has been eaten, so the rewarded arm alternates.
// The choice is the arm entered first (first_region); it is correct when
// that arm is the baited one.
func reproTMaze(ctx context.Context, o Options) (*Report, error) {
	sc, err := builtin("t-maze")
	if err != nil {
		return nil, err
	}
	if len(sc.Maze.Cheese) != 2 || len(sc.Regions) != 2 || sc.Rearm != world.Other {
		return nil, fmt.Errorf("t-maze: expected two baited arms (%d cheeses), a region for each (%d regions) and rearm: other (%v)",
			len(sc.Maze.Cheese), len(sc.Regions), sc.Rearm)
	}
	// A lifetime is 40 trials of about six moves (a few hundredths of a
	// second of CPU): the reduced run is the full one.
	seeds := o.seeds(20, 20)
	trials, train := 40, 10
	res, err := runGroups(ctx, o, seeds, []group{{"dyna", lab.Config{Scenario: sc, Agent: "dyna", Trials: trials}}})
	if err != nil {
		return nil, err
	}
	hit, all := make([]float64, trials), make([]float64, trials)
	both := 0 // trials after training that entered both arms
	for s, r := range res[0] {
		rows := r.Lifetime.Trials()
		baited, err := baitedArms(rows)
		if err != nil {
			return nil, fmt.Errorf("t-maze, seed %d: %w", s+1, err)
		}
		for i, t := range rows {
			if t.Trial < 2 || t.Trial > trials {
				continue
			}
			all[t.Trial-1]++
			if t.FirstRegion == sc.Regions[baited[i]].Name {
				hit[t.Trial-1]++
			}
			if t.Trial > train && len(armsEntered(t)) > 1 {
				both++
			}
		}
	}
	share := func(from, to int) float64 {
		h, a := 0.0, 0.0
		for k := from; k <= to; k++ {
			h, a = h+hit[k-1], a+all[k-1]
		}
		return h / a
	}
	curve := make([]float64, trials-1)
	for k := 2; k <= trials; k++ {
		curve[k-2] = share(k, k)
	}
	trained, early := share(train+1, trials), share(2, train)
	rep := &Report{Seeds: seeds}
	y := "share of lifetimes entering the baited arm first"
	rep.Series = []Series{
		{Name: "dyna", X: "trial", Y: y, Xs: seq(trials)[1:], Ys: curve},
		{Name: "chance", X: "trial", Y: y, Xs: seq(trials)[1:], Ys: slices.Repeat([]float64{0.5}, trials-1), Dashed: true},
	}
	rep.Checks = []Check{
		{Measure: fmt.Sprintf("dyna, trials %d-%d: share whose first arm is the baited one", train+1, trials), Ours: trained,
			Published: "well above chance (0.5)", Band: "≥ 0.8", OK: trained >= 0.8},
		{Measure: fmt.Sprintf("dyna, trials 2-%d (training): share whose first arm is the baited one", train), Ours: early, Info: true},
		{Measure: "dyna, trial 2: share whose first arm is the baited one (not the arm it ate in on trial 1)", Ours: curve[0],
			Published: "rats alternate spontaneously", Info: true},
		{Measure: fmt.Sprintf("dyna, trials %d-%d: share that entered both arms", train+1, trials),
			Ours: float64(both) / sum(all[train:]), Info: true},
		{Measure: "choosing an arm at random", Ours: 0.5, Published: "0.5", Info: true},
	}
	return rep, nil
}

// probeTrial returns the trial an at_trial event of sc makes a probe, or 0.
func probeTrial(sc *world.Scenario) int {
	for _, e := range sc.Events {
		if e.AtTrial > 0 && e.Probe > 0 {
			return e.AtTrial
		}
	}
	return 0
}

// regionShare returns the share of a trial's ticks spent in region i.
func regionShare(t lab.TrialRow, i int) float64 {
	if t.Ticks <= 0 {
		return math.NaN()
	}
	return float64(t.RegionTicks[i]) / float64(t.Ticks)
}

// reproMorris: Morris's water maze, dry. The hidden goal stays in the
// target quadrant; trials start in turn from the four walls; a probe
// trial without the goal measures where the rat searches. The quadrants
// are the scenario's regions: target and three others that tile the arena
// with it.
func reproMorris(ctx context.Context, o Options) (*Report, error) {
	sc, err := builtin("morris")
	if err != nil {
		return nil, err
	}
	probe := probeTrial(sc)
	target := slices.IndexFunc(sc.Regions, func(r world.Region) bool { return r.Name == "target" })
	starts := len(sc.Starts)
	if probe < 2*starts+1 || target < 0 || len(sc.Regions) != 4 || starts == 0 {
		return nil, fmt.Errorf("morris: expected four quadrant regions with one named target, starts, and a probe after at least two rounds of them (probe at trial %d, %d starts, %d regions)",
			probe, starts, len(sc.Regions))
	}
	// A lifetime is 19 trials of about ten steps and a probe of 300 (a
	// twentieth of a second of CPU): the reduced run is the full one. The
	// target share varies much between lifetimes (0.20 to 0.65 over seeds
	// 1-20): fewer seeds would move the median across the band.
	seeds := o.seeds(20, 20)
	// The scenario's probe lasts 300 steps, some forty times a trained
	// escape: the same lifetimes with shorter probes show how the share
	// depends on the probe's length (shown, not judged).
	pi := slices.IndexFunc(sc.Events, func(e world.Event) bool { return e.AtTrial == probe && e.Probe > 0 })
	probeSteps := sc.Events[pi].Probe
	groups := []group{{"dyna", lab.Config{Scenario: sc, Agent: "dyna", Trials: probe}}}
	shorter := []int64{30, 100}
	for _, n := range shorter {
		c := sc.Clone()
		c.Events[pi].Probe = n
		groups = append(groups, group{fmt.Sprintf("dyna, probe %d", n), lab.Config{Scenario: c, Agent: "dyna", Trials: probe}})
	}
	res, err := runGroups(ctx, o, seeds, groups)
	if err != nil {
		return nil, err
	}
	rs := res[0]
	for i, r := range slices.Concat(res...) {
		if rows := r.Lifetime.Trials(); len(rows) < probe || !rows[probe-1].Probe {
			return nil, fmt.Errorf("morris, seed %d: trial %d is not a probe", i%seeds+1, probe)
		}
	}
	// Escape latency: the steps of a block of trials, one from each start
	// (Morris's "day" of four trials), first block against the last before
	// the probe.
	block := func(from int) func(*lab.Result) float64 {
		return func(r *lab.Result) float64 {
			s := 0.0
			for _, t := range r.Lifetime.Trials()[from-1 : from-1+starts] {
				s += float64(t.Steps)
			}
			return s / float64(starts)
		}
	}
	last := probe - starts
	first, final := medianOf(rs, block(1)), medianOf(rs, block(last))
	shares := make([]float64, len(sc.Regions))
	for i := range shares {
		shares[i] = medianOf(rs, func(r *lab.Result) float64 { return regionShare(r.Lifetime.Trials()[probe-1], i) })
	}
	beats := true
	for i, s := range shares {
		if i != target && !(shares[target] > s) {
			beats = false
		}
	}
	rep := &Report{Seeds: seeds}
	steps, optimal := make([][]float64, len(rs)), make([][]float64, len(rs))
	for i, r := range rs {
		for _, t := range r.Lifetime.Trials()[:probe-1] {
			steps[i] = append(steps[i], float64(t.Steps))
			optimal[i] = append(optimal[i], float64(t.Optimal))
		}
	}
	_, med := perTrial(steps, probe-1)
	_, opt := perTrial(optimal, probe-1)
	rep.Series = []Series{
		{Name: "dyna", X: "trial", Y: "escape latency (steps), median", Xs: seq(probe - 1), Ys: med},
		{Name: "shortest path", X: "trial", Y: "escape latency (steps), median", Xs: seq(probe - 1), Ys: opt, Dashed: true},
	}
	rep.Checks = []Check{
		{Measure: fmt.Sprintf("probe (trial %d, %d steps): share of time in the target quadrant, median", probe, probeSteps), Ours: shares[target],
			Published: "far above a quarter", Band: "≥ 0.4", OK: shares[target] >= 0.4},
		{Measure: "probe: target quadrant's share above each other quadrant's (medians)", Ours: b2f(beats),
			Published: "training quadrant preferred", Band: "1 (yes)", OK: beats},
	}
	for i, r := range sc.Regions {
		if i != target {
			rep.Checks = append(rep.Checks, Check{Measure: fmt.Sprintf("probe: share of time in quadrant %s, median", r.Name), Ours: shares[i], Info: true})
		}
	}
	for g, n := range shorter {
		share := medianOf(res[g+1], func(r *lab.Result) float64 { return regionShare(r.Lifetime.Trials()[probe-1], target) })
		rep.Checks = append(rep.Checks, Check{Measure: fmt.Sprintf("the same lifetimes with a probe of %d steps: share of time in the target quadrant, median", n), Ours: share, Info: true})
	}
	rep.Checks = append(rep.Checks,
		Check{Measure: "chance: one quadrant of four", Ours: 0.25, Published: "0.25", Info: true},
		Check{Measure: fmt.Sprintf("escape latency, trials 1-%d (one from each start): mean steps, median over seeds", starts), Ours: first, Unit: "steps", Info: true},
		Check{Measure: fmt.Sprintf("escape latency, trials %d-%d / trials 1-%d", last, probe-1, starts), Ours: final / first, Unit: "x",
			Published: "latency falls over training", Band: "≤ 0.5", OK: final <= 0.5*first},
		Check{Measure: fmt.Sprintf("escape latency, trials %d-%d: mean steps, median over seeds (shortest paths: mean %g)", last, probe-1, meanOf(opt[last-1:probe-1])),
			Ours: final, Unit: "steps", Info: true},
	)
	return rep, nil
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func meanOf(xs []float64) float64 { return sum(xs) / float64(len(xs)) }
