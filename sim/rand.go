package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// NewRand returns the random stream called name of the lifetime with the
// given seed. Every consumer of randomness (sensor noise, cheese placement,
// the agent's exploration) draws from its own named stream, so adding a
// draw to one never shifts another, and one seed fixes the whole lifetime.
func NewRand(seed uint64, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}
