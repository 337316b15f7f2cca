package lab

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// A recording is a lifetime kept compactly for replay: keyframes (the
// content of a checkpoint) every KeyEvery steps, and between them only
// what cannot be recomputed — the interventions, with the tick they came
// at — plus the agent's actions, which replay recomputes and checks, so a
// replay that would drift is caught at the step where it drifts.
//
// The file has the header of every mazerat file; its content is a stream
// of gob-encoded recEntry values. While a lifetime is recorded the header
// is rewritten after every keyframe to vouch (length, SHA-256) for the
// content up to it, so a process that dies leaves a recording readable up
// to its last keyframe; Close seals the whole.
const (
	recordingKind    = "recording"
	recordingVersion = 1
	// DefaultKeyEvery is the default number of steps between keyframes.
	DefaultKeyEvery = 2000
)

type recEntry struct {
	Keyframe []byte      // checkpoint content at a step boundary
	Segment  *recSegment // what happened between two keyframes
	End      int64       // > 0: the recording ends at this step
}

// recSegment holds the steps [From, From+len(Actions)).
type recSegment struct {
	From    int64
	Actions []sim.Action
	Edits   []recEdit
}

// recEdit is an intervention: applied at world tick Tick, inside step
// Step if InStep, else before the agent chose step Step's action.
type recEdit struct {
	Step   int64
	Tick   int64
	InStep bool
	Event  world.Event
}

// recorder writes a lifetime's recording as it is lived.
type recorder struct {
	path  string
	f     *os.File
	hash  hash.Hash
	enc   *gob.Encoder
	n     int64 // content bytes written
	every int64
	seg   recSegment
	err   error
}

// hashWriter counts and hashes what the encoder writes on its way to the
// file.
type hashWriter struct{ r *recorder }

func (h hashWriter) Write(p []byte) (int, error) {
	n, err := h.r.f.Write(p)
	h.r.hash.Write(p[:n])
	h.r.n += int64(n)
	return n, err
}

// Record starts recording the lifetime to path from its current step, with
// a keyframe every `every` steps (DefaultKeyEvery if 0). path must not
// exist unless overwrite. Interventions must go through Apply to be
// recorded. CloseRecording seals the file.
func (l *Lifetime) Record(path string, every int64, overwrite bool) error {
	if l.rec != nil {
		return fmt.Errorf("already recording to %s", l.rec.path)
	}
	if every <= 0 {
		every = DefaultKeyEvery
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if !overwrite {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; choose another file or allow overwriting it", path)
		}
		return err
	}
	r := &recorder{path: path, f: f, hash: sha256.New(), every: every}
	r.enc = gob.NewEncoder(hashWriter{r})
	// An open header: length 0 vouches for nothing until the first keyframe.
	if _, err := f.Write(seal(recordingKind, recordingVersion, nil)); err != nil {
		f.Close()
		return fmt.Errorf("recording %s: %w", path, err)
	}
	l.rec = r
	if err := l.keyframe(); err != nil {
		l.rec = nil
		f.Close()
		return err
	}
	return nil
}

// Recording reports whether the lifetime is being recorded.
func (l *Lifetime) Recording() bool { return l.rec != nil }

// keyframe writes the segment so far and a keyframe at this step, and
// vouches for the file up to here.
func (l *Lifetime) keyframe() error {
	r := l.rec
	if r.err != nil {
		return r.err
	}
	if err := l.flushSegment(); err != nil {
		return err
	}
	content, err := l.checkpointContent()
	if err == nil {
		err = r.enc.Encode(recEntry{Keyframe: content})
	}
	if err == nil {
		err = r.vouch()
	}
	r.seg = recSegment{From: l.world.StepCount(), Actions: r.seg.Actions[:0], Edits: r.seg.Edits[:0]}
	if err != nil {
		r.err = fmt.Errorf("recording %s: %w", r.path, err)
	}
	return r.err
}

func (l *Lifetime) flushSegment() error {
	r := l.rec
	if len(r.seg.Actions) == 0 && len(r.seg.Edits) == 0 {
		return nil
	}
	if err := r.enc.Encode(recEntry{Segment: &r.seg}); err != nil {
		r.err = fmt.Errorf("recording %s: %w", r.path, err)
	}
	return r.err
}

// vouch rewrites the header for the content written so far.
func (r *recorder) vouch() error {
	var h [headerSize]byte
	copy(h[:], seal(recordingKind, recordingVersion, nil))
	binary.BigEndian.PutUint64(h[28:], uint64(r.n))
	copy(h[36:], r.hash.Sum(nil))
	_, err := r.f.WriteAt(h[:], 0)
	return err
}

// CloseRecording ends the recording at the current step boundary (a step
// under way is finished first) and seals the file.
func (l *Lifetime) CloseRecording() error {
	r := l.rec
	if r == nil {
		return nil
	}
	err := l.FinishStep()
	if err == nil {
		err = l.flushSegment()
	}
	if err == nil {
		err = r.enc.Encode(recEntry{End: l.world.StepCount() + 1})
	}
	if err == nil {
		err = r.vouch()
	}
	if err == nil {
		err = r.f.Sync()
	}
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	l.rec = nil
	if r.err != nil {
		return r.err
	}
	if err != nil {
		return fmt.Errorf("recording %s: %w", r.path, err)
	}
	return nil
}

// Apply makes an intervention in the world (a wall toggled, the cheese or
// the rat moved by hand): validated, logged as a world event at this step,
// and kept in the recording if one is being made.
func (l *Lifetime) Apply(e world.Event) error {
	inStep, tick := l.world.InStep(), l.world.TickCount()
	if err := l.world.Apply(e); err != nil {
		return err
	}
	if r := l.rec; r != nil {
		applied := l.world.Applied()
		r.seg.Edits = append(r.seg.Edits, recEdit{Step: l.world.StepCount(), Tick: tick, InStep: inStep, Event: applied[len(applied)-1].Event})
	}
	if !inStep {
		l.collectEvents()
	}
	return nil
}

// Recording is a recorded lifetime opened for replay.
type Recording struct {
	path    string
	keys    []keyframe
	actions []sim.Action // by step - First
	first   int64
	edits   []recEdit
	end     int64 // the last step the recording reaches
	closed  bool
	ignored int64 // bytes after the vouched content
}

type keyframe struct {
	step    int64
	content []byte
}

// OpenRecording reads and checks a whole recording. A recording whose
// process stopped before closing it opens up to its last keyframe;
// Note says so.
func OpenRecording(path string) (*Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := readRecording(data)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	r.path = path
	return r, nil
}

func readRecording(data []byte) (rec *Recording, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, err = nil, fmt.Errorf("%w: the content does not decode (%v)", ErrDamaged, p)
		}
	}()
	var ignored int64
	if len(data) >= headerSize && string(data[:len(fileMagic)]) == fileMagic {
		// An unclosed recording vouches for a prefix of what it holds.
		if n := binary.BigEndian.Uint64(data[28:]); n < uint64(len(data)-headerSize) {
			ignored = int64(uint64(len(data)-headerSize) - n)
			data = data[:headerSize+int(n)]
		}
	}
	content, _, err := unseal(data, recordingKind, recordingVersion)
	if err != nil {
		return nil, err
	}
	if len(content) == 0 {
		return nil, fmt.Errorf("%w: the recording holds nothing yet (the process writing it stopped before its first keyframe)", ErrDamaged)
	}
	r := &Recording{ignored: ignored}
	dec := gob.NewDecoder(bytes.NewReader(content))
	next := int64(-1) // the step the next entry must start at
	for {
		var e recEntry
		if err := dec.Decode(&e); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%w: entry does not decode: %v", ErrDamaged, err)
		}
		switch {
		case e.Keyframe != nil:
			// Only the step is read here: At restores (and checks) the
			// keyframe it starts from, so opening a long recording does
			// not build a world per keyframe.
			step, err := keyframeStep(e.Keyframe)
			if err != nil {
				return nil, fmt.Errorf("keyframe %d: %w", len(r.keys), err)
			}
			if next >= 0 && step != next {
				return nil, fmt.Errorf("%w: keyframe at step %d follows steps up to %d", ErrDamaged, step, next)
			}
			if next < 0 {
				r.first = step
			}
			r.keys = append(r.keys, keyframe{step, e.Keyframe})
			next = step
		case e.Segment != nil:
			if next < 0 || e.Segment.From != next {
				return nil, fmt.Errorf("%w: a segment from step %d where step %d was due", ErrDamaged, e.Segment.From, next)
			}
			for _, ed := range e.Segment.Edits {
				if ed.Step < next || ed.Step > next+int64(len(e.Segment.Actions)) {
					return nil, fmt.Errorf("%w: an intervention at step %d outside its segment", ErrDamaged, ed.Step)
				}
			}
			r.actions = append(r.actions, e.Segment.Actions...)
			r.edits = append(r.edits, e.Segment.Edits...)
			next += int64(len(e.Segment.Actions))
		case e.End > 0:
			if e.End-1 != next {
				return nil, fmt.Errorf("%w: the end marker says step %d, the recording reaches %d", ErrDamaged, e.End-1, next)
			}
			r.closed = true
		default:
			return nil, fmt.Errorf("%w: an empty entry", ErrDamaged)
		}
		if r.closed {
			if dec.Decode(&e) != io.EOF {
				return nil, fmt.Errorf("%w: entries after the end marker", ErrDamaged)
			}
			break
		}
	}
	if len(r.keys) == 0 {
		return nil, fmt.Errorf("%w: the recording has no keyframe", ErrDamaged)
	}
	r.end = next
	if !r.closed {
		// An unclosed recording is vouched for up to its last keyframe;
		// the steps after it were never written out.
		r.end = r.keys[len(r.keys)-1].step
	}
	return r, nil
}

// keyframeStep returns the step of a keyframe's checkpoint content.
func keyframeStep(content []byte) (int64, error) {
	var c struct{ World *sim.Snapshot }
	if err := gob.NewDecoder(bytes.NewReader(content)).Decode(&c); err != nil {
		return 0, fmt.Errorf("%w: the content does not decode: %v", ErrDamaged, err)
	}
	if c.World == nil || c.World.Step < 0 {
		return 0, fmt.Errorf("%w: the keyframe holds no world", ErrDamaged)
	}
	return c.World.Step, nil
}

// First and Last are the first and last steps the recording can show.
func (r *Recording) First() int64 { return r.first }
func (r *Recording) Last() int64  { return r.end }

// Note is "" for a whole recording, else what is missing from it.
func (r *Recording) Note() string {
	if r.closed {
		return ""
	}
	s := fmt.Sprintf("the recording was not closed (its process stopped); it ends at its last keyframe, step %d", r.end)
	if r.ignored > 0 {
		s += fmt.Sprintf("; %d bytes written after it are not vouched for and were ignored", r.ignored)
	}
	return s
}

// Interventions returns the steps at which the recorded lifetime was
// changed by hand, for marking a timeline.
func (r *Recording) Interventions() []int64 {
	var s []int64
	for _, e := range r.edits {
		s = append(s, e.Step)
	}
	return s
}

// At returns the recorded lifetime as it stood at the start of step
// (between steps step-1 and step): its world, its agent's memory, its
// metrics. The lifetime replays on from there with Tick and Step until
// Last; each replayed action is checked against the recorded one.
func (r *Recording) At(step int64) (*Lifetime, error) {
	if step < r.first || step > r.end {
		return nil, fmt.Errorf("step %d: the recording holds steps %d to %d", step, r.first, r.end)
	}
	k := 0
	for i, kf := range r.keys {
		if kf.step <= step {
			k = i
		}
	}
	name, err := checkpointAgent(r.keys[k].content)
	if err != nil {
		return nil, err
	}
	var spec *agent.Spec
	if _, ok := agent.Lookup(name); !ok {
		spec = r.playback(name)
	}
	l, err := resumeContent(r.keys[k].content, spec)
	if err != nil {
		return nil, err
	}
	l.replay = &replay{rec: r}
	l.cfg.Steps, l.cfg.Trials = r.end, 0
	l.cfg.StopAtCriterion = false
	for l.world.StepCount() < step {
		if err := l.Step(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// playback returns the spec of an agent that plays the recorded actions
// back: it stands in for an agent this program cannot build (one given by
// its constructor in another program, or a served world's client), so its
// lifetime replays exactly, without the agent's memory to draw.
func (r *Recording) playback(name string) *agent.Spec {
	return &agent.Spec{Name: name, New: func(agent.Env, agent.Params) (agent.Agent, error) {
		return &playback{name: name, rec: r}, nil
	}}
}

type playback struct {
	name string
	rec  *Recording
}

func (p *playback) Act(obs sim.Observation) sim.Action {
	if i := obs.Step - p.rec.first; i >= 0 && i < int64(len(p.rec.actions)) {
		return p.rec.actions[i]
	}
	return sim.Action{} // past the recording: replayCheck says so
}

func (p *playback) View() agent.View { return agent.View{Name: p.name} }

// MarshalState refuses: the agent's memory is not in this program.
func (p *playback) MarshalState() ([]byte, error) {
	return nil, fmt.Errorf("agent %s is not in this program; its replayed lifetime shows the world but cannot be checkpointed", p.name)
}

// UnmarshalState accepts any state: the actions come from the recording.
func (p *playback) UnmarshalState([]byte) error { return nil }

// replay is a Lifetime's link to the recording it replays.
type replay struct {
	rec  *Recording
	edit int // the next edit that may be due
}

// ErrDiverged is wrapped when a replay departs from its recording (a
// recording made by another version of mazerat, or a damaged one that
// passed its checks).
var ErrDiverged = errors.New("the replay departs from the recording")

// replayBegin is called before the agent acts: edits made between steps.
func (l *Lifetime) replayEdits(inStep bool) error {
	p := l.replay
	edits := p.rec.edits
	for p.edit < len(edits) && edits[p.edit].Tick < l.world.TickCount() {
		p.edit++ // before the keyframe this replay started from
	}
	for p.edit < len(edits) {
		e := edits[p.edit]
		if e.Tick != l.world.TickCount() || e.InStep != inStep || e.Step != l.world.StepCount() {
			return nil
		}
		if err := l.world.Apply(e.Event); err != nil {
			return fmt.Errorf("%w: the intervention of step %d is refused: %v", ErrDiverged, e.Step, err)
		}
		p.edit++
		if !inStep {
			l.collectEvents()
		}
	}
	return nil
}

// replayCheck compares the action the agent chose with the recorded one.
func (l *Lifetime) replayCheck(a sim.Action) error {
	r := l.replay.rec
	i := l.world.StepCount() - r.first
	if i < 0 || i >= int64(len(r.actions)) {
		return fmt.Errorf("step %d is past the end of the recording", l.world.StepCount())
	}
	if r.actions[i] != a {
		return fmt.Errorf("%w at step %d: the agent chose %+v, the recording says %+v", ErrDiverged, l.world.StepCount(), a, r.actions[i])
	}
	return nil
}
