package agent

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The stream agent's networks: multilayer perceptrons whose hidden layers
// are a linear map, LayerNorm without learned gain or bias, and a leaky
// ReLU, as in Elsayed, Vasan & Mahmood (2024); the output layer is linear.
// LayerNorm can be left out and the leak set to 0 (a plain ReLU network),
// the protections off, to study loss of plasticity.
// Every parameter lives in one flat slice, so the optimiser's passes
// (decaying a trace, its L1 norm, the update) are single BLAS level-1
// calls over the whole network, and the gradient of one output is added
// into any slice of the same layout (an eligibility trace, or a plain
// gradient) by rank-one updates. The gradients are derived by hand and
// checked against finite differences in the tests.

const (
	lnEps       = 1e-5 // LayerNorm's variance floor, as in torch
	defaultLeak = 0.01 // the leaky ReLU's slope below zero, as in torch
)

// mlp is the shape of a network and its parameters.
type mlp struct {
	nIn, width, layers, nOut int
	theta                    []float64 // every weight and bias
	wOff, bOff               []int     // where layer l's weights (row-major, out × in) and biases begin
	rows, cols               []int     // layer l maps cols inputs to rows outputs; the last layer is the output
	// noLN leaves LayerNorm out of the hidden layers (agent.layernorm=false):
	// a plain ReLU-family network, the kind that loses plasticity.
	noLN bool
	leak float64 // the activation's slope below zero: 0.01 leaky ReLU, 0 ReLU
}

// mlpSize returns the number of parameters of a network.
func mlpSize(nIn, width, layers, nOut int) int {
	n, in := 0, nIn
	for l := 0; l < layers; l++ {
		n += width*in + width
		in = width
	}
	return n + nOut*in + nOut
}

func newMLP(nIn, width, layers, nOut int) *mlp {
	m := &mlp{nIn: nIn, width: width, layers: layers, nOut: nOut, leak: defaultLeak,
		theta: make([]float64, mlpSize(nIn, width, layers, nOut))}
	off, in := 0, nIn
	for l := 0; l <= layers; l++ {
		out := width
		if l == layers {
			out = nOut
		}
		m.wOff = append(m.wOff, off)
		off += out * in
		m.bOff = append(m.bOff, off)
		off += out
		m.rows = append(m.rows, out)
		m.cols = append(m.cols, in)
		in = out
	}
	return m
}

// weights returns layer l's weight matrix over p (theta, or a slice of
// the same layout).
func (m *mlp) weights(p []float64, l int) blas64.General {
	r, c := m.rows[l], m.cols[l]
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: p[m.wOff[l] : m.wOff[l]+r*c]}
}

func (m *mlp) biases(p []float64, l int) []float64 { return p[m.bOff[l] : m.bOff[l]+m.rows[l]] }

// sparseInit sets every weight as the paper's sparse initialisation does:
// uniform in ±1/√fan-in with a fraction sparsity of each unit's inputs set
// to zero; biases zero.
func (m *mlp) sparseInit(rng *rand.Rand, sparsity float64, scratch []int) {
	for l := 0; l <= m.layers; l++ {
		for u := 0; u < m.rows[l]; u++ {
			m.initUnit(rng, l, u, sparsity, scratch)
		}
	}
}

// initUnit gives unit u of layer l fresh sparse input weights and a zero
// bias. scratch holds at least cols[l] ints.
func (m *mlp) initUnit(rng *rand.Rand, l, u int, sparsity float64, scratch []int) {
	c := m.cols[l]
	row := m.theta[m.wOff[l]+u*c : m.wOff[l]+(u+1)*c]
	bound := 1 / math.Sqrt(float64(c))
	for i := range row {
		row[i] = (2*rng.Float64() - 1) * bound
	}
	// Every unit keeps at least one input: with few inputs the paper's
	// rounding up would leave a first-layer unit with none.
	zeros := min(int(math.Ceil(sparsity*float64(c))), c-1)
	if zeros > 0 {
		idx := scratch[:c]
		for i := range idx {
			idx[i] = i
		}
		// A partial Fisher-Yates shuffle picks the inputs to zero.
		for i := 0; i < zeros; i++ {
			j := i + rng.IntN(c-i)
			idx[i], idx[j] = idx[j], idx[i]
			row[idx[i]] = 0
		}
	}
	m.theta[m.bOff[l]+u] = 0
}

// acts is what one forward pass leaves behind for the backward pass.
type acts struct {
	in    []float64   // the input
	y     [][]float64 // per hidden layer: the normalised pre-activation
	sigma []float64   // per hidden layer: the pre-activation's standard deviation
	h     [][]float64 // per hidden layer: the activation
	out   []float64
}

func (m *mlp) newActs() *acts {
	a := &acts{in: make([]float64, m.nIn), sigma: make([]float64, m.layers), out: make([]float64, m.nOut)}
	for l := 0; l < m.layers; l++ {
		a.y = append(a.y, make([]float64, m.width))
		a.h = append(a.h, make([]float64, m.width))
	}
	return a
}

// copyActs copies src into dst (of the same network).
func copyActs(dst, src *acts) {
	copy(dst.in, src.in)
	copy(dst.sigma, src.sigma)
	copy(dst.out, src.out)
	for l := range dst.y {
		copy(dst.y[l], src.y[l])
		copy(dst.h[l], src.h[l])
	}
}

// forward computes the network's output for a.in into a.out.
func (m *mlp) forward(a *acts) {
	x := a.in
	for l := 0; l < m.layers; l++ {
		y := a.y[l]
		copy(y, m.biases(m.theta, l))
		blas64.Gemv(blas.NoTrans, 1, m.weights(m.theta, l), vec(x), 1, vec(y))
		a.sigma[l] = 1
		if !m.noLN {
			a.sigma[l] = layerNorm(y)
		}
		h, leak := a.h[l], m.leak
		for i, v := range y {
			if v < 0 {
				v *= leak
			}
			h[i] = v
		}
		x = h
	}
	L := m.layers
	copy(a.out, m.biases(m.theta, L))
	blas64.Gemv(blas.NoTrans, 1, m.weights(m.theta, L), vec(x), 1, vec(a.out))
}

// layerNorm normalises y in place to zero mean and unit variance and
// returns the standard deviation it divided by.
func layerNorm(y []float64) float64 {
	n := float64(len(y))
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= n
	vr := 0.0
	for _, v := range y {
		d := v - mean
		vr += d * d
	}
	s := math.Sqrt(vr/n + lnEps)
	inv := 1 / s
	for i, v := range y {
		y[i] = (v - mean) * inv
	}
	return s
}

// grad is the scratch of a backward pass.
type grad struct{ dh, dx []float64 }

func (m *mlp) newGrad() *grad {
	w := max(m.width, m.nIn)
	return &grad{dh: make([]float64, w), dx: make([]float64, w)}
}

// addGrad adds scale times the gradient of seed·output (for the forward
// pass a) to dst, a slice of theta's layout, and returns the Euclidean
// norm of that gradient (unscaled). A one-hot seed gives the gradient of
// one output.
func (m *mlp) addGrad(a *acts, seed []float64, scale float64, dst []float64, g *grad) float64 {
	L := m.layers
	in := a.in
	if L > 0 {
		in = a.h[L-1]
	}
	norm2 := m.addLayerGrad(dst, L, seed, in, scale)
	if L == 0 {
		return math.Sqrt(norm2)
	}
	dh := g.dh[:m.width]
	blas64.Gemv(blas.Trans, 1, m.weights(m.theta, L), vec(seed), 0, vec(dh))
	leak := m.leak
	for l := L - 1; l >= 0; l-- {
		y, dx := a.y[l], g.dx[:m.width]
		// Through the leaky ReLU, then LayerNorm:
		// dx = (dn - mean(dn) - y*mean(dn*y)) / sigma.
		mdn, mdny := 0.0, 0.0
		for i, v := range y {
			d := dh[i]
			if v < 0 {
				d *= leak
			}
			dx[i] = d
			mdn += d
			mdny += d * v
		}
		if !m.noLN {
			n := float64(len(y))
			mdn /= n
			mdny /= n
			inv := 1 / a.sigma[l]
			for i, v := range y {
				dx[i] = (dx[i] - mdn - v*mdny) * inv
			}
		}
		x := a.in
		if l > 0 {
			x = a.h[l-1]
		}
		norm2 += m.addLayerGrad(dst, l, dx, x, scale)
		if l > 0 {
			blas64.Gemv(blas.Trans, 1, m.weights(m.theta, l), vec(dx), 0, vec(dh))
		}
	}
	return math.Sqrt(norm2)
}

// addLayerGrad adds scale times the gradient of layer l's parameters to
// dst, for the gradient delta at the layer's outputs and its input x:
// delta ⊗ x for the weights, delta for the biases. It returns the
// gradient's squared norm (unscaled).
func (m *mlp) addLayerGrad(dst []float64, l int, delta, x []float64, scale float64) float64 {
	blas64.Ger(scale, vec(delta), vec(x), m.weights(dst, l))
	blas64.Axpy(scale, vec(delta), vec(m.biases(dst, l)))
	dd := blas64.Dot(vec(delta), vec(delta))
	return dd*blas64.Dot(vec(x), vec(x)) + dd
}

// asum returns Σ|x_i|. Four running sums, not gonum's one, so the adds do
// not wait on each other (Dasum was a fifth of a step).
func asum(x []float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += math.Abs(x[i])
		s1 += math.Abs(x[i+1])
		s2 += math.Abs(x[i+2])
		s3 += math.Abs(x[i+3])
	}
	for ; i < len(x); i++ {
		s0 += math.Abs(x[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func vec(x []float64) blas64.Vector { return blas64.Vector{N: len(x), Inc: 1, Data: x} }
