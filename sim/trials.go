package sim

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/mazerat/mazerat/world"
)

// How a trial ends, and what happens between trials.
//
// A trial ends when the rat eats, when it has run the trial's limit of
// steps (trial.max_steps, or a probe's length) without eating, or when it
// is stranded: a change made during the trial leaves no cheese it can
// reach and the trial has no limit. At the end of a trial the rat is
// carried to the next trial's start if on_cheese is return_to_start or the
// trial was stranded; otherwise it stays. Then the next trial begins: the
// events of that trial fire, a probe withdraws the cheese for the trial,
// and the trial's start is where the rat then stands.
//
// A trial that begins with no cheese in reach and no limit cannot end: the
// world is stuck (Stuck) until a later change opens a path. A lifetime
// measured in trials stops there with StuckError rather than run for ever.

// noStep stands for "no step event due".
const noStep = math.MaxInt64

// limit returns the step limit of the trial under way (0: none).
func (w *World) limit() int64 {
	if w.probing > 0 {
		return w.probing
	}
	return w.sc.MaxSteps
}

// startFor returns the cell trial n begins at when the rat is carried
// there: the layout's S for trial 1 and without starts, else the starts in
// turn (trial n takes starts[(n-1) mod len]) or drawn from the "starts"
// stream.
func (w *World) startFor(n int) world.Cell {
	st := w.sc.Starts
	if len(st) == 0 || n <= 1 {
		return w.maze.Start
	}
	if w.sc.StartOrder == world.AtRandom {
		return st[w.startRand.IntN(len(st))]
	}
	return st[(n-1)%len(st)]
}

// endTrial ends the trial under way at the current step (before the step
// counter moves on) and carries the rat to the next start when the rules
// say so.
func (w *World) endTrial(how endHow) {
	c := &w.cur
	c.EndStep, c.EndTick = w.step, w.tick
	if how != endAte {
		c.EndCell = w.cell // eat set it before any carry
	}
	switch how {
	case endTimeout:
		c.TimedOut = true
		c.Optimal = w.optimal()
	case endStranded:
		c.Stranded = true
		c.Optimal = w.optimal()
	}
	c.Probe = w.probing > 0
	if c.Probe {
		c.Optimal = -1
	}
	w.last, w.lastEnded = *c, true
	if w.sc.OnCheese == world.ReturnToStart && how != endAte || how == endStranded {
		w.carry(w.startFor(w.trial + 1))
	}
}

type endHow uint8

const (
	endAte endHow = iota
	endTimeout
	endStranded
)

// beginTrial starts trial w.trial+1 at the current step: its events fire,
// then its start is where the rat stands.
func (w *World) beginTrial() {
	wasProbe := w.probing > 0
	w.trial++
	w.probing = 0
	w.applyTrialEvents()
	if wasProbe != (w.probing > 0) {
		w.refreshCheese()
	}
	w.startTrialRecord()
	w.stuck = !w.canEnd()
}

// startTrialRecord begins the record of the trial under way where the rat
// stands now.
func (w *World) startTrialRecord() {
	w.cur = TrialRecord{Trial: w.trial, StartStep: w.step, StartTick: w.tick, StartCell: w.cell, FirstRegion: -1}
	w.regionNow = w.regionAt(w.cell)
	w.trialGuard, w.trialGuarded = w.disarmCell, !w.armed
}

// canEnd reports whether the trial under way can end: it has a limit, or
// some cheese can be reached from the rat's cell.
func (w *World) canEnd() bool {
	if w.limit() > 0 {
		return true
	}
	return len(w.cheese) > 0 && w.oracle.Moves(w.maze, w.doors, w.cell, w.cheese) != world.Unreachable
}

// optimal returns the fewest moves from the trial's start to cheese it
// could eat, with the world as it is now: the nearest cheese, or, when
// the trial began on the cheese the rat had just eaten under stay (which
// it may eat again only after reaching another spot or the start), the
// nearest other cheese or the way through the start back to any.
func (w *World) optimal() int {
	from := w.cur.StartCell
	if len(w.cheese) == 0 {
		return -1
	}
	if !w.trialGuarded {
		return w.oracle.Moves(w.maze, w.doors, from, w.cheese)
	}
	best := world.Unreachable
	dist := w.oracle.Distances(w.maze, w.doors, from)
	for _, g := range w.cheese {
		if g == w.trialGuard || !w.maze.In(g) {
			continue
		}
		if d := int(dist[w.maze.Index(g)]); d != world.Unreachable && (best == world.Unreachable || d < best) {
			best = d
		}
	}
	home := w.maze.Start
	if w.maze.In(home) && dist[w.maze.Index(home)] != world.Unreachable {
		toHome := int(dist[w.maze.Index(home)])
		if back := w.oracle.Moves(w.maze, w.doors, home, w.cheese); back != world.Unreachable {
			if d := toHome + back; best == world.Unreachable || d < best {
				best = d
			}
		}
	}
	return best
}

// refreshCheese sets the cells holding cheese from the spots, what is
// eaten and whether a probe is under way, and rebuilds the static shapes
// if they changed.
func (w *World) refreshCheese() {
	before := len(w.cheese)
	same := true
	old := w.cheeseBuf[:0]
	old = append(old, w.cheese...)
	w.cheese = w.cheese[:0]
	switch {
	case w.probing > 0:
	case w.sc.OnCheese == world.Respawn:
		if w.respawnAt < len(w.spots) {
			w.cheese = append(w.cheese, w.spots[w.respawnAt])
		}
	default:
		for i, s := range w.spots {
			if w.spotArmed[i] {
				w.cheese = append(w.cheese, s)
			}
		}
	}
	if len(w.cheese) != before {
		same = false
	} else {
		for i := range old {
			if old[i] != w.cheese[i] {
				same = false
			}
		}
	}
	w.cheeseBuf = old
	if !same {
		w.rebuildStatic()
	}
}

// deplete applies the rearm rule after the cheese on spot i was eaten.
func (w *World) deplete(i int) {
	switch w.sc.Rearm {
	case world.AtOnce:
		return
	case world.Other:
		for j := range w.spotArmed {
			w.spotArmed[j] = j != i
		}
	case world.AllEaten:
		w.spotArmed[i] = false
		all := true
		for _, a := range w.spotArmed {
			all = all && !a
		}
		if all {
			for j := range w.spotArmed {
				w.spotArmed[j] = true
			}
		}
	case world.Never:
		w.spotArmed[i] = false
	}
	w.refreshCheese()
}

// spotIndex returns the index of cell c among the spots, -1 if none.
func (w *World) spotIndex(c world.Cell) int {
	for i, s := range w.spots {
		if s == c {
			return i
		}
	}
	return -1
}

// regionAt returns the set of regions cell c belongs to.
func (w *World) regionAt(c world.Cell) uint32 {
	if len(w.regionOf) == 0 {
		return 0
	}
	return w.regionOf[w.maze.Index(c)]
}

// countRegions adds a tick to the regions the rat is in and notes the
// first region it enters in the trial.
func (w *World) countRegions() {
	m := w.regionAt(w.cell)
	if m == 0 && w.regionNow == 0 {
		return
	}
	if entered := m &^ w.regionNow; entered != 0 && w.cur.FirstRegion < 0 {
		w.cur.FirstRegion = int8(bits.TrailingZeros32(entered))
	}
	w.regionNow = m
	for b := m; b != 0; b &= b - 1 {
		w.cur.RegionTicks[bits.TrailingZeros32(b)]++
	}
}

// nearestOpen returns the open cell nearest to c (by rows and columns;
// ties in reading order), or c if there is none.
func (w *World) nearestOpen(c world.Cell) world.Cell {
	m := w.maze
	best, bestD := c, math.MaxInt
	for i := 0; i < m.NumCells(); i++ {
		o := m.CellAt(i)
		if !m.Open(o, w.doors) {
			continue
		}
		if d := abs(o.Row-c.Row) + abs(o.Col-c.Col); d < bestD {
			best, bestD = o, d
		}
	}
	return best
}

// Stuck reports whether the trial under way cannot end: it has no limit
// and no cheese can be reached from where the rat is. Only a later change
// to the world can free it.
func (w *World) Stuck() bool { return w.stuck }

// StuckError describes why the world is stuck, for a lifetime that must
// end by trials; nil if it is not.
func (w *World) StuckError() error {
	if !w.stuck {
		return nil
	}
	what := "no cheese can be reached from the rat's cell"
	if len(w.cheese) == 0 {
		what = "there is no cheese"
	}
	return fmt.Errorf("at step %d (trial %d) %s %v and trials have no time limit, so the trial can never end: give trials a limit (trial: {max_steps: N}) or change the scenario's events",
		w.step, w.trial, what, w.cell)
}

// ConfigID returns a stable hash of the world's configuration: its layout
// (every cell and edge), which doors are open and where the cheese spots
// are. It changes exactly when one of those does: doors, walls, cheese
// spots moved by events and maze switches change it; eating, depletion,
// respawn and probes (which change which spots hold cheese now, not the
// spots) and the rat do not. Two worlds in the same configuration have the
// same id, whatever led there, in any lifetime and on any machine.
func (w *World) ConfigID() uint64 { return w.configID }

// computeConfigID hashes the configuration (see ConfigID).
func (w *World) computeConfigID() {
	h := uint64(fnvOffset)
	m := w.maze
	h = mix(h, uint64(m.Style))
	h = mix(h, uint64(m.W)<<32|uint64(m.H))
	cells, hedges, vedges := m.Layout()
	for _, ws := range [][]world.Wall{cells, hedges, vedges} {
		for _, x := range ws {
			h ^= uint64(x)
			h *= fnvPrime
		}
		h = mix(h, uint64(len(ws)))
	}
	h = mix(h, uint64(w.doors))
	h = mix(h, uint64(len(w.spots)))
	for _, s := range w.spots {
		h = mix(h, uint64(s.Row)<<32|uint64(uint32(s.Col)))
	}
	w.configID = h
}
