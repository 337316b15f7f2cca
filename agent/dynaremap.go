package agent

import (
	"math"

	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// Several maps without the place sensor (issue 12, "dyna remembers", with
// the agent's own frame).
//
// With the place sensor, the judge of dynamaps.go compares the edges the
// rays report with each map, at the place the sensor names. Without it,
// a map that disagrees with the rays is first a sign that the belief of
// where the body is went wrong, and the place itself is in question. Two
// facts of a body tell the cases apart. A carry (after a meal, back to
// the start or to where the cheese went; or the window's "carry the rat")
// moves the body without the odometry feeling it. A world that changes
// (another maze, doors) does not move the body: the dead-reckoned pose
// stays right, only the map is wrong. So when the scan stops fitting the
// map in use, the relocaliser's search (dynaloc.go) keeps rival
// hypotheses of three kinds, each a pose on a map, scored by the same
// sequential ratio test against the tracked pose:
//
//   - carried, this world: a place of the map in use (as before), with
//     the prior of a carry (carryPrior; after a meal, where the body has
//     learned it wakes);
//   - the same pose, another world met before: the dead-reckoned pose on
//     each stored map (after a meal, also the places that map has learned
//     the body wakes in), with the prior recallPrior. A stored map that
//     knows the place scores what it knows, like the map in use;
//   - the same pose, a world never met: a new map started at the
//     dead-reckoned pose (fresh), with the prior freshPrior. It is scored
//     on a scratch map (freshMap) of what it has seen since it was born:
//     a new world explains the rays as well as they agree with each
//     other. It cannot win before the body has left the place it was
//     born in (looks from one place agree with each other whatever the
//     world), so the other hypotheses get a few looks to explain the
//     rays first.
//
// The dead-reckoned pose (deadReckon) is the tracked pose, except while
// a jump to another place of the same map is on trial (drConfirm steps
// trusted): a look-alike must not drag "the same pose" with it. After a
// meal it is the place the body usually wakes in.
//
// A rival of another map that wins makes that map the one in use
// (recalled); a fresh rival that wins starts a new map (a free slot, or
// the least recently used one forgotten) at its pose, with the wake model
// of the map it leaves (where the experimenter sets the body down after a
// meal is the experimenter's habit, not the maze's; evidence corrects it).
// The tracked pose becomes a rival on the map it leaves, so that evidence
// can turn back. A recalled map is kept as it was for confirmRecall steps:
// left sooner, it is put back (a wrong recall does not write another
// world into it). Every map is on the same lattice: a new map is started
// where the odometry says the body is, so all of them share the frame the
// body was born with.
//
// "Somewhere the map does not show" (an unmapped rival, dynaloc.go) is
// replaced by the fresh hypothesis: with several maps, not explained by
// any map means a new world here. A carry out of the blue to a part of a
// maze never mapped is then taken for a new world at the old pose (its
// map is kept in a wrong place of the frame); see docs/experiments.md.
const (
	recallPrior = -5.0 // log-prior of "the world changed to one met before" against the tracked pose
	freshPrior  = -6.0 // log-prior of "the world changed to one never met"
	// log-prior of being carried without having eaten, with several maps:
	// a scan that stops fitting the map is then more often a world that
	// changed than a carry out of the blue, and a look-alike place of the
	// old map must not win over the dead-reckoned pose on a single look.
	remapCarryPrior = -16.0
)

// remapsOwn reports whether dyna keeps several maps without the place
// sensor.
func (d *dyna) remapsOwn() bool { return d.own && len(d.models) > 1 }

// searchMaps adds the rivals of the other maps and the fresh rival to a
// search (see the comment at the top of this file); base is the tracked
// pose's share of the ratio.
func (d *dyna) searchMaps(obs sim.Observation, afterAte bool, base float64) {
	b := &d.bel
	for k := 0; k < d.held; k++ {
		pm := d.models[k]
		if k != d.active {
			prior := recallPrior
			if afterAte {
				prior += pm.wake.logPrior(-1, 0)
			}
			d.mapRival(obs, b.drX, b.drY, k, prior-base, -1)
		}
		if !afterAte {
			continue
		}
		// Where this map's body wakes after a meal. On the map in use,
		// places not mapped yet too (a map started since the last meal
		// may not have seen its start): a rival there scores what the
		// map knows of it, 0 if nothing.
		for i, p := range pm.wake.place {
			if pm.wake.count[i] == 0 || k == d.active && d.mapped(int(p)) {
				continue // the places mapped are scored by search
			}
			prior := pm.wake.logPrior(int(p), d.n)
			if k != d.active {
				prior += recallPrior
			}
			cx, cy := d.m.centre(int(p))
			d.mapRival(obs, cx, cy, k, prior-base, int(p))
		}
	}
	if afterAte {
		return
	}
	for i := 0; i < b.nRivals; i++ {
		if b.rivals[i].fresh {
			return
		}
	}
	d.freshMap.reset()
	b.freshFrom = int32(d.placeAt(b.drX, b.drY))
	d.addRival(rival{x: b.drX, y: b.drY, ratio: freshPrior - base, born: -1, fresh: true, mp: int32(d.active)})
	// What it saw from there is the first of the new map.
	d.perceiveAt(obs, d.freshMap, b.drX, b.drY, nil)
}

// scanFresh scores the scan at (x, y) on the map the fresh rival has
// made of what it saw since it was born, then adds the scan to it: a new
// world explains the rays as well as they agree with each other.
func (d *dyna) scanFresh(obs sim.Observation, x, y float64) float64 {
	s, _ := d.scanAbove(obs, x, y, math.Inf(-1), nil, d.freshMap)
	d.perceiveAt(obs, d.freshMap, x, y, nil)
	return s
}

// mapRival scores pose (x, y) on map k and keeps it as a rival if it
// stands a chance; prior is its prior less the tracked pose's share.
func (d *dyna) mapRival(obs sim.Observation, x, y float64, k int, prior float64, born int) {
	b := &d.bel
	p := d.placeAt(x, y)
	if d.hasRival(p, k) || k == d.active && p == d.placeAt(d.x, d.y) {
		return
	}
	floor := -dropMargin
	if b.nRivals == maxRivals {
		floor = math.Max(floor, b.rivals[d.worstRival()].ratio)
	}
	s, _ := d.scanAbove(obs, x, y, floor-prior, nil, d.models[k].m)
	if s+prior < -dropMargin {
		return
	}
	if born < 0 {
		born = p
	}
	d.addRival(rival{x: x, y: y, ratio: s + prior, born: int32(born), afterAte: d.bel.ateAt == obs.Step, mp: int32(k)})
}

// remapTo makes the map of winning rival r the one in use: a stored map
// recalled, or a new one started (fresh).
func (d *dyna) remapTo(r rival) {
	j := &d.judge
	if j.snapAt >= 0 && j.snapOf == d.active {
		// Leaving a map recalled moments ago: the recall was wrong, and
		// what the other world taught it since is forgotten.
		d.placeModel.copyFrom(d.snap)
	}
	j.snapAt = -1
	if !r.fresh {
		// A map recalled is kept as it was until the recall has been
		// trusted a while (confirmRecall).
		k := int(r.mp)
		d.snap.copyFrom(d.models[k])
		j.snapAt, j.snapOf = d.step, k
		d.activate(k)
		return
	}
	wake := d.wake
	held := d.held
	k := d.freeMap()
	if k < held {
		// A map forgotten to make room: its rivals go with it.
		b := &d.bel
		n := 0
		for i := 0; i < b.nRivals; i++ {
			if int(b.rivals[i].mp) != k {
				b.rivals[n] = b.rivals[i]
				n++
			}
		}
		b.nRivals = n
	}
	d.activate(k)
	d.wake = wake
	// The new map starts with what the fresh rival saw.
	for e, bel := range d.freshMap.side {
		if p, sd := e/4, world.Side(e%4); bel != Unknown && d.m.neighbour(p, sd) >= 0 {
			if ch, sur := d.m.set(p, sd, bel, d.clock); ch {
				d.edgeChanged(p, sd, sur)
			}
		}
	}
}

// drConfirm is how many steps a relocalisation on trial must be trusted
// before the dead-reckoned pose follows it.
const drConfirm = 100

// deadReckon keeps the dead-reckoned pose: with the tracked pose, except
// after a jump to another place of the same map than the dead-reckoned
// one, until that jump has been trusted drConfirm steps (a look-alike is
// found out sooner). After a meal the dead-reckoned pose is where the
// body usually wakes.
func (d *dyna) deadReckon() {
	b := &d.bel
	carry := b.jumpCarry
	b.jumpCarry = false
	if !d.remapsOwn() {
		return
	}
	switch {
	case b.ateAt == d.step:
		// Carried, perhaps: as far as the body can tell, it is where it
		// usually wakes after a meal (where it ate, if it usually stays).
		if p := d.wake.likeliest(); p >= 0 {
			b.drX, b.drY = d.m.centre(p)
		}
		b.drOff, b.drTrust = d.placeAt(d.x, d.y) != d.placeAt(b.drX, b.drY), 0
	case b.jumped:
		// A jump to another place of the same map than the dead-reckoned
		// one is on trial (a carry out of the blue, or after a meal to
		// where the body does not usually wake: often a look-alike); a
		// recall and a new map (both at the dead-reckoned pose) are not.
		b.drOff, b.drTrust = carry && d.placeAt(d.x, d.y) != d.placeAt(b.drX, b.drY), 0
	case b.drOff && b.trusted:
		if b.drTrust++; b.drTrust >= drConfirm {
			b.drOff = false
		}
	}
	if !b.drOff {
		b.drX, b.drY = d.x, d.y
	}
	if j := &d.judge; j.snapAt >= 0 && d.step-j.snapAt > confirmRecall {
		j.snapAt = -1 // the recall stands
	}
}

// confirmRecall is how many steps after a recall the map recalled is kept
// as it was: leaving it sooner puts it back.
const confirmRecall = 100
