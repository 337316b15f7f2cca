package agent

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// dynaQ is tabular Dyna-Q (and Dyna-Q+, and Q-learning when n = 0) as the
// book gives it, for side-by-side runs with dyna. A trial's end (the rat
// ate) is the book's terminal state: its value is 0. Being carried back to
// the start is not a transition.
type dynaQ struct {
	name                     string
	rng                      *rand.Rand
	pcg                      *rand.PCG // rng's source, kept for MarshalState
	n                        int
	alpha, gamma, eps, kappa float64
	places                   int
	q                        []float64 // place*4 + action
	modelR                   []float64
	modelNext                []int32 // -1: terminal
	tried                    []bool
	lastTried                []int64
	observed                 []int32 // places seen, in the order first seen
	seen                     []bool
	step                     int64
	prev                     int // place where the last action was taken, -1 at birth
	prevA                    world.Side
	view                     View
	backups                  int64 // value updates since birth (Metrics)
}

func newDynaQ(name string, env Env, p Params, planning bool) (Agent, error) {
	d := &dynaQ{name: name}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	if planning {
		d.n, err = p.Int("planning", 0, 1_000_000)
		add(err)
		d.kappa, err = p.Float("kappa", 0, 1e6)
		add(err)
	}
	d.alpha, err = p.Float("alpha", 0, 1)
	add(err)
	d.gamma, err = p.Float("gamma", 0, 1)
	add(err)
	d.eps, err = p.Float("epsilon", 0, 1)
	add(err)
	if env.Act.Control != world.Moves {
		errs = append(errs, fmt.Errorf("%s is tabular and needs moves control, got %v: --set control=moves (front matter control: moves): %w", name, env.Act.Control, ErrUnsupported))
	}
	if !env.Obs.Place {
		errs = append(errs, fmt.Errorf("%s is tabular and needs the place sensor: --set sensors.place=true (front matter sensors: {place: true}), or use dyna, which finds its own places: %w", name, ErrUnsupported))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	n := env.Obs.NumPlaces
	d.places = n
	d.pcg = sim.NewPCG(env.Seed, "agent")
	d.rng = rand.New(d.pcg)
	d.q = make([]float64, n*4)
	d.modelR = make([]float64, n*4)
	d.modelNext = make([]int32, n*4)
	d.tried = make([]bool, n*4)
	d.lastTried = make([]int64, n*4)
	d.seen = make([]bool, n)
	d.prev = -1
	d.view = View{Name: name, Places: n, W: env.Obs.PlaceW, H: env.Obs.PlaceH, Planning: d.n,
		Value: make([]float64, n), Greedy: make([]int8, n), Visits: make([]int32, n)}
	return d, nil
}

func (d *dynaQ) maxQ(s int) float64 {
	q := d.q[s*4 : s*4+4]
	return math.Max(math.Max(q[0], q[1]), math.Max(q[2], q[3]))
}

// Act learns from the last transition, plans, and picks the next action.
func (d *dynaQ) Act(obs sim.Observation) sim.Action {
	d.step = obs.Step
	s := obs.Place
	if d.prev >= 0 {
		pair := d.prev*4 + int(d.prevA)
		next := int32(s)
		target := obs.Reward
		if obs.Ate {
			next = -1
		} else {
			target += d.gamma * d.maxQ(s)
		}
		d.q[pair] += d.alpha * (target - d.q[pair])
		d.backups++
		d.modelR[pair], d.modelNext[pair] = obs.Reward, next
		d.tried[pair] = true
		d.lastTried[pair] = d.step
		d.planning()
	}
	if !d.seen[s] {
		d.seen[s] = true
		d.observed = append(d.observed, int32(s))
	}
	if d.view.Visits[s] < math.MaxInt32 {
		d.view.Visits[s]++
	}
	a := d.choose(s)
	d.prev, d.prevA = s, a
	return sim.Action{Move: a}
}

// planning does n updates on pairs drawn uniformly: a random previously
// observed state, then a random action previously taken there (Dyna-Q+:
// any action; untried ones lead back to the same state with reward 0).
func (d *dynaQ) planning() {
	for i := 0; i < d.n; i++ {
		s := int(d.observed[d.rng.IntN(len(d.observed))])
		var a int
		if d.kappa > 0 {
			a = d.rng.IntN(4)
		} else {
			k, taken := 0, 0
			for b := 0; b < 4; b++ {
				if d.tried[s*4+b] {
					taken++
				}
			}
			if taken == 0 {
				continue // only the current state can have none yet
			}
			k = d.rng.IntN(taken)
			for b := 0; b < 4; b++ {
				if d.tried[s*4+b] {
					if k == 0 {
						a = b
						break
					}
					k--
				}
			}
		}
		pair := s*4 + a
		r, next := 0.0, int32(s)
		if d.tried[pair] {
			r, next = d.modelR[pair], d.modelNext[pair]
		}
		if d.kappa > 0 {
			r += d.kappa * math.Sqrt(float64(d.step-d.lastTried[pair]))
		}
		target := r
		if next >= 0 {
			target += d.gamma * d.maxQ(int(next))
		}
		d.q[pair] += d.alpha * (target - d.q[pair])
		d.backups++
	}
}

// choose is ε-greedy with ties broken at random.
func (d *dynaQ) choose(s int) world.Side {
	if d.rng.Float64() < d.eps {
		return world.Side(d.rng.IntN(4))
	}
	best, n := math.Inf(-1), 0
	var pick int
	for a := 0; a < 4; a++ {
		v := d.q[s*4+a]
		switch {
		case v > best:
			best, n, pick = v, 1, a
		case v == best:
			n++
			if d.rng.IntN(n) == 0 {
				pick = a
			}
		}
	}
	return world.Side(pick)
}

// View returns values and greedy actions of the places seen so far.
func (d *dynaQ) View() View {
	v := &d.view
	for s := 0; s < d.places; s++ {
		if !d.seen[s] {
			v.Value[s], v.Greedy[s] = math.NaN(), -1
			continue
		}
		v.Value[s] = d.maxQ(s)
		best, tie := 0, false
		for a := 1; a < 4; a++ {
			switch q := d.q[s*4+a]; {
			case q > d.q[s*4+best]:
				best, tie = a, false
			case q == d.q[s*4+best]:
				tie = true
			}
		}
		// Tied best values: no preference to show.
		v.Greedy[s] = int8(best)
		if tie {
			v.Greedy[s] = -1
		}
	}
	known := 0
	for _, t := range d.tried {
		if t {
			known++
		}
	}
	v.ModelSize = known
	return *v
}

// Metrics reports the backups done: one per real step and n planning
// updates per step. The book's Dyna-Q searches nothing.
func (d *dynaQ) Metrics(dst []Metric) []Metric {
	return append(dst, Metric{"backups", float64(d.backups)}, Metric{"search_nodes", 0})
}
