//go:build unix

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mazerat/mazerat/lab"
)

// TestSignalSavesRun: a run with --out stopped by SIGTERM (a preempted
// cluster job) or SIGINT (Ctrl-C) writes the results of the part that ran
// and a checkpoint, says how to go on, and the lifetime goes on from there.
func TestSignalSavesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := headlessBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			cmd, output := startMazerat(bin, "run", "theseus", "--steps", "100000000", "--out", out, "--quiet")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// The output directory is made after the signal handlers are
			// in place: from then on a signal is the run's to handle.
			deadline := time.Now().Add(30 * time.Second)
			for {
				if _, err := os.Stat(out); err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the run never made its output directory\n%s", output)
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond) // live a little
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Fatalf("exit status %d (%v), want 1 after %v\n%s", code, err, sig, output)
			}
			var sum lab.Summary
			b, err := os.ReadFile(filepath.Join(out, lab.SummaryFile))
			if err != nil {
				t.Fatalf("no summary after %v: %v\n%s", sig, err, output)
			}
			if err := json.Unmarshal(b, &sum); err != nil || !sum.StoppedEarly || sum.Steps <= 0 {
				t.Fatalf("summary %+v (%v), want a stopped run that lived", sum, err)
			}
			for _, f := range lab.OutputFiles {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s missing after %v", f, sig)
				}
			}
			want := "go on with: mazerat run --resume " + out + " --steps 100000000"
			if !strings.Contains(output.String(), want) {
				t.Errorf("output does not say %q:\n%s", want, output)
			}
			// It goes on from where it stopped.
			more := strconv.FormatInt(sum.Steps+500, 10)
			res := lifeMazerat(t, bin, "run", "--resume", out, "--steps", more, "--quiet")
			if !strings.Contains(res, "lifetime   "+more+" steps") {
				t.Errorf("the resumed run does not end at step %s:\n%s", more, res)
			}
		})
	}
}
