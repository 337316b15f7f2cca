package lab

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

func load(t testing.TB, name string) *world.Scenario {
	t.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestTickEqualsStep: a lifetime driven tick by tick (as the window does)
// is the same lifetime as one driven step by step.
func TestTickEqualsStep(t *testing.T) {
	for _, name := range []string{"theseus", "dyna-maze"} {
		t.Run(name, func(t *testing.T) {
			cfg := Config{Scenario: load(t, name), Agent: "dyna", Steps: 600}
			a, err := NewLifetime(cfg)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := NewLifetime(cfg)
			for !a.Done() {
				if err := a.Step(); err != nil {
					t.Fatal(err)
				}
			}
			for !b.Done() {
				if err := b.Tick(); err != nil {
					t.Fatal(err)
				}
			}
			if a.World().Hash() != b.World().Hash() || a.World().TickCount() != b.World().TickCount() {
				t.Errorf("step-driven hash %x ticks %d, tick-driven hash %x ticks %d", a.World().Hash(), a.World().TickCount(), b.World().Hash(), b.World().TickCount())
			}
			if !bytes.Equal(Deterministic(TrialsFile, TrialsCSV(a.Trials(), nil)), Deterministic(TrialsFile, TrialsCSV(b.Trials(), nil))) {
				t.Errorf("trials differ:\n%s\n%s", TrialsCSV(a.Trials(), nil), TrialsCSV(b.Trials(), nil))
			}
			if !slices.Equal(a.LastTrialPath(), b.LastTrialPath()) || !slices.Equal(a.TrialPath(), b.TrialPath()) {
				t.Errorf("paths differ")
			}
		})
	}
}

// runOut runs cfg into a fresh directory and returns the files' contents.
func runOut(t *testing.T, cfg Config) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if _, err := Run(context.Background(), cfg, Options{Out: dir}); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range OutputFiles {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		// Timing is the only part that may differ between runs.
		files[f] = Deterministic(f, b)
	}
	return files
}

// TestDeterministicOutputs: the same configuration and seed give the same
// files, byte for byte (but for timing); another seed gives others.
func TestDeterministicOutputs(t *testing.T) {
	for _, agentName := range []string{"dyna", "dynaq", "qlearn", "wallfollow", "random"} {
		t.Run(agentName, func(t *testing.T) {
			cfg := Config{Scenario: load(t, "blocking-maze"), Agent: agentName, Steps: 1500, Seed: 3, SeedSet: true}
			a, b := runOut(t, cfg), runOut(t, cfg)
			for _, f := range OutputFiles {
				if !bytes.Equal(a[f], b[f]) {
					t.Errorf("%s differs between two runs with seed 3", f)
				}
			}
			cfg.Seed = 4
			c := runOut(t, cfg)
			if bytes.Equal(a[SummaryFile], c[SummaryFile]) && agentName != "wallfollow" {
				t.Errorf("seeds 3 and 4 gave the same summary")
			}
		})
	}
}

func TestLength(t *testing.T) {
	sc := load(t, "dyna-maze")
	tests := []struct {
		cfg        Config
		wantSteps  int64
		wantTrials int
		wantErr    string
	}{
		{cfg: Config{Scenario: sc, Agent: "wallfollow", Steps: 77}, wantSteps: 77, wantTrials: -1},
		{cfg: Config{Scenario: sc, Agent: "wallfollow", Trials: 3}, wantSteps: -1, wantTrials: 3},
		{cfg: Config{Scenario: sc, Agent: "wallfollow"}, wantErr: "exactly one length"},
		{cfg: Config{Scenario: sc, Agent: "wallfollow", Steps: 5, Trials: 5}, wantErr: "exactly one length"},
		{cfg: Config{Scenario: sc, Agent: "nobody", Steps: 5}, wantErr: `unknown agent "nobody"`},
		{cfg: Config{Scenario: sc, Agent: "dyna", Steps: 5, Set: map[string]string{"sensors.rays": "x"}}, wantErr: "--set sensors.rays=x"},
		{cfg: Config{Scenario: sc, Agent: "dyna", Steps: 5, Set: map[string]string{"rat.radius": "0.3"}}, wantErr: "rat.radius"},
		{cfg: Config{Scenario: sc, Agent: "dyna", Steps: 5, Set: map[string]string{"agent.planning": "-1"}}, wantErr: "agent.planning=-1"},
	}
	for i, tc := range tests {
		res, err := Run(context.Background(), tc.cfg, Options{})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%d: error %v, want one containing %q", i, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%d: %v", i, err)
			continue
		}
		s := res.Summary
		if tc.wantSteps >= 0 && s.Steps != tc.wantSteps {
			t.Errorf("%d: %d steps, want %d", i, s.Steps, tc.wantSteps)
		}
		if tc.wantTrials >= 0 && s.Trials != tc.wantTrials {
			t.Errorf("%d: %d trials, want %d", i, s.Trials, tc.wantTrials)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	dir := t.TempDir()
	res, err := Run(ctx, Config{Scenario: load(t, "theseus"), Agent: "dyna", Steps: 10_000_000}, Options{Out: dir, Progress: func(done, total int64) {
		calls++
		if done > 1000 {
			cancel()
		}
	}})
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("error %v, want ErrStopped", err)
	}
	if res == nil || !res.Summary.StoppedEarly || res.Summary.Steps >= 10_000_000 {
		t.Fatalf("result %+v, want a summary of the part that ran", res)
	}
	if _, err := os.Stat(filepath.Join(dir, SummaryFile)); err != nil {
		t.Errorf("no summary written after a stop: %v", err)
	}
	if calls == 0 {
		t.Errorf("progress never reported")
	}
	// The stopped lifetime was kept, and goes on from where it stopped.
	if want := filepath.Join(dir, CheckpointFile); res.Checkpoint != want {
		t.Fatalf("checkpoint %q, want %q", res.Checkpoint, want)
	}
	l, err := LoadCheckpoint(res.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.World().StepCount(), res.Summary.Steps; got != want {
		t.Errorf("the checkpoint stands at step %d, the run stopped at %d", got, want)
	}
}

// TestRecovery measures the recovery after the blocking maze's change
// with dyna: it must recover, and the numbers must be consistent.
func TestRecovery(t *testing.T) {
	res, err := Run(context.Background(), Config{Scenario: load(t, "blocking-maze"), Agent: "dyna", Steps: 3000}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := res.Lifetime.Events()
	if len(ev) != 1 || ev[0].Step != 1000 {
		t.Fatalf("events %+v, want one at step 1000", ev)
	}
	e := ev[0]
	if e.RecoveryTrials < 0 || e.RecoveryTrials > 3 {
		t.Errorf("recovery after %d trials, want 0..3", e.RecoveryTrials)
	}
	// The three good trials begin RecoverySteps after the change.
	rows := res.Lifetime.Trials()
	var first *TrialRow
	for i := range rows {
		if rows[i].StartStep == 1000+e.RecoverySteps {
			first = &rows[i]
		}
	}
	if first == nil {
		t.Fatalf("no trial starts at step %d", 1000+e.RecoverySteps)
	}
	if first.Trial != e.Trial+1+e.RecoveryTrials || first.PathRatio > RecoveredRatio {
		t.Errorf("first good trial %+v; event %+v", *first, e)
	}
}

func TestMedianPathRatio(t *testing.T) {
	rows := []TrialRow{{PathRatio: 9}, {PathRatio: math.NaN()}, {PathRatio: 1}, {PathRatio: 1.5}, {PathRatio: 2}}
	if got := medianPathRatio(rows, 4); got != 1.5 {
		t.Errorf("medianPathRatio of the last 4 = %v, want 1.5 (NaN skipped)", got)
	}
}

func TestCheckOut(t *testing.T) {
	dir := t.TempDir()
	if err := CheckOut(dir, false); err != nil {
		t.Errorf("empty dir refused: %v", err)
	}
	os.WriteFile(filepath.Join(dir, SummaryFile), []byte("{}"), 0o644)
	if err := CheckOut(dir, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("dir with a summary: %v, want a refusal mentioning --force", err)
	}
	if err := CheckOut(dir, true); err != nil {
		t.Errorf("force refused: %v", err)
	}
}

// TestCurveDecimation: the reward curve stays bounded and keeps evenly
// spaced samples.
func TestCurveDecimation(t *testing.T) {
	l, err := NewLifetime(Config{Scenario: load(t, "dyna-maze"), Agent: "random", Steps: 3 * maxCurvePoints, SampleEvery: 1})
	if err != nil {
		t.Fatal(err)
	}
	for !l.Done() {
		l.Step()
	}
	c := l.Curve()
	if len(c) > maxCurvePoints || len(c) < maxCurvePoints/2 {
		t.Fatalf("%d curve points, want between %d and %d", len(c), maxCurvePoints/2, maxCurvePoints)
	}
	gap := c[1].Step - c[0].Step
	for i, p := range c {
		if p.Step != int64(i+1)*gap {
			t.Fatalf("point %d at step %d, want %d (evenly spaced by %d)", i, p.Step, int64(i+1)*gap, gap)
		}
	}
}

// TestFlatMemory lives a million ticks with wallfollow and checks the heap
// does not grow with the lifetime's length beyond its output rows. It is a
// soak test: skipped with -short and under the race detector (the Makefile
// runs it without).
func TestFlatMemory(t *testing.T) {
	if testing.Short() || racebuild.Enabled {
		t.Skip("soak test")
	}
	sc := load(t, "braid12")
	l, err := NewLifetime(Config{Scenario: sc, Agent: "wallfollow", Steps: 1_000_000 / int64(sc.ControlEvery)})
	if err != nil {
		t.Fatal(err)
	}
	var at10 uint64
	var trialsAt10 int
	for !l.Done() {
		l.Step()
		if l.World().TickCount() >= 100_000 && at10 == 0 {
			at10, trialsAt10 = heap(), len(l.Trials())
		}
	}
	at100 := heap()
	ticks := l.World().TickCount()
	rowBytes := uint64(unsafe.Sizeof(TrialRow{}))
	allowed := uint64(len(l.Trials())-trialsAt10)*rowBytes*2 + 64<<10 // rows (with slice growth) and 64 KiB of noise
	t.Logf("heap after 100k ticks %d B, after %d ticks %d B; %d trials", at10, ticks, at100, len(l.Trials()))
	if at100 > at10+allowed {
		t.Errorf("heap grew from %d to %d bytes over %d ticks; allowed %d (trial rows and noise)", at10, at100, ticks, allowed)
	}
}

// heap returns the bytes of live heap objects after a collection.
func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestDynaMemory: the default agent's memory after a million steps is
// within 10 % of its memory after a hundred thousand (30x30 maze, wheels
// control), with the place sensor and without. A soak test: skipped with
// -short and under -race.
func TestDynaMemory(t *testing.T) {
	if testing.Short() || racebuild.Enabled {
		t.Skip("soak test")
	}
	sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 30, H: 30, Braid: 0.5, Style: world.ThinWalls, Seed: 30})
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []map[string]string{nil, {"sensors.place": "false"}} {
		t.Run("place="+cmp.Or(set["sensors.place"], "true"), func(t *testing.T) {
			l, err := NewLifetime(Config{Scenario: sc, Agent: "dyna", Set: set, Steps: 1_000_000})
			if err != nil {
				t.Fatal(err)
			}
			var at100k uint64
			for !l.Done() {
				l.Step()
				if l.World().StepCount() == 100_000 {
					at100k = heap()
				}
			}
			at1m := heap()
			t.Logf("heap after 100k steps %d B, after 1M steps %d B (%+.1f %%), %d trials", at100k, at1m, 100*(float64(at1m)/float64(at100k)-1), len(l.Trials()))
			if float64(at1m) > 1.1*float64(at100k) {
				t.Errorf("heap grew from %d to %d bytes, more than 10 %%", at100k, at1m)
			}
		})
	}
}

// TestStuckEndsByError is the hang of issue 15 from the front: a step
// event moves the cheese (fine on its own) and a trial event closes the
// only door to it (fine on its own); together they leave the next trial
// nothing to reach. A lifetime of --trials N ends with an error instead of
// running for ever.
func TestStuckEndsByError(t *testing.T) {
	sc, err := world.Parse("stuck.maze", []byte(`---
control: moves
doors: {a: open}
events:
  - {at_step: 3, cheese: [[2, 2]]}
  - {at_trial: 2, close: [a]}
---
S.G
a##
...
`))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), Config{Scenario: sc, Agent: "random", Trials: 20}, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "can never end") || !strings.Contains(err.Error(), "trial 2") {
			t.Errorf("run --trials 20: %v, want the stuck error of trial 2", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("run --trials 20 did not end in 60 s")
	}
}
