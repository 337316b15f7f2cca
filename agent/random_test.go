package agent

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

func newRandomAgent(t testing.TB, control world.Control, seed uint64, set map[string]string) (Agent, Env) {
	t.Helper()
	env := bodyEnv(t, control, nil)
	env.Seed = seed
	a, err := New("random", env, set)
	if err != nil {
		t.Fatalf("New(random, %v): %v", set, err)
	}
	return a, env
}

// TestRandomMovesUniform: each of the four moves comes up about a quarter
// of the time. With 8000 draws a count has mean 2000 and standard
// deviation 39; the window is five deviations wide on each side.
func TestRandomMovesUniform(t *testing.T) {
	a, env := newRandomAgent(t, world.Moves, 1, nil)
	var counts [4]int
	for range 8000 {
		act := a.Act(sim.Observation{Place: -1})
		if err := env.Act.Validate(act); err != nil {
			t.Fatalf("invalid action %+v: %v", act, err)
		}
		counts[act.Move]++
	}
	for m, n := range counts {
		if n < 2000-195 || n > 2000+195 {
			t.Errorf("move %v drawn %d times in 8000, want 2000 ± 195", world.Side(m), n)
		}
	}
}

// TestRandomWheelsHold: in wheels control each random pair is held for
// 1..2·hold-1 steps, hold on average, and the pairs cover [-1, 1].
func TestRandomWheelsHold(t *testing.T) {
	for i, hold := range []int{1, 5, 20} {
		a, env := newRandomAgent(t, world.Wheels, 2, map[string]string{"agent.hold": strconv.Itoa(hold)})
		var runs []int
		prev, run := sim.Action{Left: math.NaN()}, 0
		lo, hi := 1.0, -1.0
		for range 20000 {
			act := a.Act(sim.Observation{Place: -1})
			if err := env.Act.Validate(act); err != nil {
				t.Fatalf("%d: invalid action %+v: %v", i, act, err)
			}
			lo, hi = math.Min(lo, math.Min(act.Left, act.Right)), math.Max(hi, math.Max(act.Left, act.Right))
			if act == prev {
				run++
				continue
			}
			if run > 0 {
				runs = append(runs, run)
			}
			prev, run = act, 1
		}
		sum, longest := 0, 0
		for _, r := range runs {
			sum += r
			longest = max(longest, r)
		}
		mean := float64(sum) / float64(len(runs))
		if longest > 2*hold-1 {
			t.Errorf("%d: hold %d: a pair held %d steps, want <= %d", i, hold, longest, 2*hold-1)
		}
		// The mean of n uniform draws on 1..2h-1 has standard deviation
		// about 0.58 h / sqrt(n); allow 10% of h, well over five of them.
		if math.Abs(mean-float64(hold)) > 0.1*float64(hold) {
			t.Errorf("%d: hold %d: pairs held %.2f steps on average over %d pairs, want %d", i, hold, mean, len(runs), hold)
		}
		if lo > -0.95 || hi < 0.95 {
			t.Errorf("%d: hold %d: wheel commands spanned [%.2f, %.2f], want nearly [-1, 1]", i, hold, lo, hi)
		}
	}
}

// TestRandomSeeds: one seed gives one sequence of actions; another seed
// gives another.
func TestRandomSeeds(t *testing.T) {
	for i, control := range []world.Control{world.Moves, world.Wheels} {
		trace := func(seed uint64) []sim.Action {
			a, _ := newRandomAgent(t, control, seed, nil)
			out := make([]sim.Action, 200)
			for j := range out {
				out[j] = a.Act(sim.Observation{Place: -1})
			}
			return out
		}
		a, b, c := trace(1), trace(1), trace(2)
		same, differ := true, false
		for j := range a {
			same = same && a[j] == b[j]
			differ = differ || a[j] != c[j]
		}
		if !same {
			t.Errorf("%d %v: seed 1 gave two different sequences", i, control)
		}
		if !differ {
			t.Errorf("%d %v: seeds 1 and 2 gave the same sequence", i, control)
		}
	}
}

func TestRandomParams(t *testing.T) {
	env := bodyEnv(t, world.Wheels, nil)
	for i, c := range []struct {
		set  map[string]string
		want string // part of the error, "" for none
	}{
		{nil, ""},
		{map[string]string{"agent.hold": "1"}, ""},
		{map[string]string{"agent.hold": "1000"}, ""},
		{map[string]string{"agent.hold": "0"}, "agent.hold=0"},
		{map[string]string{"agent.hold": "1001"}, "agent.hold=1001"},
		{map[string]string{"agent.hold": "five"}, "agent.hold=five"},
		{map[string]string{"agent.side": "left"}, "agent.side"},
	} {
		_, err := New("random", env, c.set)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%d: New(%v): %v, want no error", i, c.set, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%d: New(%v): error %v, want one naming %q", i, c.set, err, c.want)
		}
	}
}

func TestRandomView(t *testing.T) {
	a, _ := newRandomAgent(t, world.Moves, 1, nil)
	if got := a.View(); got.Name != "random" || got.Places != 0 || got.Value != nil {
		t.Errorf("View() = %+v, want only the name random", got)
	}
}

func TestRandomActAllocatesNothing(t *testing.T) {
	for i, control := range []world.Control{world.Moves, world.Wheels} {
		a, _ := newRandomAgent(t, control, 1, nil)
		obs := sim.Observation{Place: -1}
		if n := testing.AllocsPerRun(200, func() { a.Act(obs) }); n != 0 {
			t.Errorf("%d %v: Act allocates %v times per call, want 0", i, control, n)
		}
	}
}
