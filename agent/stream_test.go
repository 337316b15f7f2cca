package agent

import (
	"bytes"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/internal/cputime"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// newStreamAgent builds a stream agent for w with parameters set.
func newStreamAgent(t testing.TB, w *sim.World, seed uint64, set map[string]string) *stream {
	t.Helper()
	a, err := New("stream", envOf(w, seed), set)
	if err != nil {
		t.Fatal(err)
	}
	return a.(*stream)
}

// placeOff loads a built-in scenario in a control mode with the place
// sensor off.
func placeOff(t testing.TB, scenario, control string, seed uint64) *sim.World {
	t.Helper()
	w := conformanceWorld(t, scenario, control, seed)
	sc := w.Scenario().Clone()
	if err := sc.Set("sensors.place", "false"); err != nil {
		t.Fatal(err)
	}
	w, err := sim.New(sc, seed)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestStreamLearnsDynaMaze: with moves control and the place sensor off,
// stream learns the Dyna maze from its rays, touch, compass and odometry
// alone: the median path ratio of the last 20 trials is at most 1.5 after
// 30 000 steps (the full figure, 10 seeds at 100 000 steps, is measured by
// `mazerat repro stream-dyna-maze`; see docs/plasticity.md).
func TestStreamLearnsDynaMaze(t *testing.T) {
	if testing.Short() || raceEnabled() {
		t.Skip("30 000 physics steps")
	}
	w := placeOff(t, "dyna-maze", "moves", 1)
	a := newStreamAgent(t, w, 1, nil)
	obs := w.Observation()
	var ratios []float64
	for range 30000 {
		obs = w.Step(a.Act(obs))
		if tr, ok := w.TrialEnded(); ok {
			ratios = append(ratios, tr.PathRatio())
		}
	}
	if err := a.Failure(); err != nil {
		t.Fatal(err)
	}
	if len(ratios) < 20 {
		t.Fatalf("%d trials in 30 000 steps, want at least 20", len(ratios))
	}
	last := slices.Clone(ratios[len(ratios)-20:])
	slices.Sort(last)
	if med := (last[9] + last[10]) / 2; !(med <= 1.5) {
		t.Errorf("median path ratio of the last 20 trials %.2f, want ≤ 1.5 (trials %d)", med, len(ratios))
	}
}

// TestStreamStateRoundTrip: saved and restored at step 700 of a lifetime,
// the agent continues exactly as the original, for every mitigation, with
// and without planning, in both control modes: the same actions, the same
// metrics, and the same saved state at the end, byte for byte.
func TestStreamStateRoundTrip(t *testing.T) {
	at, after := 700, 300
	if raceEnabled() {
		at, after = 200, 100
	}
	for _, c := range []struct {
		control string
		set     map[string]string
	}{
		{"moves", nil},
		{"moves", map[string]string{"agent.mitigation": "cbp", "agent.cbp_rate": "0.01", "agent.cbp_maturity": "10"}},
		{"wheels", map[string]string{"agent.mitigation": "shrink_perturb"}},
		{"moves", map[string]string{"agent.mitigation": "l2_init", "agent.planning": "3"}},
		{"wheels", map[string]string{"agent.planning": "2", "agent.width": "16", "agent.layers": "3"}},
	} {
		w := placeOff(t, "blocking-maze", c.control, 5)
		a := newStreamAgent(t, w, 5, c.set)
		obs := w.Observation()
		for range at {
			obs = w.Step(a.Act(obs))
		}
		data, err := a.MarshalState()
		if err != nil {
			t.Fatal(err)
		}
		b := newStreamAgent(t, w, 5, c.set)
		if err := b.UnmarshalState(data); err != nil {
			t.Fatal(err)
		}
		for i := range after {
			obs = copyObs(obs)
			aa, ab := a.Act(obs), b.Act(obs)
			if aa != ab {
				t.Fatalf("%s %v: step %d after restore: actions %+v and %+v", c.control, c.set, i, aa, ab)
			}
			obs = w.Step(aa)
		}
		ma, mb := a.Metrics(nil), b.Metrics(nil)
		if len(ma) != len(mb) {
			t.Fatalf("%v: metrics %v and %v", c.set, ma, mb)
		}
		for i := range ma {
			if ma[i].Name != mb[i].Name || math.Float64bits(ma[i].Value) != math.Float64bits(mb[i].Value) {
				t.Errorf("%v: metric %d: %v and %v", c.set, i, ma[i], mb[i])
			}
		}
		sa, _ := a.MarshalState()
		sb, _ := b.MarshalState()
		if !bytes.Equal(sa, sb) {
			t.Errorf("%s %v: the states differ %d steps after the restore", c.control, c.set, after)
		}
	}
}

// TestStreamStateMismatch: a state saved by another shape of network is
// refused with ErrStateMismatch.
func TestStreamStateMismatch(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	a := newStreamAgent(t, w, 1, nil)
	data, _ := a.MarshalState()
	for _, set := range []map[string]string{
		{"agent.width": "32"},
		{"agent.mitigation": "cbp"},
		{"agent.planning": "1"},
	} {
		b := newStreamAgent(t, w, 1, set)
		if err := b.UnmarshalState(data); err == nil || !strings.Contains(err.Error(), ErrStateMismatch.Error()) {
			t.Errorf("%v: restoring a default agent's state: %v, want ErrStateMismatch", set, err)
		}
	}
}

// TestStreamPlanningKeepsTheState: imagined updates never touch what the
// agent senses: fed the same observations, agents with and without
// planning hold the same normalised input after every step.
func TestStreamPlanningKeepsTheState(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	a := newStreamAgent(t, w, 1, nil)
	b := newStreamAgent(t, w, 1, map[string]string{"agent.planning": "3"})
	obs := w.Observation()
	for i := range 300 {
		obs = copyObs(obs)
		act := a.Act(obs)
		b.Act(obs)
		if !slices.Equal(a.cur.in, b.cur.in) {
			t.Fatalf("step %d: the planning agent's input %v, the other's %v", i, b.cur.in, a.cur.in)
		}
		obs = w.Step(act)
	}
}

// TestStreamBadParams: parameters out of range, an unknown mitigation and
// a network beyond the memory cap are refused, naming the parameter and
// what was expected.
func TestStreamBadParams(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	for i, c := range []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{"agent.alpha": "0"}, "agent.alpha=0: expected a number in"},
		{map[string]string{"agent.gamma": "1.5"}, "agent.gamma=1.5"},
		{map[string]string{"agent.lambda": "-0.1"}, "agent.lambda=-0.1"},
		{map[string]string{"agent.width": "0"}, "agent.width=0: expected an integer in 1..65536"},
		{map[string]string{"agent.layers": "x"}, "agent.layers=x"},
		{map[string]string{"agent.epsilon": "NaN"}, "agent.epsilon=NaN"},
		{map[string]string{"agent.mitigation": "dropout"}, "agent.mitigation=dropout: expected one of plain, cbp, shrink_perturb, l2_init"},
		{map[string]string{"agent.planning": "-1"}, "agent.planning=-1"},
		{map[string]string{"agent.layernorm": "no"}, "agent.layernorm=no: expected true or false"},
		{map[string]string{"agent.leak": "-0.1"}, "agent.leak=-0.1: expected a number in 0..1"},
		{map[string]string{"agent.width": "4096", "agent.layers": "4"}, "more than its cap of 256 MiB"},
	} {
		_, err := New("stream", envOf(w, 1), c.set)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d: %v: error %v, want one containing %q", i, c.set, err, c.want)
		}
	}
}

// TestStreamDiverges: without ObGD's bound a large step size makes the
// values overflow; the agent reports the step and what failed, and stops
// learning (it keeps returning valid actions).
func TestStreamDiverges(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	a := newStreamAgent(t, w, 1, map[string]string{"agent.alpha": "100", "agent.obgd_kappa": "0"})
	obs := w.Observation()
	var failedAt int64 = -1
	for range 3000 {
		act := a.Act(obs)
		if err := w.ActionSpec().Validate(act); err != nil {
			t.Fatal(err)
		}
		if a.Failure() != nil && failedAt < 0 {
			failedAt = obs.Step
		}
		obs = w.Step(act)
	}
	err := a.Failure()
	if err == nil {
		t.Fatal("no error after 3000 steps at alpha 100 without the bound")
	}
	if want := "diverged at step " + itoa(failedAt); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to contain %q", err, want)
	}
	// With the bound, the same step size learns without failing.
	w = placeOff(t, "dyna-maze", "moves", 1)
	a = newStreamAgent(t, w, 1, map[string]string{"agent.alpha": "100"})
	obs = w.Observation()
	for range 3000 {
		obs = w.Step(a.Act(obs))
	}
	if err := a.Failure(); err != nil {
		t.Errorf("with ObGD's bound: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestStreamActAllocatesNothing: after birth a step allocates nothing,
// whatever the mitigation, with planning, and across diagnostic windows.
func TestStreamActAllocatesNothing(t *testing.T) {
	for _, set := range []map[string]string{
		nil,
		{"agent.mitigation": "cbp", "agent.cbp_rate": "0.01", "agent.cbp_maturity": "5"},
		{"agent.mitigation": "shrink_perturb"},
		{"agent.mitigation": "l2_init", "agent.planning": "4"},
	} {
		for _, control := range []world.Control{world.Moves, world.Wheels} {
			env, obs := recordedObs(t, control)
			a, err := New("stream", env, set)
			if err != nil {
				t.Fatal(err)
			}
			ms := a.(MetricReporter).Metrics(nil)
			// Every allocation counts, not the mean per call that
			// testing.AllocsPerRun rounds down: a window closes once
			// in diagWindow steps. The runtime's own background work
			// allocates now and then too, so the least of three rounds
			// must be zero.
			least := uint64(math.MaxUint64)
			for range 3 {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				for range 3 * diagWindow {
					obs.Step++
					a.Act(obs)
					ms = a.(MetricReporter).Metrics(ms[:0])
				}
				runtime.ReadMemStats(&after)
				least = min(least, after.Mallocs-before.Mallocs)
			}
			if least != 0 {
				t.Errorf("%v %v: %d steps allocated %d times, want 0", set, control, 3*diagWindow, least)
			}
		}
	}
}

// TestStreamObGD checks the step size against the paper's rule.
func TestStreamObGD(t *testing.T) {
	s := &stream{alpha: 1, kappa: 2}
	z := []float64{0.5, -0.25, 0.25} // ‖z‖₁ = 1
	for i, c := range []struct{ alpha, delta, want float64 }{
		{1, 0.1, 1.0 / 2},     // M = 1·2·max(0.1,1)·1 = 2
		{1, -3, 1.0 / 6},      // M = 1·2·3·1 = 6
		{0.1, 0.5, 0.1 / 0.2}, // M = 0.2 ≤ 1: alpha itself
		{0.4, 2, 0.4 / 1.6},   // M = 1.6
	} {
		s.alpha = c.alpha
		want := c.want
		if c.alpha == 0.1 {
			want = 0.1
		}
		if got := s.obgd(c.delta, z); math.Abs(got-want) > 1e-15 {
			t.Errorf("%d: step %g, want %g", i, got, want)
		}
	}
	s.kappa = 0
	if got := s.obgd(1e9, z); got != 0.4 {
		t.Errorf("kappa 0: step %g, want alpha 0.4", got)
	}
}

// TestStreamInputs: the sensor vector has the documented length, and the
// place is a one-hot only with the place sensor on.
func TestStreamInputs(t *testing.T) {
	on := conformanceWorld(t, "dyna-maze", "moves", 1)
	off := placeOff(t, "dyna-maze", "moves", 1)
	spec := off.ObservationSpec()
	base := spec.Rays + 3 + 2 + 3
	if a := newStreamAgent(t, off, 1, nil); a.net.nIn != base || a.placeBase != -1 {
		t.Errorf("place off: %d inputs (place at %d), want %d (none)", a.net.nIn, a.placeBase, base)
	}
	a := newStreamAgent(t, on, 1, nil)
	if want := base + on.ObservationSpec().NumPlaces; a.net.nIn != want || a.placeBase != base {
		t.Errorf("place on: %d inputs (place at %d), want %d (at %d)", a.net.nIn, a.placeBase, want, base)
	}
	obs := on.Observation()
	a.sense(obs)
	for p := 0; p < on.ObservationSpec().NumPlaces; p++ {
		want := 0.0
		if p == obs.Place {
			want = 1
		}
		if got := a.raw[base+p]; got != want {
			t.Errorf("place input %d = %g, want %g (the body is at %d)", p, got, want, obs.Place)
		}
	}
}

// TestStreamEffectiveRank checks the effective rank on feature windows of
// known spectra: a rank-one window, and orthogonal features of equal
// energy.
func TestStreamEffectiveRank(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	for _, width := range []int{16, 200} {
		s := newStreamAgent(t, w, 1, map[string]string{"agent.width": itoa(int64(width))})
		// Rank one: every row the same vector.
		for r := 0; r < diagWindow; r++ {
			for c := 0; c < width; c++ {
				s.feats[r*width+c] = float64(c%5) + 1
			}
		}
		if got := s.effectiveRank(); math.Abs(got-1) > 1e-6 {
			t.Errorf("width %d: rank-one window: effective rank %g, want 1", width, got)
		}
		// k orthogonal rows of equal norm: every singular value equal.
		k := min(width, diagWindow, 8)
		clear(s.feats)
		for r := 0; r < k; r++ {
			s.feats[r*width+r] = 3
		}
		if got := s.effectiveRank(); math.Abs(got-float64(k)) > 1e-6 {
			t.Errorf("width %d: %d orthogonal features: effective rank %g, want %d", width, k, got, k)
		}
	}
}

// TestStreamDormant: a unit whose activity is under τ times its layer's
// mean counts as dormant; one just over it does not.
func TestStreamDormant(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	s := newStreamAgent(t, w, 1, map[string]string{"agent.width": "4", "agent.layers": "2"})
	// Layer 0: activity 1, 1, 1, and 0.02 → mean 0.755, τ·mean ≈ 0.0189:
	// not dormant. Layer 1: 1, 1, 1, 0 → dormant.
	copy(s.absSum, []float64{1, 1, 1, 0.02, 1, 1, 1, 0})
	s.closeWindow()
	if s.dormant != 1.0/8 {
		t.Errorf("dormant %g, want 1/8", s.dormant)
	}
	copy(s.absSum, []float64{1, 1, 1, 0.01, 1, 1, 1, 0})
	s.closeWindow()
	if s.dormant != 2.0/8 {
		t.Errorf("dormant %g, want 2/8", s.dormant)
	}
}

// TestStreamContinualBackprop: with a high replacement rate units are
// replaced, and a replaced unit leaves with zero outgoing weights.
func TestStreamContinualBackprop(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	s := newStreamAgent(t, w, 1, map[string]string{"agent.mitigation": "cbp", "agent.cbp_rate": "0.01", "agent.cbp_maturity": "10"})
	obs := w.Observation()
	for range 500 {
		obs = w.Step(s.Act(obs))
	}
	if s.replace == 0 {
		t.Fatal("no unit replaced in 500 steps at rate 0.01")
	}
	// The youngest units of each layer were just replaced: their outgoing
	// weights are zero unless learning has moved them since.
	n := s.net
	before := s.replace
	s.reinitUnit(0, 3)
	if s.replace != before+1 || s.age[0][3] != 0 || s.util[0][3] != 0 {
		t.Errorf("reinitUnit: replaced %d (was %d), age %d, utility %g", s.replace, before, s.age[0][3], s.util[0][3])
	}
	for r := 0; r < n.rows[1]; r++ {
		if v := n.theta[n.wOff[1]+r*n.cols[1]+3]; v != 0 {
			t.Errorf("outgoing weight of a replaced unit to unit %d: %g, want 0", r, v)
		}
	}
	// Without cbp nothing is replaced and no metric says so.
	p := newStreamAgent(t, w, 1, nil)
	for _, m := range p.Metrics(nil) {
		if m.Name == "replaced" {
			t.Errorf("plain agent reports %v", m)
		}
	}
}

// TestStreamMetrics: the metrics keep their names and order, are NaN
// before the first whole window and finite after it.
func TestStreamMetrics(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	s := newStreamAgent(t, w, 1, map[string]string{"agent.planning": "2"})
	first := s.Metrics(nil)
	var names []string
	for _, m := range first {
		names = append(names, m.Name)
	}
	want := []string{"backups", "search_nodes", "dormant", "effective_rank", "weight_norm", "grad_norm", "td_error", "step_size", "model_error", "model_trust"}
	if !slices.Equal(names, want) {
		t.Fatalf("metrics %v, want %v", names, want)
	}
	if !math.IsNaN(first[3].Value) {
		t.Errorf("effective rank before a window: %g, want NaN", first[3].Value)
	}
	obs := w.Observation()
	for range 2 * diagWindow {
		obs = w.Step(s.Act(obs))
	}
	for _, m := range s.Metrics(nil) {
		if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) || m.Value < 0 {
			t.Errorf("after two windows: %s = %g, want a finite number ≥ 0", m.Name, m.Value)
		}
	}
	// One real update per step after the first, and two imagined ones in
	// each step the model is trusted at all.
	real := float64(2*diagWindow - 1)
	if got := s.Metrics(nil)[0].Value; got < real || math.Mod(got-real, 2) != 0 {
		t.Errorf("backups %g, want %g real updates plus two imagined ones per trusted step", got, real)
	}
	if tr := s.trust(); tr < 0 || tr > 1 {
		t.Errorf("model trust %g, want it in [0, 1]", tr)
	}
}

// BenchmarkStreamStep is one step of the stream agent with the default
// network (its forward passes, the update, the diagnostics), without
// planning, on a recorded observation of the Dyna maze. The variants add
// the mitigations and planning.
func BenchmarkStreamStep(b *testing.B) {
	for _, c := range []struct {
		name string
		set  map[string]string
	}{
		{"default", nil},
		{"cbp", map[string]string{"agent.mitigation": "cbp"}},
		{"shrink_perturb", map[string]string{"agent.mitigation": "shrink_perturb"}},
		{"l2_init", map[string]string{"agent.mitigation": "l2_init"}},
		{"planning=4", map[string]string{"agent.planning": "4"}},
		{"width=32", map[string]string{"agent.width": "32"}},
		{"width=128", map[string]string{"agent.width": "128"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			w := placeOff(b, "dyna-maze", "moves", 1)
			a := newStreamAgent(b, w, 1, c.set)
			// A few hundred real observations, replayed in turn.
			var obs []sim.Observation
			o := w.Observation()
			for range 512 {
				obs = append(obs, copyObs(o))
				o = w.Step(a.Act(o))
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			cpu0 := cputime.Process()
			for b.Loop() {
				o := obs[i%len(obs)]
				o.Step = int64(512 + i)
				a.Act(o)
				i++
			}
			// Wall time counts whatever else the machine runs; the
			// process's CPU time per step does not (the benchmark is the
			// only work of this process).
			if cpu := cputime.Process() - cpu0; cpu > 0 {
				b.ReportMetric(float64(b.N)/cpu.Seconds(), "cpu-steps/s")
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
			b.ReportMetric(float64(len(a.net.theta)), "params")
		})
	}
}

// TestStreamNetworkSwitches: agent.layernorm and agent.leak reach the
// network, and the defaults keep the paper's LayerNorm and leaky ReLU.
func TestStreamNetworkSwitches(t *testing.T) {
	w := placeOff(t, "dyna-maze", "moves", 1)
	for _, c := range []struct {
		set  map[string]string
		noLN bool
		leak float64
	}{
		{nil, false, 0.01},
		{map[string]string{"agent.layernorm": "false", "agent.leak": "0"}, true, 0},
		{map[string]string{"agent.layernorm": "true", "agent.leak": "0.2"}, false, 0.2},
	} {
		a, err := New("stream", envOf(w, 1), c.set)
		if err != nil {
			t.Fatal(err)
		}
		n := a.(*stream).net
		if n.noLN != c.noLN || n.leak != c.leak {
			t.Errorf("%v: network without LayerNorm %v, leak %g; want %v, %g", c.set, n.noLN, n.leak, c.noLN, c.leak)
		}
	}
}
