package agent

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
	"gonum.org/v1/gonum/blas/blas64"
)

// streamSpec is the stream agent's entry in the built-in table
// (builtin.go): its parameters are many, so they stand beside the agent.
func streamSpec() Spec {
	return Spec{
		Name: "stream",
		Help: "streaming deep RL (Elsayed, Vasan & Mahmood 2024): stream Q(λ) on a LayerNorm network from the raw sensor vector, one step at a time with no replay; " +
			"a learned one-step model for K imagined updates per step; plasticity diagnostics and mitigations. Wheels control picks one of six wheel commands: " + wheelCommandNames(),
		Params: []Param{
			{"planning", "0", "imagined updates per step from the learned one-step model (K); 0 learns from real steps only"},
			{"alpha", "1", "ObGD step size (the largest step; the overshooting bound shrinks it)"},
			{"obgd_kappa", "2", "ObGD's overshooting bound κ: larger is more cautious; 0 turns the bound off (plain SGD with traces, which can diverge)"},
			{"gamma", "0.95", "discount per step"},
			{"lambda", "0.8", "eligibility-trace decay λ (Watkins's Q(λ): traces are cut after exploratory actions)"},
			{"epsilon", "0.02", "probability of a random action once exploration has decayed"},
			{"explore", "10000", "steps over which the exploration rate falls linearly from 1 to epsilon"},
			{"width", "64", "units per hidden layer"},
			{"layers", "2", "hidden layers"},
			{"sparsity", "0.9", "fraction of each unit's input weights set to zero at initialisation"},
			{"layernorm", "true", "LayerNorm in every hidden layer; false leaves it out (a protection against loss of plasticity removed)"},
			{"leak", "0.01", "slope of the hidden units' activation below zero: 0.01 leaky ReLU, 0 ReLU (units can die)"},
			{"mitigation", "plain", "what keeps the network plastic: plain, cbp (continual backprop), shrink_perturb, or l2_init"},
			{"cbp_rate", "1e-4", "cbp: units replaced per eligible unit per step"},
			{"cbp_maturity", "100", "cbp: steps a unit lives before it may be replaced"},
			{"cbp_decay", "0.99", "cbp: decay of the running utility of a unit"},
			{"shrink", "1e-5", "shrink_perturb: fraction by which every weight shrinks each step"},
			{"perturb", "1e-4", "shrink_perturb: standard deviation of the Gaussian noise added to every weight per step"},
			{"l2_init", "1e-4", "l2_init: fraction of the way back to its initial value every weight moves each step"},
			{"model_alpha", "0.1", "step size of the one-step model (with planning > 0)"},
		},
		New: newStream,
	}
}

// wheelCommands is the discrete action set of the stream agent in wheels
// control: (left, right) wheel commands held for one step.
var wheelCommands = [...]struct {
	name        string
	left, right float64
}{
	{"forward", 1, 1},
	{"veer left", 0.5, 1},
	{"veer right", 1, 0.5},
	{"spin left", -0.5, 0.5},
	{"spin right", 0.5, -0.5},
	{"back", -0.5, -0.5},
}

func wheelCommandNames() string {
	var b strings.Builder
	for i, c := range wheelCommands {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%g, %g)", c.name, c.left, c.right)
	}
	return b.String()
}

// The mitigations of plasticity loss.
type mitigation uint8

const (
	plain mitigation = iota
	cbp
	shrinkPerturb
	l2Init
)

var mitigationNames = [...]string{"plain", "cbp", "shrink_perturb", "l2_init"}

const (
	// streamMemoryCap bounds what one stream agent may hold: a network too
	// large for it is refused at birth.
	streamMemoryCap = 256 << 20
	// perturbEvery: shrink-and-perturb adds its noise every this many
	// steps, with √perturbEvery times the per-step standard deviation (the
	// same distribution as per-step noise; a tenth of the draws).
	perturbEvery = 10
	// diagWindow is the number of steps each diagnostic summarises: the
	// metrics are those of the last whole window.
	diagWindow = 128
	// dormantTau is the threshold of Sokar et al. (2023): a unit is dormant
	// when its mean |activation| is at most τ times its layer's average.
	dormantTau = 0.025
	normEps    = 1e-8 // the observation and reward normalisers' variance floor
)

// stream is stream Q(λ) as Elsayed, Vasan & Mahmood (2024) give it, in a
// continuing lifetime: observations and rewards are normalised online, a
// sparsely initialised network with LayerNorm estimates action values,
// Watkins's Q(λ) accumulates eligibility traces, and ObGD scales each
// step so that it cannot overshoot the TD target. See docs/plasticity.md.
type stream struct {
	env   Env
	moves bool
	nA    int
	rng   *rand.Rand
	pcg   *rand.PCG

	// Parameters.
	k                       int
	alpha, kappa, gamma     float64
	lambda, eps             float64
	explore                 int64
	sparsity                float64
	mit                     mitigation
	cbpRate, cbpDecay       float64
	cbpMaturity             int64
	shrink, perturb, l2Rate float64
	modelAlpha              float64

	net          *mlp
	z            []float64 // eligibility trace, theta's layout
	theta0       []float64 // the weights at birth (l2_init)
	cur, tgt     *acts     // the forward pass of the state just seen; a scratch pass
	g            *grad
	seed, onehot []float64 // a one-hot seed over the actions
	initScratch  []int
	outSum       []float64 // cbp's scratch: summed |outgoing weight| per unit

	// Online normalisation of the sensor vector and of the reward (by the
	// standard deviation of the discounted return).
	raw                []float64
	obsMean, obsP      []float64
	obsCount           float64
	ret                float64 // the discounted return trace
	retMean, retP      float64
	retCount           float64
	havePrev           bool
	prevA              int
	prevGreedy         bool
	step               int64
	backups            int64
	failed             bool
	failStep           int64
	failWhat           string
	lastTD, lastStepSz float64

	plastic      // mitigations' state
	model        // the one-step model for planning
	diag         // diagnostics
	modelScratch // the model's and the diagnostics' scratch
	diagScratch
	view      View
	placeBase int // index of the first place input, -1 when the place sensor is off
}

func newStream(env Env, p Params) (Agent, error) {
	s := &stream{env: env, moves: env.Act.Control == world.Moves}
	var errs []error
	get := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	var width, layers, maturity, explore int
	s.k, err = p.Int("planning", 0, 10_000)
	get(err)
	s.alpha, err = p.Float("alpha", 1e-9, 100)
	get(err)
	s.kappa, err = p.Float("obgd_kappa", 0, 1e6)
	get(err)
	s.gamma, err = p.Float("gamma", 0, 1)
	get(err)
	s.lambda, err = p.Float("lambda", 0, 1)
	get(err)
	s.eps, err = p.Float("epsilon", 0, 1)
	get(err)
	explore, err = p.Int("explore", 0, 1<<40)
	get(err)
	s.explore = int64(explore)
	width, err = p.Int("width", 1, 65536)
	get(err)
	layers, err = p.Int("layers", 1, 16)
	get(err)
	s.sparsity, err = p.Float("sparsity", 0, 1)
	get(err)
	layernorm, err := p.Bool("layernorm")
	get(err)
	leak, err := p.Float("leak", 0, 1)
	get(err)
	switch m := p.String("mitigation"); m {
	case "plain", "cbp", "shrink_perturb", "l2_init":
		for i, n := range mitigationNames {
			if n == m {
				s.mit = mitigation(i)
			}
		}
	default:
		errs = append(errs, fmt.Errorf("agent.mitigation=%s: expected one of %s", m, strings.Join(mitigationNames[:], ", ")))
	}
	s.cbpRate, err = p.Float("cbp_rate", 0, 1)
	get(err)
	maturity, err = p.Int("cbp_maturity", 0, 1<<40)
	get(err)
	s.cbpMaturity = int64(maturity)
	s.cbpDecay, err = p.Float("cbp_decay", 0, 1)
	get(err)
	s.shrink, err = p.Float("shrink", 0, 1)
	get(err)
	s.perturb, err = p.Float("perturb", 0, 10)
	get(err)
	s.l2Rate, err = p.Float("l2_init", 0, 1)
	get(err)
	s.modelAlpha, err = p.Float("model_alpha", 1e-9, 100)
	get(err)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	s.nA = 4
	if !s.moves {
		s.nA = len(wheelCommands)
	}
	nIn := s.inputs()
	if b := s.memoryBytes(nIn, width, layers); b > streamMemoryCap {
		return nil, fmt.Errorf("agent.width=%d, agent.layers=%d with %d inputs: the stream agent would need %d MiB, more than its cap of %d MiB; expected a smaller network",
			width, layers, nIn, b>>20, streamMemoryCap>>20)
	}

	s.pcg = sim.NewPCG(env.Seed, "agent")
	s.rng = rand.New(s.pcg)
	s.net = newMLP(nIn, width, layers, s.nA)
	s.net.noLN, s.net.leak = !layernorm, leak
	s.initScratch = make([]int, max(nIn, width)+s.nA+2)
	s.net.sparseInit(s.rng, s.sparsity, s.initScratch)
	s.z = make([]float64, len(s.net.theta))
	if s.mit == l2Init {
		s.theta0 = append([]float64(nil), s.net.theta...)
	}
	s.cur, s.tgt = s.net.newActs(), s.net.newActs()
	s.g = s.net.newGrad()
	s.seed = make([]float64, s.nA)
	s.onehot = make([]float64, s.nA)
	s.raw = make([]float64, nIn)
	s.obsMean = make([]float64, nIn)
	s.obsP = make([]float64, nIn)
	s.initPlastic()
	s.initModel()
	s.initDiag()
	s.view = View{Name: "stream", Planning: s.k}
	return s, nil
}

// inputs returns the length of the sensor vector: rays, touch (whether,
// and where as sin and cos), compass (sin, cos), odometry (forward, turn,
// the step's duration), and the place as one-hot when that sensor is on.
func (s *stream) inputs() int {
	o := s.env.Obs
	n := o.Rays
	if o.Touch {
		n += 3
	}
	if o.Compass {
		n += 2
	}
	if o.Odometry {
		n += 3
	}
	s.placeBase = -1
	if o.Place {
		s.placeBase = n
		n += o.NumPlaces
	}
	return max(n, 1) // a body with no sensors still gets a constant input
}

// memoryBytes estimates what the agent will hold, in bytes.
func (s *stream) memoryBytes(nIn, width, layers int) int64 {
	p := int64(mlpSize(nIn, width, layers, s.nA))
	floats := 2 * p // weights and trace
	if s.mit == l2Init {
		floats += p
	}
	if s.k > 0 {
		mIn, mOut := int64(nIn+s.nA), int64(nIn+2)
		mp := mIn*int64(width) + int64(width) + mOut*int64(width) + mOut
		floats += 2*mp + p // model weights, its gradient, the planning gradient
	}
	floats += int64(diagWindow+8)*int64(width) + int64(layers)*int64(width)*4 + 8*int64(nIn)
	return 8 * floats
}

// sense writes the raw sensor vector of obs into s.raw.
func (s *stream) sense(obs sim.Observation) {
	o, x := s.env.Obs, s.raw
	n := copy(x, obs.Rays)
	if o.Touch {
		if obs.Touch {
			x[n], x[n+1], x[n+2] = 1, math.Sin(obs.TouchAngle), math.Cos(obs.TouchAngle)
		} else {
			x[n], x[n+1], x[n+2] = 0, 0, 0
		}
		n += 3
	}
	if o.Compass {
		x[n], x[n+1] = obs.Compass[0], obs.Compass[1]
		n += 2
	}
	if o.Odometry {
		x[n], x[n+1], x[n+2] = obs.Forward, obs.Turn, obs.Duration
		n += 3
	}
	if o.Place {
		clear(x[n : n+o.NumPlaces])
		if obs.Place >= 0 && obs.Place < o.NumPlaces {
			x[n+obs.Place] = 1
		}
		n += o.NumPlaces
	}
	if n == 0 {
		x[0] = 1
	}
}

// normalise updates the running mean and variance of the sensor vector
// with s.raw and writes the normalised vector into dst (Welford's method,
// as the paper's sample statistics).
func (s *stream) normalise(dst []float64) {
	s.obsCount++
	c := s.obsCount
	for i, v := range s.raw {
		m := s.obsMean[i]
		if c == 1 {
			s.obsMean[i], s.obsP[i] = v, 0
		} else {
			nm := m + (v-m)/c
			s.obsP[i] += (v - m) * (v - nm)
			s.obsMean[i] = nm
		}
		vr := 1.0
		if c >= 2 {
			vr = s.obsP[i] / (c - 1)
		}
		dst[i] = (v - s.obsMean[i]) / math.Sqrt(vr+normEps)
	}
}

// scaleReward divides r by the running standard deviation of the
// discounted return, as the paper's reward scaling.
func (s *stream) scaleReward(r float64, done bool) float64 {
	if done {
		s.ret = r
	} else {
		s.ret = s.gamma*s.ret + r
	}
	s.retCount++
	c := s.retCount
	if c == 1 {
		s.retMean, s.retP = s.ret, 0
	} else {
		nm := s.retMean + (s.ret-s.retMean)/c
		s.retP += (s.ret - s.retMean) * (s.ret - nm)
		s.retMean = nm
	}
	vr := 1.0
	if c >= 2 {
		vr = s.retP / (c - 1)
	}
	return r / math.Sqrt(vr+normEps)
}

// epsilon is the exploration rate at the current step.
func (s *stream) epsilon() float64 {
	if s.step >= s.explore {
		return s.eps
	}
	f := float64(s.step) / float64(s.explore)
	return 1 + f*(s.eps-1)
}

// Act learns from the step that just ended and picks the next action.
func (s *stream) Act(obs sim.Observation) sim.Action {
	if s.failed {
		return s.action(0)
	}
	s.step = obs.Step
	s.sense(obs)
	done := obs.Ate
	s.normalise(s.tgt.in)
	r := s.scaleReward(obs.Reward, done)
	s.lastReward, s.lastDone = r, done

	if s.havePrev {
		s.learn(r, done)
		if s.failed {
			return s.action(0)
		}
		s.planning()
		if s.failed {
			return s.action(0)
		}
	}
	copy(s.cur.in, s.tgt.in)
	s.net.forward(s.cur)
	if !finite(s.cur.out) {
		s.fail("an action value")
		return s.action(0)
	}
	a, greedy := s.choose(s.cur.out)
	if !greedy || done {
		// Watkins's Q(λ): the trace follows the greedy policy only, and a
		// trial's end ends it.
		clear(s.z)
	}
	s.observeDiag()
	s.havePrev, s.prevA, s.prevGreedy = true, a, greedy
	return s.action(a)
}

// learn does the real update for the transition that just ended: s.cur
// holds the forward pass of the state it began in and s.tgt.in the state
// it reached.
func (s *stream) learn(r float64, done bool) {
	next := 0.0
	if !done {
		s.net.forward(s.tgt)
		next = maxOf(s.tgt.out)
	}
	delta := r + s.gamma*next - s.cur.out[s.prevA]
	// z ← γλz + ∇Q(s, a): the decay, then the gradient added in place.
	blas64.Scal(s.gamma*s.lambda, vec(s.z))
	clear(s.seed)
	s.seed[s.prevA] = 1
	gn := s.net.addGrad(s.cur, s.seed, 1, s.z, s.g)
	step := s.obgd(delta, s.z)
	if !(math.Abs(delta) <= math.MaxFloat64) || !(step <= math.MaxFloat64) {
		s.fail("the TD error")
		return
	}
	blas64.Axpy(step*delta, vec(s.z), vec(s.net.theta))
	s.backups++
	s.lastTD, s.lastStepSz = delta, step
	s.diagLearn(delta, gn, step)
	s.mitigate()
}

// obgd returns ObGD's step size for an update of delta along z: alpha,
// unless alpha·κ·max(|δ|, 1)·‖z‖₁ exceeds 1, then alpha divided by it.
func (s *stream) obgd(delta float64, z []float64) float64 {
	m := s.alpha * s.kappa * math.Max(math.Abs(delta), 1) * asum(z)
	if m > 1 {
		return s.alpha / m
	}
	return s.alpha
}

// choose is ε-greedy; it reports whether the action is the greedy one
// (a random draw of the greedy action counts as greedy).
func (s *stream) choose(q []float64) (int, bool) {
	best := argmax(q)
	if s.rng.Float64() < s.epsilon() {
		a := s.rng.IntN(s.nA)
		return a, a == best
	}
	return best, true
}

func (s *stream) action(a int) sim.Action {
	if s.moves {
		return sim.Action{Move: world.Side(a)}
	}
	c := wheelCommands[a]
	return sim.Action{Left: c.left, Right: c.right}
}

// fail stops learning: the named quantity stopped being a finite number.
func (s *stream) fail(what string) {
	s.failed, s.failStep, s.failWhat = true, s.step, what
}

// Failure reports a learning failure: the step and what stopped being finite.
func (s *stream) Failure() error {
	if !s.failed {
		return nil
	}
	return fmt.Errorf("stream: learning diverged at step %d: %s is not a finite number (last TD error %g, step size %g); try a smaller agent.alpha or a larger agent.obgd_kappa",
		s.failStep, s.failWhat, s.lastTD, s.lastStepSz)
}

// View reports no per-place memory: the network's values are of sensor
// vectors, not places.
func (s *stream) View() View { return s.view }

func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

func maxOf(x []float64) float64 { return x[argmax(x)] }

func finite(x []float64) bool {
	for _, v := range x {
		if !(math.Abs(v) <= math.MaxFloat64) {
			return false
		}
	}
	return true
}
