package lab

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/world"
)

// moment is what the replay-equality test compares at a step.
type moment struct {
	x, y, heading float64
	values        []float64
	hash          uint64
}

func momentOf(l *Lifetime) moment {
	x, y, h := l.World().Pose()
	return moment{x, y, h, slices.Clone(l.Agent().View().Value), l.World().Hash()}
}

func (m moment) equal(o moment) bool {
	if m.x != o.x || m.y != o.y || m.heading != o.heading || m.hash != o.hash || len(m.values) != len(o.values) {
		return false
	}
	for i := range m.values {
		if math.Float64bits(m.values[i]) != math.Float64bits(o.values[i]) && !(math.IsNaN(m.values[i]) && math.IsNaN(o.values[i])) {
			return false
		}
	}
	return true
}

// recordTheseus lives a theseus lifetime tick by tick, as the window does,
// recording it, with interventions both between steps and in the middle
// of steps, and returns the moments at every step.
func recordTheseus(t testing.TB, path string, steps, every int64, close bool) map[int64]moment {
	t.Helper()
	l, err := NewLifetime(Config{Scenario: load(t, "theseus"), Agent: "dyna", Steps: steps})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Record(path, every, false); err != nil {
		t.Fatal(err)
	}
	moments := map[int64]moment{l.World().StepCount(): momentOf(l)}
	carried, moved := false, false
	for !l.Done() {
		step := l.World().StepCount()
		switch {
		case step == steps/3 && !l.World().InStep() && !carried:
			carried = true
			if err := l.Apply(world.Event{Rat: &world.Cell{Row: 0, Col: 4}}); err != nil {
				t.Fatal(err)
			}
		case step == steps/2 && l.World().InStep() && l.World().TickCount()%3 == 1 && !moved:
			moved = true
			if err := l.Apply(world.Event{Cheese: []world.Cell{{Row: 4, Col: 0}}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Tick(); err != nil {
			t.Fatal(err)
		}
		if !l.World().InStep() {
			moments[l.World().StepCount()] = momentOf(l)
		}
	}
	if close {
		if err := l.CloseRecording(); err != nil {
			t.Fatal(err)
		}
	}
	return moments
}

// TestReplayEquality: the pose, the trajectory hash and the agent's values
// at step k of a replay are those of the original lifetime at step k, for
// any k, whether reached by seeking or by playing on.
func TestReplayEquality(t *testing.T) {
	steps := int64(1200)
	if racebuild.Enabled {
		steps = 400
	}
	path := filepath.Join(t.TempDir(), "life.mazerec")
	want := recordTheseus(t, path, steps, 150, true)
	rec, err := OpenRecording(path)
	if err != nil {
		t.Fatal(err)
	}
	if rec.First() != 0 || rec.Last() != steps || rec.Note() != "" {
		t.Fatalf("recording holds steps %d..%d (note %q), want 0..%d", rec.First(), rec.Last(), rec.Note(), steps)
	}
	if got := len(rec.Interventions()); got != 2 {
		t.Fatalf("%d interventions recorded, want 2", got)
	}
	for _, k := range []int64{0, 1, 149, 150, 151, steps / 3, steps/3 + 1, steps / 2, steps/2 + 1, steps - 1, steps} {
		l, err := rec.At(k)
		if err != nil {
			t.Fatalf("at %d: %v", k, err)
		}
		if got := momentOf(l); !got.equal(want[k]) {
			t.Fatalf("at %d: pose (%v %v %v) hash %x, want (%v %v %v) %x, or values differ", k, got.x, got.y, got.heading, got.hash, want[k].x, want[k].y, want[k].heading, want[k].hash)
		}
	}
	// Play from the start to the end, tick by tick.
	l, err := rec.At(0)
	if err != nil {
		t.Fatal(err)
	}
	for !l.Done() {
		if err := l.Tick(); err != nil {
			t.Fatal(err)
		}
		if k := l.World().StepCount(); !l.World().InStep() && !momentOf(l).equal(want[k]) {
			t.Fatalf("playing: step %d differs", k)
		}
	}
}

// TestReplayDetectsDivergence: a recording whose actions were altered is
// refused at the step where the replay departs from it.
func TestReplayDetectsDivergence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "life.mazerec")
	recordTheseus(t, path, 300, 100, true)
	rec, err := OpenRecording(path)
	if err != nil {
		t.Fatal(err)
	}
	rec.digests[150] ^= 1
	if _, err := rec.At(199); !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "step 150") {
		t.Fatalf("seek past an altered action: %v", err)
	}
}

// TestRecordingUnclosed: a recording whose process died opens up to its
// last keyframe and says so.
func TestRecordingUnclosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "life.mazerec")
	want := recordTheseus(t, path, 330, 100, false)
	rec, err := OpenRecording(path)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Last() != 300 || !strings.Contains(rec.Note(), "not closed") {
		t.Fatalf("unclosed recording: last %d note %q", rec.Last(), rec.Note())
	}
	l, err := rec.At(300)
	if err != nil {
		t.Fatal(err)
	}
	if !momentOf(l).equal(want[300]) {
		t.Fatalf("step 300 of an unclosed recording differs")
	}
}

// TestRecordingDamage: every byte of a small closed recording flipped, and
// the file cut short, is refused with an error; never a panic.
func TestRecordingDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "life.mazerec")
	recordTheseus(t, path, 60, 30, true)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	eachDamage(data, headerSize, 0x04, func(what string, bad []byte) {
		if _, err := readRecording(bad); err == nil {
			t.Fatalf("%s: accepted", what)
		}
	})
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRecording(path); err == nil || !strings.HasPrefix(err.Error(), path+": ") {
		t.Fatalf("truncated recording: %v", err)
	}
	if _, err := LoadCheckpoint(path); !errors.Is(err, ErrWrongKind) {
		t.Fatalf("a recording loaded as a checkpoint: %v", err)
	}
}

// TestRecordRefusesOverwrite: recording never overwrites a file unasked.
func TestRecordRefusesOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mine.txt")
	if err := os.WriteFile(path, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := NewLifetime(Config{Scenario: load(t, "theseus"), Agent: "dyna", Steps: 10})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Record(path, 0, false); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Record over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Fatalf("the file was changed")
	}
}

func FuzzReadRecording(f *testing.F) {
	path := filepath.Join(f.TempDir(), "life.mazerec")
	recordTheseus(f, path, 40, 20, true)
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:headerSize])
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := readRecording(b)
		if err == nil {
			if _, err := r.At(r.First()); err != nil {
				return
			}
		}
	})
}

// TestSparseKeyframes: with SparseKeyframes, keyframes come at least
// KeyEvery and at most maxKeyGap×KeyEvery steps apart, take no more of
// the file than the steps between them, and the recording grows by under
// 10 bytes a step (the window's fastest speed on braid12, some 60,000
// steps a second here, stays under 1 MB/s); it replays exactly.
func TestSparseKeyframes(t *testing.T) {
	const steps, every = 30000, 1000
	path := filepath.Join(t.TempDir(), "life.mazerec")
	l, err := NewLifetime(Config{Scenario: load(t, "braid12"), Agent: "dyna", Steps: steps})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Record(path, every, false); err != nil {
		t.Fatal(err)
	}
	l.SparseKeyframes()
	for !l.Done() {
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
	}
	hash := l.World().Hash()
	if err := l.CloseRecording(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perStep := float64(st.Size()) / steps; perStep > 10 {
		t.Errorf("the recording holds %.1f bytes a step, want under 10", perStep)
	} else {
		t.Logf("%.1f bytes a step", perStep)
	}
	rec, err := OpenRecording(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.keys) < 3 {
		t.Fatalf("%d keyframes in %d steps", len(rec.keys), steps)
	}
	for i := 1; i < len(rec.keys); i++ {
		gap := rec.keys[i].step - rec.keys[i-1].step
		if gap < every || gap > maxKeyGap*every {
			t.Errorf("keyframes %d and %d are %d steps apart, want %d to %d", i-1, i, gap, every, maxKeyGap*every)
		}
		if kb := len(rec.keys[i-1].content); int64(kb) > 4*gap+64 {
			t.Errorf("keyframe %d holds %d bytes, more than the %d steps after it (4 bytes each)", i-1, kb, gap)
		}
	}
	end, err := rec.At(rec.Last())
	if err != nil {
		t.Fatal(err)
	}
	if end.World().Hash() != hash {
		t.Errorf("replayed to step %d: hash %x, the recorded lifetime had %x", rec.Last(), end.World().Hash(), hash)
	}
}

// TestRecordingOlderRefused: a recording of an older format (its
// keyframes hold checkpoints of an older format) is refused, naming its
// version and why, not replayed into a lifetime that silently differs.
func TestRecordingOlderRefused(t *testing.T) {
	for v := uint32(1); v < recordingVersion; v++ {
		_, err := readRecording(seal(recordingKind, v, nil))
		want := fmt.Sprintf("recording format version %d; this mazerat reads version %d only", v, recordingVersion)
		if !errors.Is(err, ErrOlder) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "checkpoint") {
			t.Errorf("version %d: %v, want ErrOlder saying %q and why", v, err, want)
		}
	}
}
