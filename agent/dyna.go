package agent

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

const (
	unknownOpen    = 1    // the chance an edge never seen is open
	refEdges       = 100  // the maze size kappa is given for
	bankSteps      = 20   // planning budget saved at most, in steps' worth
	sweepThreshold = 1e-4 // value changes below this are not propagated
	resetFall      = 0.01 // a place's value falling this much rebuilds what rested on it
	surpriseRing   = 64   // recent surprises kept for View
)

// dyna is the default agent. Its memory is a map of the maze (gridMap),
// a model of what entering each place yields (reward, the end of a trial),
// and action values Q over places and the four options. Real experience
// updates Q directly (Q-learning, step alpha); planning does K full
// backups per step through the model, chosen by prioritized sweeping, and
// spends budget the queue does not need refreshing values round-robin, so
// time-dependent exploration bonuses stay current.
//
// Exploration is built into the model's values: an edge never seen is as
// likely open as not, a place never visited is worth `optimism`, and a wall
// loses credibility as kappa*sqrt(time since it was last seen or tried) —
// Dyna-Q+'s bonus read as the chance the world opened a way there, scaled
// down in mazes with more walls than the 100 edges kappa is given for. So a blocked path is planned around at once, a wall not
// seen for a long time is worth a look when going through it would pay,
// and the rays refresh everything the rat passes.
type dyna struct {
	env   Env
	spec  sim.ObservationSpec
	moves bool
	rng   *rand.Rand
	pcg   *rand.PCG // rng's source, kept for MarshalState

	k                        int
	alpha, gamma, eps, optim float64
	kappa                    float64
	kappaEdge                float64 // kappa scaled to the maze's number of edges
	w, h, n                  int
	own                      bool      // no place sensor: places on a lattice of its own (ownLattice)
	origin                   int       // with own: the place it was born in
	bel                      belief    // with own: where it believes it is, and how sure it is
	rayRest                  []float64 // with own: scratch of search (scanBounds)
	rayDir                   []float64 // with own: scratch, the rays\' directions at heading rayDirAt
	rayDirAt                 float64
	*placeModel                            // the map in use and what was learned on it
	models                   []*placeModel // every map, agent.maps of them, allocated at birth (dynamaps.go)
	snap                     *placeModel   // with several maps: the map in use as it was before the latest contradictions
	freshMap                 *gridMap      // several maps without the place sensor: what the fresh rival saw (dynaremap.go)
	active, held             int           // the index of the map in use, and how many are held
	judge                    mapJudge      // with several maps: the evidence that decides which fits
	q0                       float64       // every action value of a new map
	edgeMark                 []int64       // scratch of the judge: edges counted, by epoch
	edgeEpoch                int64
	mark                     []int64 // invalidate's visited marks, by place
	epoch                    int64
	scratch                  []int32
	firstStep                []int8  // frontier search: the first option on the way to each queued place
	dist                     []int32 // and its distance
	step                     int64
	margin                   float64
	x, y, heading            float64 // where the agent believes it is, in its own frame
	havePose                 bool
	lastPlace                int
	lastSide                 world.Side // heading inferred from the last option without a compass
	ctl                      driveCtl
	optActive                bool
	optTrusted               bool // the belief was trusted when the option began
	optFrom, optTo           int
	optSide                  world.Side
	optReward                float64
	surprises                [surpriseRing]Surprise
	nSurprises               int64
	swept                    []int
	sweptMark                []int64
	view                     View
	onEdge                   func(p int, s world.Side, surprise bool)
	backups, searchNodes     int64 // compute spent since birth (Metrics)
}

func newDyna(env Env, p Params) (Agent, error) {
	d := &dyna{env: env, spec: env.Obs, moves: env.Act.Control == world.Moves}
	var errs []error
	get := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	d.k, err = p.Int("planning", 0, 1_000_000)
	get(err)
	d.alpha, err = p.Float("alpha", 0, 1)
	get(err)
	d.gamma, err = p.Float("gamma", 0, 1)
	get(err)
	d.eps, err = p.Float("epsilon", 0, 1)
	get(err)
	d.optim, err = p.Float("optimism", 0, 1e6)
	get(err)
	d.kappa, err = p.Float("kappa", 0, 1)
	get(err)
	maps, err := p.Int("maps", 1, maxMaps)
	get(err)
	errs = append(errs, dynaBody(env)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	d.w, d.h = env.Obs.PlaceW, env.Obs.PlaceH
	if d.own = !env.Obs.Place; d.own {
		d.w, d.h, d.origin = ownLattice(env.Obs.PlaceW, env.Obs.PlaceH)
	}
	d.n = d.w * d.h
	// A world that changes does so here or there: the more walls a maze
	// has, the less likely any one of them is the one that opened. kappa
	// is the rate of a maze of refEdges inner edges (the Sutton & Barto
	// grids have about 93).
	mw, mh := env.Obs.PlaceW, env.Obs.PlaceH
	edges := (mw-1)*mh + (mh-1)*mw
	d.kappaEdge = d.kappa * math.Sqrt(refEdges/float64(max(edges, 1)))
	d.pcg = sim.NewPCG(env.Seed, "agent")
	d.rng = rand.New(d.pcg)
	// Without a model, optimism for what was never tried can only live in
	// the values: Q-learning's optimistic start. With a model the values
	// are what the model says, and curiosity is the frontier's (choose).
	if d.k == 0 {
		d.q0 = d.optim
	}
	d.models = make([]*placeModel, maps)
	for i := range d.models {
		d.models[i] = newPlaceModel(d.w, d.h, env.Obs.Cell, d.q0)
		if maps > 1 && !d.own {
			d.models[i].m.note = d.noteEdge
		}
	}
	d.placeModel, d.held = d.models[0], 1
	d.judge.snapAt = -1
	if maps > 1 && !d.own {
		j := &d.judge
		j.noteStep, j.noteEdge, j.noteB = make([]int64, 0, noteRing), make([]int32, 0, noteRing), make([]Belief, 0, noteRing)
		d.snap = newPlaceModel(d.w, d.h, env.Obs.Cell, d.q0)
		d.snap.m.note = d.noteEdge
	}
	if maps > 1 && d.own {
		d.freshMap = newGridMap(d.w, d.h, env.Obs.Cell)
		d.snap = newPlaceModel(d.w, d.h, env.Obs.Cell, d.q0)
	}
	d.mark = make([]int64, d.n)
	d.sweptMark = make([]int64, d.n)
	d.margin = 0.1 * env.Obs.Cell
	if !d.moves {
		d.margin = 0.15 * env.Obs.Cell
	}
	d.lastPlace = -1
	d.onEdge = d.edgeChanged
	d.view = View{
		Name: "dyna", Places: d.n, W: d.w, H: d.h, Planning: d.k, OwnFrame: d.own, Origin: d.origin,
		Value:  make([]float64, d.n),
		Greedy: make([]int8, d.n),
		Visits: make([]int32, d.n),
		Walls:  make([]Belief, d.n*4),
	}
	return d, nil
}

// dynaBody returns what dyna needs of a body and is missing. With the
// place sensor it needs the compass in wheels control (to drive options).
// Without it, it localises itself, and needs at least: rays (to see the
// walls it maps and to find itself on its map) and odometry (to follow
// its own movement); in wheels control also the compass (headings are not
// dead-reckoned). Touch and the reward sensor help but are not needed to
// localise.
func dynaBody(env Env) []error {
	o := env.Obs
	var errs []error
	need := func(sensor, why string) {
		errs = append(errs, fmt.Errorf("dyna %s needs the %s sensor: --set sensors.%s=true (front matter sensors: {%s: true}): %w", why, sensor, sensor, sensor, ErrUnsupported))
	}
	wheels := env.Act.Control != world.Moves
	if wheels && !o.Compass {
		need("compass", "in wheels control")
	}
	if !o.Place {
		if o.Rays < 1 || len(o.RayAngles) != o.Rays {
			errs = append(errs, fmt.Errorf("dyna without the place sensor needs rays to find itself on its map: --set sensors.rays=9 (front matter sensors: {rays: 9}), or give it its place: --set sensors.place=true: %w", ErrUnsupported))
		}
		if !o.Odometry {
			need("odometry", "without the place sensor")
		}
		if o.PlaceW < 1 || o.PlaceH < 1 || !(o.Cell > 0) {
			errs = append(errs, fmt.Errorf("dyna without the place sensor needs the maze's size and cell in its observation spec (got %dx%d cells of %g m): %w", o.PlaceW, o.PlaceH, o.Cell, ErrUnsupported))
		}
	}
	return errs
}

// Act is one step of the agent's life: localise, learn from the option
// that just ended, fold the rays into the map, plan, and act.
func (d *dyna) Act(obs sim.Observation) sim.Action {
	d.step = obs.Step
	d.swept = d.swept[:0]
	// Where the body is: the place sensor's word, or the agent's own
	// belief. A belief in doubt is acted on but not learned from: the map
	// is not written and options are not learned while a rival pose is
	// close, and an option during which the belief jumped is abandoned.
	p, trusted := obs.Place, true
	d.judge.quiet = obs.Ate
	if len(d.models) > 1 && !d.own {
		d.forgetNotes()
	}
	if d.own {
		p = d.localiseOwn(obs)
		trusted = d.bel.trusted
	} else {
		d.localise(obs)
	}

	var act sim.Action
	if d.optActive && d.bel.jumped && !obs.Ate {
		d.optActive = false
	}
	if d.optActive {
		var out optionOutcome
		if d.moves {
			out = optElsewhere
			switch {
			case obs.Ate || p == d.optTo:
				out = optArrived
			case p == d.optFrom:
				out = optBlocked
			}
		} else {
			out, act = d.ctl.update(obs, p, d.ctlPose(), &d.spec, d.heading)
		}
		d.optReward += obs.Reward
		if out != optRunning {
			if d.optTrusted && (trusted || obs.Ate) {
				d.learn(out, obs, p)
			}
			d.optActive = false
		}
	}
	d.bel.jumped = false
	if d.lastPlace != p && trusted {
		d.visit(p)
	}
	d.lastPlace = p

	if trusted {
		d.perceive(obs)
	}
	if len(d.models) > 1 && !d.own {
		d.judgeMaps()
	}
	d.plan()

	if !d.optActive {
		d.clock++
		side := d.choose(p)
		d.optActive, d.optTrusted = true, trusted
		d.optFrom, d.optSide = p, side
		d.optTo = d.m.neighbour(p, side)
		d.optReward = 0
		if d.moves {
			d.lastSide = side
			return sim.Action{Move: side}
		}
		d.ctl.begin(p, d.optTo, side)
		_, act = d.ctl.update(obs, p, d.ctlPose(), &d.spec, d.heading)
	}
	return act
}

// ctlPose is the pose the wheels controller steers by: the tracked pose
// and the centre of the place the option drives to, for an agent without
// the place sensor.
func (d *dyna) ctlPose() ctlPose {
	if !d.own {
		return ctlPose{}
	}
	cx, cy := d.m.centre(d.optFrom)
	a := d.optSide.Angle()
	return ctlPose{ok: true, x: d.x, y: d.y, tx: cx + d.m.cell*math.Cos(a), ty: cy + d.m.cell*math.Sin(a)}
}

// localise updates where the agent believes it is. In moves control the
// motor program leaves the body at a place's centre; in wheels control the
// odometry is integrated and kept inside the place the sensor names.
func (d *dyna) localise(obs sim.Observation) {
	p := obs.Place
	switch {
	case d.spec.Compass:
		d.heading = math.Atan2(obs.Compass[0], obs.Compass[1])
	case d.moves && d.lastPlace >= 0:
		d.heading = d.lastSide.Angle()
	}
	cx, cy := d.m.centre(p)
	if d.moves || !d.havePose || !d.adjacent(d.lastPlace, p) {
		// Birth, a move's end, or carried by the experimenter's hand.
		d.x, d.y, d.havePose = cx, cy, true
		return
	}
	mid := d.heading - obs.Turn*obs.Duration/2
	dist := obs.Forward * obs.Duration
	d.x += dist * math.Cos(mid)
	d.y += dist * math.Sin(mid)
	d.correct(obs)
	half := d.m.cell/2 - 0.01
	d.x = clamp(d.x, cx-half, cx+half)
	d.y = clamp(d.y, cy-half, cy+half)
}

// correct pulls the odometry's position towards what the rays say: a ray
// that ends on a wall the map knows gives the distance to that wall's
// line, hence one coordinate. Only rays close to an axis, ending well away
// from grid corners, and agreeing within a few centimetres count.
func (d *dyna) correct(obs sim.Observation) {
	const (
		axisCos = 0.9    // within about 25° of an axis
		gate    = 0.08   // m: larger disagreements are not trusted
		gain    = 0.5    // how far to move towards the rays' word per step
		halfW   = 0.0125 // m: assumed half thickness of a wall (0 for blocks, 0.025 for default thin walls)
	)
	s := d.m.cell
	var sumX, sumY float64
	var nX, nY int
	for i, a := range d.spec.RayAngles {
		if obs.Rays[i] >= 0.999 {
			continue
		}
		dist := obs.Rays[i] * d.spec.RayRange
		ux, uy := math.Cos(d.heading+a), math.Sin(d.heading+a)
		hx, hy := d.x+dist*ux, d.y+dist*uy
		switch {
		case math.Abs(ux) > axisCos:
			xb := math.Round(hx/s) * s
			if math.Abs(hy-math.Round(hy/s)*s) < 2*d.margin {
				continue // near a corner: which wall it hit is unclear
			}
			sign := math.Copysign(1, ux)
			p := d.m.placeOf(xb-sign*s/2, hy)
			side := world.East
			if sign < 0 {
				side = world.West
			}
			if p < 0 {
				continue
			}
			if b, _ := d.m.belief(p, side); b != Wall {
				continue
			}
			if dx := (xb - sign*halfW - dist*ux) - d.x; math.Abs(dx) < gate {
				sumX += dx
				nX++
			}
		case math.Abs(uy) > axisCos:
			yb := math.Round(hy/s) * s
			if math.Abs(hx-math.Round(hx/s)*s) < 2*d.margin {
				continue
			}
			sign := math.Copysign(1, uy)
			p := d.m.placeOf(hx, yb-sign*s/2)
			side := world.North
			if sign < 0 {
				side = world.South
			}
			if p < 0 {
				continue
			}
			if b, _ := d.m.belief(p, side); b != Wall {
				continue
			}
			if dy := (yb - sign*halfW - dist*uy) - d.y; math.Abs(dy) < gate {
				sumY += dy
				nY++
			}
		}
	}
	if nX > 0 {
		d.x += gain * sumX / float64(nX)
	}
	if nY > 0 {
		d.y += gain * sumY / float64(nY)
	}
}

func (d *dyna) adjacent(a, b int) bool {
	if a < 0 {
		return false
	}
	if a == b {
		return true
	}
	for s := world.North; s <= world.West; s++ {
		if d.m.neighbour(a, s) == b {
			return true
		}
	}
	return false
}

func (d *dyna) visit(p int) {
	first := d.visited[p] < 0
	d.visited[p] = d.clock
	if d.visits[p] < math.MaxInt32 {
		d.visits[p]++
	}
	if first {
		// The optimism p stood for is gone: what entering p is worth
		// changes (and what rested on it falls, see update).
		d.touchPlace(p)
	}
}

// invalidate resets the values that rested on place p, after what p
// offered went away (its optimism, once visited; its cheese; a way
// through it). Values that only fall are the slow case of value iteration:
// places in a loop prop each other up and sink by a factor gamma per round
// ("counting to infinity"). So instead the places whose greedy options
// lead into p are set to a floor and queued, and their values are rebuilt
// from their neighbours, which is what prioritized sweeping does fast.
func (d *dyna) invalidate(p int) {
	if d.k == 0 {
		return
	}
	d.epoch++
	stack := append(d.scratch[:0], int32(p))
	d.mark[p] = d.epoch
	for i := 0; i < len(stack); i++ {
		x := int(stack[i])
		for b := world.North; b <= world.West; b++ {
			n := d.m.neighbour(x, b)
			if n < 0 || d.mark[n] == d.epoch || d.visited[n] < 0 {
				continue
			}
			if s, ok := d.greedy(n); ok && s == b.Opposite() {
				d.mark[n] = d.epoch
				stack = append(stack, int32(n))
			}
		}
	}
	floor := math.Min(0, math.Min(d.stepR, d.bumpR))
	for _, x := range stack {
		for b := 0; b < 4; b++ {
			d.q[int(x)*4+b] = floor
			d.queue.raise(int(x)*4+b, math.Inf(1))
		}
		d.v[x] = floor
	}
	d.scratch = stack
}

// learn updates the map, the model and Q from an option that ended.
func (d *dyna) learn(out optionOutcome, obs sim.Observation, p int) {
	f, s, t := d.optFrom, d.optSide, d.optTo
	r := d.optReward
	pair := f*4 + int(s)
	var target float64
	switch out {
	case optArrived:
		if _, sur := d.m.set(f, s, Open, d.clock); sur {
			d.surprise(f)
		}
		// The place entered: with return_to_start the body is already
		// back at the start, but the cheese was eaten on entering t.
		known := d.visited[t] >= 0
		uncertain := d.food[t] > 0 // cheese or not: both were expected
		if known && !uncertain && (d.terminal[t] != obs.Ate || math.Abs(d.enterR[t]-r) > 1e-9) {
			d.surprise(t)
			if d.enterR[t] > r || d.terminal[t] && !obs.Ate {
				d.invalidate(t) // less here than believed
			}
		}
		if obs.Ate {
			d.meal(t, r)
		} else {
			if uncertain {
				d.foodGone(t)
			}
			d.enterR[t], d.terminal[t] = r, false
			d.stepR = r
		}
		if !known || obs.Ate {
			d.visit(t)
		}
		d.touchPlace(t)
		target = r
		if !obs.Ate {
			target += d.gamma * d.value(p)
		}
	case optBlocked:
		if _, sur := d.m.set(f, s, Wall, d.clock); sur {
			d.surprise(f)
			d.invalidate(f)
		}
		d.bumpR = r
		target = r + d.gamma*d.value(f)
	default:
		target = r + d.gamma*d.value(p)
	}
	d.touchEdge(f, s)
	// The direct update from real experience: Q-learning.
	d.q[pair] += d.alpha * (target - d.q[pair])
	d.backups++
	d.revalue(f)
}

// perceive folds the rays into the map.
func (d *dyna) perceive(obs sim.Observation) {
	if len(obs.Rays) == 0 || (!d.spec.Compass && d.lastPlace < 0) || (d.own && !d.bel.headingKnown) {
		return
	}
	d.perceiveAt(obs, d.m, d.x, d.y, d.onEdge)
}

// perceiveAt folds the rays, read at (x, y), into map m.
func (d *dyna) perceiveAt(obs sim.Observation, m *gridMap, x, y float64, onEdge func(p int, s world.Side, surprise bool)) {
	rng := d.spec.RayRange
	for i, a := range d.spec.RayAngles {
		s, c := math.Sincos(d.heading + a)
		m.ray(x, y, c, s, obs.Rays[i]*rng, rng, d.margin, d.clock, onEdge)
	}
}

// edgeChanged is called when the rays change the map: news about an edge
// never seen, or a contradiction (the world changed there: a surprise).
func (d *dyna) edgeChanged(p int, s world.Side, surprise bool) {
	if surprise {
		d.surprise(p)
	}
	if b, _ := d.m.belief(p, s); b == Wall && surprise {
		// A way through this edge that was counted on is gone.
		d.invalidate(p)
		if q := d.m.neighbour(p, s); q >= 0 {
			d.invalidate(q)
		}
	}
	d.touchEdge(p, s)
}

// touchEdge brings the model's value of both options across the edge on
// side s of place p up to date with news about that edge, and queues what
// depends on them. This is learning from experience (what was tried or
// seen), done whatever the planning budget; without planning the map's
// walls act as a mask instead.
func (d *dyna) touchEdge(p int, s world.Side) {
	if d.k == 0 {
		d.revalue(p)
		if q := d.m.neighbour(p, s); q >= 0 {
			d.revalue(q)
		}
		return
	}
	d.update(p*4 + int(s))
	if q := d.m.neighbour(p, s); q >= 0 {
		d.update(q*4 + int(s.Opposite()))
	}
}

// touchPlace does the same for every option that enters place p, after
// news about what entering p yields.
func (d *dyna) touchPlace(p int) {
	if d.k == 0 {
		return
	}
	for s := world.North; s <= world.West; s++ {
		if q := d.m.neighbour(p, s); q >= 0 {
			d.update(q*4 + int(s.Opposite()))
		}
	}
}

func (d *dyna) surprise(p int) {
	d.surprises[d.nSurprises%surpriseRing] = Surprise{Step: d.step, Place: p}
	d.nSurprises++
}

// stale returns the chance that the world changed at an edge last seen at
// option count seen.
func (d *dyna) stale(seen int64) float64 {
	tau := float64(d.clock - seen)
	if tau <= 0 {
		return 0
	}
	return math.Min(1, d.kappaEdge*math.Sqrt(tau))
}

// openProb is the chance the option on side s of p gets through.
func (d *dyna) openProb(p int, s world.Side) float64 {
	// What was seen open is trusted (if it closed, the rays or a bump will
	// say so, and that surprise replans); a wall may have opened since it
	// was last seen; an edge never seen is as likely open as not, which
	// keeps imagined shortcuts through unknown parts worth a look but not
	// worth a pilgrimage.
	b, seen := d.m.belief(p, s)
	switch b {
	case Wall:
		return d.stale(seen)
	case Unknown:
		return unknownOpen
	}
	return 1
}

// backup returns the model's value of the option on side s of place p.
func (d *dyna) backup(p int, s world.Side) float64 {
	fail := d.bumpR + d.gamma*d.valueAfterBump(p, s)
	t := d.m.neighbour(p, s)
	if t < 0 {
		return fail // the outline never opens
	}
	var succ float64
	switch {
	case d.terminal[t]:
		succ = d.enterR[t]
	default:
		succ = d.enterR[t] + d.gamma*d.valueFrom(t, s.Opposite())
		if f := d.food[t]; f > 0 {
			// A spot the cheese may have moved to (dynafood.go).
			succ = f*d.foodR[t] + (1-f)*succ
		}
	}
	o := d.openProb(p, s)
	return o*succ + (1-o)*fail
}

// value returns V(p) = max over options of Q(p, ·), kept by revalue.
func (d *dyna) value(p int) float64 { return d.v[p] }

// valueFrom is V(t) as seen from the neighbour across side back of t: if
// t's best option is to go straight back there, its value came from that
// neighbour and is left out (split horizon, as in distance-vector
// routing). Two places that point at each other otherwise prop each
// other's values up after their true source is gone, and those values
// sink only by a factor gamma per round of backups ("counting to
// infinity").
func (d *dyna) valueFrom(t int, back world.Side) float64 {
	q := d.q[t*4 : t*4+4]
	best := 0
	for b := 1; b < 4; b++ {
		if q[b] > q[best] {
			best = b
		}
	}
	if world.Side(best) != back || d.v[t] != q[best] {
		return d.v[t]
	}
	return d.valueAfterBump(t, back)
}

// valueAfterBump is what is left at p after the option on side s was
// stopped by a wall: the best of p's other options that may get through.
// Leaving out the failed option, and the walls seen lately, keeps a wall's
// value from resting on itself (Q = γV(p) with V(p) = Q), which made stale
// values decay only by γ per backup.
func (d *dyna) valueAfterBump(p int, s world.Side) float64 {
	v, any := 0.0, false
	for b := world.North; b <= world.West; b++ {
		if b == s {
			continue
		}
		if d.m.neighbour(p, b) < 0 {
			continue
		}
		if bel, seen := d.m.belief(p, b); bel == Wall && d.stale(seen) < 0.5 {
			continue
		}
		if q := d.q[p*4+int(b)]; !any || q > v {
			v, any = q, true
		}
	}
	return v
}

// revalue recomputes V(p) after Q(p, ·) or the map around p changed.
// Without planning the options the map shows walled are not options at
// all (the same mask choose applies); with planning their model value
// counts, since a wall not seen for long may have opened.
func (d *dyna) revalue(p int) {
	v, any := 0.0, false
	for s := world.North; s <= world.West; s++ {
		if d.k == 0 {
			if b, _ := d.m.belief(p, s); b == Wall {
				continue
			}
		}
		if q := d.q[p*4+int(s)]; !any || q > v {
			v, any = q, true
		}
	}
	d.v[p] = v // 0 when walled in on every side
}

// plan spends the planning budget: K backups per step on average. Steps
// whose queue runs dry save the rest (up to bankSteps*K) for the steps
// after a surprise or a discovery, when a whole sweep is due at once, as
// Theseus "knew" the way after one run. Of what a quiet step does not
// bank, a quarter refreshes pairs round-robin, so the values that depend
// on time (staleness) stay current.
func (d *dyna) plan() {
	budget := d.k + d.bank
	for budget > 0 && d.queue.Len() > 0 {
		d.update(d.queue.pop())
		budget--
	}
	for i := 0; i < d.k/4 && budget > 0; i++ {
		d.update(d.refresh)
		d.refresh = (d.refresh + 1) % len(d.q)
		budget--
	}
	d.bank = min(budget, bankSteps*d.k)
}

// update backs up one pair through the model and queues, by how much
// they may change, the pairs that depend on its place's value: options
// entering the place, and the place's own options through their failure
// branch.
func (d *dyna) update(pair int) {
	p, s := pair/4, world.Side(pair%4)
	old := d.value(p)
	nq := d.backup(p, s)
	d.backups++
	if nq == d.q[pair] {
		return
	}
	d.q[pair] = nq
	d.revalue(p)
	if d.sweptMark[p] != d.step+1 {
		d.sweptMark[p] = d.step + 1
		d.swept = append(d.swept, p)
	}
	if d.value(p) < old-resetFall {
		// What p's value rested on has gone. Values that fall are slow to
		// settle (places in a loop prop each other up); rebuild them.
		d.invalidate(p)
	}
	delta := math.Abs(d.value(p) - old)
	if delta <= sweepThreshold {
		return
	}
	for b := world.North; b <= world.West; b++ {
		n := d.m.neighbour(p, b)
		// The option entering p from n crosses the same edge as p's own
		// option towards n: one chance of getting through serves both.
		// Towards the outline it is a bump and a stay: its value is all
		// failure branch and must follow V(p), or a stale high value there
		// would prop V(p) up by itself.
		o := 0.0
		if n >= 0 {
			o = d.openProb(p, b)
			if pr := d.gamma * delta * o; pr > sweepThreshold {
				d.queue.raise(n*4+int(b.Opposite()), pr)
			}
		}
		if pr := d.gamma * delta * (1 - o); pr > sweepThreshold && b != s {
			d.queue.raise(p*4+int(b), pr)
		}
	}
}

// choose picks the option at place p: greedy on Q with random
// tie-breaking, or random with probability epsilon. With planning on, the
// four options of p are backed up first so the choice uses the model's
// latest word (a one-step lookahead, not counted in K). Without planning
// the options believed walled are never taken.
func (d *dyna) choose(p int) world.Side {
	if d.own && d.bel.unmapped {
		// Lost somewhere the map does not show: wander until the rays
		// find the map again.
		return world.Side(d.rng.IntN(4))
	}
	if d.k > 0 {
		for s := world.North; s <= world.West; s++ {
			d.q[p*4+int(s)] = d.backup(p, s)
		}
		d.backups += 4
		d.revalue(p)
	}
	if d.eps > 0 && d.rng.Float64() < d.eps {
		return world.Side(d.rng.IntN(4))
	}
	best, n := math.Inf(-1), 0
	var pick world.Side
	for s := world.North; s <= world.West; s++ {
		if d.k == 0 {
			if b, _ := d.m.belief(p, s); b == Wall {
				continue
			}
		}
		v := d.q[p*4+int(s)]
		switch {
		case v > best+1e-12:
			best, n, pick = v, 1, s
		case math.Abs(v-best) <= 1e-12:
			n++
			if d.rng.IntN(n) == 0 {
				pick = s
			}
		}
	}
	// Curiosity: a place never visited may hold cheese, worth `optimism`
	// when reached. The nearest one, by the map, competes with what the
	// model promises. Finding it is a search of the model, so it is part
	// of planning: without planning (K = 0) curiosity lives only in the
	// optimistic initial values, as in model-free Q-learning.
	if d.k == 0 {
		if n == 0 {
			return world.Side(d.rng.IntN(4))
		}
		return pick
	}
	if d.optim > 0 {
		if side, dist, ok := d.frontier(p, 0); ok && d.optim*math.Pow(d.gamma, float64(dist-1)) > best {
			return side
		}
	}
	if d.moved > 0 && d.spotMass() < foodSearchBelow {
		// The cheese moves, and every spot it was eaten at is ruled out:
		// it is somewhere never eaten at. Search the places not entered
		// since the last meal, nearest first.
		if side, _, ok := d.frontier(p, d.mealClock); ok {
			return side
		}
	}
	if n == 0 {
		return world.Side(d.rng.IntN(4)) // walled in on every side: try anything
	}
	return pick
}

// sideOrders holds the 24 orders of the four sides.
var sideOrders = func() (out [24][4]world.Side) {
	i := 0
	for a := range 4 {
		for b := range 4 {
			for c := range 4 {
				for e := range 4 {
					if a != b && a != c && a != e && b != c && b != e && c != e {
						out[i] = [4]world.Side{world.Side(a), world.Side(b), world.Side(c), world.Side(e)}
						i++
					}
				}
			}
		}
	}
	return out
}()

// frontier finds the nearest place not visited since option count since
// (0: never visited), by a breadth-first search over the edges the map
// does not show walled, and returns the first option towards it and its
// distance in options.
func (d *dyna) frontier(p int, since int64) (world.Side, int, bool) {
	d.epoch++
	d.mark[p] = d.epoch
	q := append(d.scratch[:0], int32(p))
	first := d.firstStep[:0]
	first = append(first, -1)
	dist := d.dist[:0]
	dist = append(dist, 0)
	// Among frontier places equally near, which one the search meets first
	// depends on the order it tries the sides: draw it, so that lifetimes
	// with other seeds explore in other orders.
	order := sideOrders[d.rng.IntN(len(sideOrders))]
	for i := 0; i < len(q); i++ {
		x := int(q[i])
		d.searchNodes++
		// Never the place it stands in (i = 0): with since = 0 that place
		// may be unvisited (without the place sensor, a belief in doubt
		// does not visit), and there is no first option towards it.
		if i > 0 && (d.visited[x] < since || since == 0 && d.visited[x] < 0) {
			d.scratch, d.firstStep, d.dist = q, first, dist
			return world.Side(first[i]), int(dist[i]), true
		}
		if d.terminal[x] && i > 0 {
			continue // entering x ends the trial: no way on through it
		}
		for _, b := range order {
			n := d.m.neighbour(x, b)
			if n < 0 || d.mark[n] == d.epoch {
				continue
			}
			if bel, _ := d.m.belief(x, b); bel == Wall {
				continue
			}
			d.mark[n] = d.epoch
			q = append(q, int32(n))
			f := first[i]
			if f < 0 {
				f = int8(b)
			}
			first = append(first, f)
			dist = append(dist, dist[i]+1)
		}
	}
	d.scratch, d.firstStep, d.dist = q, first, dist
	return 0, 0, false
}

// greedy returns the best option at p without changing anything.
func (d *dyna) greedy(p int) (world.Side, bool) {
	best := math.Inf(-1)
	var pick world.Side
	found := false
	for s := world.North; s <= world.West; s++ {
		if b, _ := d.m.belief(p, s); b == Wall && d.k == 0 {
			continue
		}
		if v := d.q[p*4+int(s)]; v > best {
			best, pick, found = v, s, true
		}
	}
	return pick, found
}

// preferred returns the greedy option at p when its value is above every
// other option's, and false when the best values tie (a place the agent
// has no preference in: View shows no greedy option there).
func (d *dyna) preferred(p int) (world.Side, bool) {
	pick, ok := d.greedy(p)
	if !ok {
		return pick, false
	}
	best := d.q[p*4+int(pick)]
	for s := world.North; s <= world.West; s++ {
		if b, _ := d.m.belief(p, s); b == Wall && d.k == 0 {
			continue
		}
		if s != pick && d.q[p*4+int(s)] == best {
			return pick, false
		}
	}
	return pick, true
}

// View returns the agent's memory. The slices are reused by the next call.
func (d *dyna) View() View {
	v := &d.view
	for p := 0; p < d.n; p++ {
		if d.visited[p] < 0 {
			v.Value[p] = math.NaN()
			v.Greedy[p] = -1
		} else {
			v.Value[p] = d.value(p)
			if s, ok := d.preferred(p); ok {
				v.Greedy[p] = int8(s)
			} else {
				v.Greedy[p] = -1
			}
		}
	}
	v.Pose = d.Belief()
	v.Maps, v.Active = d.held, d.active
	copy(v.Visits, d.visits)
	copy(v.Walls, d.m.side)
	v.ModelSize = d.modelSize()
	v.Swept = append(v.Swept[:0], d.swept...)
	// The plan: follow greedy options from here until a trial would end,
	// an unvisited place, or a loop.
	v.Plan = v.Plan[:0]
	if p := d.lastPlace; p >= 0 {
		v.Plan = append(v.Plan, p)
		for len(v.Plan) <= d.n {
			s, ok := d.greedy(p)
			if !ok {
				break
			}
			t := d.m.neighbour(p, s)
			if t < 0 || d.openProb(p, s) < 0.5 || containsInt(v.Plan, t) {
				break
			}
			v.Plan = append(v.Plan, t)
			if d.visited[t] < 0 || d.terminal[t] {
				break
			}
			p = t
		}
	}
	v.Surprises = v.Surprises[:0]
	first := max(int64(0), d.nSurprises-surpriseRing)
	for i := first; i < d.nSurprises; i++ {
		v.Surprises = append(v.Surprises, d.surprises[i%surpriseRing])
	}
	return *v
}

// Surprises returns how many surprises the agent has had.
func (d *dyna) Surprises() int64 { return d.nSurprises }

// Metrics reports the compute dyna has spent and the size of its model.
func (d *dyna) Metrics(dst []Metric) []Metric {
	return append(dst,
		Metric{"backups", float64(d.backups)},
		Metric{"search_nodes", float64(d.searchNodes)},
		Metric{"model_size", float64(d.modelSize())},
		Metric{"maps", float64(d.held)},
		Metric{"map_active", float64(d.active)},
		Metric{"map_switches", float64(d.judge.switches)},
		Metric{"maps_created", float64(d.judge.created)},
		Metric{"maps_evicted", float64(d.judge.evicted)},
	)
}

// modelSize is how many sides of places the map knows.
func (d *dyna) modelSize() int {
	known := 0
	for _, b := range d.m.side {
		if b != Unknown {
			known++
		}
	}
	return known
}

func containsInt(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
