//go:build !headless

package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/render"
	"github.com/mazerat/mazerat/world"
)

// The window tests open the real window, so they need an X display: make
// test runs them under xvfb-run and sets MAZERAT_WINDOW_TESTS=1, which
// turns a missing display into a failure rather than a skip.
func needDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("MAZERAT_WINDOW_TESTS") != "" {
			t.Fatal("MAZERAT_WINDOW_TESTS is set but DISPLAY is not: run under xvfb-run")
		}
		t.Skip("no DISPLAY: the window tests run under xvfb-run (make test)")
	}
	if testing.Short() {
		t.Skip("opens the window")
	}
}

var (
	windowOnce sync.Once
	windowBin  string
	windowErr  error
	windowOut  []byte
)

// windowBinary builds the windowed command once.
func windowBinary(t *testing.T) string {
	t.Helper()
	windowOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mazerat-window-test-")
		if err != nil {
			windowErr = err
			return
		}
		windowBin = filepath.Join(dir, "mazerat")
		windowOut, windowErr = exec.Command("go", "build", "-o", windowBin, ".").CombinedOutput()
	})
	if windowErr != nil {
		t.Fatalf("go build: %v\n%s", windowErr, windowOut)
	}
	return windowBin
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// lifetimeAt returns the default lifetime of a scenario ("" for the
// default) lived for ticks ticks.
func lifetimeAt(t *testing.T, scenario string, ticks int64) *lab.Lifetime {
	t.Helper()
	sc, err := resolveScenario(scenario)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lab.NewLifetime(lab.Config{Scenario: sc, Agent: defaultAgent, Steps: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	for l.World().TickCount() < ticks {
		if err := l.Tick(); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// differing returns the fraction of pixels of a and b (same size) whose
// colours differ by more than tol in some channel.
func differing(a, b image.Image, tol int) float64 {
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			for _, d := range []int{int(ar>>8) - int(br>>8), int(ag>>8) - int(bg>>8), int(ab>>8) - int(bb>>8)} {
				if d > tol || d < -tol {
					n++
					break
				}
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// TestWindowScreenshot opens the real window, lets it live a while, and
// checks its picture: not blank, and the same scene the software backend
// draws of the same lifetime at the same tick (one scene description,
// two backends; the window redraws only the tiles that change, so stale
// pixels would show here too).
func TestWindowScreenshot(t *testing.T) {
	needDisplay(t)
	bin := windowBinary(t)
	var b bytes.Buffer
	sc, err := world.Generate(world.GenConfig{Algorithm: "dfs", W: 30, H: 30, Braid: 0.5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := world.Print(&b, sc); err != nil {
		t.Fatal(err)
	}
	maze30 := mazeFile(t, "maze30.maze", b.String())
	for _, tc := range []struct {
		name, scenario string
		speed          string
		ticks          int64
	}{
		{"theseus", "", "4", 240},
		{"30x30", maze30, "16", 1600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			shot := filepath.Join(dir, "window.png")
			args := []string{"watch", "--screenshot", shot, "--after-ticks", strconv.FormatInt(tc.ticks, 10), "--speed", tc.speed, "--overlays", "all"}
			if tc.scenario != "" {
				args = append(args, tc.scenario)
			}
			cmd, out := startMazerat(bin, args...)
			cmd.Dir = dir
			if err := cmd.Run(); err != nil {
				t.Fatalf("watch --screenshot: %v\n%s", err, out)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				t.Errorf("the window left %d files, want only the screenshot: %v", len(entries), entries)
			}
			got := readPNG(t, shot)
			colours := map[[3]uint32]bool{}
			b := got.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y += 3 {
				for x := b.Min.X; x < b.Max.X; x += 3 {
					r, g, bl, _ := got.At(x, y).RGBA()
					colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
				}
			}
			if len(colours) < 50 {
				t.Fatalf("the window's picture has %d colours: blank", len(colours))
			}
			want, err := render.Snapshot(lifetimeAt(t, tc.scenario, tc.ticks), render.SnapshotOptions{Width: b.Dx(), Height: b.Dy(), Overlays: render.OverlaysAll})
			if err != nil {
				t.Fatal(err)
			}
			// The pictures differ where the window measures ticks per
			// second, where the planning wave has faded for a few frames,
			// and in the edge pixels of anti-aliasing (a GPU's fringe
			// against a rasteriser's coverage).
			if d := differing(got, want, 40); d > 0.01 {
				png.Encode(mustCreate(t, filepath.Join(dir, "soft.png")), want)
				t.Errorf("the window's picture differs from the software backend's in %.1f%% of its pixels (want under 1%%); see %s", 100*d, dir)
			} else {
				t.Logf("window against software backend: %.2f%% of pixels differ", 100*d)
			}
		})
	}
}

func mustCreate(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestWindowCheckpointResume: the window saves a checkpoint when it
// closes, watch --resume continues that lifetime, and the lifetime is
// the one a headless run lives (same trajectory hash at the same tick).
// The watched session also records itself, and the recording replays.
func TestWindowCheckpointResume(t *testing.T) {
	needDisplay(t)
	bin := windowBinary(t)
	dir := t.TempDir()
	ck := filepath.Join(dir, "life.mazerat")
	rec := filepath.Join(dir, "life.rec")
	lifeMazerat(t, bin, "watch", "--checkpoint", ck, "--record", rec, "--speed", "8",
		"--screenshot", filepath.Join(dir, "a.png"), "--after-ticks", "300")
	l, err := lab.LoadCheckpoint(ck)
	if err != nil {
		t.Fatal(err)
	}
	ticks := l.World().TickCount()
	if ticks < 300 {
		t.Fatalf("checkpoint at tick %d, want at least 300", ticks)
	}
	if want := lifetimeAt(t, "", ticks).World().Hash(); l.World().Hash() != want {
		t.Errorf("checkpoint from the window: hash %x, a headless lifetime at tick %d has %x", l.World().Hash(), ticks, want)
	}
	// The recording holds the watched steps and replays them exactly.
	r, err := lab.OpenRecording(rec)
	if err != nil {
		t.Fatal(err)
	}
	if r.Note() != "" || r.Last() < l.World().StepCount() {
		t.Errorf("recording: note %q, last step %d, want whole up to step %d", r.Note(), r.Last(), l.World().StepCount())
	}
	lifeMazerat(t, headlessBinary(t), "replay", rec, "--verify")
	// And the replay window opens on it, with its timeline.
	rshot := filepath.Join(dir, "replay.png")
	lifeMazerat(t, bin, "replay", rec, "--at", "10", "--speed", "8", "--overlays", "all",
		"--screenshot", rshot, "--after-ticks", "200")
	if img := readPNG(t, rshot); img.Bounds().Dx() < 400 {
		t.Errorf("replay screenshot %v, want a window-sized picture", img.Bounds())
	}

	// Resume in the window: the checkpoint is written back on close.
	lifeMazerat(t, bin, "watch", "--resume", ck, "--speed", "8",
		"--screenshot", filepath.Join(dir, "b.png"), "--after-ticks", "600")
	l2, err := lab.LoadCheckpoint(ck)
	if err != nil {
		t.Fatal(err)
	}
	ticks2 := l2.World().TickCount()
	if ticks2 < 600 {
		t.Fatalf("resumed checkpoint at tick %d, want at least 600", ticks2)
	}
	if want := lifetimeAt(t, "", ticks2).World().Hash(); l2.World().Hash() != want {
		t.Errorf("resumed in the window: hash %x at tick %d, a straight headless lifetime has %x", l2.World().Hash(), ticks2, want)
	}
}

// TestWindowSignal: SIGTERM (and Ctrl-C's SIGINT) close a watch window
// as Q does: the lifetime is saved, the terminal says how to continue it,
// watch exits 1 as an interrupted run does, and watch --resume continues
// the lifetime a headless run lives.
func TestWindowSignal(t *testing.T) {
	needDisplay(t)
	bin := windowBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			ck := filepath.Join(dir, "life.mazerat")
			cmd, out := startMazerat(bin, "watch", "--checkpoint", ck, "--speed", "8")
			cmd.Dir = dir
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Let the window open and the lifetime live a little.
			time.Sleep(4 * time.Second)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("watch did not exit within 60 s of %v\n%s", sig, out)
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit code %d after %v, want 1 (interrupted)\n%s", code, sig, out)
			}
			if want := "continue it with mazerat watch --resume " + ck; !strings.Contains(out.String(), want) {
				t.Errorf("stderr does not say how to resume (%q):\n%s", want, out)
			}
			l, err := lab.LoadCheckpoint(ck)
			if err != nil {
				t.Fatalf("no checkpoint after %v: %v\n%s", sig, err, out)
			}
			ticks := l.World().TickCount()
			if ticks == 0 {
				t.Fatalf("the checkpoint is at tick 0: the window never ran")
			}
			if want := lifetimeAt(t, "", ticks).World().Hash(); l.World().Hash() != want {
				t.Errorf("checkpoint at tick %d: hash %x, a headless lifetime has %x", ticks, l.World().Hash(), want)
			}
			lifeMazerat(t, bin, "watch", "--resume", ck, "--speed", "8",
				"--screenshot", filepath.Join(dir, "b.png"), "--after-ticks", strconv.FormatInt(ticks+120, 10))
			l2, err := lab.LoadCheckpoint(ck)
			if err != nil {
				t.Fatal(err)
			}
			if got := l2.World().TickCount(); got < ticks+120 {
				t.Errorf("resumed to tick %d, want at least %d", got, ticks+120)
			}
		})
	}
}
