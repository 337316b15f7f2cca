package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// NewRand returns the random stream called name of the lifetime with the
// given seed. Every consumer of randomness (sensor noise, cheese placement,
// the agent's exploration) draws from its own named stream, so adding a
// draw to one never shifts another, and one seed fixes the whole lifetime.
func NewRand(seed uint64, name string) *rand.Rand { return rand.New(NewPCG(seed, name)) }

// NewPCG returns the source of the random stream called name. Keep it to
// save and restore the stream's state (PCG's MarshalBinary).
func NewPCG(seed uint64, name string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.NewPCG(seed, h.Sum64())
}
