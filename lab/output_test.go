package lab

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
)

// TestOutputsParseBack reads trials.csv and summary.json back and checks
// them against the lifetime that wrote them.
func TestOutputsParseBack(t *testing.T) {
	tests := []struct {
		agent     string
		set       map[string]string
		wantEmpty bool // some trial has no path ratio (it timed out)
		belief    bool // the agent keeps a belief of where it is (lost, pose_error filled in)
	}{
		{"wallfollow", nil, false, false},
		{"random", nil, false, false},
		// With stay a trial starts on the cheese just eaten, which waits
		// until the rat reaches the start: every trial has an optimal.
		{"wallfollow", map[string]string{"on_cheese": "stay"}, false, false},
		// A trial that runs out of time has no path ratio.
		{"random", map[string]string{"trial.max_steps": "5"}, true, false},
		{"dyna", map[string]string{"sensors.place": "false"}, false, true},
	}
	for i, tc := range tests {
		dir := t.TempDir()
		res, err := Run(context.Background(), Config{Scenario: load(t, "dyna-maze"), Agent: tc.agent, Set: tc.set, Trials: 6}, Options{Out: dir})
		if err != nil {
			t.Fatal(err)
		}
		l := res.Lifetime

		f, err := os.Open(filepath.Join(dir, TrialsFile))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%d: trials.csv: %v", i, err)
		}
		const header = "trial,start_step,end_step,steps,ticks,moves,optimal,path_ratio,reward,bumps,backups,search_nodes,lost,pose_error,agent_seconds,timed_out,probe,stranded,start_row,start_col,first_region,config"
		if got := strings.Join(recs[0], ","); got != header {
			t.Errorf("%d: header %q, want %q", i, got, header)
		}
		rows := l.Trials()
		if len(recs)-1 != len(rows) || len(rows) != 6 {
			t.Fatalf("%d: %d rows in trials.csv, %d trials lived, want 6", i, len(recs)-1, len(rows))
		}
		sawEmpty := false
		for j, r := range rows {
			rec := recs[j+1]
			want := []string{
				strconv.Itoa(r.Trial), fmt.Sprint(r.StartStep), fmt.Sprint(r.EndStep), fmt.Sprint(r.Steps),
				fmt.Sprint(r.Ticks), strconv.Itoa(r.Moves), strconv.Itoa(r.Optimal), "", fmt.Sprint(r.Reward), strconv.Itoa(r.Bumps),
				fmt.Sprint(r.Backups), fmt.Sprint(r.SearchNodes), "", "", strconv.FormatFloat(r.AgentSeconds, 'f', 6, 64),
				flag(r.TimedOut), "0", "0", strconv.Itoa(r.StartCell.Row), strconv.Itoa(r.StartCell.Col), "", "1",
			}
			if tc.belief {
				if math.IsNaN(r.Lost) || math.IsNaN(r.PoseError) || r.Lost < 0 || r.Lost > 1 || r.PoseError < 0 {
					t.Errorf("%d: trial %d: lost %v, pose error %v, want a share and a distance", i, r.Trial, r.Lost, r.PoseError)
				}
				want[12], want[13] = strconv.FormatFloat(r.Lost, 'g', -1, 64), strconv.FormatFloat(r.PoseError, 'g', -1, 64)
			} else if !math.IsNaN(r.Lost) || !math.IsNaN(r.PoseError) {
				t.Errorf("%d: trial %d: lost %v, pose error %v for an agent without a belief, want NaN (empty)", i, r.Trial, r.Lost, r.PoseError)
			}
			if r.Optimal > 0 && !r.TimedOut {
				want[7] = fmt.Sprintf("%.4f", float64(r.Moves)/float64(r.Optimal))
			} else {
				sawEmpty = true
			}
			if got, w := strings.Join(rec, ","), strings.Join(want, ","); got != w {
				t.Errorf("%d: row %d is %q, want %q", i, j, got, w)
			}
			if j > 0 && r.StartStep != rows[j-1].EndStep+1 {
				t.Errorf("%d: trial %d starts at step %d, the last ended at %d", i, r.Trial, r.StartStep, rows[j-1].EndStep)
			}
		}
		if sawEmpty != tc.wantEmpty {
			t.Errorf("%d: a trial with optimal 0: %v, want %v", i, sawEmpty, tc.wantEmpty)
		}

		b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Scenario, Source, Agent string
			Params                  map[string]string
			Seed                    uint64
			Steps                   int64
			Trials                  int
			CumReward               float64  `json:"cumulative_reward"`
			RewardRate              float64  `json:"reward_per_1000_steps"`
			Hash                    string   `json:"trajectory_hash"`
			MedianRatio             *float64 `json:"median_path_ratio_last5"`
			FirstTrial              struct {
				Steps int64
				Moves int
			} `json:"first_trial"`
			Timing struct {
				WallSeconds    float64 `json:"wall_seconds"`
				TicksPerSecond float64 `json:"ticks_per_second"`
				StepsPerSecond float64 `json:"steps_per_second"`
			}
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%d: summary.json: %v", i, err)
		}
		w := l.World()
		spec, _ := agent.Lookup(tc.agent)
		if s.Scenario != "Dyna maze" || s.Source != "dyna-maze.maze" || s.Agent != tc.agent || s.Seed != 1 {
			t.Errorf("%d: summary names %q %q %q seed %d", i, s.Scenario, s.Source, s.Agent, s.Seed)
		}
		if len(s.Params) != len(spec.Params) {
			t.Errorf("%d: %d params %v, want the agent's %d", i, len(s.Params), s.Params, len(spec.Params))
		}
		if s.Steps != w.StepCount() || s.Trials != 6 || s.CumReward != w.TotalReward() || s.Hash != fmt.Sprintf("%016x", w.Hash()) {
			t.Errorf("%d: summary steps %d trials %d reward %g hash %s; lived %d, 6, %g, %016x", i, s.Steps, s.Trials, s.CumReward, s.Hash, w.StepCount(), w.TotalReward(), w.Hash())
		}
		if want := w.TotalReward() * 1000 / float64(w.StepCount()); s.RewardRate != want {
			t.Errorf("%d: reward per 1000 steps %g, want %g", i, s.RewardRate, want)
		}
		if s.FirstTrial.Steps != rows[0].Steps || s.FirstTrial.Moves != rows[0].Moves {
			t.Errorf("%d: first trial %+v, want %d steps %d moves", i, s.FirstTrial, rows[0].Steps, rows[0].Moves)
		}
		// Omitted when no trial of the last five has a ratio.
		if want := medianPathRatio(rows, 5); math.IsNaN(want) != (s.MedianRatio == nil) || s.MedianRatio != nil && *s.MedianRatio != want {
			t.Errorf("%d: median path ratio %v, want %v", i, s.MedianRatio, want)
		}
		if s.Timing.WallSeconds <= 0 || s.Timing.StepsPerSecond <= 0 || s.Timing.TicksPerSecond < s.Timing.StepsPerSecond {
			t.Errorf("%d: timing %+v", i, s.Timing)
		}
	}
}

// badAgent returns one fixed action, valid or not.
type badAgent struct{ a sim.Action }

func (b badAgent) Act(sim.Observation) sim.Action { return b.a }
func (b badAgent) View() agent.View               { return agent.View{Name: "bad"} }

// TestInvalidAction: an action outside the spec stops the lifetime with
// an error that names the agent and the action, by Step and by Tick.
func TestInvalidAction(t *testing.T) {
	tests := []struct {
		scenario string
		a        sim.Action
		want     string
	}{
		{"dyna-maze", sim.Action{Move: 7}, "move 7"},
		{"theseus", sim.Action{Left: 2, Right: 0}, "wheel commands (2, 0)"},
		{"theseus", sim.Action{Left: math.NaN()}, "wheel commands (NaN, 0)"},
		{"theseus", sim.Action{Left: 1, Right: -1}, ""},
	}
	for i, tc := range tests {
		for _, tick := range []bool{false, true} {
			l, err := NewLifetime(Config{Scenario: load(t, tc.scenario), Agent: "random", Steps: 10})
			if err != nil {
				t.Fatal(err)
			}
			l.agent = badAgent{tc.a}
			if tick {
				err = l.Tick()
			} else {
				err = l.Step()
			}
			if tc.want == "" {
				if err != nil {
					t.Errorf("%d (tick %v): a valid action gave %v", i, tick, err)
				}
				continue
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "agent random") {
				t.Errorf("%d (tick %v): error %v, want one naming agent random and %q", i, tick, err, tc.want)
			}
			if l.World().StepCount() != 0 || l.World().TickCount() != 0 {
				t.Errorf("%d (tick %v): the world moved on an invalid action", i, tick)
			}
		}
	}
}
