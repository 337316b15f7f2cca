package lab

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// A recording is a lifetime kept compactly for replay: keyframes (the
// content of a checkpoint, compressed) at least KeyEvery steps apart, and
// between them only what cannot be recomputed — the interventions, with
// the tick they came at — plus a 32-bit digest of each of the agent's
// actions, which replay recomputes and checks, so a replay that would
// drift is caught at the step where it drifts. An agent the registry
// cannot build again (one given by its constructor, a served world's
// client) cannot recompute its actions: its recording keeps them whole,
// and replay plays them back.
//
// Keyframes grow with the lifetime (they hold its trials and reward
// curve). With SparseKeyframes (the window's recordings), a keyframe
// falls due only when the digests since the last one take as many bytes
// as that keyframe did (or after maxKeyGap times KeyEvery steps), so
// keyframes are at most about half of a file and a recording grows by
// about 8 bytes a step however fast the lifetime runs; otherwise they
// come exactly every KeyEvery steps.
//
// The file has the header of every mazerat file; its content is a stream
// of gob-encoded recEntry values. While a lifetime is recorded the header
// is rewritten after every keyframe to vouch (length, SHA-256) for the
// content up to it, so a process that dies leaves a recording readable up
// to its last keyframe; Close seals the whole.
//
// Version 4 is version 2 (compressed keyframes, digests of actions) with
// keyframes in checkpoint format version 3 (version 3 had them in
// checkpoint version 2); versions 1 to 3 are refused with the reason
// (their keyframes hold agents' memory in older formats).
const (
	recordingKind    = "recording"
	recordingVersion = 4
	// DefaultKeyEvery is the default least number of steps between
	// keyframes.
	DefaultKeyEvery = 2000
	// maxKeyGap bounds the steps between keyframes to this many times
	// KeyEvery, so that a seek in a replay stays quick.
	maxKeyGap = 8
	// maxKeyframe bounds a keyframe's inflated size when reading.
	maxKeyframe = 256 << 20
)

type recEntry struct {
	Packed  []byte      // checkpoint content at a step boundary, compressed with DEFLATE
	Segment *recSegment // what happened between two keyframes
	End     int64       // > 0: the recording ends at this step
}

// recSegment holds the steps [From, From+n): n digests of 4 bytes each,
// big-endian, or n whole actions (an agent the registry cannot rebuild).
type recSegment struct {
	From    int64
	Actions []sim.Action
	Digests []byte
	Edits   []recEdit
}

// steps returns how many steps the segment holds.
func (s *recSegment) steps() int64 {
	if s.Actions != nil {
		return int64(len(s.Actions))
	}
	return int64(len(s.Digests) / 4)
}

// actionDigest is the 32-bit FNV-1a hash of an action's exact bits: what
// a recording keeps of each action to check a replay by.
func actionDigest(a sim.Action) uint32 {
	h := uint32(2166136261)
	for _, v := range [3]uint64{math.Float64bits(a.Left), math.Float64bits(a.Right), uint64(a.Move)} {
		for i := 0; i < 8; i++ {
			h ^= uint32(v & 0xff)
			h *= 16777619
			v >>= 8
		}
	}
	return h
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
	path     string
	f        *os.File
	hash     hash.Hash
	enc      *gob.Encoder
	n        int64 // content bytes written
	every    int64
	whole    bool  // keep whole actions, not digests: the agent cannot be rebuilt by name
	sparse   bool  // keyframes only when the steps since the last outweigh it
	lastKey  int64 // the step of the last keyframe
	keyBytes int   // its size, compressed
	seg      recSegment
	pack     bytes.Buffer
	zw       *flate.Writer
	err      error
}

// add keeps the action that begins a step: whole when the recording
// keeps actions, else its digest.
func (r *recorder) add(a sim.Action) {
	if r.whole {
		r.seg.Actions = append(r.seg.Actions, a)
		return
	}
	r.seg.Digests = binary.BigEndian.AppendUint32(r.seg.Digests, actionDigest(a))
}

// segBytes is about how many bytes the segment under way takes.
func (r *recorder) segBytes() int {
	return len(r.seg.Digests) + 18*len(r.seg.Actions)
}

// due reports whether a keyframe falls due at step (see the note on
// recordings above).
func (r *recorder) due(step int64) bool {
	if !r.sparse {
		return step%r.every == 0
	}
	since := step - r.lastKey
	return since >= r.every && (r.segBytes() >= r.keyBytes || since >= maxKeyGap*r.every)
}

// SparseKeyframes makes the recording being made space its keyframes so
// that they take no more of the file than the steps between them: at
// least KeyEvery steps apart, further when keyframes are big, at most
// maxKeyGap times KeyEvery. The window records this way, so a lifetime
// watched at its fastest speed grows its recording by about 8 bytes a
// step.
func (l *Lifetime) SparseKeyframes() {
	if l.rec != nil {
		l.rec.sparse = true
	}
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
	// An agent the registry cannot build again (one given by its
	// constructor, a served world's client) is played back from its
	// actions: keep them whole. Any other is rebuilt and checked against
	// digests.
	_, registered := agent.Lookup(l.cfg.Agent)
	r := &recorder{path: path, f: f, hash: sha256.New(), every: every, whole: !registered}
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

// RecordingSize returns how many bytes the recording being made holds so
// far (0 when not recording): what the window shows beside its recording
// badge.
func (l *Lifetime) RecordingSize() int64 {
	if l.rec == nil {
		return 0
	}
	return headerSize + l.rec.n
}

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
		err = r.compress(content)
	}
	if err == nil {
		r.keyBytes = r.pack.Len()
		err = r.enc.Encode(recEntry{Packed: r.pack.Bytes()})
	}
	if err == nil {
		err = r.vouch()
	}
	r.lastKey = l.world.StepCount()
	r.seg = recSegment{From: l.world.StepCount(), Digests: r.seg.Digests[:0], Actions: r.seg.Actions[:0], Edits: r.seg.Edits[:0]}
	if err != nil {
		r.err = fmt.Errorf("recording %s: %w", r.path, err)
	}
	return r.err
}

// compress leaves content, DEFLATE-compressed, in r.pack.
func (r *recorder) compress(content []byte) error {
	r.pack.Reset()
	if r.zw == nil {
		zw, err := flate.NewWriter(&r.pack, flate.BestSpeed)
		if err != nil {
			return err
		}
		r.zw = zw
	} else {
		r.zw.Reset(&r.pack)
	}
	if _, err := r.zw.Write(content); err != nil {
		return err
	}
	return r.zw.Close()
}

func (l *Lifetime) flushSegment() error {
	r := l.rec
	if len(r.seg.Digests) == 0 && len(r.seg.Actions) == 0 && len(r.seg.Edits) == 0 {
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
	digests []uint32     // of the actions, by step - First
	actions []sim.Action // the actions themselves, when the recording keeps them (see recorder.whole)
	first   int64
	edits   []recEdit
	end     int64 // the last step the recording reaches
	closed  bool
	ignored int64 // bytes after the vouched content
}

type keyframe struct {
	step    int64
	content []byte // compressed
}

// open returns the keyframe's checkpoint content.
func (k keyframe) open() ([]byte, error) {
	zr := flate.NewReader(bytes.NewReader(k.content))
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, maxKeyframe+1))
	if err != nil {
		return nil, fmt.Errorf("%w: a keyframe does not inflate: %v", ErrDamaged, err)
	}
	if len(out) > maxKeyframe {
		return nil, fmt.Errorf("%w: a keyframe inflates to more than %d bytes", ErrDamaged, maxKeyframe)
	}
	return out, nil
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
	content, err := unseal(data, recordingKind, recordingVersion)
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
		case e.Packed != nil:
			// Only the step is read here: At restores (and checks) the
			// keyframe it starts from, so opening a long recording does
			// not build a world per keyframe.
			kf := keyframe{content: e.Packed}
			content, err := kf.open()
			if err != nil {
				return nil, fmt.Errorf("keyframe %d: %w", len(r.keys), err)
			}
			step, err := keyframeStep(content)
			if err != nil {
				return nil, fmt.Errorf("keyframe %d: %w", len(r.keys), err)
			}
			kf.step = step
			if next >= 0 && step != next {
				return nil, fmt.Errorf("%w: keyframe at step %d follows steps up to %d", ErrDamaged, step, next)
			}
			if next < 0 {
				r.first = step
			}
			r.keys = append(r.keys, kf)
			next = step
		case e.Segment != nil:
			seg := e.Segment
			if next < 0 || seg.From != next {
				return nil, fmt.Errorf("%w: a segment from step %d where step %d was due", ErrDamaged, seg.From, next)
			}
			if len(seg.Digests)%4 != 0 || seg.Actions != nil && seg.Digests != nil {
				return nil, fmt.Errorf("%w: a segment from step %d holds %d actions and %d bytes of digests", ErrDamaged, seg.From, len(seg.Actions), len(seg.Digests))
			}
			for _, ed := range seg.Edits {
				if ed.Step < next || ed.Step > next+seg.steps() {
					return nil, fmt.Errorf("%w: an intervention at step %d outside its segment", ErrDamaged, ed.Step)
				}
			}
			for _, a := range seg.Actions {
				r.digests = append(r.digests, actionDigest(a))
			}
			r.actions = append(r.actions, seg.Actions...)
			for i := 0; i+4 <= len(seg.Digests); i += 4 {
				r.digests = append(r.digests, binary.BigEndian.Uint32(seg.Digests[i:]))
			}
			r.edits = append(r.edits, seg.Edits...)
			next += seg.steps()
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
	content, err := r.keys[k].open()
	if err != nil {
		return nil, err
	}
	name, err := checkpointAgent(content)
	if err != nil {
		return nil, err
	}
	var spec *agent.Spec
	if _, ok := agent.Lookup(name); !ok {
		spec = r.playback(name)
	}
	l, err := resumeContent(content, spec)
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
	if i < 0 || i >= int64(len(r.digests)) {
		return fmt.Errorf("step %d is past the end of the recording", l.world.StepCount())
	}
	if d := actionDigest(a); r.digests[i] != d {
		return fmt.Errorf("%w at step %d: the agent chose %+v (digest %08x), the recording says digest %08x", ErrDiverged, l.world.StepCount(), a, d, r.digests[i])
	}
	return nil
}
