package agent

// pairQueue is the prioritized-sweeping queue: state-action pairs keyed by
// how much their value may change, largest first. Each pair is in the
// queue at most once (its priority only rises while queued), so its size
// is bounded by the number of pairs, never by the lifetime.
//
// It is a binary heap written out rather than container/heap: planning
// pops and pushes thousands of times a second, and the interface calls of
// container/heap were a third of the agent's time in profiles.
type pairQueue struct {
	pairs []int32   // heap of pair indices
	prio  []float64 // priority by pair
	pos   []int32   // position in pairs by pair, -1 if not queued
}

func newPairQueue(n int) *pairQueue {
	q := &pairQueue{prio: make([]float64, n), pos: make([]int32, n), pairs: make([]int32, 0, n)}
	for i := range q.pos {
		q.pos[i] = -1
	}
	return q
}

// reset empties the queue.
func (q *pairQueue) reset() {
	for _, p := range q.pairs {
		q.pos[p] = -1
	}
	q.pairs = q.pairs[:0]
	clear(q.prio)
}

// Len returns the number of queued pairs.
func (q *pairQueue) Len() int { return len(q.pairs) }

// before reports whether the pair at heap index i comes out before the
// one at j: higher priority first, then the lower pair index, so runs are
// deterministic.
func (q *pairQueue) before(i, j int) bool {
	a, b := q.pairs[i], q.pairs[j]
	if q.prio[a] != q.prio[b] {
		return q.prio[a] > q.prio[b]
	}
	return a < b
}

func (q *pairQueue) swap(i, j int) {
	q.pairs[i], q.pairs[j] = q.pairs[j], q.pairs[i]
	q.pos[q.pairs[i]], q.pos[q.pairs[j]] = int32(i), int32(j)
}

func (q *pairQueue) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !q.before(i, parent) {
			return
		}
		q.swap(i, parent)
		i = parent
	}
}

func (q *pairQueue) down(i int) {
	n := len(q.pairs)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		c := l
		if r := l + 1; r < n && q.before(r, l) {
			c = r
		}
		if !q.before(c, i) {
			return
		}
		q.swap(i, c)
		i = c
	}
}

// raise queues pair p with priority pr, or raises its priority if it is
// queued lower.
func (q *pairQueue) raise(p int, pr float64) {
	if i := q.pos[p]; i >= 0 {
		if pr > q.prio[p] {
			q.prio[p] = pr
			q.up(int(i))
		}
		return
	}
	q.prio[p] = pr
	q.pos[p] = int32(len(q.pairs))
	q.pairs = append(q.pairs, int32(p))
	q.up(len(q.pairs) - 1)
}

// pop removes and returns the pair of highest priority.
func (q *pairQueue) pop() int {
	p := q.pairs[0]
	n := len(q.pairs) - 1
	q.swap(0, n)
	q.pairs = q.pairs[:n]
	q.pos[p] = -1
	if n > 0 {
		q.down(0)
	}
	return int(p)
}
