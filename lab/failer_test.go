package lab

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgentFailureEndsLifetime: an agent whose learning diverges (stream
// at a huge step size without ObGD's bound) ends the lifetime with an
// error naming the agent and the step, and Run writes no results.
func TestAgentFailureEndsLifetime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	cfg := Config{
		Scenario: load(t, "dyna-maze"), Agent: "stream", Steps: 3000,
		Set: map[string]string{"agent.alpha": "100", "agent.obgd_kappa": "0", "sensors.place": "false"},
	}
	_, err := Run(context.Background(), cfg, Options{Out: out})
	if err == nil {
		t.Fatal("a diverging agent lived its whole lifetime without an error")
	}
	for _, want := range []string{"agent stream failed", "diverged at step", "not a finite number"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q, want it to contain %q", err, want)
		}
	}
	for _, f := range []string{TrialsFile, "summary.json", "metrics.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s written for a failed lifetime", f)
		}
	}
}
