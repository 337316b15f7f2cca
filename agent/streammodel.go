package agent

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// model is the stream agent's learned one-step model, used for planning
// when agent.planning > 0: a network of the agent's width with one hidden
// layer that maps a normalised sensor vector and a one-hot action to the
// change of the sensor vector, the scaled reward and the chance the step
// ends a trial. It learns online from every real step (squared error,
// with ObGD's bound on the step); each step then makes K imagined
// updates of the action values from the state just reached, one action
// after another (a random first), each a one-step Q-learning update
// towards the model's prediction with ObGD's step size and no trace.
type model struct {
	mnet *mlp
	modelScratch
	lastReward float64 // the real step's scaled reward and end, the model's targets
	lastDone   bool
	// Running means (decay modelTrustDecay) of the model's squared error
	// and of the squared targets, the error of a model that predicts no
	// change and no reward: trust = 1 − error/baseline, at least 0, scales
	// every imagined step, so a model no better than that plans nothing.
	errMean, baseMean float64
}

// modelScratch is rewritten before every use: not state.
type modelScratch struct {
	mcur, mtmp *acts     // the model's forward pass of the last real (state, action); a scratch pass
	mg         *grad     // the model's backward scratch
	mgrad      []float64 // the model's gradient, mnet.theta's layout
	merr       []float64 // the model's output error
	pgrad      []float64 // the gradient of one imagined update, theta's layout
	pq         *acts     // the imagined update's forward pass of the state
	px         []float64 // the real state planned from, kept while s.tgt.in holds imagined ones
}

const modelTrustDecay = 0.999

// trust is how far the model may be believed: 0 while it predicts no
// better than "nothing changes", 1 when it predicts perfectly.
func (s *stream) trust() float64 {
	if s.baseMean <= 0 {
		return 0
	}
	return math.Max(0, 1-s.errMean/s.baseMean)
}

func (s *stream) initModel() {
	if s.k == 0 {
		return
	}
	nIn := s.net.nIn
	s.mnet = newMLP(nIn+s.nA, s.net.width, 1, nIn+2)
	s.mnet.sparseInit(s.rng, s.sparsity, s.initScratch)
	s.mcur, s.mtmp = s.mnet.newActs(), s.mnet.newActs()
	s.mg = s.mnet.newGrad()
	s.mgrad = make([]float64, len(s.mnet.theta))
	s.merr = make([]float64, nIn+2)
	s.pgrad = make([]float64, len(s.net.theta))
	s.pq = s.net.newActs()
	s.px = make([]float64, nIn)
}

// modelInput writes state x and action a into the model's input.
func (s *stream) modelInput(dst *acts, x []float64, a int) {
	n := copy(dst.in, x)
	clear(dst.in[n:])
	dst.in[n+a] = 1
}

// planning teaches the model the real step that just ended (s.cur.in,
// s.prevA → s.tgt.in, r, done) and makes K imagined updates from the
// state reached.
func (s *stream) planning() {
	if s.k == 0 {
		return
	}
	s.learnModel()
	trust := s.trust()
	if trust == 0 {
		return
	}
	x := s.px
	copy(x, s.tgt.in)
	a0 := s.rng.IntN(s.nA)
	for i := 0; i < s.k; i++ {
		a := (a0 + i) % s.nA
		copy(s.pq.in, x)
		s.net.forward(s.pq)
		// The model's prediction: next state, reward, end of trial.
		s.modelInput(s.mtmp, x, a)
		s.mnet.forward(s.mtmp)
		nIn := s.net.nIn
		for j := 0; j < nIn; j++ {
			s.tgt.in[j] = x[j] + s.mtmp.out[j]
		}
		r := s.mtmp.out[nIn]
		end := math.Min(math.Max(s.mtmp.out[nIn+1], 0), 1)
		s.net.forward(s.tgt)
		delta := r + s.gamma*(1-end)*maxOf(s.tgt.out) - s.pq.out[a]
		copy(s.tgt.in, x) // restore the real state for the next update
		clear(s.pgrad)
		clear(s.seed)
		s.seed[a] = 1
		s.net.addGrad(s.pq, s.seed, 1, s.pgrad, s.g)
		step := trust * s.obgd(delta, s.pgrad)
		if !(math.Abs(delta) <= math.MaxFloat64) || !(step <= math.MaxFloat64) {
			s.fail("an imagined TD error")
			return
		}
		blas64.Axpy(step*delta, vec(s.pgrad), vec(s.net.theta))
		s.backups++
	}
}

// learnModel takes one step on the model's squared error for the real
// transition that just ended.
func (s *stream) learnModel() {
	nIn := s.net.nIn
	s.modelInput(s.mcur, s.cur.in, s.prevA)
	s.mnet.forward(s.mcur)
	// s.tgt.in holds the state reached; the reward and end are the real
	// step's, as the learner saw them.
	loss := 0.0
	for j := 0; j < nIn; j++ {
		s.merr[j] = s.mcur.out[j] - (s.tgt.in[j] - s.cur.in[j])
	}
	s.merr[nIn] = s.mcur.out[nIn] - s.lastReward
	end := 0.0
	if s.lastDone {
		end = 1
	}
	s.merr[nIn+1] = s.mcur.out[nIn+1] - end
	base := 0.0
	for j, e := range s.merr {
		loss += e * e
		t := e - s.mcur.out[j] // minus the target
		base += t * t
	}
	s.errMean = modelTrustDecay*s.errMean + (1-modelTrustDecay)*loss
	s.baseMean = modelTrustDecay*s.baseMean + (1-modelTrustDecay)*base
	clear(s.mgrad)
	s.mnet.addGrad(s.mcur, s.merr, 1, s.mgrad, s.mg)
	// ObGD's bound with the error folded into the gradient.
	step := s.modelAlpha
	if m := s.modelAlpha * s.kappa * asum(s.mgrad); m > 1 {
		step /= m
	}
	blas64.Axpy(-step, vec(s.mgrad), vec(s.mnet.theta))
	s.modelSum += loss
	s.modelN++
}
