package agent

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/mazerat/mazerat/sim"
)

// TestStateRoundTrip: every registered agent, saved at step k and restored
// into a fresh agent of the same birth, acts exactly as the original from
// then on, and shows the same memory. The lifetimes run through scheduled
// door changes (blocking-maze) so that the state saved is not the state at
// birth.
func TestStateRoundTrip(t *testing.T) {
	cases := []struct {
		scenario, control string
		at, after         int
	}{
		{"blocking-maze", "moves", 1100, 300},
		{"theseus", "wheels", 700, 300},
	}
	if raceEnabled() {
		for i := range cases {
			cases[i].at, cases[i].after = cases[i].at/4, cases[i].after/4
		}
	}
	for _, name := range Names() {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/%s/%s", name, tc.scenario, tc.control), func(t *testing.T) {
				w := conformanceWorld(t, tc.scenario, tc.control, 3)
				env := envOf(w, 3)
				a, err := New(name, env, nil)
				if errors.Is(err, ErrUnsupported) {
					t.Skip(err)
				}
				if err != nil {
					t.Fatal(err)
				}
				obs := w.Observation()
				for i := 0; i < tc.at; i++ {
					obs = w.Step(a.Act(obs))
				}
				st, ok := a.(Stateful)
				if !ok {
					t.Fatalf("%s is not Stateful", name)
				}
				data, err := st.MarshalState()
				if err != nil {
					t.Fatal(err)
				}
				b, err := New(name, env, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := b.(Stateful).UnmarshalState(data); err != nil {
					t.Fatal(err)
				}
				sameView(t, tc.at, a.View(), b.View())
				for i := 0; i < tc.after; i++ {
					obs = copyObs(obs)
					aa, ab := a.Act(obs), b.Act(obs)
					if aa != ab {
						t.Fatalf("step %d after restore: actions %+v and %+v", i, aa, ab)
					}
					obs = w.Step(aa)
				}
				sameView(t, tc.at+tc.after, a.View(), b.View())
			})
		}
	}
}

func copyObs(o sim.Observation) sim.Observation {
	o.Rays = slices.Clone(o.Rays)
	return o
}

func sameView(t *testing.T, step int, a, b View) {
	t.Helper()
	eq := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || (math.IsNaN(x) && math.IsNaN(y))
	}
	if len(a.Value) != len(b.Value) {
		t.Fatalf("step %d: %d values, restored %d", step, len(a.Value), len(b.Value))
	}
	for i := range a.Value {
		if !eq(a.Value[i], b.Value[i]) {
			t.Fatalf("step %d: value of place %d is %v, restored %v", step, i, a.Value[i], b.Value[i])
		}
	}
	if !slices.Equal(a.Greedy, b.Greedy) || !slices.Equal(a.Visits, b.Visits) || !slices.Equal(a.Walls, b.Walls) ||
		!slices.Equal(a.Plan, b.Plan) || !slices.Equal(a.Swept, b.Swept) || !slices.Equal(a.Surprises, b.Surprises) ||
		a.ModelSize != b.ModelSize {
		t.Fatalf("step %d: views differ after restore", step)
	}
}

// TestStateMismatch: a state restored into another agent, or into the same
// agent of another maze, is refused with ErrStateMismatch; garbage is
// refused without a panic.
func TestStateMismatch(t *testing.T) {
	small := conformanceWorld(t, "dyna-maze", "moves", 1)
	big := conformanceWorld(t, "braid12", "moves", 1)
	mk := func(name string, w *sim.World) Stateful {
		a, err := New(name, envOf(w, 1), nil)
		if err != nil {
			t.Fatal(err)
		}
		return a.(Stateful)
	}
	cases := []struct {
		from, into Stateful
		what       string
	}{
		{mk("dyna", small), mk("dyna", big), "dyna into a bigger maze"},
		{mk("dyna", small), mk("dynaq", small), "dyna into dynaq"},
		{mk("dynaq", small), mk("qlearn", small), "dynaq into qlearn"},
		{mk("random", small), mk("wallfollow", small), "random into wallfollow"},
	}
	for i, tc := range cases {
		data, err := tc.from.MarshalState()
		if err != nil {
			t.Fatal(err)
		}
		if err := tc.into.UnmarshalState(data); !errors.Is(err, ErrStateMismatch) {
			t.Errorf("%d %s: %v, want ErrStateMismatch", i, tc.what, err)
		}
	}
	for i, garbage := range [][]byte{nil, {1, 2, 3}, []byte("dyna")} {
		if err := mk("dyna", small).UnmarshalState(garbage); err == nil {
			t.Errorf("garbage %d accepted", i)
		}
	}
}
