package agenttest

import (
	"encoding/binary"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// faulty is an agent with one fault, chosen by kind; with kind "" it is a
// correct (if dull) Stateful agent.
type faulty struct {
	kind  string
	steps int
}

var born atomic.Int64 // counts agents built: the "unseeded" fault reads it

func (f *faulty) Act(obs sim.Observation) sim.Action {
	f.steps++
	a := sim.Action{Left: float64(f.steps) / 1e6, Right: 0.4, Move: world.Side(f.steps % 4)}
	switch f.kind {
	case "range":
		if f.steps == 50 {
			a.Left, a.Move = 2, 7
		}
	case "unseeded":
		b := int(born.Load())
		a.Move = world.Side((f.steps + b) % 4)
		a.Right = float64(b%2) - 0.5
	}
	return a
}

func (f *faulty) View() agent.View {
	if f.kind == "name" {
		return agent.View{Name: "someone else"}
	}
	return agent.View{Name: "faulty"}
}

func (f *faulty) MarshalState() ([]byte, error) {
	return binary.AppendUvarint(nil, uint64(f.steps)), nil
}

func (f *faulty) UnmarshalState(b []byte) error {
	if f.kind != "forgets" {
		n, _ := binary.Uvarint(b)
		f.steps = int(n)
	}
	return nil
}

func faultySpec(kind string) agent.Spec {
	return agent.Spec{Name: "faulty", New: func(agent.Env, agent.Params) (agent.Agent, error) {
		born.Add(1)
		return &faulty{kind: kind}, nil
	}}
}

// TestFaulty is run by TestSuiteCatches in a child process: the suite on
// one faulty agent. On its own it runs the correct agent, which passes.
func TestFaulty(t *testing.T) {
	kind := os.Getenv("AGENTTEST_FAULT")
	Run(t, faultySpec(kind), Options{Scenarios: []string{"dyna-maze"}, Steps: 200})
}

// TestSuiteCatches makes sure the suite can fail: for each fault the
// child process fails, naming it; the correct agent passes.
func TestSuiteCatches(t *testing.T) {
	for _, c := range []struct{ kind, want string }{
		{"", ""},
		{"range", "invalid action"},
		{"name", `Name "someone else"`},
		{"unseeded", "lived twice"},
		{"forgets", "restored from its state"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFaulty$", "-test.v")
		cmd.Env = append(os.Environ(), "AGENTTEST_FAULT="+c.kind)
		out, err := cmd.CombinedOutput()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("correct agent: the suite failed: %v\n%s", err, out)
		case c.want != "" && err == nil:
			t.Errorf("fault %q: the suite passed", c.kind)
		case c.want != "" && !strings.Contains(string(out), c.want):
			t.Errorf("fault %q: the failure does not say %q:\n%s", c.kind, c.want, out)
		}
	}
}
