// Command golife lives a lifetime in Go with a given list of actions and
// prints every observation: the Python client's tests compare a served
// lifetime with it (python/tests). It reads JSON on stdin:
//
//	{"scenario": "dyna-maze", "settings": {"control": "moves"}, "seed": 3,
//	 "actions": [[0], [2], ...]}             (moves: [m]; wheels: [left, right])
//
// and writes {"steps": [{"rays": [...], "touch": 0, ...}, ...],
// "reward": [...]}, one entry per step after it, with the observation
// named as the served specs name it.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

type input struct {
	Scenario string
	Settings map[string]string
	Seed     uint64
	Actions  [][]float64
}

type script struct {
	acts []sim.Action
	i    int
}

func (s *script) Act(sim.Observation) sim.Action { s.i++; return s.acts[s.i-1] }
func (s *script) View() agent.View               { return agent.View{Name: "script"} }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "golife:", err)
		os.Exit(1)
	}
}

func run() error {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		return err
	}
	sc, err := scenarios.Load(in.Scenario)
	if err != nil {
		return err
	}
	s := &script{}
	for _, a := range in.Actions {
		switch len(a) {
		case 1:
			s.acts = append(s.acts, sim.Action{Move: world.Side(a[0])})
		case 2:
			s.acts = append(s.acts, sim.Action{Left: a[0], Right: a[1]})
		default:
			return fmt.Errorf("action %v: expected [move] or [left, right]", a)
		}
	}
	l, err := lab.NewLifetime(lab.Config{Scenario: sc, Set: in.Settings, Seed: in.Seed, SeedSet: true, Steps: int64(len(s.acts)),
		AgentSpec: &agent.Spec{Name: "script", New: func(agent.Env, agent.Params) (agent.Agent, error) { return s, nil }}})
	if err != nil {
		return err
	}
	spec := l.World().ObservationSpec()
	var out struct {
		Steps  []map[string]any `json:"steps"`
		Reward []float64        `json:"reward"`
	}
	for !l.Done() {
		if err := l.Step(); err != nil {
			return err
		}
		o := l.World().Observation()
		m := map[string]any{}
		if spec.Rays > 0 {
			m["rays"] = slices.Clone(o.Rays) // the world reuses its buffer
		}
		if spec.Touch {
			m["touch"], m["touch_angle"] = map[bool]float64{false: 0, true: 1}[o.Touch], o.TouchAngle
		}
		if spec.Compass {
			m["compass"] = o.Compass
		}
		if spec.Odometry {
			m["odometry"] = []float64{o.Forward, o.Turn, o.Duration}
		}
		if spec.Place {
			m["place"] = o.Place
		}
		if spec.Reward {
			m["reward"] = o.Reward
		}
		out.Steps = append(out.Steps, m)
		out.Reward = append(out.Reward, l.World().LastReward())
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}
