package agent

// placeModel is one map of a world and everything dyna learned on it: the
// walls (gridMap), what entering each place yields, the action values and
// the planner's queue. It is one struct so that an agent can hold several
// (one per world it has met) and switch between them; dyna embeds the one
// in use. Everything in it is indexed by the places of one lattice.
type placeModel struct {
	m        *gridMap
	q        []float64 // place*4 + side
	v        []float64 // max over a place's options of q, kept current
	visited  []int64   // option count of the latest visit, -1 never
	visits   []int32
	enterR   []float64 // reward of the latest step that entered the place
	terminal []bool    // entering the place ended a trial (cheese)
	bumpR    float64   // reward of the latest blocked option
	stepR    float64   // reward of the latest option that entered a place without cheese
	queue    *pairQueue
	clock    int64     // options started while this map was in use: its unit of time
	used     int64     // the step this map was last in use (dynamaps.go)
	refresh  int       // round-robin cursor over pairs
	bank     int       // planning budget saved by quiet steps
	wake     wakeModel // without the place sensor: where the body finds itself after eating

	// Cheese that moves (dynafood.go): where the rat has eaten, the
	// chance of cheese at each such spot now, the reward of a meal there,
	// and how often the next meal was at the same spot or another.
	spots         []int32
	food, foodR   []float64
	lastMeal      int
	mealClock     int64 // option count of the latest meal
	moved, stayed int64
}

// newPlaceModel returns an empty model of a w x h lattice of cells of the
// given size, with every action value q0.
func newPlaceModel(w, h int, cell, q0 float64) *placeModel {
	n := w * h
	pm := &placeModel{
		m:        newGridMap(w, h, cell),
		q:        make([]float64, n*4),
		v:        make([]float64, n),
		visited:  make([]int64, n),
		visits:   make([]int32, n),
		enterR:   make([]float64, n),
		terminal: make([]bool, n),
		queue:    newPairQueue(n * 4),
		food:     make([]float64, n),
		foodR:    make([]float64, n),
		spots:    make([]int32, 0, n),
	}
	pm.reset(q0)
	return pm
}

// reset makes pm the model of a world never met, in place (a map slot
// reused: see dynamaps.go), with every action value q0.
func (pm *placeModel) reset(q0 float64) {
	pm.m.reset()
	for i := range pm.q {
		pm.q[i] = q0
	}
	for p := range pm.v {
		pm.v[p] = q0
		pm.visited[p] = -1
	}
	clear(pm.visits)
	clear(pm.enterR)
	clear(pm.terminal)
	clear(pm.food)
	clear(pm.foodR)
	pm.queue.reset()
	pm.bumpR, pm.stepR = 0, 0
	pm.clock, pm.used, pm.refresh, pm.bank = 0, 0, 0, 0
	pm.wake = wakeModel{}
	pm.spots = pm.spots[:0]
	pm.lastMeal, pm.mealClock, pm.moved, pm.stayed = -1, 0, 0, 0
}

// copyFrom makes pm a copy of o (of the same lattice), allocating
// nothing: the judge's snapshot (dynamaps.go).
func (pm *placeModel) copyFrom(o *placeModel) {
	copy(pm.m.side, o.m.side)
	copy(pm.m.seen, o.m.seen)
	copy(pm.q, o.q)
	copy(pm.v, o.v)
	copy(pm.visited, o.visited)
	copy(pm.visits, o.visits)
	copy(pm.enterR, o.enterR)
	copy(pm.terminal, o.terminal)
	pm.bumpR, pm.stepR = o.bumpR, o.stepR
	pm.queue.pairs = append(pm.queue.pairs[:0], o.queue.pairs...)
	copy(pm.queue.prio, o.queue.prio)
	copy(pm.queue.pos, o.queue.pos)
	pm.clock, pm.used, pm.refresh, pm.bank, pm.wake = o.clock, o.used, o.refresh, o.bank, o.wake
	pm.spots = append(pm.spots[:0], o.spots...)
	copy(pm.food, o.food)
	copy(pm.foodR, o.foodR)
	pm.lastMeal, pm.mealClock, pm.moved, pm.stayed = o.lastMeal, o.mealClock, o.moved, o.stayed
}

// fields are the pointers to pm's state, for dyna's MarshalState.
func (pm *placeModel) fields() []any {
	return []any{
		&pm.m.side, &pm.m.seen,
		&pm.q, &pm.v, &pm.visited, &pm.visits, &pm.enterR, &pm.terminal, &pm.bumpR, &pm.stepR,
		&pm.queue.pairs, &pm.queue.prio, &pm.queue.pos,
		&pm.clock, &pm.used, &pm.refresh, &pm.bank,
		&pm.wake.place, &pm.wake.count, &pm.wake.stay,
		&pm.spots, &pm.food, &pm.foodR, &pm.lastMeal, &pm.mealClock, &pm.moved, &pm.stayed,
	}
}
