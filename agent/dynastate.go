package agent

import (
	"errors"
	"fmt"
)

// dyna's saved state: see marshalFields for the scheme.

func (d *dyna) tag() string { return fmt.Sprintf("dyna %dx%d k=%d", d.w, d.h, d.k) }

func (d *dyna) fields() []any {
	c := &d.ctl
	return []any{
		&rngState{d.pcg},
		&d.m.side, &d.m.seen,
		&d.q, &d.v, &d.visited, &d.visits, &d.enterR, &d.terminal, &d.bumpR, &d.stepR,
		&d.queue.pairs, &d.queue.prio, &d.queue.pos,
		&d.refresh, &d.bank, &d.mark, &d.epoch,
		&d.step, &d.clock, &d.x, &d.y, &d.heading, &d.havePose, &d.lastPlace, &d.lastSide,
		&c.from, &c.to, &c.side, &c.entered, &c.travelled, &c.progress, &c.stalled, &c.backing, &c.steps,
		&d.optActive, &d.optFrom, &d.optTo, &d.optSide, &d.optReward,
		&d.surprises, &d.nSurprises, &d.swept, &d.sweptMark,
		&d.backups, &d.searchNodes,
	}
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
	return nil
}
