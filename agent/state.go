package agent

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
)

// Stateful is implemented by agents whose whole memory can be saved and
// restored: model, values, planner queue, exploration state and random
// stream. Restoring into an agent built by New with the same Env and
// parameters makes it continue exactly as the saved one would have, bit
// for bit, so a lifetime survives across sessions (lab checkpoints).
// Every built-in agent is Stateful.
type Stateful interface {
	MarshalState() ([]byte, error)
	UnmarshalState([]byte) error
}

// ErrStateMismatch is wrapped by UnmarshalState errors when the saved
// state does not fit the agent it is restored into (another agent, or
// another maze size).
var ErrStateMismatch = errors.New("saved agent state does not fit this agent")

// An agent lists the pointers to its mutable state once, in fields(), and
// both directions walk that one list: saving and restoring cannot drift
// apart. Each value is gob-encoded on its own, so unexported fields need
// no mirror types; every float is kept bit for bit. The list starts with a
// tag (the agent's name and sizes) checked on restore.
func marshalFields(tag string, fields []any) ([]byte, error) {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(tag); err != nil {
		return nil, err
	}
	if err := enc.Encode(len(fields)); err != nil {
		return nil, err
	}
	for i, f := range fields {
		if err := enc.Encode(f); err != nil {
			return nil, fmt.Errorf("agent state field %d (%T): %w", i, f, err)
		}
	}
	return buf.Bytes(), nil
}

func unmarshalFields(data []byte, tag string, fields []any) error {
	dec := gob.NewDecoder(bytes.NewReader(data))
	var got string
	if err := dec.Decode(&got); err != nil {
		return fmt.Errorf("agent state: %w", err)
	}
	if got != tag {
		return fmt.Errorf("%w: saved by %q, restoring into %q", ErrStateMismatch, got, tag)
	}
	var n int
	if err := dec.Decode(&n); err != nil {
		return fmt.Errorf("agent state: %w", err)
	}
	if n != len(fields) {
		return fmt.Errorf("%w: %d fields saved, %d expected", ErrStateMismatch, n, len(fields))
	}
	for i, f := range fields {
		// gob leaves out zero struct fields, so decode onto zero values:
		// a field the saved agent had cleared must not keep this agent's.
		if _, custom := f.(gob.GobDecoder); !custom {
			reflect.ValueOf(f).Elem().SetZero()
		}
		if err := dec.Decode(f); err != nil {
			return fmt.Errorf("agent state field %d (%T): %w", i, f, err)
		}
	}
	return nil
}

// rngState is a random stream's source, saved as PCG's binary form.
type rngState struct{ pcg *rand.PCG }

func (r rngState) GobEncode() ([]byte, error) { return r.pcg.MarshalBinary() }
func (r *rngState) GobDecode(b []byte) error  { return r.pcg.UnmarshalBinary(b) }

// sameLen checks restored slices against the sizes the agent was built
// with: a state from another maze must not slip in with other lengths.
func sameLen(what string, got, want int) error {
	if got != want {
		return fmt.Errorf("%w: %s has %d entries, this agent %d", ErrStateMismatch, what, got, want)
	}
	return nil
}

// scratcher is implemented by agents with fields that are neither state
// nor fixed at birth: buffers every use starts by clearing, and the
// buffers of View. The state round-trip test compares every other field of
// a restored agent with the saved one's, so a field missing from the state
// list is caught.
type scratcher interface{ scratchFields() []string }

// The state lists. What is left out is fixed at birth (parameters, specs,
// sizes) or scratch that every use starts by clearing (scratchFields).

func (d *dynaQ) tag() string { return fmt.Sprintf("%s places=%d n=%d", d.name, d.places, d.n) }

func (d *dynaQ) fields() []any {
	return []any{
		&rngState{d.pcg},
		&d.q, &d.modelR, &d.modelNext, &d.tried, &d.lastTried, &d.observed, &d.seen,
		&d.step, &d.prev, &d.prevA, &d.view.Visits, &d.backups,
	}
}

// scratchFields: of the View's buffers only Visits is memory (saved).
func (d *dynaQ) scratchFields() []string { return []string{"view"} }

func (d *dynaQ) MarshalState() ([]byte, error) { return marshalFields(d.tag(), d.fields()) }

func (d *dynaQ) UnmarshalState(b []byte) error {
	if err := unmarshalFields(b, d.tag(), d.fields()); err != nil {
		return err
	}
	n := d.places
	errs := []error{
		sameLen("values", len(d.q), n*4), sameLen("model rewards", len(d.modelR), n*4),
		sameLen("model", len(d.modelNext), n*4), sameLen("tried", len(d.tried), n*4),
		sameLen("last tried", len(d.lastTried), n*4), sameLen("seen", len(d.seen), n),
		sameLen("visits", len(d.view.Visits), n),
	}
	for _, s := range d.observed {
		if s < 0 || int(s) >= n {
			errs = append(errs, fmt.Errorf("%w: observed place %d out of range", ErrStateMismatch, s))
			break
		}
	}
	for _, s := range d.modelNext {
		if s < -1 || int(s) >= n {
			errs = append(errs, fmt.Errorf("%w: model place %d out of range", ErrStateMismatch, s))
			break
		}
	}
	if d.prev >= n {
		errs = append(errs, fmt.Errorf("%w: place %d out of range", ErrStateMismatch, d.prev))
	}
	return errors.Join(errs...)
}

func (a *random) MarshalState() ([]byte, error) {
	return marshalFields("random", a.fields())
}

func (a *random) UnmarshalState(b []byte) error { return unmarshalFields(b, "random", a.fields()) }

func (a *random) fields() []any {
	return []any{&rngState{a.pcg}, &a.left, &a.right, &a.remaining}
}

func (a *wallfollow) tag() string {
	return fmt.Sprintf("wallfollow hand=%d rays=%d", a.hand, a.spec.Rays)
}

func (a *wallfollow) fields() []any {
	m, w := &a.mv, &a.wh
	f := []any{
		&m.travel, &m.facing, &m.faced, &m.pending, &m.last, &m.pref, &m.winding, &m.low,
		&m.at.dr, &m.at.dc, &m.at.travel, &m.seeking, &m.blind, &m.started,
	}
	for i := range m.lows {
		f = append(f, &m.lows[i].dr, &m.lows[i].dc, &m.lows[i].travel)
	}
	f = append(f,
		&w.lastU, &w.lastT, &w.psi, &w.mode, &w.resume, &w.then, &w.target, &w.left,
		&w.modeSteps, &w.backSteps, &w.backU, &w.backT, &w.touches, &w.sawWall, &w.lastSide,
		&w.sinceWall, &w.seeking, &w.x, &w.y, &w.winding, &w.low,
		&w.axis, &w.axisKnown, &w.axisDoubt, &w.idleTurns, &w.sinceTurn, &w.bumpTurn,
	)
	for i := range w.lows {
		f = append(f, &w.lows[i].x, &w.lows[i].y, &w.lows[i].quarter)
	}
	return f
}

func (a *wallfollow) MarshalState() ([]byte, error) { return marshalFields(a.tag(), a.fields()) }

func (a *wallfollow) UnmarshalState(b []byte) error { return unmarshalFields(b, a.tag(), a.fields()) }

func (s *stream) tag() string {
	n := s.net
	return fmt.Sprintf("stream in=%d width=%d layers=%d actions=%d mitigation=%s planning=%d",
		n.nIn, n.width, n.layers, s.nA, mitigationNames[s.mit], s.k)
}

// fields lists the stream agent's state; what is left out is fixed at
// birth (parameters, sizes) or scratch rewritten before every use.
func (s *stream) fields() []any {
	f := []any{
		&rngState{s.pcg},
		&s.net.theta, &s.z, &s.theta0,
		&s.cur.in, &s.cur.sigma, &s.cur.out, &s.cur.y, &s.cur.h,
		&s.obsMean, &s.obsP, &s.obsCount, &s.ret, &s.retMean, &s.retP, &s.retCount,
		&s.havePrev, &s.prevA, &s.prevGreedy, &s.step, &s.backups,
		&s.failed, &s.failStep, &s.failWhat, &s.lastTD, &s.lastStepSz,
		&s.util, &s.age, &s.owed, &s.replace,
		&s.lastReward, &s.lastDone, &s.errMean, &s.baseMean,
		&s.feats, &s.absSum, &s.filled, &s.tdSum, &s.gradSum, &s.stepSum, &s.updates, &s.modelSum, &s.modelN,
		&s.dormant, &s.erank, &s.gradNorm, &s.tdErr, &s.stepSz, &s.modelErr,
	}
	if s.k > 0 {
		f = append(f, &s.mnet.theta)
	}
	return f
}

// scratchFields are the stream agent's fields that every use rewrites
// first (forward and backward passes, the sensor vector, the eigensolver's
// workspace) or that are fixed at birth: not state.
func (s *stream) scratchFields() []string {
	return []string{"env", "tgt", "g", "seed", "onehot", "initScratch", "raw", "view", "modelScratch", "diagScratch", "outSum"}
}

func (s *stream) MarshalState() ([]byte, error) { return marshalFields(s.tag(), s.fields()) }

func (s *stream) UnmarshalState(b []byte) error {
	if err := unmarshalFields(b, s.tag(), s.fields()); err != nil {
		return err
	}
	n := s.net
	p := len(n.theta)
	errs := []error{
		sameLen("weights", len(n.theta), mlpSize(n.nIn, n.width, n.layers, s.nA)),
		sameLen("trace", len(s.z), p),
		sameLen("input", len(s.cur.in), n.nIn), sameLen("layer scales", len(s.cur.sigma), n.layers),
		sameLen("values", len(s.cur.out), s.nA),
		sameLen("normaliser means", len(s.obsMean), n.nIn), sameLen("normaliser sums", len(s.obsP), n.nIn),
		sameLen("feature window", len(s.feats), diagWindow*n.width), sameLen("activity sums", len(s.absSum), n.layers*n.width),
		sameLen("layers", len(s.cur.y), n.layers), sameLen("layers", len(s.cur.h), n.layers),
	}
	if s.mit == l2Init {
		errs = append(errs, sameLen("initial weights", len(s.theta0), p))
	}
	for l := range min(len(s.cur.y), len(s.cur.h)) {
		errs = append(errs, sameLen("pre-activations", len(s.cur.y[l]), n.width), sameLen("activations", len(s.cur.h[l]), n.width))
	}
	if s.mit == cbp {
		errs = append(errs, sameLen("utility layers", len(s.util), n.layers), sameLen("age layers", len(s.age), n.layers),
			sameLen("owed replacements", len(s.owed), n.layers))
		for l := range min(len(s.util), len(s.age)) {
			errs = append(errs, sameLen("utilities", len(s.util[l]), n.width), sameLen("ages", len(s.age[l]), n.width))
		}
	}
	if s.k > 0 {
		errs = append(errs, sameLen("model weights", len(s.mnet.theta), mlpSize(s.mnet.nIn, s.mnet.width, 1, s.mnet.nOut)))
	}
	if s.prevA < 0 || s.prevA >= s.nA || s.filled < 0 || s.filled >= diagWindow {
		errs = append(errs, fmt.Errorf("%w: action %d or window fill %d out of range", ErrStateMismatch, s.prevA, s.filled))
	}
	return errors.Join(errs...)
}
