package agent

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// diag gathers the stream agent's diagnostics over windows of diagWindow
// steps; Metrics reports the last whole window's values, so they do not
// depend on when or how often anyone asks.
//
//   - dormant: the fraction of hidden units that are τ-dormant (Sokar et
//     al. 2023, τ = dormantTau): a unit's mean |activation| over the
//     window divided by the mean of that over its layer is at most τ.
//   - effective_rank: of the last hidden layer's features over the
//     window (Roy & Vetterli 2007, as Dohare et al. 2024 use it):
//     exp(−Σ p_k log p_k), p_k = σ_k / Σσ over the singular values σ of
//     the window × width feature matrix.
//   - grad_norm: mean Euclidean norm of ∇Q(s, a) of the real updates.
//   - td_error: mean |δ| of the real updates (in scaled reward units).
//   - step_size: mean ObGD step size of the real updates (alpha when the
//     bound does not bite).
//   - weight_norm: Euclidean norm of every weight and bias, now.
type diag struct {
	feats    []float64 // diagWindow × width: the last hidden layer's features, row per step
	absSum   []float64 // per hidden unit (layer-major): Σ|activation| over the window
	filled   int       // rows of feats filled in this window
	tdSum    float64
	gradSum  float64
	stepSum  float64
	updates  float64 // real updates in this window
	modelSum float64 // the model's squared error summed over this window
	modelN   float64
	diagScratch

	// The last whole window's values.
	dormant, erank, gradNorm, tdErr, stepSz, modelErr float64
}

// diagScratch is rewritten before every use: not state.
type diagScratch struct {
	gram      []float64 // the feature Gram matrix
	eig, work []float64 // its eigenvalues, the eigensolver's workspace
}

func (s *stream) initDiag() {
	w := s.net.width
	s.feats = make([]float64, diagWindow*w)
	s.absSum = make([]float64, s.net.layers*w)
	d := min(w, diagWindow)
	s.gram = make([]float64, d*d)
	s.eig = make([]float64, d)
	var q [1]float64
	lapack64.Syev(lapack.EVNone, blas64.Symmetric{N: d, Stride: d, Data: s.gram, Uplo: blas.Upper}, s.eig, q[:], -1)
	s.work = make([]float64, int(q[0]))
	for _, p := range []*float64{&s.dormant, &s.erank, &s.gradNorm, &s.tdErr, &s.stepSz, &s.modelErr} {
		*p = math.NaN() // no whole window yet
	}
}

// diagLearn records one real update.
func (s *stream) diagLearn(delta, gradNorm, step float64) {
	s.tdSum += math.Abs(delta)
	s.gradSum += gradNorm
	s.stepSum += step
	s.updates++
}

// observeDiag records the forward pass of the state just seen (s.cur)
// and closes the window when it is full.
func (s *stream) observeDiag() {
	w := s.net.width
	for l, h := range s.cur.h {
		a := s.absSum[l*w : (l+1)*w]
		for i, v := range h {
			a[i] += math.Abs(v)
		}
	}
	copy(s.feats[s.filled*w:(s.filled+1)*w], s.cur.h[s.net.layers-1])
	s.filled++
	if s.filled == diagWindow {
		s.closeWindow()
	}
}

func (s *stream) closeWindow() {
	w := s.net.width
	dormant := 0
	for l := 0; l < s.net.layers; l++ {
		a := s.absSum[l*w : (l+1)*w]
		mean := 0.0
		for _, v := range a {
			mean += v
		}
		mean /= float64(w)
		for _, v := range a {
			if v <= dormantTau*mean {
				dormant++
			}
		}
	}
	s.dormant = float64(dormant) / float64(s.net.layers*w)
	s.erank = s.effectiveRank()
	s.gradNorm, s.tdErr, s.stepSz = math.NaN(), math.NaN(), math.NaN()
	if s.updates > 0 {
		s.gradNorm, s.tdErr, s.stepSz = s.gradSum/s.updates, s.tdSum/s.updates, s.stepSum/s.updates
	}
	s.modelErr = math.NaN()
	if s.modelN > 0 {
		s.modelErr = s.modelSum / s.modelN
	}
	clear(s.absSum)
	s.filled = 0
	s.tdSum, s.gradSum, s.stepSum, s.updates, s.modelSum, s.modelN = 0, 0, 0, 0, 0, 0
}

// effectiveRank of the feature window, from the eigenvalues of its
// smaller Gram matrix (the squared singular values).
func (s *stream) effectiveRank() float64 {
	w := s.net.width
	phi := blas64.General{Rows: diagWindow, Cols: w, Stride: w, Data: s.feats}
	d := len(s.eig)
	c := blas64.Symmetric{N: d, Stride: d, Data: s.gram, Uplo: blas.Upper}
	if d == w {
		blas64.Syrk(blas.Trans, 1, phi, 0, c)
	} else {
		blas64.Syrk(blas.NoTrans, 1, phi, 0, c)
	}
	if !lapack64.Syev(lapack.EVNone, c, s.eig, s.work, len(s.work)) {
		return math.NaN()
	}
	// Eigenvalues within rounding of zero are zero: the Gram matrix
	// squares the singular values, so its rounding error, d·ε·λmax, would
	// otherwise come back as singular values of √(d·ε·λmax).
	tol := float64(len(s.eig)) * 0x1p-52 * s.eig[len(s.eig)-1]
	sum := 0.0
	for i, e := range s.eig {
		if e <= tol {
			e = 0
		}
		s.eig[i] = math.Sqrt(e)
		sum += s.eig[i]
	}
	if sum == 0 {
		return 0
	}
	ent := 0.0
	for _, sv := range s.eig {
		if p := sv / sum; p > 0 {
			ent -= p * math.Log(p)
		}
	}
	return math.Exp(ent)
}

// Metrics reports the diagnostics of the last whole window (NaN before
// the first), the weight norm now, and the compute spent: backups (real
// and imagined updates) and search nodes (none: the agent searches
// nothing).
func (s *stream) Metrics(dst []Metric) []Metric {
	dst = append(dst,
		Metric{"backups", float64(s.backups)},
		Metric{"search_nodes", 0},
		Metric{"dormant", s.dormant},
		Metric{"effective_rank", s.erank},
		Metric{"weight_norm", blas64.Nrm2(vec(s.net.theta))},
		Metric{"grad_norm", s.gradNorm},
		Metric{"td_error", s.tdErr},
		Metric{"step_size", s.stepSz},
	)
	if s.mit == cbp {
		dst = append(dst, Metric{"replaced", float64(s.replace)})
	}
	if s.k > 0 {
		dst = append(dst, Metric{"model_error", s.modelErr}, Metric{"model_trust", s.trust()})
	}
	return dst
}
