package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mazerat/mazerat/lab"
)

// TestResumeProcesses: a lifetime run halfway with checkpoints and resumed
// by a new process ends exactly where one straight run ends: the same
// trajectory hash and the same trials, reward and event tables.
func TestResumeProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := headlessBinary(t)
	cases := []struct {
		name string
		args []string
		half int
		full int
	}{
		{"theseus wheels", []string{"theseus"}, 700, 1500},
		{"blocking moves, past its door change", []string{"blocking-maze", "--set", "control=moves"}, 900, 1400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			straight, split := t.TempDir(), t.TempDir()
			lifeMazerat(t, bin, append([]string{"run", "--quiet", "--steps", strconv.Itoa(tc.full), "--out", straight}, tc.args...)...)
			lifeMazerat(t, bin, append([]string{"run", "--quiet", "--steps", strconv.Itoa(tc.half), "--checkpoint-every", "250", "--out", split}, tc.args...)...)
			lifeMazerat(t, bin, "run", "--quiet", "--resume", split, "--steps", strconv.Itoa(tc.full))
			for _, f := range []string{lab.TrialsFile, lab.RewardFile, lab.EventsFile, lab.MetricsFile} {
				a, _ := os.ReadFile(filepath.Join(straight, f))
				b, _ := os.ReadFile(filepath.Join(split, f))
				a, b = lab.Deterministic(f, a), lab.Deterministic(f, b)
				if len(a) == 0 || !bytes.Equal(a, b) {
					t.Errorf("%s differs:\n%s\nstraight:\n%s", f, b, a)
				}
			}
			if ha, hb := summaryHash(t, straight), summaryHash(t, split); ha != hb {
				t.Errorf("trajectory hash %s after resume, %s straight", hb, ha)
			}
		})
	}
}

func summaryHash(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, lab.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Hash string }
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s.Hash
}

// TestCheckpointSurvivesKill: a run killed with SIGKILL while it writes
// checkpoints (every 10 steps, so a kill lands in a write more often than
// not) always leaves a checkpoint that loads, and the lifetime resumes
// from it.
func TestCheckpointSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := headlessBinary(t)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, lab.CheckpointFile)
	var last int64
	for round := 0; round < 4; round++ {
		args := []string{"run", "--quiet", "--steps", "100000000", "--checkpoint-every", "10", "--out", dir, "braid20"}
		if round > 0 {
			args = []string{"run", "--quiet", "--resume", dir, "--steps", "100000000", "--checkpoint-every", "10"}
		}
		cmd, out := startMazerat(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for this process's first checkpoint, then a little more.
		deadline := time.Now().Add(60 * time.Second)
		for {
			if l, err := lab.LoadCheckpoint(ckpt); err == nil && l.World().StepCount() > last {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("round %d: no new checkpoint within a minute\n%s", round, out)
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Duration(150+70*round) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		temps, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
		l, err := lab.LoadCheckpoint(ckpt)
		if err != nil {
			t.Fatalf("round %d: after SIGKILL the checkpoint does not load: %v", round, err)
		}
		if l.World().StepCount() <= last {
			t.Fatalf("round %d: checkpoint at step %d, not past %d", round, l.World().StepCount(), last)
		}
		last = l.World().StepCount()
		t.Logf("round %d: killed; checkpoint at step %d loads; %d temporary files left mid-write", round, last, len(temps))
	}
	lifeMazerat(t, bin, "run", "--quiet", "--resume", dir, "--steps", strconv.FormatInt(last+30, 10))
	if temps, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(temps) > 0 {
		t.Errorf("temporary files left after a resumed run finished: %v", temps)
	}
}

// TestRecordReplayProcesses: a lifetime recorded by one process replays,
// in another, to the same trajectory hash; a resumed run can record too;
// replay's mistakes are usage errors.
func TestRecordReplayProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := headlessBinary(t)
	dir := t.TempDir()
	rec := filepath.Join(dir, "life.mazerec")
	out := filepath.Join(dir, "out")
	lifeMazerat(t, bin, "run", "--quiet", "blocking-maze", "--set", "control=moves", "--steps", "1300", "--record", rec, "--record-every", "500", "--out", out)
	got := lifeMazerat(t, bin, "replay", "--quiet", rec, "--verify")
	want := summaryHash(t, out)
	if !strings.Contains(got, "verified   steps 0 to 1300") || !strings.Contains(got, "hash       "+want) {
		t.Errorf("replay --verify:\n%s\nwant steps 0 to 1300 and hash %s", got, want)
	}
	if got := lifeMazerat(t, bin, "replay", "--quiet", rec, "--verify", "--at", "1100"); !strings.Contains(got, "hash       "+want) {
		t.Errorf("replay --verify --at 1100:\n%s", got)
	}
	for i, tc := range []struct {
		args []string
		code int
		text string
	}{
		{[]string{"replay", rec, "--at", "5000"}, 2, "holds steps 0 to 1300"},
		{[]string{"replay"}, 2, "expected one recording FILE"},
		{[]string{"replay", filepath.Join(out, lab.TrialsFile), "--verify"}, 1, "not a mazerat file"},
		{[]string{"replay", rec}, 1, "--verify"}, // the headless build has no window
		{[]string{"run", "--steps", "5", "--record", rec}, 2, "the file exists"},
	} {
		cmd, buf := startMazerat(bin, tc.args...)
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != tc.code || !strings.Contains(buf.String(), tc.text) {
			t.Errorf("%d: mazerat %s: exit %d, want %d with %q:\n%s", i, strings.Join(tc.args, " "), code, tc.code, tc.text, buf)
		}
	}
}
