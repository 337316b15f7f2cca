package agent

import (
	"fmt"

	"github.com/mazerat/mazerat/world"
)

// Several maps (issue 12, "dyna remembers"). dyna keeps up to agent.maps
// placeModels, all allocated at birth, and learns on one at a time (the
// one embedded in dyna). A rat whose maze is replaced by another used to
// rewrite its one map edge by edge, and then rewrite it back on the return:
// what it had learned of the first maze was gone. Now, as place cells
// remap between environments, it keeps the old map and starts a new one,
// and switches back when a stored map fits what it senses.
//
// The judge. Every piece of evidence about an edge (a ray passing or
// stopping, a move that got through or bumped) is heard before it is
// written (gridMap.note). Evidence that contradicts what the map in use
// believed (a wall where it believed open, or open where it believed a
// wall; news about an edge it never saw is not a contradiction) is
// counted by step. "Latest evidence wins" rewrites a contradicted edge at
// once, so each edge that changed is counted about once: the count is of
// distinct edges the world changed. A door that opens or closes is one or
// two of them; another maze of the same size differs in about half of its
// edges, and the rays see a dozen at a glance. When remapContra
// contradictions fall within remapWindow steps, the world may be another
// one. Once remapSettle steps have passed since the first of them (a
// misreading is taken back by the next looks), the evidence since one of
// the contradicted steps (the window) is judged, each edge by the latest
// word about it: the latest such step whose evidence is about
// remapEvidence edges or more and makes step 0 below fail (a stray
// contradiction before the world changed must not mix the old world's
// evidence in):
//
//  0. The map in use, as it was before the window, is scored: if at most
//     remapShare of the edges it knew are contradicted, the world still
//     fits it (a door or two changed), nothing switches and the count
//     starts afresh. "As it was": when a contradiction comes with none
//     counted before it in the window, a copy of the whole model in use
//     (map, model, values, queue, cheese) is taken before it is written
//     (the snapshot, a spare model allocated at birth).
//  1. The map in use is put back as the snapshot holds it: what the new
//     world taught it since (walls, and also the cheese it did not find
//     where its own world had it, which cleared the goal) is forgotten, so
//     the map is kept as it was of its own world.
//  2. Each other stored map is scored on the window's evidence: the share
//     of the edges it knows that the evidence contradicts. The best one at
//     or below recallShare, knowing at least recallMass of them, is
//     recalled (ties: the one used last).
//  3. Otherwise a new map is started: a free slot, or the least recently
//     used map is forgotten (evicted) to make room. While a stored map
//     knows too little of the evidence to be judged (the rat stands where
//     it never went in that world), the decision waits for more, up to
//     remapPatience steps after the first contradiction.
//  4. The window's evidence is written into the map switched to.
//
// Each map keeps its own clock (options taken while it was in use), so a
// map recalled after a long absence does not believe its walls likely to
// have opened while it was stored (stale walls, kappa): its time stood
// still. With agent.maps=1 nothing is judged and dyna is the one-map agent
// it was, bit for bit. Without the place sensor this judge is off: there
// a map that disagrees with the world is first a sign that the belief of
// where the rat is went wrong, and the relocaliser judges the maps
// instead, as poses on them (dynaremap.go).
const (
	maxMaps       = 64   // agent.maps at most
	remapWindow   = 48   // steps over which contradictions are counted
	remapContra   = 5    // contradicted edges within the window that mean another world
	remapShare    = 0.2  // and when more than this share of the edges it knew, of those seen since, are contradicted
	recallShare   = 0.1  // a stored map fits when at most this share of what it knows of the evidence is contradicted
	recallMass    = 8    // and it knows at least this many of the edges seen
	remapSettle   = 4    // steps after the first contradiction before judging: a misreading is taken back by the next looks
	remapPatience = 24   // steps after the first contradiction a new map waits for a stored one that knows too little yet
	remapEvidence = 12   // edges seen since the world changed before the maps are judged
	noteRing      = 4096 // evidence kept for the judge (more than a window's worth in wheels control)
)

// mapJudge is the evidence of the latest steps and the count of what the
// maps did. Arrays of plain values, so that they are saved as they are.
type mapJudge struct {
	noteStep  []int64 // a ring of at most noteRing, emptied while the window holds no contradiction
	noteEdge  []int32 // place*4 + side
	noteB     []Belief
	nNotes    int64
	snapAt    int64              // the step of the snapshot (-1: none)
	snapOf    int                // the map it is a copy of
	contra    [remapWindow]int32 // contradictions in step contraAt[k], k = step % remapWindow
	contraAt  [remapWindow]int64
	since     int64 // the step of the latest switch: evidence up to it is not counted
	replaying bool  // writing the window's evidence into the map switched to: not evidence again
	quiet     bool  // the step after a meal: what is seen then is not judged (see noteEdge)
	switches  int64 // switches since birth
	created   int64 // maps started since birth (the one at birth not counted)
	evicted   int64 // maps forgotten to make room
}

// noteEdge hears evidence b about side s of place p before the map in use
// is written. Evidence in the step after a meal is not heard: the body
// may just have been carried (back to the start, or woken elsewhere), and
// in moves control without a compass its heading is then a guess, so the
// rays of that step are the least sure of where they were read from (in
// foraging, in moves control, they contradicted a handful of edges after
// every meal, and took it back the step after).
func (d *dyna) noteEdge(p int, s world.Side, b Belief) {
	j := &d.judge
	if j.replaying || j.quiet {
		return
	}
	if s == world.South || s == world.West {
		// One index per edge: the evidence is kept by the north or east side of the place below or west of it.
		if q := d.m.neighbour(p, s); q >= 0 {
			p, s = q, s.Opposite()
		}
	}
	e := p*4 + int(s)
	if k := int(j.nNotes % noteRing); k == len(j.noteStep) {
		j.noteStep, j.noteEdge, j.noteB = append(j.noteStep, d.step), append(j.noteEdge, int32(e)), append(j.noteB, b)
	} else {
		j.noteStep[k], j.noteEdge[k], j.noteB[k] = d.step, int32(e), b
	}
	j.nNotes++
	old := d.m.side[e]
	if old == b || old == Unknown {
		return
	}
	if n, _ := d.contradictions(); n == 0 {
		// The first contradiction in the window: keep the model as it is
		// before it is written.
		d.snap.copyFrom(d.placeModel)
		j.snapAt, j.snapOf = d.step, d.active
	}
	c := d.step % remapWindow
	if j.contraAt[c] != d.step {
		j.contraAt[c], j.contra[c] = d.step, 0
	}
	j.contra[c]++
}

// forgetNotes empties the evidence while the window holds no
// contradiction, at the start of a step: the judge reads evidence only
// from a contradicted step on, so what came before is never read (and a
// saved state stays small).
func (d *dyna) forgetNotes() {
	if n, _ := d.contradictions(); n == 0 {
		j := &d.judge
		j.noteStep, j.noteEdge, j.noteB, j.nNotes = j.noteStep[:0], j.noteEdge[:0], j.noteB[:0], 0
	}
}

// contradictions returns the contradictions counted in the window, and
// the step of the first of them.
func (d *dyna) contradictions() (n int, first int64) {
	j := &d.judge
	first = d.step
	for c := range remapWindow {
		if at := j.contraAt[c]; at > d.step-remapWindow && at > j.since && j.contra[c] > 0 {
			n += int(j.contra[c])
			first = min(first, at)
		}
	}
	return n, first
}

// judgeMaps switches maps when the world has changed widely (see the
// comment at the top of this file).
func (d *dyna) judgeMaps() {
	n, first := d.contradictions()
	if n < remapContra {
		return
	}
	// The world changed just before one of the contradicted steps: the
	// evidence since is of the new world. Which one is not known (a stray
	// contradiction in the old world may open the window): the latest
	// that is conclusive is taken, the shortest window of evidence after
	// which the map in use no longer fits.
	j := &d.judge
	if d.step-first < remapSettle {
		return
	}
	before := d.snapshot()
	from, judged := int64(-1), false
	for c := d.step; c >= first; c-- {
		if k := c % remapWindow; j.contraAt[k] != c || j.contra[k] == 0 {
			continue
		}
		if d.distinct(c-1) < remapEvidence {
			continue // too little seen since to tell the maps apart
		}
		judged = true
		if share, _ := d.fit(before, c-1); share >= remapShare {
			from = c - 1
			break
		}
	}
	if from < 0 {
		if judged {
			// The map in use, as it was before, still fits most of what
			// was seen: a few edges changed (doors), or the rays misread
			// a few. Those are already written; count afresh.
			j.since = d.step
		}
		return
	}
	best, bestShare, unjudged := -1, 0.0, false
	for k := 0; k < d.held; k++ {
		if k == d.active {
			continue
		}
		share, ok := d.fit(d.models[k], from)
		unjudged = unjudged || !ok
		if !ok || share > recallShare {
			continue
		}
		if best < 0 || share < bestShare || share == bestShare && d.models[k].used > d.models[best].used {
			best, bestShare = k, share
		}
	}
	if best < 0 && unjudged && d.step-first < remapPatience {
		// A stored map knows too little of what was seen to be judged
		// (the rat stands where it never went in that world): look
		// further before starting a new map.
		return
	}
	if before == d.snap {
		d.models[d.active], d.snap = d.snap, d.placeModel
		d.placeModel = d.models[d.active]
	}
	j.snapAt = -1
	d.snap.reset(d.q0)
	if best < 0 {
		best = d.freeMap()
	}
	d.activate(best)
	// The window's evidence, in the order it came, into the map switched
	// to (a recalled map learns what changed; a new one starts with it).
	j.replaying = true
	for i := max(j.nNotes-noteRing, 0); i < j.nNotes; i++ {
		k := i % noteRing
		if j.noteStep[k] <= from {
			continue
		}
		e := int(j.noteEdge[k])
		p, s := e/4, world.Side(e%4)
		if ch, sur := d.m.set(p, s, j.noteB[k], d.clock); ch {
			d.edgeChanged(p, s, sur)
		}
	}
	j.replaying = false
	if d.lastPlace >= 0 {
		d.visit(d.lastPlace)
	}
}

// latest calls f with the latest evidence after step from about each
// edge, newest first: an edge seen a hundred times counts once.
func (d *dyna) latest(from int64, f func(e int, b Belief)) {
	j := &d.judge
	if len(d.edgeMark) == 0 {
		d.edgeMark = make([]int64, d.n*4)
	}
	d.edgeEpoch++
	for i := j.nNotes - 1; i >= max(j.nNotes-noteRing, 0); i-- {
		k := i % noteRing
		if j.noteStep[k] <= from {
			break
		}
		if e := j.noteEdge[k]; d.edgeMark[e] != d.edgeEpoch {
			d.edgeMark[e] = d.edgeEpoch
			f(int(e), j.noteB[k])
		}
	}
}

// distinct returns how many edges the evidence after step from is about.
func (d *dyna) distinct(from int64) int {
	n := 0
	d.latest(from, func(int, Belief) { n++ })
	return n
}

// fit scores stored model pm on the evidence after step from, the latest
// about each edge: the share of the edges it knows (not Unknown) that the
// evidence contradicts, and whether it knows enough of them to be judged.
func (d *dyna) fit(pm *placeModel, from int64) (float64, bool) {
	known, contra := 0, 0
	d.latest(from, func(e int, b Belief) {
		if old := pm.m.side[e]; old != Unknown {
			known++
			if old != b {
				contra++
			}
		}
	})
	if known < recallMass {
		return 0, false
	}
	return float64(contra) / float64(known), true
}

// snapshot returns the model in use as it was before the window: the
// snapshot, when it was taken of this map since it came into use, else
// the model in use itself (which has taken in the window's evidence: it
// fits, and nothing switches).
func (d *dyna) snapshot() *placeModel {
	j := &d.judge
	if j.snapAt >= 0 && j.snapAt >= j.since && j.snapOf == d.active {
		return d.snap
	}
	return d.placeModel
}

// freeMap returns the slot of a new map: a free one, or the least recently
// used other than the one in use, forgotten.
func (d *dyna) freeMap() int {
	j := &d.judge
	j.created++
	if d.held < len(d.models) {
		d.held++
		return d.held - 1
	}
	k := -1
	for i := range d.held {
		if i != d.active && (k < 0 || d.models[i].used < d.models[k].used) {
			k = i
		}
	}
	j.evicted++
	d.models[k].reset(d.q0)
	return k
}

// activate makes stored model k the one in use.
func (d *dyna) activate(k int) {
	d.placeModel.used = d.step
	d.active = k
	d.placeModel = d.models[k]
	d.placeModel.used = d.step
	d.judge.since = d.step
	d.judge.switches++
}

// mapsFields are the pointers to the state of the maps, for fields().
func (d *dyna) mapsFields() []any {
	j := &d.judge
	f := []any{&d.active, &d.held,
		&j.noteStep, &j.noteEdge, &j.noteB, &j.nNotes,
		&j.snapAt, &j.snapOf,
		&j.contra, &j.contraAt, &j.since, &j.replaying, &j.quiet, &j.switches, &j.created, &j.evicted,
	}
	// The maps held and the snapshot while it is kept; the others are as
	// at birth (a slot is used in order and reset when reused; the
	// snapshot is reset when dropped).
	for _, pm := range d.models[:d.held] {
		f = append(f, pm.fields()...)
	}
	if d.snap != nil && j.snapAt >= 0 {
		f = append(f, d.snap.fields()...)
	}
	return f
}

// checkMaps makes sure restored map indices are in range.
func (d *dyna) checkMaps() error {
	if d.held < 1 || d.held > len(d.models) || d.active < 0 || d.active >= d.held {
		return fmt.Errorf("%w: map %d of %d held, at most %d", ErrStateMismatch, d.active, d.held, len(d.models))
	}
	j := &d.judge
	if n := len(j.noteStep); n != len(j.noteEdge) || n != len(j.noteB) || int64(n) != min(j.nNotes, noteRing) {
		return fmt.Errorf("%w: %d pieces of evidence, %d kept", ErrStateMismatch, j.nNotes, n)
	}
	if j.nNotes < 0 || j.snapOf < 0 || j.snapOf >= len(d.models) {
		return fmt.Errorf("%w: negative evidence count", ErrStateMismatch)
	}
	for _, e := range j.noteEdge {
		if e < 0 || int(e) >= d.n*4 {
			return fmt.Errorf("%w: evidence about edge %d out of range", ErrStateMismatch, e)
		}
	}
	return nil
}
