package data

import "testing"

// The expected values in these tests were computed once with NumPy 1.24.2
// (Debian's python3-numpy), e.g.
//   r = np.random.RandomState(42); r.random_sample(3); r.normal(size=3)

func TestNumpyRandMatchesNumPy(t *testing.T) {
	r := newNumpyRand(42)
	for i, want := range []float64{0.3745401188473625, 0.9507143064099162, 0.7319939418114051} {
		if got := r.float64(); got != want {
			t.Errorf("random_sample #%d = %.17g, want %.17g", i, got, want)
		}
	}
	for i, want := range []float64{-1.1118801180469204, 0.31890218468938336, 0.2790412922001377} {
		if got := r.normal(0, 1); !closeTo(got, want, 1e-15) {
			t.Errorf("normal #%d = %.17g, want %.17g", i, got, want)
		}
	}
	for i, want := range []float64{4.161451555920909, -9.588310114083951} {
		if got := r.uniform(-10, 10); !closeTo(got, want, 1e-15) {
			t.Errorf("uniform(-10, 10) #%d = %.17g, want %.17g", i, got, want)
		}
	}
	// a = np.arange(10); r.shuffle(a), continuing the same generator.
	wantInts(t, "shuffle", r.permutation(10), []int{4, 2, 0, 8, 9, 6, 5, 3, 7, 1})
}

func TestNumpyRandSeedState(t *testing.T) {
	// np.random.RandomState(5489).get_state()[1][:3]
	r := newNumpyRand(5489)
	for i, want := range []uint32{5489, 1301868182, 2938499221} {
		if r.mt[i] != want {
			t.Errorf("state[%d] = %d, want %d", i, r.mt[i], want)
		}
	}
}

func TestPermutation(t *testing.T) {
	// np.random.RandomState(42).permutation(10)
	wantInts(t, "Permutation(10, 42)", Permutation(10, 42), []int{8, 1, 5, 0, 7, 2, 9, 4, 3, 6})
	if p := Permutation(0, 1); len(p) != 0 {
		t.Errorf("Permutation(0) = %v, want empty", p)
	}
	if p := Permutation(-3, 1); len(p) != 0 {
		t.Errorf("Permutation(-3) = %v, want empty", p)
	}
}
