package gallery

import "math"

// rng is a tiny seeded random number generator (SplitMix64): the same seed
// gives the same numbers on every run and every machine, so the figures
// are byte-identical from one generation to the next.
type rng struct{ state uint64 }

func newRNG(seed uint64) *rng { return &rng{state: seed} }

// uint64 returns the next 64 random bits.
func (r *rng) uint64() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// uniform returns a number in [0, 1).
func (r *rng) uniform() float64 { return float64(r.uint64()>>11) / (1 << 53) }

// normal returns a standard normal number (Box–Muller).
func (r *rng) normal() float64 {
	u1 := 1 - r.uniform() // In (0, 1]: log is finite.
	u2 := r.uniform()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}
