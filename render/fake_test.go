package render

import (
	"math"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// fakeAgent is an agent with made-up memory of every kind the window
// draws: a lattice of its own (OwnFrame) two places wider and taller than
// the maze, born in place (1, 1) of it; a believed pose a little off the
// truth; three maps, the second active; values that tie in some places;
// believed walls, some wrong; and metrics that grow with the steps. It
// drives the body in circles.
type fakeAgent struct {
	env   agent.Env
	maze  *world.Maze // the maze, to make up beliefs (never the body's pose)
	cell  float64
	steps int
	view  agent.View
	lost  bool
}

func newFakeAgent(env agent.Env, sc *world.Scenario) *fakeAgent {
	f := &fakeAgent{env: env, maze: sc.Maze, cell: sc.Cell}
	W, H := sc.Maze.W+2, sc.Maze.H+2
	n := W * H
	v := &f.view
	*v = agent.View{Name: "fake", Places: n, W: W, H: H, OwnFrame: true, Origin: 1*W + 1, Maps: 3, Active: 1,
		Value: make([]float64, n), Greedy: make([]int8, n), Visits: make([]int32, n), Walls: make([]agent.Belief, 4*n),
		ModelSize: 42}
	return f
}

func (f *fakeAgent) Act(obs sim.Observation) sim.Action {
	f.steps++
	if f.env.Act.Control == world.Moves {
		return sim.Action{Move: world.Side(f.steps % 4)}
	}
	return sim.Action{Left: 0.8, Right: 0.3}
}

// View fills the made-up memory. Places of the own lattice map to maze
// cells shifted by (-1, -1) relative to the birth cell's offset; the
// lab aligns them.
func (f *fakeAgent) View() agent.View {
	v := &f.view
	for p := range v.Value {
		r, c := p/v.W, p%v.W
		switch {
		case r == 0 || c == 0:
			v.Value[p], v.Greedy[p] = math.NaN(), -1 // never seen
		case (r+c)%3 == 0:
			v.Value[p], v.Greedy[p] = 0.5, -1 // values tie: no preference
		default:
			v.Value[p], v.Greedy[p] = float64(r*v.W+c)/float64(len(v.Value)), int8((r+c)%4)
		}
		v.Visits[p] = int32((r*7 + c*3) % 50)
		for s := 0; s < 4; s++ {
			v.Walls[4*p+s] = agent.Belief((r + c + s) % 3) // unknown, open or wall: some wrong
		}
	}
	v.Pose = agent.Pose{Known: true, Place: v.Origin, X: 1.5*f.cell + 0.3*f.cell, Y: float64(v.H-1-1)*f.cell + 0.5*f.cell, Heading: 1}
	if f.lost {
		v.Pose.Place = -1
	}
	v.Plan = append(v.Plan[:0], v.Origin, v.Origin+1, v.Origin+1+v.W)
	return *v
}

func (f *fakeAgent) Metrics(dst []agent.Metric) []agent.Metric {
	s := float64(f.steps)
	return append(dst,
		agent.Metric{Name: "backups", Value: 25 * s},
		agent.Metric{Name: "search_nodes", Value: 3 * s},
		agent.Metric{Name: "dormant", Value: 0.1 + 0.05*math.Sin(s/50)},
		agent.Metric{Name: "effective_rank", Value: 12 + s/100},
		agent.Metric{Name: "model_size", Value: 42})
}

// fakeLifetime returns a lifetime of sc lived by a fakeAgent for steps
// steps.
func fakeLifetime(t testing.TB, sc *world.Scenario, steps int64) (*lab.Lifetime, *fakeAgent) {
	t.Helper()
	var fa *fakeAgent
	spec := &agent.Spec{Name: "fake", New: func(env agent.Env, _ agent.Params) (agent.Agent, error) {
		fa = newFakeAgent(env, sc)
		return fa, nil
	}}
	l, err := lab.NewLifetime(lab.Config{Scenario: sc, AgentSpec: spec, Steps: 1 << 40, SampleEvery: 10})
	if err != nil {
		t.Fatal(err)
	}
	for l.World().StepCount() < steps {
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return l, fa
}

// fakeApp returns a paused App on a fakeLifetime.
func fakeApp(t testing.TB, sc *world.Scenario, steps int64, o Overlays) (*App, *fakeAgent) {
	t.Helper()
	l, fa := fakeLifetime(t, sc, steps)
	opt := DefaultOptions()
	opt.Overlays, opt.Paused, opt.Dir = o, true, t.TempDir()
	a, err := NewAppFor(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	return a, fa
}
