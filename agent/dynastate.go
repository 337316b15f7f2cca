package agent

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"strings"
)

// dyna's saved state: see marshalFields for the scheme.

func (d *dyna) tag() string {
	maps := ""
	if len(d.models) > 1 {
		maps = fmt.Sprintf(" maps=%d", len(d.models))
	}
	if d.own {
		return fmt.Sprintf("dyna own %dx%d k=%d%s", d.w, d.h, d.k, maps)
	}
	return fmt.Sprintf("dyna %dx%d k=%d%s", d.w, d.h, d.k, maps)
}

func (d *dyna) fields() []any {
	c := &d.ctl
	f := []any{
		&rngState{d.pcg},
		&d.mark, &d.epoch,
		&d.step, &d.x, &d.y, &d.heading, &d.havePose, &d.lastPlace, &d.lastSide,
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
		&b.drX, &b.drY, &b.drOff, &b.drTrust, &b.freshFrom,
	)
	f = append(f, d.mapsFields()...)
	if d.freshMap != nil {
		f = append(f, &d.freshMap.side, &d.freshMap.seen)
	}
	for i := range b.rivals {
		r := &b.rivals[i]
		f = append(f, &r.x, &r.y, &r.ratio, &r.born, &r.afterAte, &r.unmapped, &r.mp, &r.fresh)
	}
	return f
}

// heldTag is the tag of a saved state: with several maps it says how
// many are held and whether the snapshot is kept, so that only those are
// saved (the others are as at birth).
func (d *dyna) heldTag() string {
	if len(d.models) == 1 {
		return d.tag()
	}
	return fmt.Sprintf("%s held=%d snap=%t", d.tag(), d.held, d.judge.snapAt >= 0)
}

func (d *dyna) MarshalState() ([]byte, error) { return marshalFields(d.heldTag(), d.fields()) }

func (d *dyna) UnmarshalState(b []byte) error {
	if len(d.models) > 1 {
		// How many maps the state holds, from its tag, before its fields
		// can be listed.
		var got string
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&got); err != nil {
			return fmt.Errorf("agent state: %w", err)
		}
		var held int
		var snap bool
		rest, ok := strings.CutPrefix(got, d.tag()+" ")
		if _, err := fmt.Sscanf(rest, "held=%d snap=%t", &held, &snap); !ok || err != nil || held < 1 || held > len(d.models) {
			return fmt.Errorf("%w: saved by %q, restoring into %q", ErrStateMismatch, got, d.tag())
		}
		d.held, d.judge.snapAt = held, -1
		if snap {
			d.judge.snapAt = 0
		}
	}
	if err := unmarshalFields(b, d.heldTag(), d.fields()); err != nil {
		return err
	}
	if err := d.checkMaps(); err != nil {
		return err
	}
	errs := []error{sameLen("marks", len(d.mark), d.n), sameLen("sweep marks", len(d.sweptMark), d.n), d.checkPlaces()}
	for _, pm := range d.models {
		errs = append(errs,
			sameLen("map", len(pm.m.side), d.n*4), sameLen("map evidence", len(pm.m.seen), d.n*4),
			sameLen("values", len(pm.q), d.n*4), sameLen("place values", len(pm.v), d.n),
			sameLen("visits", len(pm.visited), d.n), sameLen("visit counts", len(pm.visits), d.n),
			sameLen("rewards", len(pm.enterR), d.n), sameLen("ends", len(pm.terminal), d.n),
			sameLen("queue priorities", len(pm.queue.prio), d.n*4), sameLen("queue positions", len(pm.queue.pos), d.n*4),
			pm.checkQueue(d.n),
		)
	}
	d.placeModel = d.models[d.active]
	return errors.Join(errs...)
}

// checkQueue makes sure a restored heap indexes only pairs that exist, and
// the places a model names are places, so a state that passed the
// checksum but was built wrongly cannot make the planner index out of
// range.
func (pm *placeModel) checkQueue(n int) error {
	q := pm.queue
	if len(q.pairs) > len(q.pos) {
		return fmt.Errorf("%w: %d queued pairs of %d", ErrStateMismatch, len(q.pairs), len(q.pos))
	}
	for i, p := range q.pairs {
		if p < 0 || int(p) >= len(q.pos) || q.pos[p] != int32(i) {
			return fmt.Errorf("%w: planner queue entry %d is inconsistent", ErrStateMismatch, i)
		}
	}
	if err := errors.Join(sameLen("cheese chances", len(pm.food), n), sameLen("meal rewards", len(pm.foodR), n)); err != nil {
		return err
	}
	for _, p := range pm.spots {
		if p < 0 || int(p) >= n {
			return fmt.Errorf("%w: cheese spot %d out of range", ErrStateMismatch, p)
		}
	}
	if pm.lastMeal >= n {
		return fmt.Errorf("%w: place %d out of range", ErrStateMismatch, pm.lastMeal)
	}
	for _, p := range pm.wake.place {
		if p < 0 || int(p) >= n {
			return fmt.Errorf("%w: wake place %d out of range", ErrStateMismatch, p)
		}
	}
	return nil
}

// checkPlaces makes sure the places the agent's own state names exist.
func (d *dyna) checkPlaces() error {
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
	for _, r := range d.bel.rivals[:d.bel.nRivals] {
		if r.mp < 0 || int(r.mp) >= max(d.held, 1) {
			return fmt.Errorf("%w: a rival pose on map %d of %d", ErrStateMismatch, r.mp, d.held)
		}
	}
	return nil
}

func (d *dyna) scratchFields() []string {
	return []string{"scratch", "firstStep", "dist", "view", "rayRest", "rayDir", "rayDirAt", "edgeMark", "edgeEpoch"}
}
