package render

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// recorded lives a dyna lifetime of sc for steps steps, recording it with
// keyframes every every steps, and returns the recording.
func recorded(t *testing.T, sc *world.Scenario, steps, every int64) *lab.Recording {
	t.Helper()
	path := filepath.Join(t.TempDir(), "life.rec")
	_, err := lab.Run(t.Context(), lab.Config{Scenario: sc, Agent: "dyna", Steps: steps},
		lab.Options{Record: path, RecordEvery: every})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := lab.OpenRecording(path)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// sameValues reports whether two value maps are equal (NaN equal to NaN).
func sameValues(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool {
		return x == y || math.IsNaN(x) && math.IsNaN(y)
	})
}

// checkAt checks that the replay App shows the original lifetime at step
// k: the same world (trajectory hash) and the same values in the agent's
// memory, drawn from the App's own view.
func checkAt(t *testing.T, a *App, sc *world.Scenario, k int64) {
	t.Helper()
	if got := a.Lifetime().World().StepCount(); got != k {
		t.Fatalf("replay at step %d, want %d", got, k)
	}
	want := lived(t, sc, k)
	if got, w := a.Lifetime().World().Hash(), want.World().Hash(); got != w {
		t.Errorf("step %d: world hash %x, the original run has %x", k, got, w)
	}
	if x, y, hd := want.World().Pose(); a.obsPose != [3]float64{x, y, hd} {
		t.Errorf("step %d: the App shows the rat at %v, the original run has it at %v", k, a.obsPose, [3]float64{x, y, hd})
	}
	wv := want.Agent().View()
	if !sameValues(a.view.Value, wv.Value) {
		t.Errorf("step %d: the replay's value map differs from the original run's", k)
	}
	if !slices.Equal(a.view.Visits, wv.Visits) || a.view.ModelSize != wv.ModelSize {
		t.Errorf("step %d: the replay's memory (visits, model of %d) differs from the original run's (model of %d)", k, a.view.ModelSize, wv.ModelSize)
	}
}

func TestReplayApp(t *testing.T) {
	sc := builtin(t, "dyna-maze")
	rec := recorded(t, sc, 400, 100)
	opt := DefaultOptions()
	opt.Overlays, opt.Paused, opt.Dir = OverlaysAll, true, t.TempDir()
	a, err := NewReplayApp(rec, 150, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkAt(t, a, sc, 150)
	for _, k := range []int64{320, 40, 41, 399} { // forward in and past a keyframe span, back, one on
		if err := a.GoTo(k); err != nil {
			t.Fatal(err)
		}
		checkAt(t, a, sc, k)
	}
	// Keys: a step back, 100 back, 100 forward (clamped to the recording).
	a.Update(Command{Keys: []Key{"left"}})
	checkAt(t, a, sc, 398)
	a.Update(Command{Keys: []Key{"["}})
	checkAt(t, a, sc, 298)
	a.Update(Command{Keys: []Key{"]", "]"}})
	checkAt(t, a, sc, rec.Last())

	// The timeline: a press and release at its middle jumps there.
	a.Update(Command{Width: testW, Height: testH})
	l := a.layout()
	if l.timeline.W <= 0 || l.timeline.Y < l.board.Bottom() {
		t.Fatalf("timeline %+v, board %+v: want a strip under the board", l.timeline, l.board)
	}
	x0, x1 := timelineTrack(l)
	mid := Point{(x0 + x1) / 2, l.timeline.Y + l.timeline.H/2}
	a.Update(Command{Mouse: Mouse{X: mid.X, Y: mid.Y, In: true, Down: true, Pressed: true}})
	a.Update(Command{Mouse: Mouse{X: mid.X, Y: mid.Y, In: true, Released: true}})
	want := (rec.First() + rec.Last()) / 2
	if got := a.Lifetime().World().StepCount(); got < want-2 || got > want+2 {
		t.Errorf("clicking the timeline's middle went to step %d, want about %d", got, want)
	}
	checkAt(t, a, sc, a.Lifetime().World().StepCount())

	// The board cannot be changed in a replay: a click on a wall is
	// refused and logs nothing.
	events := len(a.Lifetime().World().Applied())
	c := l.cam.centre(world.Cell{Row: 1, Col: 2})
	a.Update(Command{Mouse: Mouse{X: c.X, Y: c.Y, In: true, Down: true, Pressed: true}})
	a.Update(Command{Mouse: Mouse{X: c.X, Y: c.Y, In: true, Released: true}})
	if n := len(a.Lifetime().World().Applied()); n != events {
		t.Errorf("a click on the board in a replay changed the world (%d events, was %d)", n, events)
	}
	if msg, isErr := a.Message(); !isErr || msg == "" {
		t.Errorf("a click on the board in a replay: message %q (error %v), want a refusal", msg, isErr)
	}

	// K saves the replayed lifetime at this step as a checkpoint, which
	// loads as that lifetime.
	a.Update(Command{Keys: []Key{"k"}})
	ck := a.CheckpointPath()
	if ck == "" {
		msg, _ := a.Message()
		t.Fatalf("K in a replay saved nothing: %s", msg)
	}
	back, err := lab.LoadCheckpoint(ck)
	if err != nil {
		t.Fatal(err)
	}
	if back.World().Hash() != a.Lifetime().World().Hash() || back.World().StepCount() != a.Lifetime().World().StepCount() {
		t.Errorf("checkpoint of the replay at step %d: step %d hash %x, want hash %x", a.Lifetime().World().StepCount(),
			back.World().StepCount(), back.World().Hash(), a.Lifetime().World().Hash())
	}

	// Playing runs the recording forward and stops at its end.
	a.Update(Command{Keys: []Key{"space", "0"}})
	for i := 0; i < 100 && !a.Lifetime().Done(); i++ {
		a.Update(Command{})
	}
	if !a.Lifetime().Done() || a.Lifetime().World().StepCount() != rec.Last() {
		t.Errorf("playing to the end: step %d (done %v), want %d", a.Lifetime().World().StepCount(), a.Lifetime().Done(), rec.Last())
	}
	if a.Err() != nil {
		t.Errorf("playing: %v", a.Err())
	}
}

// TestReplayKeysOnlyInReplay: the replay keys do nothing in the window
// on a living lifetime.
func TestReplayKeysOnlyInReplay(t *testing.T) {
	a := newApp(t, builtin(t, "dyna-maze"), 1000, OverlaysDefault, false)
	a.Update(Command{Keys: []Key{"right", "right", "right"}})
	before := a.Lifetime().World().StepCount()
	a.Update(Command{Keys: []Key{"left", "[", "]"}})
	if got := a.Lifetime().World().StepCount(); got != before {
		t.Errorf("replay keys moved a living lifetime from step %d to %d", before, got)
	}
}

// TestReplayRateWhileSeeking: ticks per second counts the ticks the App
// simulated; jumping through a recording with ] is not speed (it showed
// millions while scrubbing).
func TestReplayRateWhileSeeking(t *testing.T) {
	sc := builtin(t, "theseus")
	rec := recorded(t, sc, 3000, 500)
	opt := DefaultOptions()
	opt.Paused = true
	a, err := NewReplayApp(rec, 0, opt)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Duration(0)
	frame := func(ks ...Key) {
		now += time.Second / FramesPerSecond
		a.Update(Command{Keys: ks, Now: now})
	}
	for f := 0; f < 90; f++ {
		var ks []Key
		if f%4 == 0 && f < 80 {
			ks = []Key{"]"}
		}
		frame(ks...)
	}
	if got := a.life.World().StepCount(); got < 1500 {
		t.Fatalf("the replay stands at step %d after 20 jumps of 100", got)
	}
	if r := a.TicksPerSecond(); r != 0 {
		t.Errorf("paused and seeking: %.0f ticks/s, want 0", r)
	}
	// Playing at 4x: about 240 ticks a second.
	keys(a, "space", "3")
	for f := 0; f < 120; f++ {
		frame()
	}
	if r := a.TicksPerSecond(); r < 200 || r > 280 {
		t.Errorf("playing at 4x: %.0f ticks/s, want about 240", r)
	}
}
