package agent

// Cheese that moves. In a task that never resets (on_cheese: respawn) the
// cheese the rat just ate reappears somewhere else, and the rat cannot see
// where. dyna learns it from its meals: after each meal it notes whether
// the next one was at the same place (the cheese stayed) or another
// (it moved). With no move ever seen the model is the plain one: cheese
// where it was last eaten, until a visit finds it gone ("latest evidence
// wins"), which is what every return_to_start scenario needs.
//
// Once moves are seen, the cheese is a belief over the places where the
// rat has eaten (spots): after a meal at A it stays at A with chance
// 1 - pMove, and is at each other known spot with an equal share of pMove
// (the rest of the world is curiosity's: places never visited). A visit
// that finds a spot empty rules it out, and the others' chances grow by
// Bayes' rule. The planner values entering a spot at its chance of cheese
// times the meal, plus the chance it is empty times going on from there,
// so prioritized sweeping plans a tour of the spots in a good order, and
// replans as they are ruled out. When every known spot is ruled out, the
// cheese is somewhere it was never eaten: the rat searches the places it
// has not entered since its last meal, nearest first (choose).

// foodSearchBelow is the chance of cheese left at the known spots below
// which the rat searches the rest of the maze (choose).
const foodSearchBelow = 0.05

// spotMass returns the chance that the cheese is at one of the known
// spots now.
func (d *dyna) spotMass() float64 {
	m := 0.0
	for _, q := range d.spots {
		if d.terminal[q] {
			return 1
		}
		m += d.food[q]
	}
	return m
}

// pMove is the chance that the cheese is elsewhere at the next meal:
// moves / (moves + stays + 1), 0 until a move is seen.
func (d *dyna) pMove() float64 {
	return float64(d.moved) / float64(d.moved+d.stayed+1)
}

// meal records that entering place t gave reward r with cheese.
func (d *dyna) meal(t int, r float64) {
	if d.lastMeal >= 0 {
		if d.lastMeal == t {
			d.stayed++
		} else {
			d.moved++
		}
	}
	d.lastMeal, d.mealClock = t, d.clock
	if d.foodR[t] == 0 && !d.isSpot(t) {
		d.spots = append(d.spots, int32(t))
	}
	d.foodR[t] = r
	pm := d.pMove()
	if pm == 0 {
		d.enterR[t], d.terminal[t] = r, true
		return
	}
	// The cheese is gone from here with chance pMove, to one of the other
	// spots.
	d.enterR[t], d.terminal[t] = d.stepR, false
	others := float64(len(d.spots) - 1)
	for _, q := range d.spots {
		p := int(q)
		if p == t {
			d.food[p] = 1 - pm
		} else {
			d.food[p] = pm / others
		}
		d.touchPlace(p)
	}
}

// isSpot reports whether the rat has eaten at place p.
func (d *dyna) isSpot(p int) bool {
	for _, q := range d.spots {
		if int(q) == p {
			return true
		}
	}
	return false
}

// foodGone rules out the cheese at place t (entered, nothing eaten), and
// gives its chance to the other spots by Bayes' rule.
func (d *dyna) foodGone(t int) {
	f := d.food[t]
	d.food[t] = 0
	d.touchPlace(t)
	if f >= 1 {
		return
	}
	for _, q := range d.spots {
		if p := int(q); p != t && d.food[p] > 0 {
			d.food[p] = min(1, d.food[p]/(1-f))
			d.touchPlace(p)
		}
	}
}
