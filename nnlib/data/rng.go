package data

import "math"

// numpyRand is NumPy's legacy random generator, np.random.RandomState(seed):
// the Mersenne Twister MT19937 with NumPy's conversions to doubles, Gaussians
// and shuffles. The generators use it so that their data equals, number for
// number, what the same recipe gives in NumPy and scikit-learn with
// random_state=seed; the tests check this against values computed there.
type numpyRand struct {
	mt       [624]uint32
	index    int
	hasGauss bool
	gauss    float64
}

// newNumpyRand is np.random.RandomState(seed) for an integer seed.
func newNumpyRand(seed uint32) *numpyRand {
	r := &numpyRand{}
	r.mt[0] = seed
	for i := 1; i < 624; i++ {
		prev := r.mt[i-1]
		r.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.index = 624
	return r
}

// uint32 is the next raw 32-bit output of MT19937.
func (r *numpyRand) uint32() uint32 {
	if r.index >= 624 {
		r.twist()
	}
	y := r.mt[r.index]
	r.index++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

func (r *numpyRand) twist() {
	const upper, lower = 0x80000000, 0x7fffffff
	for i := 0; i < 624; i++ {
		y := (r.mt[i] & upper) | (r.mt[(i+1)%624] & lower)
		next := r.mt[(i+397)%624] ^ (y >> 1)
		if y&1 != 0 {
			next ^= 0x9908b0df
		}
		r.mt[i] = next
	}
	r.index = 0
}

// float64 is random_sample(): uniform on [0, 1) with 53 random bits.
func (r *numpyRand) float64() float64 {
	a := r.uint32() >> 5
	b := r.uint32() >> 6
	return (float64(a)*67108864.0 + float64(b)) / 9007199254740992.0
}

// uniform is uniform(low, high).
func (r *numpyRand) uniform(low, high float64) float64 {
	return low + (high-low)*r.float64()
}

// normal is normal(loc, scale): NumPy's legacy polar Box-Muller, which makes
// Gaussians in pairs and keeps the second for the next call.
func (r *numpyRand) normal(loc, scale float64) float64 {
	return loc + scale*r.standardNormal()
}

func (r *numpyRand) standardNormal() float64 {
	if r.hasGauss {
		r.hasGauss = false
		g := r.gauss
		r.gauss = 0
		return g
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.float64() - 1
		x2 = 2*r.float64() - 1
		r2 = x1*x1 + x2*x2
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	f := math.Sqrt(-2 * math.Log(r2) / r2)
	r.gauss = f * x1
	r.hasGauss = true
	return f * x2
}

// interval is NumPy's random_interval(max): uniform on [0, max] by masked
// rejection.
func (r *numpyRand) interval(max uint32) uint32 {
	if max == 0 {
		return 0
	}
	mask := max
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	for {
		if v := r.uint32() & mask; v <= max {
			return v
		}
	}
}

// permutation is the order that shuffle(np.arange(n)) leaves, which is how
// scikit-learn's utils.shuffle reorders samples.
func (r *numpyRand) permutation(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i >= 1; i-- {
		j := int(r.interval(uint32(i)))
		p[i], p[j] = p[j], p[i]
	}
	return p
}
