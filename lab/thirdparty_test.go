package lab_test

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/agent/agenttest"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// A third-party agent gets what a built-in one does. rover is such an
// agent, written outside the agent package: a random walk whose whole
// memory is its random stream, and Stateful. It is given to lab by its
// constructor (never registered) unless the test registers it as
// "rover-registered".

type rover struct {
	name string
	pcg  *rand.PCG
	rng  *rand.Rand
	wide bool // wheels control
}

func newRover(name string) *agent.Spec {
	return &agent.Spec{Name: name, New: func(env agent.Env, _ agent.Params) (agent.Agent, error) {
		pcg := sim.NewPCG(env.Seed, "agent")
		return &rover{name: name, pcg: pcg, rng: rand.New(pcg), wide: env.Act.Control == world.Wheels}, nil
	}}
}

func (r *rover) Act(sim.Observation) sim.Action {
	if r.wide {
		return sim.Action{Left: 2*r.rng.Float64() - 1, Right: 2*r.rng.Float64() - 1}
	}
	return sim.Action{Move: world.Side(r.rng.IntN(4))}
}

func (r *rover) View() agent.View              { return agent.View{Name: r.name} }
func (r *rover) MarshalState() ([]byte, error) { return r.pcg.MarshalBinary() }
func (r *rover) UnmarshalState(b []byte) error { return r.pcg.UnmarshalBinary(b) }

func init() { agent.Register(*newRover("rover-registered")) }

func roverConfig(t *testing.T, spec *agent.Spec, name string, steps int64) lab.Config {
	t.Helper()
	sc, err := scenarios.Load("dyna-maze")
	if err != nil {
		t.Fatal(err)
	}
	return lab.Config{Scenario: sc, Agent: name, AgentSpec: spec, Seed: 5, SeedSet: true, Steps: steps}
}

// TestThirdPartyConformance: the suite of package agenttest runs on an
// agent of another package, as its own tests would run it.
func TestThirdPartyConformance(t *testing.T) {
	agenttest.Run(t, *newRover("rover"), agenttest.Options{Scenarios: []string{"dyna-maze", "theseus"}, Steps: 300})
}

// TestThirdPartyCheckpoint: a lifetime of an agent given by its
// constructor is checkpointed half-way and resumed (ResumeCheckpointWith)
// into the lifetime that never stopped; without its constructor the
// resume says how to do it.
func TestThirdPartyCheckpoint(t *testing.T) {
	const n = 600
	whole, err := lab.NewLifetime(roverConfig(t, newRover("rover"), "", n))
	if err != nil {
		t.Fatal(err)
	}
	half, err := lab.NewLifetime(roverConfig(t, newRover("rover"), "", n))
	if err != nil {
		t.Fatal(err)
	}
	for !whole.Done() {
		if err := whole.Step(); err != nil {
			t.Fatal(err)
		}
		if whole.World().StepCount() <= n/2 {
			if err := half.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	data, err := half.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lab.ResumeCheckpoint(data); err == nil || !strings.Contains(err.Error(), "ResumeCheckpointWith") {
		t.Errorf("resuming an unregistered agent without its constructor: %v, want an error naming ResumeCheckpointWith", err)
	}
	if _, err := lab.ResumeCheckpointWith(data, newRover("other")); err == nil {
		t.Errorf("resuming rover's checkpoint with another agent's spec was accepted")
	}
	resumed, err := lab.ResumeCheckpointWith(data, newRover("rover"))
	if err != nil {
		t.Fatal(err)
	}
	for !resumed.Done() {
		if err := resumed.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := whole.World().Hash(), resumed.World().Hash(); a != b || whole.World().StepCount() != resumed.World().StepCount() {
		t.Errorf("resumed lifetime ends at hash %x step %d, the whole one at %x step %d", b, resumed.World().StepCount(), a, whole.World().StepCount())
	}
	if a, b := lab.TrialsCSV(whole.Trials(), nil), lab.TrialsCSV(resumed.Trials(), nil); !bytes.Equal(lab.Deterministic(lab.TrialsFile, a), lab.Deterministic(lab.TrialsFile, b)) {
		t.Errorf("trials differ:\n%s\nresumed:\n%s", a, b)
	}
}

// TestThirdPartyRecording: a recorded lifetime of a third-party agent
// replays exactly: a registered one recomputing (and checking) its
// actions, an unregistered one playing its recorded actions back.
func TestThirdPartyRecording(t *testing.T) {
	const n = 500
	for _, c := range []struct {
		name string
		spec *agent.Spec
	}{
		{"rover-registered", nil},
		{"rover", newRover("rover")},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "life.mazerec")
			l, err := lab.NewLifetime(roverConfig(t, c.spec, c.name, n))
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Record(path, 200, false); err != nil {
				t.Fatal(err)
			}
			hashAt := map[int64]uint64{}
			for !l.Done() {
				if err := l.Step(); err != nil {
					t.Fatal(err)
				}
				hashAt[l.World().StepCount()] = l.World().Hash()
			}
			if err := l.CloseRecording(); err != nil {
				t.Fatal(err)
			}
			rec, err := lab.OpenRecording(path)
			if err != nil {
				t.Fatal(err)
			}
			r, err := rec.At(250)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Agent().View().Name; got != c.name {
				t.Errorf("the replayed agent is %q, want %q", got, c.name)
			}
			for r.World().StepCount() < n {
				if err := r.Step(); err != nil {
					t.Fatal(err)
				}
				if s := r.World().StepCount(); r.World().Hash() != hashAt[s] {
					t.Fatalf("step %d: replay hash %x, recorded lifetime %x", s, r.World().Hash(), hashAt[s])
				}
			}
		})
	}
}
