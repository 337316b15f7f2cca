package agent

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// plastic is the state of the mitigations of plasticity loss.
//
//   - cbp, continual backprop (Dohare et al. 2024): every hidden unit keeps
//     a running contribution utility, |activation| times the summed
//     magnitude of its outgoing weights; each step a fraction cbp_rate of
//     the units older than cbp_maturity is due for replacement, and the
//     due ones with the lowest utility get fresh sparse input weights,
//     zero outgoing weights (so the network's output barely moves) and
//     zero traces.
//   - shrink_perturb (Ash & Adams 2020, per step as Dohare et al. use it):
//     every weight shrinks by the fraction shrink each step and receives
//     Gaussian noise of standard deviation perturb per step.
//   - l2_init (Kumar et al. 2023): every weight moves the fraction l2_init
//     of the way back to its value at birth each step.
type plastic struct {
	util    [][]float64 // per hidden layer and unit: running contribution utility
	age     [][]int64   // per hidden layer and unit: steps since (re)initialisation
	owed    []float64   // per hidden layer: replacements due but not yet made
	replace int64       // units replaced since birth
}

func (s *stream) initPlastic() {
	if s.mit != cbp {
		return
	}
	w := s.net.width
	for range s.net.layers {
		s.util = append(s.util, make([]float64, w))
		s.age = append(s.age, make([]int64, w))
	}
	s.owed = make([]float64, s.net.layers)
	s.outSum = make([]float64, w)
}

// mitigate applies the chosen mitigation after an update.
func (s *stream) mitigate() {
	switch s.mit {
	case cbp:
		s.continualBackprop()
	case shrinkPerturb:
		th := s.net.theta
		blas64.Scal(1-s.shrink, vec(th))
		if s.backups%perturbEvery == 0 && s.perturb > 0 {
			sd := s.perturb * math.Sqrt(perturbEvery)
			for i := range th {
				th[i] += sd * s.rng.NormFloat64()
			}
		}
	case l2Init:
		// θ ← θ − ρ(θ − θ₀) = (1−ρ)θ + ρθ₀
		blas64.Scal(1-s.l2Rate, vec(s.net.theta))
		blas64.Axpy(s.l2Rate, vec(s.theta0), vec(s.net.theta))
	}
}

// continualBackprop updates the utilities from the forward pass of the
// state just learned from (s.cur) and replaces units that are due.
func (s *stream) continualBackprop() {
	n := s.net
	for l := 0; l < n.layers; l++ {
		// Summed |outgoing weight| of each unit of layer l: column sums of
		// the next layer's weights.
		next := l + 1
		out := s.outSum[:n.width]
		clear(out)
		rows, cols := n.rows[next], n.cols[next]
		w := n.theta[n.wOff[next] : n.wOff[next]+rows*cols]
		for r := 0; r < rows; r++ {
			row := w[r*cols : (r+1)*cols]
			for i, v := range row {
				out[i] += math.Abs(v)
			}
		}
		h, u, age := s.cur.h[l], s.util[l], s.age[l]
		eligible := 0
		for i := range u {
			u[i] = s.cbpDecay*u[i] + (1-s.cbpDecay)*math.Abs(h[i])*out[i]
			age[i]++
			if age[i] > s.cbpMaturity {
				eligible++
			}
		}
		s.owed[l] += s.cbpRate * float64(eligible)
		for s.owed[l] >= 1 {
			s.owed[l]--
			worst := -1
			for i := range u {
				if age[i] > s.cbpMaturity && (worst < 0 || u[i] < u[worst]) {
					worst = i
				}
			}
			if worst < 0 {
				break
			}
			s.reinitUnit(l, worst)
		}
	}
}

// reinitUnit gives unit i of hidden layer l fresh input weights, zero
// outgoing weights, and clears its traces, utility and age.
func (s *stream) reinitUnit(l, i int) {
	n := s.net
	n.initUnit(s.rng, l, i, s.sparsity, s.initScratch)
	c := n.cols[l]
	clear(s.z[n.wOff[l]+i*c : n.wOff[l]+(i+1)*c])
	s.z[n.bOff[l]+i] = 0
	next := l + 1
	cols := n.cols[next]
	for r := 0; r < n.rows[next]; r++ {
		n.theta[n.wOff[next]+r*cols+i] = 0
		s.z[n.wOff[next]+r*cols+i] = 0
	}
	s.util[l][i], s.age[l][i] = 0, 0
	s.replace++
}
