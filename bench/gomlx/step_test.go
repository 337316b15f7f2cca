// Package gomlx benchmarks one step of the stream agent's learner written
// with GoMLX (its pure-Go "simplego" backend, automatic differentiation)
// against the agent as it is built, on gonum's BLAS with hand-derived
// gradients. It is a module of its own so that the main module does not
// depend on GoMLX; see docs/plasticity.md for the figures and how to run
// it:
//
//	cd bench/gomlx && go test -bench . -count 5
package gomlx

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego"
	. "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// The default network of the stream agent on a body with 9 rays, touch,
// compass and odometry (17 inputs), moves control (4 actions).
const (
	nIn, width, layers, nA = 17, 64, 2, 4
	gamma, lambda          = 0.95, 0.8
	alpha, kappa           = 1.0, 2.0
	lnEps, leak            = 1e-5, 0.01
)

// qValues is the network: per hidden layer W·x + b, LayerNorm without
// gain or bias, leaky ReLU; then a linear output layer. params holds W, b
// per layer, the output layer last.
func qValues(params []*Node, x *Node) *Node {
	h := x
	for l := 0; l < layers; l++ {
		y := Add(Dot(params[2*l], h), params[2*l+1])
		mean := ReduceMean(y, 0)
		d := Sub(y, mean)
		vr := ReduceMean(Mul(d, d), 0)
		y = Div(d, Sqrt(AddScalar(vr, lnEps))) // Rsqrt has no gradient in GoMLX v0.26
		h = Where(GreaterOrEqual(y, ScalarZero(y.Graph(), y.DType())), y, MulScalar(y, leak))
	}
	return Add(Dot(params[2*layers], h), params[2*layers+1])
}

// step is one stream Q(λ) step as a graph: inputs are the parameters,
// the traces (same shapes), then x (the state left), xNext, the action
// one-hot, the scaled reward and the continuation (1 - done). It returns
// the new parameters, the new traces and the action values of xNext under
// the new parameters (for the next action).
func step(inputs []*Node) []*Node {
	np := 2 * (layers + 1)
	params, traces := inputs[:np], inputs[np:2*np]
	x, xNext, onehot, r, cont := inputs[2*np], inputs[2*np+1], inputs[2*np+2], inputs[2*np+3], inputs[2*np+4]
	qsa := ReduceAllSum(Mul(qValues(params, x), onehot))
	target := Add(r, Mul(MulScalar(cont, gamma), StopGradient(ReduceAllMax(qValues(params, xNext)))))
	delta := StopGradient(Sub(target, qsa))
	grads := Gradient(qsa, params...)
	zsum := ScalarZero(x.Graph(), x.DType())
	newTraces := make([]*Node, np)
	for i := range params {
		newTraces[i] = Add(MulScalar(traces[i], gamma*lambda), grads[i])
		zsum = Add(zsum, ReduceAllSum(Abs(newTraces[i])))
	}
	// ObGD: step = alpha / max(1, alpha·κ·max(|δ|, 1)·‖z‖₁).
	m := Mul(MulScalar(Max(Abs(delta), OnesLike(delta)), alpha*kappa), zsum)
	stepSize := Div(ScalarOne(x.Graph(), x.DType()), Max(m, OnesLike(m)))
	stepSize = MulScalar(stepSize, alpha)
	out := make([]*Node, 0, 2*np+1)
	newParams := make([]*Node, np)
	for i := range params {
		newParams[i] = Add(params[i], Mul(Mul(stepSize, delta), newTraces[i]))
	}
	out = append(out, newParams...)
	out = append(out, newTraces...)
	return append(out, qValues(newParams, xNext))
}

// layerShapes returns each layer's (outputs, inputs), the output layer
// last.
func layerShapes() [][2]int {
	var s [][2]int
	in := nIn
	for l := 0; l <= layers; l++ {
		out := width
		if l == layers {
			out = nA
		}
		s = append(s, [2]int{out, in})
		in = out
	}
	return s
}

func BenchmarkStep(b *testing.B) {
	b.Run("gomlx-simplego", benchGoMLX)
	b.Run("gonum", benchGonum)
}

// stepExec compiles the step on the simplego backend.
func stepExec(t testing.TB) (backends.Backend, *Exec) {
	t.Helper()
	backend, err := backends.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	exec, err := NewExec(backend, step)
	if err != nil {
		t.Fatal(err)
	}
	return backend, exec
}

func benchGoMLX(b *testing.B) {
	_, exec := stepExec(b)
	rng := rand.New(rand.NewPCG(1, 2))
	var params, traces []*tensors.Tensor
	for _, sh := range layerShapes() {
		out, in := sh[0], sh[1]
		w := make([]float64, out*in)
		for i := range w {
			if rng.Float64() < 0.1 {
				w[i] = (2*rng.Float64() - 1) / math.Sqrt(float64(in))
			}
		}
		params = append(params, tensors.FromFlatDataAndDimensions(w, out, in), tensors.FromFlatDataAndDimensions(make([]float64, out), out))
		traces = append(traces, tensors.FromFlatDataAndDimensions(make([]float64, out*in), out, in), tensors.FromFlatDataAndDimensions(make([]float64, out), out))
	}
	states := make([]*tensors.Tensor, 64)
	for i := range states {
		x := make([]float64, nIn)
		for j := range x {
			x[j] = rng.NormFloat64()
		}
		states[i] = tensors.FromFlatDataAndDimensions(x, nIn)
	}
	onehots := make([]*tensors.Tensor, nA)
	for a := range onehots {
		v := make([]float64, nA)
		v[a] = 1
		onehots[a] = tensors.FromFlatDataAndDimensions(v, nA)
	}
	r, cont := tensors.FromValue(0.0), tensors.FromValue(1.0)
	args := make([]any, 0, 4*(layers+1)+5)
	run := func(i int) {
		args = args[:0]
		for _, t := range params {
			args = append(args, t)
		}
		for _, t := range traces {
			args = append(args, t)
		}
		args = append(args, states[i%len(states)], states[(i+1)%len(states)], onehots[i%nA], r, cont)
		outs, err := exec.Exec(args...)
		if err != nil {
			b.Fatal(err)
		}
		np := 2 * (layers + 1)
		copy(params, outs[:np])
		copy(traces, outs[np:2*np])
		// The action values come back to the host, as the agent needs them
		// to choose.
		if q := tensors.MustCopyFlatData[float64](outs[2*np]); len(q) != nA {
			b.Fatalf("%d action values", len(q))
		}
	}
	run(0) // compiles the graph
	b.ReportAllocs()
	b.ResetTimer()
	i := 1
	for b.Loop() {
		run(i)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// benchGonum runs the stream agent itself, which does more per step than
// the graph above (it also normalises the observation and the reward,
// chooses the action and keeps its diagnostics).
func benchGonum(b *testing.B) {
	spec := sim.ObservationSpec{
		Rays: 9, RayRange: 2, Touch: true, Compass: true, Odometry: true, Reward: true,
		Cell: 0.5, MaxSpeed: 0.8, MaxTurn: 6.7,
	}
	spec.RayAngles = make([]float64, spec.Rays)
	env := agent.Env{Obs: spec, Act: sim.ActionSpec{Control: world.Moves, NumMoves: 4}, Seed: 1}
	a, err := agent.New("stream", env, nil)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	obs := make([]sim.Observation, 64)
	for i := range obs {
		o := sim.Observation{Rays: make([]float64, spec.Rays), Place: -1, Duration: 0.5}
		for j := range o.Rays {
			o.Rays[j] = rng.Float64()
		}
		h := rng.Float64() * 2 * math.Pi
		o.Compass = [2]float64{math.Sin(h), math.Cos(h)}
		o.Forward, o.Turn = rng.NormFloat64(), rng.NormFloat64()
		obs[i] = o
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		o := obs[i%len(obs)]
		o.Step = int64(i)
		a.Act(o)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// TestStepGradient checks that the graph benchmarked computes the right
// thing: with zero traces, the new trace is ∇Q(x, a), which must match
// central finite differences of the network's forward pass.
func TestStepGradient(t *testing.T) {
	backend, stepper := stepExec(t)
	np := 2 * (layers + 1)
	forward, err := NewExec(backend, func(inputs []*Node) *Node { return qValues(inputs[:np], inputs[np]) })
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var flat [][]float64
	var dims [][]int
	for _, sh := range layerShapes() {
		out, in := sh[0], sh[1]
		w := make([]float64, out*in)
		for i := range w {
			w[i] = rng.NormFloat64() / math.Sqrt(float64(in))
		}
		bias := make([]float64, out)
		for i := range bias {
			bias[i] = 0.1 * rng.NormFloat64()
		}
		flat = append(flat, w, bias)
		dims = append(dims, []int{out, in}, []int{out})
	}
	x := make([]float64, nIn)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	const a = 2
	tensorsOf := func(vals [][]float64) []any {
		var args []any
		for i, v := range vals {
			args = append(args, tensors.FromFlatDataAndDimensions(append([]float64(nil), v...), dims[i]...))
		}
		return args
	}
	zeros := make([][]float64, len(flat))
	for i, v := range flat {
		zeros[i] = make([]float64, len(v))
	}
	onehot := make([]float64, nA)
	onehot[a] = 1
	args := append(tensorsOf(flat), tensorsOf(zeros)...)
	args = append(args, tensors.FromFlatDataAndDimensions(x, nIn), tensors.FromFlatDataAndDimensions(x, nIn),
		tensors.FromFlatDataAndDimensions(onehot, nA), tensors.FromValue(0.0), tensors.FromValue(1.0))
	outs, err := stepper.Exec(args...)
	if err != nil {
		t.Fatal(err)
	}
	q := func() float64 {
		args := append(tensorsOf(flat), tensors.FromFlatDataAndDimensions(x, nIn))
		o, err := forward.Exec(args...)
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float64](o[0])[a]
	}
	const h = 1e-6
	for p := range flat {
		trace := tensors.MustCopyFlatData[float64](outs[np+p])
		for range 5 {
			i := rng.IntN(len(flat[p]))
			old := flat[p][i]
			flat[p][i] = old + h
			up := q()
			flat[p][i] = old - h
			down := q()
			flat[p][i] = old
			if want := (up - down) / (2 * h); math.Abs(trace[i]-want) > 1e-5*(1+math.Abs(want)) {
				t.Errorf("parameter tensor %d, entry %d: gradient %g, finite differences %g", p, i, trace[i], want)
			}
		}
	}
}
