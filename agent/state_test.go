package agent

import (
	"errors"
	"fmt"
	"math"
	"reflect"
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
	for _, name := range builtinNames() {
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
				// Every field of the restored agent equals the saved one's,
				// but those its type declares scratch: a field left out of
				// the state list is found here, not some day in a lifetime.
				if diff := stateDiff(a, b); diff != "" {
					t.Fatalf("restored at step %d, %s", tc.at, diff)
				}
				for i := 0; i < tc.after; i++ {
					obs = copyObs(obs)
					aa, ab := a.Act(obs), b.Act(obs)
					if aa != ab {
						t.Fatalf("step %d after restore: actions %+v and %+v", i, aa, ab)
					}
					obs = w.Step(aa)
					// Fields that happen to hold their birth value at one
					// moment are caught at another.
					if i%23 == 22 {
						data, err := a.(Stateful).MarshalState()
						if err != nil {
							t.Fatal(err)
						}
						c, _ := New(name, env, nil)
						if err := c.(Stateful).UnmarshalState(data); err != nil {
							t.Fatal(err)
						}
						if diff := stateDiff(a, c); diff != "" {
							t.Fatalf("restored at step %d, %s", tc.at+i+1, diff)
						}
					}
				}
				sameView(t, tc.at+tc.after, a.View(), b.View())
			})
		}
	}
}

// stateDiff compares two agents of one type field by field, deeply,
// skipping functions and the fields the type lists as scratch (see
// scratcher), and names the first field that differs ("" if none).
func stateDiff(a, b Agent) string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	skip := map[string]bool{}
	if s, ok := a.(scratcher); ok {
		for _, f := range s.scratchFields() {
			skip[f] = true
		}
	}
	for i := 0; i < va.NumField(); i++ {
		name := va.Type().Field(i).Name
		if skip[name] {
			continue
		}
		if path := deepDiff(va.Field(i), vb.Field(i), name); path != "" {
			return "field " + path + " differs from the saved agent's: is it in the state list (fields())?"
		}
	}
	return ""
}

// deepDiff returns the path of the first difference between x and y, or
// "". Floats compare bit for bit; functions are not compared.
func deepDiff(x, y reflect.Value, path string) string {
	if x.Kind() != y.Kind() {
		return path
	}
	switch x.Kind() {
	case reflect.Func:
		return ""
	case reflect.Pointer, reflect.Interface:
		if x.IsNil() || y.IsNil() {
			if x.IsNil() != y.IsNil() {
				return path
			}
			return ""
		}
		return deepDiff(x.Elem(), y.Elem(), path)
	case reflect.Struct:
		for i := 0; i < x.NumField(); i++ {
			if d := deepDiff(x.Field(i), y.Field(i), path+"."+x.Type().Field(i).Name); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if x.Len() != y.Len() {
			return fmt.Sprintf("%s (length %d, restored %d)", path, x.Len(), y.Len())
		}
		for i := 0; i < x.Len(); i++ {
			if d := deepDiff(x.Index(i), y.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if x.Len() != y.Len() {
			return path
		}
		for _, k := range x.MapKeys() {
			if d := deepDiff(x.MapIndex(k), y.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Float32, reflect.Float64:
		if math.Float64bits(x.Float()) != math.Float64bits(y.Float()) {
			return fmt.Sprintf("%s (%v, restored %v)", path, x.Float(), y.Float())
		}
		return ""
	case reflect.Bool:
		if x.Bool() != y.Bool() {
			return path
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if x.Int() != y.Int() {
			return fmt.Sprintf("%s (%d, restored %d)", path, x.Int(), y.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if x.Uint() != y.Uint() {
			return fmt.Sprintf("%s (%d, restored %d)", path, x.Uint(), y.Uint())
		}
	case reflect.String:
		if x.String() != y.String() {
			return path
		}
	}
	return ""
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
