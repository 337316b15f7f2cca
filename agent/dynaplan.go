package agent

import "container/heap"

// pairQueue is the prioritized-sweeping queue: state-action pairs keyed by
// how much their value may change, largest first. Each pair is in the
// queue at most once (its priority only rises while queued), so its size
// is bounded by the number of pairs, never by the lifetime.
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

// heap.Interface over the queued pairs.
func (q *pairQueue) Len() int { return len(q.pairs) }
func (q *pairQueue) Less(i, j int) bool {
	a, b := q.pairs[i], q.pairs[j]
	if q.prio[a] != q.prio[b] {
		return q.prio[a] > q.prio[b]
	}
	return a < b // a fixed order among equals keeps runs deterministic
}
func (q *pairQueue) Swap(i, j int) {
	q.pairs[i], q.pairs[j] = q.pairs[j], q.pairs[i]
	q.pos[q.pairs[i]], q.pos[q.pairs[j]] = int32(i), int32(j)
}
func (q *pairQueue) Push(x any) {
	p := x.(int32)
	q.pos[p] = int32(len(q.pairs))
	q.pairs = append(q.pairs, p)
}
func (q *pairQueue) Pop() any {
	n := len(q.pairs) - 1
	p := q.pairs[n]
	q.pairs = q.pairs[:n]
	q.pos[p] = -1
	return p
}

// raise queues pair p with priority pr, or raises its priority if it is
// queued lower.
func (q *pairQueue) raise(p int, pr float64) {
	if i := q.pos[p]; i >= 0 {
		if pr > q.prio[p] {
			q.prio[p] = pr
			heap.Fix(q, int(i))
		}
		return
	}
	// Append and fix rather than heap.Push: boxing the pair in an
	// interface would allocate on every push.
	q.prio[p] = pr
	q.pos[p] = int32(len(q.pairs))
	q.pairs = append(q.pairs, int32(p))
	heap.Fix(q, len(q.pairs)-1)
}

// pop removes and returns the pair of highest priority.
func (q *pairQueue) pop() int {
	p := q.pairs[0]
	n := len(q.pairs) - 1
	q.Swap(0, n)
	q.pairs = q.pairs[:n]
	q.pos[p] = -1
	if n > 0 {
		heap.Fix(q, 0)
	}
	return int(p)
}

// clear empties the queue.
func (q *pairQueue) clear() {
	for _, p := range q.pairs {
		q.pos[p] = -1
	}
	q.pairs = q.pairs[:0]
}
