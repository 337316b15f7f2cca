package agent

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMLPGradient checks the hand-derived gradient of every output of
// networks of several shapes, with and without LayerNorm and with leaky
// and plain ReLU, against central finite differences, one parameter at a
// time.
func TestMLPGradient(t *testing.T) {
	for i, c := range []struct {
		nIn, width, layers, nOut int
		noLN                     bool
		leak                     float64
	}{
		{3, 4, 0, 2, false, defaultLeak},
		{5, 6, 1, 3, false, defaultLeak},
		{7, 5, 2, 4, false, defaultLeak},
		{4, 8, 3, 6, false, defaultLeak},
		{5, 6, 1, 3, true, defaultLeak},
		{7, 5, 2, 4, true, 0},
		{4, 8, 3, 6, false, 0},
		{4, 8, 3, 6, true, 0.2},
	} {
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		m := newMLP(c.nIn, c.width, c.layers, c.nOut)
		m.noLN, m.leak = c.noLN, c.leak
		m.sparseInit(rng, 0.3, make([]int, max(c.nIn, c.width)))
		for j := range m.theta { // nonzero biases too
			m.theta[j] += 0.1 * rng.NormFloat64()
		}
		a := m.newActs()
		for j := range a.in {
			a.in[j] = rng.NormFloat64()
		}
		g := m.newGrad()
		// One seed per output (the gradient of that output), then a
		// random seed (the gradient of a weighted sum, as for a loss).
		for k := 0; k <= c.nOut; k++ {
			seed := make([]float64, c.nOut)
			if k < c.nOut {
				seed[k] = 1
			} else {
				for j := range seed {
					seed[j] = rng.NormFloat64()
				}
			}
			dot := func(out []float64) float64 {
				s := 0.0
				for j, v := range out {
					s += seed[j] * v
				}
				return s
			}
			m.forward(a)
			got := make([]float64, len(m.theta))
			norm := m.addGrad(a, seed, 2, got, g)
			want := make([]float64, len(m.theta))
			const h = 1e-6
			b := m.newActs()
			copy(b.in, a.in)
			for p := range m.theta {
				old := m.theta[p]
				m.theta[p] = old + h
				m.forward(b)
				up := dot(b.out)
				m.theta[p] = old - h
				m.forward(b)
				down := dot(b.out)
				m.theta[p] = old
				want[p] = 2 * (up - down) / (2 * h)
			}
			n2 := 0.0
			for p := range got {
				if math.Abs(got[p]-want[p]) > 1e-5*(1+math.Abs(want[p])) {
					t.Fatalf("%d: seed %d, parameter %d: gradient %g, finite differences %g", i, k, p, got[p], want[p])
				}
				n2 += want[p] * want[p] / 4
			}
			if math.Abs(norm-math.Sqrt(n2)) > 1e-5*(1+norm) {
				t.Errorf("%d: seed %d: gradient norm %g, want %g", i, k, norm, math.Sqrt(n2))
			}
		}
	}
}

// TestSparseInit checks the initialisation's sparsity and bounds.
func TestSparseInit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m := newMLP(5, 10, 1, 4)
	m.sparseInit(rng, 0.9, make([]int, 10))
	for l := 0; l <= m.layers; l++ {
		c := m.cols[l]
		for u := 0; u < m.rows[l]; u++ {
			row := m.theta[m.wOff[l]+u*c : m.wOff[l]+(u+1)*c]
			zeros := 0
			for _, w := range row {
				if w == 0 {
					zeros++
				}
				if math.Abs(w) > 1/math.Sqrt(float64(c)) {
					t.Errorf("layer %d unit %d: weight %g beyond 1/sqrt(%d)", l, u, w, c)
				}
			}
			if want := min(int(math.Ceil(0.9*float64(c))), c-1); zeros != want {
				t.Errorf("layer %d unit %d: %d zero weights, want %d", l, u, zeros, want)
			}
		}
		for _, b := range m.biases(m.theta, l) {
			if b != 0 {
				t.Errorf("layer %d: bias %g, want 0", l, b)
			}
		}
	}
}

// TestMLPSwitches: without LayerNorm a hidden layer is the plain linear
// map and activation; with leak 0 a negative pre-activation gives exactly
// 0, and with the default leak 0.01 times itself.
func TestMLPSwitches(t *testing.T) {
	m := newMLP(2, 3, 1, 1)
	copy(m.weights(m.theta, 0).Data, []float64{1, 0, 0, 1, -1, -1})
	copy(m.biases(m.theta, 0), []float64{0.5, 0, 0})
	a := m.newActs()
	copy(a.in, []float64{2, 3})
	pre := []float64{2.5, 3, -5}
	for _, c := range []struct {
		noLN bool
		leak float64
	}{{true, 0}, {true, defaultLeak}, {false, 0}} {
		m.noLN, m.leak = c.noLN, c.leak
		m.forward(a)
		want := slices.Clone(pre)
		if !c.noLN {
			layerNorm(want)
		}
		for i, v := range want {
			if v < 0 {
				want[i] = c.leak * v
			}
		}
		for i := range want {
			if math.Abs(a.h[0][i]-want[i]) > 1e-12 {
				t.Errorf("layernorm %v, leak %g: unit %d = %g, want %g", !c.noLN, c.leak, i, a.h[0][i], want[i])
			}
		}
	}
}
