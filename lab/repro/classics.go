package repro

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// The classic animal-learning mazes of the library, measured from
// trials.csv's region columns: the path or arm a trial entered first
// (first_region) and the regions it set foot in (ticks_in_<region>).

// blockTrial returns the trial at which an at_trial event of sc closes door
// group l, or 0 if none does.
func blockTrial(sc *world.Scenario, l byte) int {
	for _, e := range sc.Events {
		if e.AtTrial > 0 && slices.Contains(e.Close, l) {
			return e.AtTrial
		}
	}
	return 0
}

// firstShare returns the share of the trials from..to (1-based, both
// included) of every lifetime whose first region is name.
func firstShare(rs []*lab.Result, from, to int, name string) float64 {
	hit, all := 0, 0
	for _, r := range rs {
		for _, t := range r.Lifetime.Trials() {
			if t.Trial >= from && t.Trial <= to {
				all++
				if t.FirstRegion == name {
					hit++
				}
			}
		}
	}
	if all == 0 {
		return math.NaN()
	}
	return float64(hit) / float64(all)
}

// reproTolmanDetour: Tolman & Honzik's three paths. The rat learns the
// maze with every path open; then block A closes path 1 below the point
// where path 2 rejoins it, and later block B closes the common stretch
// above it, which blocks paths 1 and 2 alike. The trials of the blocks and
// the names of the paths come from the scenario's front matter (its
// events and regions); the path a trial takes is the region it entered
// first.
func reproTolmanDetour(ctx context.Context, o Options) (*Report, error) {
	sc, err := builtin("tolman-detour")
	if err != nil {
		return nil, err
	}
	a, b := blockTrial(sc, 'a'), blockTrial(sc, 'b')
	if a == 0 || b <= a+1 {
		return nil, fmt.Errorf("tolman-detour: expected an at_trial event closing door a (block A) and a later one closing door b (block B), found A at trial %d, B at %d", a, b)
	}
	paths := []string{"path1", "path2", "path3"}
	for _, p := range paths {
		if !slices.ContainsFunc(sc.Regions, func(r world.Region) bool { return r.Name == p }) {
			return nil, fmt.Errorf("tolman-detour: expected a region %s", p)
		}
	}
	// A lifetime is 40 short trials (about 0.05 s): the reduced run is
	// the full one.
	seeds := o.seeds(20, 20)
	trials := b + 9
	res, err := runGroups(ctx, o, seeds, []group{{"dyna", lab.Config{Scenario: sc, Agent: "dyna", Trials: trials}}})
	if err != nil {
		return nil, err
	}
	rs := res[0]
	rep := &Report{Seeds: seeds}
	for i, p := range paths {
		ys := make([]float64, trials)
		for k := range ys {
			ys[k] = firstShare(rs, k+1, k+1, p)
		}
		rep.Series = append(rep.Series, Series{Name: p + " first", X: "trial", Y: "share of lifetimes entering the path first", Xs: seq(trials), Ys: ys, Colour: i + 1})
	}
	before := firstShare(rs, a-10, a-1, "path1")
	atA := firstShare(rs, a, a, "path2")
	duringA := firstShare(rs, a+1, b-1, "path2")
	atB := firstShare(rs, b, b, "path3")
	atB2 := firstShare(rs, b, trials, "path2")
	afterB := firstShare(rs, b+1, trials, "path3")
	rep.Checks = []Check{
		{Measure: fmt.Sprintf("all paths open (trials %d-%d): share taking path 1 (8 moves)", a-10, a-1), Ours: before,
			Published: "preference by length: path 1", Band: "≥ 0.9", OK: before >= 0.9},
		{Measure: fmt.Sprintf("block A (trial %d, its first): share taking path 2", a), Ours: atA,
			Published: "back, then path 2", Band: "≥ 0.8", OK: atA >= 0.8},
		{Measure: fmt.Sprintf("block A (trials %d-%d): share taking path 2", a+1, b-1), Ours: duringA,
			Published: "path 2", Band: "≥ 0.9", OK: duringA >= 0.9},
		{Measure: fmt.Sprintf("block B (trial %d, its first): share taking path 3, not path 2", b), Ours: atB,
			Published: "path 3: 9 of 10 rats", Band: "≥ 0.8", OK: atB >= 0.8},
		{Measure: fmt.Sprintf("block B (trials %d-%d): share taking path 2 (blocked by B too)", b, trials), Ours: atB2,
			Published: "1 of 10 rats did not take path 3", Band: "≤ 0.1", OK: atB2 <= 0.1},
		{Measure: fmt.Sprintf("block B (trials %d-%d): share taking path 3", b+1, trials), Ours: afterB,
			Published: "path 3", Band: "≥ 0.9", OK: afterB >= 0.9},
		{Measure: fmt.Sprintf("block B (trial %d): median moves (path 3 is 14)", b), Info: true,
			Ours: medianOf(rs, func(r *lab.Result) float64 { return float64(r.Lifetime.Trials()[b-1].Moves) }), Unit: "moves"},
	}
	return rep, nil
}

// roundChoices returns, for each round of one lifetime in the radial-arm
// maze (arms trials, one pellet each), how many of its first arms entries
// were into an arm still baited. A trial's entries are the arms it set
// foot in; it ends in the arm where it ate, so every entry before that one
// was into an emptied arm.
func roundChoices(rows []lab.TrialRow, arms int) []float64 {
	var out []float64
	for k := 0; k+arms <= len(rows); k += arms {
		var seq []bool // true: a baited arm
		for _, t := range rows[k : k+arms] {
			entered := 0
			for _, ticks := range t.RegionTicks {
				if ticks > 0 {
					entered++
				}
			}
			for range max(entered-1, 0) {
				seq = append(seq, false)
			}
			seq = append(seq, true)
		}
		correct := 0
		for _, ok := range seq[:arms] {
			if ok {
				correct++
			}
		}
		out = append(out, float64(correct))
	}
	return out
}

// reproRadialArm: Olton & Samuelson's eight-arm maze, win-shift. Each arm
// is baited once a round; after each pellet the rat is put back on the
// hub. The measure is Olton's: of the first eight arm entries of a round,
// how many were into an arm not yet emptied.
func reproRadialArm(ctx context.Context, o Options) (*Report, error) {
	sc, err := builtin("radial-arm")
	if err != nil {
		return nil, err
	}
	arms := len(sc.Maze.Cheese)
	if arms < 2 || len(sc.Regions) != arms || sc.Rearm != world.AllEaten {
		return nil, fmt.Errorf("radial-arm: expected one region per baited arm (%d arms, %d regions) and rearm: all_eaten", arms, len(sc.Regions))
	}
	seeds := o.seeds(20, 6)
	rounds := 10
	res, err := runGroups(ctx, o, seeds, []group{{"dyna", lab.Config{Scenario: sc, Agent: "dyna", Trials: rounds * arms}}})
	if err != nil {
		return nil, err
	}
	rs := res[0]
	per := make([][]float64, len(rs))
	wrongFirst, later := 0, 0
	for i, r := range rs {
		rows := r.Lifetime.Trials()
		per[i] = roundChoices(rows, arms)
		for k, t := range rows {
			if k%arms == 0 {
				continue // a round's first trial: every arm is baited
			}
			later++
			entered := 0
			for _, ticks := range t.RegionTicks {
				if ticks > 0 {
					entered++
				}
			}
			if entered > 1 {
				wrongFirst++
			}
		}
	}
	mean, _ := perTrial(per, rounds)
	avg := func(from, to int) float64 {
		s := 0.0
		for _, v := range mean[from-1 : to] {
			s += v
		}
		return s / float64(to-from+1)
	}
	early, trained := avg(1, rounds/2), avg(rounds/2+1, rounds)
	// Eight choices drawn at random among eight arms find 8(1 - (7/8)^8)
	// different arms on average.
	chance := float64(arms) * (1 - math.Pow(float64(arms-1)/float64(arms), float64(arms)))
	rep := &Report{Seeds: seeds}
	rep.Series = []Series{
		{Name: "dyna", X: "round (eight pellets)", Y: "baited arms among the first 8 entries, mean", Xs: seq(rounds), Ys: mean},
		{Name: "chance", X: "round (eight pellets)", Y: "baited arms among the first 8 entries, mean", Xs: seq(rounds), Ys: slices.Repeat([]float64{chance}, rounds), Dashed: true},
		{Name: "rats (Olton & Samuelson, days 1-5, 6-10)", X: "round (eight pellets)", Y: "baited arms among the first 8 entries, mean", Xs: seq(rounds),
			Ys: slices.Concat(slices.Repeat([]float64{5.7}, rounds/2), slices.Repeat([]float64{7.6}, rounds-rounds/2)), Dashed: true},
	}
	rep.Checks = []Check{
		{Measure: fmt.Sprintf("dyna, rounds %d-%d: baited arms among the first %d entries", rounds/2+1, rounds, arms), Ours: trained,
			Published: "7.6 (days 6-10); more than 7", Band: "≥ 7", OK: trained >= 7},
		{Measure: fmt.Sprintf("dyna, rounds 1-%d: baited arms among the first %d entries", rounds/2, arms), Ours: early,
			Published: "5.7 (days 1-5)", Info: true},
		{Measure: fmt.Sprintf("choosing among the %d arms at random", arms), Ours: chance, Published: "5.3", Info: true},
		{Measure: "dyna: share of trials (not a round's first) whose first entry is into an emptied arm", Ours: float64(wrongFirst) / float64(max(later, 1)), Info: true},
	}
	return rep, nil
}
