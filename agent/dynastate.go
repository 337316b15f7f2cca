package agent

import (
	"errors"
	"fmt"
)

// dyna's saved state: see marshalFields for the scheme.

func (d *dyna) tag() string {
	if d.own {
		return fmt.Sprintf("dyna own %dx%d k=%d", d.w, d.h, d.k)
	}
	return fmt.Sprintf("dyna %dx%d k=%d", d.w, d.h, d.k)
}

func (d *dyna) fields() []any {
	c := &d.ctl
	f := []any{
		&rngState{d.pcg},
		&d.m.side, &d.m.seen,
		&d.q, &d.v, &d.visited, &d.visits, &d.enterR, &d.terminal, &d.bumpR, &d.stepR,
		&d.queue.pairs, &d.queue.prio, &d.queue.pos,
		&d.refresh, &d.bank, &d.mark, &d.epoch,
		&d.step, &d.clock, &d.x, &d.y, &d.heading, &d.havePose, &d.lastPlace, &d.lastSide,
		&c.from, &c.to, &c.side, &c.entered, &c.travelled, &c.progress, &c.stalled, &c.backing, &c.steps,
		&d.optActive, &d.optFrom, &d.optTo, &d.optSide, &d.optReward,
		&d.surprises, &d.nSurprises, &d.swept, &d.sweptMark,
		&d.backups, &d.searchNodes, &d.optTrusted,
	}
	// Without the place sensor: the belief, and where it wakes after meals.
	b := &d.bel
	f = append(f,
		&b.cov, &b.half, &b.score, &b.nRivals, &b.trusted, &b.jumped, &b.unmapped, &b.lostFor,
		&b.headingKnown, &b.ateAt, &b.wakePending, &b.wokeAt, &b.ateFrom, &b.searches, &b.lastSearch, &b.relocalised, &b.contra, &b.prevContra,
		&d.wake.place, &d.wake.count, &d.wake.stay,
		&d.spots, &d.food, &d.foodR, &d.lastMeal, &d.mealClock, &d.moved, &d.stayed,
	)
	for i := range b.rivals {
		r := &b.rivals[i]
		f = append(f, &r.x, &r.y, &r.ratio, &r.born, &r.afterAte, &r.unmapped)
	}
	return f
}

func (d *dyna) MarshalState() ([]byte, error) { return marshalFields(d.tag(), d.fields()) }

func (d *dyna) UnmarshalState(b []byte) error {
	if err := unmarshalFields(b, d.tag(), d.fields()); err != nil {
		return err
	}
	return errors.Join(
		sameLen("map", len(d.m.side), d.n*4), sameLen("map evidence", len(d.m.seen), d.n*4),
		sameLen("values", len(d.q), d.n*4), sameLen("place values", len(d.v), d.n),
		sameLen("visits", len(d.visited), d.n), sameLen("visit counts", len(d.visits), d.n),
		sameLen("rewards", len(d.enterR), d.n), sameLen("ends", len(d.terminal), d.n),
		sameLen("queue priorities", len(d.queue.prio), d.n*4), sameLen("queue positions", len(d.queue.pos), d.n*4),
		sameLen("marks", len(d.mark), d.n), sameLen("sweep marks", len(d.sweptMark), d.n),
		d.checkQueue(),
	)
}

// checkQueue makes sure a restored heap indexes only pairs that exist, so
// a state that passed the checksum but was built wrongly cannot make the
// planner index out of range.
func (d *dyna) checkQueue() error {
	q := d.queue
	if len(q.pairs) > len(q.pos) {
		return fmt.Errorf("%w: %d queued pairs of %d", ErrStateMismatch, len(q.pairs), len(q.pos))
	}
	for i, p := range q.pairs {
		if p < 0 || int(p) >= len(q.pos) || q.pos[p] != int32(i) {
			return fmt.Errorf("%w: planner queue entry %d is inconsistent", ErrStateMismatch, i)
		}
	}
	for p := range d.swept {
		if d.swept[p] < 0 || d.swept[p] >= d.n {
			return fmt.Errorf("%w: swept place %d out of range", ErrStateMismatch, d.swept[p])
		}
	}
	if d.lastPlace >= d.n || d.optFrom >= d.n || d.optTo >= d.n {
		return fmt.Errorf("%w: place out of range", ErrStateMismatch)
	}
	if d.bel.nRivals < 0 || d.bel.nRivals > maxRivals {
		return fmt.Errorf("%w: %d rival poses, at most %d", ErrStateMismatch, d.bel.nRivals, maxRivals)
	}
	if err := errors.Join(sameLen("cheese chances", len(d.food), d.n), sameLen("meal rewards", len(d.foodR), d.n)); err != nil {
		return err
	}
	for _, p := range d.spots {
		if p < 0 || int(p) >= d.n {
			return fmt.Errorf("%w: cheese spot %d out of range", ErrStateMismatch, p)
		}
	}
	if d.lastMeal >= d.n {
		return fmt.Errorf("%w: place %d out of range", ErrStateMismatch, d.lastMeal)
	}
	for _, p := range d.wake.place {
		if p < 0 || int(p) >= d.n {
			return fmt.Errorf("%w: wake place %d out of range", ErrStateMismatch, p)
		}
	}
	return nil
}

func (d *dyna) scratchFields() []string {
	return []string{"scratch", "firstStep", "dist", "view", "rayRest", "rayDir", "rayDirAt"}
}
