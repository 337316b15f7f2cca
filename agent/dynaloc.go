package agent

import (
	"math"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// Localisation without the place sensor.
//
// dyna then keeps its map on a lattice of its own (ownLattice) and finds
// its place on it from its body's senses alone. Three parts:
//
//   - Tracking. The pose (x, y) is dead-reckoned from the odometry (in
//     moves control: the distance each move went along its side), with the
//     compass's heading. Every ray that ends on a wall the map knows is a
//     measurement of one coordinate: the wall's line is on the lattice the
//     cell size implies, and its face is half a wall's thickness in front
//     of it. A Kalman filter over (x, y, half thickness) folds these in, so
//     the body also measures how thick its walls are (thin walls, blocks).
//   - Noticing. Each step the scan is scored against the map at the
//     tracked pose (scanScore): the log-likelihood ratio of what the rays
//     saw under the map against under a maze not known at all. Below zero
//     the map explains the scan worse than no map would: the rays
//     contradict it.
//   - Relocalising. When the scan contradicts the map, or just after
//     eating (the one moment the body is often carried), every place the
//     map knows is scored as the place the body was carried to, with a
//     prior: carries are rare, except after eating, where the agent has
//     learned where it tends to find itself (wake). The best of them are
//     kept as rival hypotheses, moved by the odometry and scored every
//     step. Each rival keeps its log-likelihood ratio against the tracked
//     pose: its prior against the tracked pose's, plus the sum of the
//     scores of every step since it was born (a sequential probability
//     ratio test). A rival whose ratio passes switchMargin becomes the
//     tracked pose; one that falls below -dropMargin is forgotten. While a
//     rival is within ambiguousMargin the belief is ambiguous: the agent
//     reports itself lost (Place -1), and neither writes its map nor
//     learns from its options, until evidence breaks the tie.
//
// A rival's ratio starts from the step it was born: "carried just now"
// explains the past as well as "not carried", so only what is sensed from
// then on, and the prior, decide between them.

const (
	switchMargin    = 4.0  // log-likelihood ratio by which a rival must beat the tracked pose to replace it
	ambiguousMargin = 3.0  // a rival within this of the tracked pose makes the belief ambiguous
	dropMargin      = 10.0 // rivals this far behind are forgotten
	carryPrior      = -8.0 // log-prior of being carried without having eaten
	refindPrior     = -4.0 // log-prior of a mapped place against "somewhere unmapped", once lost
	lostPatience    = 300  // steps lost somewhere unmapped before the agent maps from where it is
	searchRest      = 8    // steps between searches prompted by a few contradicting rays
	maxRivals       = 16
	maxWake         = 8    // places remembered as where the body found itself after eating
	wakeHalve       = 64   // wake counts halve when their total reaches this
	rayNoise        = 0.01 // m: standard deviation of a ray's measurement of a wall's line
	stepNoise       = 0.001
	slipNoise       = 0.05 // per metre driven: wheels slip along walls, odometry does not see it
)

// belief is the localisation state of an agent without the place sensor.
type belief struct {
	// Covariance of (x, y, half) in the Kalman filter.
	cov  [3][3]float64
	half float64 // the walls' half thickness, estimated

	score      float64 // this step's score of the tracked pose
	contra     int     // rays of this step that contradict the map at the tracked pose
	prevContra int     // and of the step before
	rivals     [maxRivals]rival
	nRivals    int
	trusted    bool // no rival is close: map writes and learning go on
	jumped     bool // the tracked pose was replaced during the option under way
	unmapped   bool // the tracked hypothesis is "somewhere the map does not show"
	lostFor    int  // steps the tracked hypothesis has been unmapped

	headingKnown bool  // moves control without compass: after the first move
	ateAt        int64 // step of the latest meal, -1 none
	wakePending  bool  // the place woken in after the latest meal is not yet recorded
	wokeAt       int32 // the place a post-meal rival that won was born at, -1 none
	ateFrom      int32 // where the body ate
	searches     int64
	lastSearch   int64 // the step of the latest search
	relocalised  int64

	// With several maps (dynaremap.go): the dead-reckoned pose, where
	// the odometry (and the ray corrections) say the body is, kept apart
	// from the tracked pose while a jump to another place of the same map
	// (a carry, or a look-alike) is on trial; after a meal, where the body
	// usually wakes.
	drX, drY float64
	drOff    bool // the tracked pose jumped to another place of the same map; dr is where the odometry says
	drTrust  int  // steps the tracked pose has been trusted since
	// The tracked pose jumped, this step, to another place of the same
	// map (set by decide, read by deadReckon).
	jumpCarry bool
	freshFrom int32 // the place the fresh rival was born in
}

// rival is a hypothesis of where the body is other than the tracked pose.
type rival struct {
	x, y     float64
	ratio    float64 // log-likelihood ratio against the tracked pose
	born     int32   // the place it was born at
	afterAte bool    // born just after a meal
	unmapped bool    // "somewhere the map does not show": scores 0, whatever the rays see
	mp       int32   // the map it is a pose on (several maps: dynaremap.go); the map in use, else a stored one
	fresh    bool    // a new world here: a new map started at this pose, scored on what it saw since (freshMap)
}

// wakeModel is where the body has found itself after eating, in one map's
// places: a small table of counts (the places it was carried to) and how
// often it stayed where it ate.
type wakeModel struct {
	place [maxWake]int32
	count [maxWake]int32
	stay  int32
}

func (w *wakeModel) total() int32 {
	t := w.stay
	for _, c := range w.count {
		t += c
	}
	return t
}

// add records a wake at place p (p < 0: stayed where it ate).
func (w *wakeModel) add(p int) {
	if w.total() >= wakeHalve {
		w.stay /= 2
		for i := range w.count {
			w.count[i] /= 2
		}
	}
	if p < 0 {
		w.stay++
		return
	}
	least := 0
	for i := range w.place {
		if w.count[i] > 0 && int(w.place[i]) == p {
			w.count[i]++
			return
		}
		if w.count[i] < w.count[least] {
			least = i
		}
	}
	w.place[least], w.count[least] = int32(p), 1
}

// likeliest returns the place the body most often woke in after a meal,
// or -1 if it stayed where it ate at least as often (or never ate).
func (w *wakeModel) likeliest() int {
	best := -1
	for i, c := range w.count {
		if c > w.stay && (best < 0 || c > w.count[best]) {
			best = i
		}
	}
	if best < 0 {
		return -1
	}
	return int(w.place[best])
}

// logPrior returns the log-probability of waking at place p after a meal
// (p < 0: where it ate), with one pseudo-count for staying and one spread
// over the places carried to.
func (w *wakeModel) logPrior(p int, places int) float64 {
	t := float64(w.total()) + 2
	if p < 0 {
		return math.Log((float64(w.stay) + 1) / t)
	}
	c := 1 / float64(max(places, 1))
	for i := range w.place {
		if w.count[i] > 0 && int(w.place[i]) == p {
			c += float64(w.count[i])
		}
	}
	return math.Log(c / t)
}

// ownLattice returns the lattice of an agent that does not know where in
// its maze of w x h cells it was born: (2w-1) x (2h-1) places, born in the
// middle one, so that the whole maze fits whichever cell that was.
func ownLattice(w, h int) (lw, lh, origin int) {
	lw, lh = 2*w-1, 2*h-1
	return lw, lh, (h-1)*lw + (w - 1)
}

// localiseOwn updates the belief from one observation and returns the
// place to act from (the tracked pose's, even while in doubt).
func (d *dyna) localiseOwn(obs sim.Observation) int {
	b := &d.bel
	if !d.havePose {
		// Birth: the frame is defined by where the body stands.
		d.x, d.y = d.m.centre(d.origin)
		d.havePose, b.trusted = true, true
		b.half = 0.0125
		b.cov = [3][3]float64{{1e-6, 0, 0}, {0, 1e-6, 0}, {0, 0, 0.015 * 0.015}}
		b.ateAt, b.wokeAt = -1, -1
		b.drX, b.drY = d.x, d.y
		if d.spec.Compass {
			d.heading = math.Atan2(obs.Compass[0], obs.Compass[1])
			b.headingKnown = true
		}
		d.trackRays(obs)
		b.score = d.scanScore(obs, d.x, d.y)
		return d.placeAt(d.x, d.y)
	}
	// Where the last step took the body, by the body's own measure.
	var dx, dy float64
	dist := obs.Forward * obs.Duration
	switch {
	case d.moves:
		a := d.lastSide.Angle()
		dx, dy = dist*math.Cos(a), dist*math.Sin(a)
		if d.spec.Compass {
			d.heading = math.Atan2(obs.Compass[0], obs.Compass[1])
		} else {
			d.heading = a
		}
		b.headingKnown = true
	default:
		d.heading = math.Atan2(obs.Compass[0], obs.Compass[1])
		mid := d.heading - obs.Turn*obs.Duration/2
		dx, dy = dist*math.Cos(mid), dist*math.Sin(mid)
	}
	d.x += dx
	d.y += dy
	b.drX += dx
	b.drY += dy
	q := stepNoise + slipNoise*math.Abs(dist)
	b.cov[0][0] += q * q
	b.cov[1][1] += q * q
	for i := 0; i < b.nRivals; i++ {
		b.rivals[i].x += dx
		b.rivals[i].y += dy
	}
	if !b.headingKnown {
		return d.placeAt(d.x, d.y)
	}

	b.prevContra = b.contra
	b.score, b.contra = 0, 0
	if !b.unmapped {
		d.trackRays(obs)
		b.score, b.contra = d.scan(obs, d.x, d.y)
	}
	for i := 0; i < b.nRivals; i++ {
		r := &b.rivals[i]
		switch {
		case r.fresh:
			r.ratio += d.scanFresh(obs, r.x, r.y)
		case !r.unmapped:
			s, _ := d.scanAbove(obs, r.x, r.y, math.Inf(-1), nil, d.models[r.mp].m)
			r.ratio += s
		}
		r.ratio -= b.score
	}
	switch {
	case obs.Ate:
		b.ateAt, b.wakePending, b.wokeAt = obs.Step, true, -1
		b.ateFrom = int32(d.placeAt(d.x, d.y))
		d.search(obs, true)
	case b.score < 0 || b.unmapped:
		d.search(obs, false)
	case b.contra > 0 && b.prevContra > 0 && obs.Step-b.lastSearch >= searchRest:
		// A ray or two contradict the map, step after step, and the rest
		// agree: the world may have changed there, or the body was
		// carried to a place that looks much the same. Look, but not at
		// every step.
		d.search(obs, false)
	}
	d.decide(obs)
	d.deadReckon()
	if b.unmapped {
		if b.lostFor++; b.lostFor > lostPatience {
			// Lost for long: map on from where the odometry says it is.
			b.unmapped, b.lostFor, b.trusted = false, 0, true
		}
	}
	return d.placeAt(d.x, d.y)
}

// placeAt returns the place containing (x, y) on the agent's lattice, or
// the nearest place on it for a point outside.
func (d *dyna) placeAt(x, y float64) int {
	m := d.m
	c := clampInt(int(math.Floor(x/m.cell)), 0, m.w-1)
	r := clampInt(m.h-1-int(math.Floor(y/m.cell)), 0, m.h-1)
	return r*m.w + c
}

func clampInt(x, lo, hi int) int { return min(max(x, lo), hi) }

// search scores every place the map knows as the place the body may have
// been carried to, and keeps the best as rivals. afterAte gives them the
// learned prior of where the body wakes after a meal; otherwise they carry
// the prior of an unexplained carry.
func (d *dyna) search(obs sim.Observation, afterAte bool) {
	b := &d.bel
	b.searches++
	b.lastSearch = obs.Step
	here := d.placeAt(d.x, d.y)
	// The tracked pose's place within its cell: a carry sets the body at a
	// centre, but a carry noticed late finds it moved on.
	hx, hy := d.m.centre(here)
	offX, offY := d.x-hx, d.y-hy
	known := 0
	for p := range d.visits {
		if d.mapped(p) {
			known++
		}
	}
	// The tracked pose's share of the ratio: this step's score, and its
	// prior (not carried: 0; after a meal, staying where it ate).
	base := b.score
	if afterAte {
		base += d.wake.logPrior(-1, 0)
	}
	carry := carryPrior
	if d.remapsOwn() {
		carry = remapCarryPrior
	}
	if b.unmapped {
		carry = refindPrior
	} else if !d.hasUnmappedRival() && !d.remapsOwn() {
		// "Carried somewhere the map does not show": every ray says
		// nothing. It stands in a cell's centre, where carries set the body
		// down, and moves on with the odometry.
		d.addRival(rival{x: hx, y: hy, ratio: carryPrior - base, born: -1, afterAte: afterAte, unmapped: true, mp: int32(d.active)})
	}
	d.rayRest = d.scanBounds(obs, d.rayRest)
	if d.remapsOwn() {
		d.searchMaps(obs, afterAte, base)
	}
	for p := range d.visits {
		if p == here || !d.mapped(p) || d.hasRival(p, d.active) {
			continue
		}
		prior := carry
		if afterAte {
			prior = d.wake.logPrior(p, known)
		}
		// The score a rival here needs: not to be forgotten at once, and to
		// beat the worst of a full set of rivals.
		floor := -dropMargin
		if b.nRivals == maxRivals {
			floor = math.Max(floor, b.rivals[d.worstRival()].ratio)
		}
		need := floor - prior + base
		cx, cy := d.m.centre(p)
		x, y := cx, cy
		s, _ := d.scanAbove(obs, cx, cy, need, d.rayRest, d.m)
		if offX != 0 || offY != 0 {
			if s2, _ := d.scanAbove(obs, cx+offX, cy+offY, math.Max(need, s), d.rayRest, d.m); s2 > s {
				x, y, s = cx+offX, cy+offY, s2
			}
		}
		ratio := s + prior - base
		if ratio < -dropMargin {
			continue
		}
		d.addRival(rival{x: x, y: y, ratio: ratio, born: int32(p), afterAte: afterAte, mp: int32(d.active)})
	}
}

// mapped reports whether the map knows enough of place p to tell it by
// its looks: the body has been there, or the rays have seen two of its
// sides.
func (d *dyna) mapped(p int) bool {
	if d.visits[p] > 0 {
		return true
	}
	n := 0
	for s := world.North; s <= world.West; s++ {
		if b, _ := d.m.belief(p, s); b != Unknown && d.m.neighbour(p, s) >= 0 {
			n++
		}
	}
	return n >= 2
}

// hasRival reports whether a rival stands in place p of map mp.
func (d *dyna) hasRival(p, mp int) bool {
	b := &d.bel
	for i := 0; i < b.nRivals; i++ {
		if r := &b.rivals[i]; !r.unmapped && !r.fresh && int(r.mp) == mp && d.placeAt(r.x, r.y) == p {
			return true
		}
	}
	return false
}

// hasUnmappedRival reports whether "somewhere unmapped" is a hypothesis
// already, tracked or rival.
func (d *dyna) hasUnmappedRival() bool {
	b := &d.bel
	for i := 0; i < b.nRivals; i++ {
		if b.rivals[i].unmapped {
			return true
		}
	}
	return b.unmapped
}

// addRival keeps r if it is among the best maxRivals.
func (d *dyna) addRival(r rival) {
	b := &d.bel
	if b.nRivals < maxRivals {
		b.rivals[b.nRivals] = r
		b.nRivals++
		return
	}
	if w := d.worstRival(); r.ratio > b.rivals[w].ratio {
		b.rivals[w] = r
	}
}

// worstRival returns the index of the rival with the lowest ratio.
func (d *dyna) worstRival() int {
	b := &d.bel
	worst := 0
	for i := 1; i < b.nRivals; i++ {
		if b.rivals[i].ratio < b.rivals[worst].ratio {
			worst = i
		}
	}
	return worst
}

// decide replaces the tracked pose by a rival that explains the senses
// clearly better, forgets rivals far behind, and says whether the belief
// is trusted.
func (d *dyna) decide(obs sim.Observation) {
	b := &d.bel
	best := -1
	for i := 0; i < b.nRivals; i++ {
		if r := &b.rivals[i]; r.fresh && d.placeAt(r.x, r.y) == int(b.freshFrom) {
			// A new world cannot win before it has explained something
			// itself: what is seen from another place than the one it
			// was born in (looks from one place agree with each other
			// whatever the world).
			continue
		}
		if best < 0 || b.rivals[i].ratio > b.rivals[best].ratio {
			best = i
		}
	}
	if best >= 0 && b.rivals[best].ratio > switchMargin {
		r := b.rivals[best]
		// The tracked pose becomes a rival (the evidence may turn again),
		// and every ratio is now against the new tracked pose.
		for i := 0; i < b.nRivals; i++ {
			b.rivals[i].ratio -= r.ratio
		}
		b.rivals[best] = rival{x: d.x, y: d.y, ratio: -r.ratio, born: int32(d.placeAt(d.x, d.y)), unmapped: b.unmapped, mp: int32(d.active)}
		d.x, d.y, b.unmapped, b.lostFor = r.x, r.y, r.unmapped, 0
		b.jumpCarry = !r.fresh && int(r.mp) == d.active
		if r.fresh || int(r.mp) != d.active {
			d.remapTo(r)
		}
		b.cov[0][0], b.cov[1][1] = 0.02*0.02, 0.02*0.02
		b.cov[0][1], b.cov[1][0], b.cov[0][2], b.cov[2][0], b.cov[1][2], b.cov[2][1] = 0, 0, 0, 0, 0, 0
		b.jumped = true
		b.relocalised++
		if r.afterAte {
			b.wokeAt = r.born
		}
		if !b.unmapped {
			d.trackRays(obs)
		}
	}
	// Forget rivals far behind, and rivals that now stand where the
	// tracked pose does.
	here := d.placeAt(d.x, d.y)
	n := 0
	for i := 0; i < b.nRivals; i++ {
		r := b.rivals[i]
		if r.ratio < -dropMargin || (!r.unmapped && !r.fresh && !b.unmapped && int(r.mp) == d.active && d.placeAt(r.x, r.y) == here) {
			continue
		}
		b.rivals[n] = r
		n++
	}
	b.nRivals = n
	b.trusted = !b.unmapped
	for i := 0; i < b.nRivals; i++ {
		if b.rivals[i].ratio > -ambiguousMargin {
			b.trusted = false
		}
	}
	if b.trusted && b.wakePending {
		b.wakePending = false
		if b.wokeAt >= 0 {
			d.wake.add(int(b.wokeAt))
		} else if d.placeAt(d.x, d.y) == int(b.ateFrom) {
			d.wake.add(-1)
		}
	}
}

// trackRays corrects the tracked pose and the walls' half thickness with
// every ray that ends on a wall the map knows (a Kalman update per ray).
func (d *dyna) trackRays(obs sim.Observation) {
	b := &d.bel
	s := d.m.cell
	rng := d.spec.RayRange
	corner := d.margin
	for i, a := range d.spec.RayAngles {
		if obs.Rays[i] >= 1 {
			continue
		}
		dist := obs.Rays[i] * rng
		ux, uy := math.Cos(d.heading+a), math.Sin(d.heading+a)
		ex, ey := d.x+dist*ux, d.y+dist*uy
		lx, ly := math.Round(ex/s)*s, math.Round(ey/s)*s
		offX, offY := math.Abs(ex-lx), math.Abs(ey-ly)
		var axis int // 0: a wall on a vertical line (x = lx), 1: horizontal
		var sign, line, u float64
		var p int
		var side world.Side
		switch {
		case offX < offY && math.Abs(ux) > 0.25 && offY > corner:
			axis, sign, line, u = 0, math.Copysign(1, ux), lx, ux
			p = d.m.placeOf(lx-sign*s/2, ey)
			side = world.East
			if sign < 0 {
				side = world.West
			}
		case offY <= offX && math.Abs(uy) > 0.25 && offX > corner:
			axis, sign, line, u = 1, math.Copysign(1, uy), ly, uy
			p = d.m.placeOf(ex, ly-sign*s/2)
			side = world.North
			if sign < 0 {
				side = world.South
			}
		default:
			continue
		}
		if p < 0 {
			continue
		}
		if bel, _ := d.m.belief(p, side); bel != Wall {
			continue
		}
		// The measurement: the body's coordinate along axis, plus sign*half,
		// is the line minus what the ray travelled along that axis.
		z := line - dist*u
		pos := d.x
		if axis == 1 {
			pos = d.y
		}
		r := z - (pos + sign*b.half)
		// H = e_axis + sign*e_half.
		var ph [3]float64
		for k := 0; k < 3; k++ {
			ph[k] = b.cov[k][axis] + sign*b.cov[k][2]
		}
		sv := ph[axis] + sign*ph[2] + rayNoise*rayNoise
		if r*r > 9*sv || math.Abs(r) > 0.25*s {
			continue // not this wall: an outlier, or a pose gone wrong
		}
		var k [3]float64
		for j := 0; j < 3; j++ {
			k[j] = ph[j] / sv
		}
		d.x += k[0] * r
		d.y += k[1] * r
		b.half += k[2] * r
		for j := 0; j < 3; j++ {
			for l := 0; l < 3; l++ {
				b.cov[j][l] -= k[j] * ph[l]
			}
		}
	}
	b.half = clamp(b.half, 0, 0.15*s)
}

// scanScore returns the log-likelihood ratio of the scan as seen from
// (x, y) under the map against an unknown maze. A ray crosses cell
// boundaries: it passes each one before its end and stops at the one at
// its end (if it hit anything). In an unknown maze each boundary is a wall
// as often as not; the map says a known edge is what it was last seen to
// be, with a small chance of error. So every boundary the ray passes adds
// log(P(open)/0.5) and the one it stops at log(P(wall)/0.5): about +0.64
// where the map agrees, -2.3 where it contradicts, 0 for edges the map
// does not know. A ray that agrees far away (open, open, then a wall)
// therefore tells more than one that agrees at the first boundary, which
// half of all places would. Boundaries near grid corners, where a wall's
// end may stand, are not judged; a ray that stops nowhere near a boundary
// contradicts the pose itself.
func (d *dyna) scanScore(obs sim.Observation, x, y float64) float64 {
	s, _ := d.scan(obs, x, y)
	return s
}

// scan is scanScore that also counts the rays that contradict the map.
func (d *dyna) scan(obs sim.Observation, x, y float64) (score float64, contra int) {
	return d.scanAbove(obs, x, y, math.Inf(-1), nil, d.m)
}

// scanAbove is scan that gives up, returning -Inf, as soon as the score
// cannot reach need any more: rest[i] bounds what rays i and later can
// still add (scanBounds). A search scores every place the map knows, and
// most fail after a ray or two. The scan is scored against map m (the
// map in use, or a stored one: all are on the same lattice).
func (d *dyna) scanAbove(obs sim.Observation, x, y, need float64, rest []float64, m *gridMap) (score float64, contra int) {
	s := d.m.cell
	rng := d.spec.RayRange
	tol := math.Max(0.03, 0.08*s)
	// Walls stand half a thickness beyond the corners they meet at; within
	// that (and the tolerance) of a corner a ray may hit a wall's end.
	corner := d.bel.half + tol
	dirs := d.rayDirs()
	for i := range d.spec.RayAngles {
		if rest != nil && score+rest[i] < need {
			return math.Inf(-1), contra
		}
		dist := obs.Rays[i] * rng
		hit := obs.Rays[i] < 1
		ux, uy := dirs[2*i], dirs[2*i+1]
		g, ok := d.m.walk(x, y, ux, uy)
		if !ok {
			score += logContradict // the pose is off the agent's lattice
			contra++
			continue
		}
		ended := !hit
		for {
			t, place, side, ok := g.next()
			if !ok {
				break
			}
			// A wall on this boundary shows its face this much earlier.
			n := math.Abs(ux)
			along := y + t*uy
			if side == world.North || side == world.South {
				n, along = math.Abs(uy), x+t*ux
			}
			face := t - d.bel.half/math.Max(n, 0.2)
			if face > dist+tol || !hit && face > dist-tol {
				break // beyond the end, or too near the range's end to tell
			}
			if math.Abs(along-math.Round(along/s)*s) < corner {
				if hit && face >= dist-tol {
					ended = true // stopped at a corner: a wall's end, perhaps
					break
				}
				continue
			}
			b := m.side[place*4+int(side)]
			seen := Open
			if hit && face >= dist-tol {
				seen, ended = Wall, true
			}
			r := edgeLogRatio(b, seen)
			score += r
			if r < 0 {
				contra++
			}
			if ended {
				break
			}
		}
		if !ended {
			score += logContradict // stopped in the middle of a cell
			contra++
		}
	}
	return score, contra
}

// rayDirs returns the unit direction of every ray at the heading now,
// (x, y) pairs, computed once per heading.
func (d *dyna) rayDirs() []float64 {
	if len(d.rayDir) == 2*len(d.spec.RayAngles) && d.rayDirAt == d.heading {
		return d.rayDir
	}
	d.rayDir = d.rayDir[:0]
	for _, a := range d.spec.RayAngles {
		sn, cs := math.Sincos(d.heading + a)
		d.rayDir = append(d.rayDir, cs, sn)
	}
	d.rayDirAt = d.heading
	return d.rayDir
}

// scanBounds fills rest (one more entry than there are rays) with what
// rays i and later can add to a score at most: every boundary a ray can
// cross, up to its end, agreeing.
func (d *dyna) scanBounds(obs sim.Observation, rest []float64) []float64 {
	n := len(d.spec.RayAngles)
	rest = append(rest[:0], make([]float64, n+1)...)
	tol := math.Max(0.03, 0.08*d.m.cell)
	for i := n - 1; i >= 0; i-- {
		ux, uy := math.Cos(d.heading+d.spec.RayAngles[i]), math.Sin(d.heading+d.spec.RayAngles[i])
		reach := (obs.Rays[i]*d.spec.RayRange + tol) * (math.Abs(ux) + math.Abs(uy))
		rest[i] = rest[i+1] + logAgree*(math.Floor(reach/d.m.cell)+2)
	}
	return rest
}

const (
	edgeError     = 0.05                // the chance the map is wrong about an edge it knows
	logAgree      = 0.6418538861723947  // log((1-edgeError)/0.5)
	logContradict = -2.3025850929940455 // log(edgeError/0.5)
)

// edgeLogRatio is log(P(seen | the map's belief b) / 0.5).
func edgeLogRatio(b, seen Belief) float64 {
	switch {
	case b == Unknown:
		return 0
	case b == seen:
		return logAgree
	}
	return logContradict
}

// Belief returns where the agent believes it is (Pose in View).
func (d *dyna) Belief() Pose {
	if !d.havePose {
		return Pose{Known: true, Place: -1}
	}
	p := d.lastPlace
	if d.own {
		p = d.placeAt(d.x, d.y)
		if !d.bel.trusted {
			p = -1
		}
	}
	return Pose{Known: true, Place: p, X: d.x, Y: d.y, Heading: d.heading}
}
