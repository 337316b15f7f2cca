package repro

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// reproOwnMap: dyna without the place sensor. It learns from its body's
// senses alone (rays, touch, compass, odometry), on a lattice of its own,
// and must find itself again when carried: after every meal
// (return_to_start) and when kidnapped mid-trial.
func reproOwnMap(ctx context.Context, o Options) (*Report, error) {
	n := o.seeds(20, 4)
	placeOff := map[string]string{"sensors.place": "false"}
	var groups []group
	// Wheels control: Theseus and the braided 12x12 maze, lived for about
	// sixteen trials (trials are longer in the larger maze).
	for _, m := range []struct {
		name  string
		steps int64
	}{{"theseus", 4000}, {"braid12", 12000}} {
		sc, err := builtin(m.name)
		if err != nil {
			return nil, err
		}
		groups = append(groups, group{m.name, lab.Config{Scenario: sc, Agent: "dyna", Set: placeOff, Steps: m.steps}})
	}
	dm, err := builtin("dyna-maze")
	if err != nil {
		return nil, err
	}
	groups = append(groups, group{"dyna-maze", lab.Config{Scenario: dm, Agent: "dyna", Set: placeOff, Trials: 50}})
	kid, err := builtin("kidnapped")
	if err != nil {
		return nil, err
	}
	var carry world.Event
	for _, e := range kid.Events {
		if e.Rat != nil {
			carry = e
		}
	}
	if carry.Rat == nil {
		return nil, fmt.Errorf("the kidnapped scenario carries no rat")
	}
	groups = append(groups, group{"kidnapped", lab.Config{Scenario: kid, Agent: "dyna", Steps: carry.AtStep + 2000}})
	res, err := runGroups(ctx, o, n, groups)
	if err != nil {
		return nil, err
	}

	rep := &Report{Seeds: n}
	for i, name := range []string{"theseus", "braid12"} {
		rs := res[i]
		found := 0
		for _, r := range rs {
			if len(r.Lifetime.Trials()) > 0 {
				found++
			}
		}
		ratio := medianOf(rs, func(r *lab.Result) float64 { return medianRatioFrom(r.Lifetime.Trials(), 3) })
		lost := medianOf(rs, func(r *lab.Result) float64 { return lostFrom(r.Lifetime.Trials(), 3) })
		rep.Checks = append(rep.Checks,
			Check{Measure: name + ", wheels: lifetimes that found the cheese in trial 1", Ours: float64(found), Unit: fmt.Sprintf("of %d", n),
				Published: "", Band: fmt.Sprint(n), OK: found == n},
			Check{Measure: name + ", wheels: median path ratio from trial 3", Ours: ratio, Band: "≤ 1.15", OK: ratio <= 1.15},
			Check{Measure: name + ", wheels: share of steps lost from trial 3", Ours: lost, Band: "≤ 0.02", OK: lost <= 0.02},
		)
		ratios, losts := make([][]float64, len(rs)), make([][]float64, len(rs))
		for j, r := range rs {
			for _, t := range r.Lifetime.Trials() {
				ratios[j] = append(ratios[j], t.PathRatio)
				losts[j] = append(losts[j], t.Lost)
			}
		}
		mean, _ := perTrial(ratios, 16)
		lmean, _ := perTrial(losts, 16)
		rep.Series = append(rep.Series,
			Series{Name: name + " path ratio", X: "trial", Y: "path ratio (mean); share of steps lost (mean)", Xs: seq(16), Ys: mean},
			Series{Name: name + " lost", X: "trial", Y: "path ratio (mean); share of steps lost (mean)", Xs: seq(16), Ys: lmean, Dashed: true})
	}

	steps := trialSteps(res[2])
	_, med := perTrial(steps, 50)
	later := slices.Max(med[1:])
	rep.Checks = append(rep.Checks,
		Check{Measure: "dyna-maze, moves: median steps of trial 1 (finding the cheese)", Ours: med[0], Unit: "steps", Info: true},
		Check{Measure: "dyna-maze, moves: largest median steps of trials 2-50", Ours: later, Unit: "steps",
			Published: "14 (the shortest path)", Band: "14", OK: later == 14})

	kidRes := res[3]
	relocalise := make([]float64, len(kidRes))
	next := make([]float64, len(kidRes))
	for j, r := range kidRes {
		relocalise[j], next[j] = math.Inf(1), math.NaN()
		for _, e := range r.Lifetime.Events() {
			if e.Carried && e.RelocaliseSteps >= 0 {
				relocalise[j] = float64(e.RelocaliseSteps)
			}
		}
		for _, t := range r.Lifetime.Trials() {
			if t.StartStep > carry.AtStep {
				next[j] = t.PathRatio
				break
			}
		}
	}
	relo, nextRatio := lab.Median(relocalise), lab.Median(next)
	relocalised := 0
	for _, x := range relocalise {
		if x <= 50 {
			relocalised++
		}
	}
	rep.Checks = append(rep.Checks,
		Check{Measure: fmt.Sprintf("kidnapped at step %d: median steps until its belief is right again", carry.AtStep), Ours: relo, Unit: "steps",
			Band: "≤ 50", OK: relo <= 50},
		Check{Measure: "kidnapped: lifetimes relocalised within 50 steps", Ours: float64(relocalised), Unit: fmt.Sprintf("of %d", n), Info: true},
		Check{Measure: "kidnapped: median path ratio of the next trial", Ours: nextRatio, Band: "≤ 1.2", OK: nextRatio <= 1.2},
	)
	return rep, nil
}

// medianRatioFrom returns the median path ratio of the trials from the
// 1-based trial from on (NaN if none has one).
func medianRatioFrom(rows []lab.TrialRow, from int) float64 {
	var xs []float64
	for _, t := range rows {
		if t.Trial >= from && !math.IsNaN(t.PathRatio) {
			xs = append(xs, t.PathRatio)
		}
	}
	return lab.Median(xs)
}

// lostFrom returns the share of the steps of the trials from the 1-based
// trial from on whose believed place was wrong (NaN if there are none).
func lostFrom(rows []lab.TrialRow, from int) float64 {
	var lost, steps float64
	for _, t := range rows {
		if t.Trial >= from && !math.IsNaN(t.Lost) {
			lost += t.Lost * float64(t.Steps)
			steps += float64(t.Steps)
		}
	}
	if steps == 0 {
		return math.NaN()
	}
	return lost / steps
}

// reproForaging: a task that never resets. The cheese respawns at one of
// the other spots after each meal and the rat goes on from where it ate;
// it cannot sense where the cheese is. The optimal of a trial is what a
// rat that knew would take, so the yardstick is a searcher that knows the
// spots and the rule and visits the other spots in the order that finds
// the cheese soonest on average.
func reproForaging(ctx context.Context, o Options) (*Report, error) {
	sc, err := builtin("foraging")
	if err != nil {
		return nil, err
	}
	n := o.seeds(20, 4)
	const steps = 30000 // about 130 trials: the last 20 are long after every spot is known
	groups := []group{
		{"dyna, place sensor", lab.Config{Scenario: sc, Agent: "dyna", Steps: steps}},
		{"dyna, no place sensor", lab.Config{Scenario: sc, Agent: "dyna", Set: map[string]string{"sensors.place": "false"}, Steps: steps}},
	}
	res, err := runGroups(ctx, o, n, groups)
	if err != nil {
		return nil, err
	}
	searcher := searcherRatios(sc)
	rep := &Report{Seeds: n}
	rep.Checks = append(rep.Checks,
		Check{Measure: "a searcher that visits the other spots in the best order: median path ratio", Ours: lab.Median(searcher), Info: true},
		Check{Measure: "the searcher: mean path ratio", Ours: mean(searcher), Info: true},
	)
	for i, g := range groups {
		rs := res[i]
		med := medianOf(rs, func(r *lab.Result) float64 { return lastRatios(r, 20, lab.Median) })
		avg := medianOf(rs, func(r *lab.Result) float64 { return lastRatios(r, 20, mean) })
		rate := medianOf(rs, func(r *lab.Result) float64 {
			return 1000 * r.Lifetime.World().TotalReward() / float64(r.Lifetime.World().StepCount())
		})
		limit := 1.3
		if i == 1 {
			limit = 1.5
		}
		rep.Checks = append(rep.Checks,
			Check{Measure: g.label + ": median path ratio of the last 20 trials", Ours: med, Band: fmt.Sprintf("≤ %g", limit), OK: med <= limit},
			Check{Measure: g.label + ": mean path ratio of the last 20 trials", Ours: avg, Info: true},
			Check{Measure: g.label + ": reward per 1000 steps", Ours: rate, Info: true},
		)
		rep.Series = append(rep.Series, rewardSeries(g.label, rs, steps))
	}
	return rep, nil
}

// lastRatios returns f of the path ratios of a lifetime's last n trials.
func lastRatios(r *lab.Result, n int, f func([]float64) float64) float64 {
	return f(lab.LastPathRatios(r.Lifetime.Trials(), n))
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// searcherRatios returns the path ratios of a searcher in a respawn
// scenario, one per (spot eaten at, spot the cheese moved to), each pair
// as likely as another: from the spot it ate at it visits the other spots
// in the order that minimises the expected moves until it finds the
// cheese (the cheese is at each with equal chance), and its ratio is the
// moves of that tour up to the cheese over the shortest way there.
// Scenarios with more than eight spots are not searched (nil): the orders
// are too many to try them all.
func searcherRatios(sc *world.Scenario) []float64 {
	var o world.Oracle
	spots := sc.Maze.Cheese
	k := len(spots)
	if k < 2 || k > 8 {
		return nil
	}
	dist := make([][]int, k)
	for i := range spots {
		dist[i] = make([]int, k)
		for j := range spots {
			dist[i][j] = o.Moves(sc.Maze, sc.Doors, spots[i], spots[j:j+1])
		}
	}
	var ratios []float64
	for a := range spots {
		var others []int
		for b := range spots {
			if b != a {
				others = append(others, b)
			}
		}
		best, bestCost := []int(nil), math.Inf(1)
		permute(others, func(order []int) {
			cost, at, run := 0.0, a, 0
			for _, b := range order {
				run += dist[at][b]
				at = b
				cost += float64(run)
			}
			if cost < bestCost {
				best, bestCost = slices.Clone(order), cost
			}
		})
		at, run := a, 0
		for _, b := range best {
			run += dist[at][b]
			at = b
			ratios = append(ratios, float64(run)/float64(dist[a][b]))
		}
	}
	return ratios
}

// permute calls f with every order of xs (Heap's algorithm; xs is
// reordered in place).
func permute(xs []int, f func([]int)) {
	var gen func(n int)
	gen = func(n int) {
		if n <= 1 {
			f(xs)
			return
		}
		for i := 0; i < n-1; i++ {
			gen(n - 1)
			if n%2 == 0 {
				xs[i], xs[n-1] = xs[n-1], xs[i]
			} else {
				xs[0], xs[n-1] = xs[n-1], xs[0]
			}
		}
		gen(n - 1)
	}
	gen(len(xs))
}
