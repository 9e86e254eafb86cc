package data

import (
	"math"
	"testing"
)

// The expected values were computed once with scikit-learn 1.2.1 and NumPy
// 1.24.2 (Debian's python3-sklearn): X, y, c = make_blobs(n_samples=1000,
// centers=3, n_features=2, cluster_std=2, random_state=2, return_centers=True).
func TestCourseBlobsMatchesScikitLearn(t *testing.T) {
	d := CourseBlobs()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Len() != 1000 || d.Dim() != 2 {
		t.Fatalf("CourseBlobs has %d examples of %d features, want 1000 of 2", d.Len(), d.Dim())
	}
	wantFloats(t, "X[0]", d.Row(0), []float64{0.4871981127474787, -0.4316054814243375})
	wantFloats(t, "X[1]", d.Row(1), []float64{-1.4895887915186194, -3.4791574150716293})
	wantFloats(t, "X[999]", d.Row(999), []float64{-2.32988529140032, -10.661092730273328})
	wantInts(t, "y[:12]", d.Labels[:12], []int{2, 2, 2, 0, 1, 0, 1, 1, 2, 2, 1, 0})
	wantInts(t, "class counts", d.ClassCounts(), []int{334, 333, 333})
	var sx, sy float64
	for i := 0; i < d.Len(); i++ {
		sx += float64(d.Row(i)[0])
		sy += float64(d.Row(i)[1])
	}
	if !closeTo(sx, -573.1713070758432, 1e-6) || !closeTo(sy, -4883.109793345337, 1e-6) {
		t.Errorf("X.sum(axis=0) = (%g, %g), want (-573.171307, -4883.109793)", sx, sy)
	}
}

func TestBlobsStatistics(t *testing.T) {
	// Each class's mean is its centre (from make_blobs's return_centers),
	// within a few standard errors (2/sqrt(333) ≈ 0.11), and its standard
	// deviation is 2.
	centres := [][]float64{{-1.2801019571599248, -9.481475363442174}, {0.9932495575741829, -1.293552147634463}, {-1.5926439582502194, -3.3933035799225175}}
	d := CourseBlobs()
	for c, centre := range centres {
		var sum, sq [2]float64
		n := 0
		for i, l := range d.Labels {
			if l != c {
				continue
			}
			n++
			for j := 0; j < 2; j++ {
				v := float64(d.Row(i)[j])
				sum[j] += v
				sq[j] += (v - centre[j]) * (v - centre[j])
			}
		}
		for j := 0; j < 2; j++ {
			mean, std := sum[j]/float64(n), math.Sqrt(sq[j]/float64(n))
			if math.Abs(mean-centre[j]) > 0.4 || math.Abs(std-2) > 0.25 {
				t.Errorf("class %d feature %d: mean %.3f std %.3f, want %.3f and 2", c, j, mean, std, centre[j])
			}
		}
	}
}

// make_blobs(n_samples=10, centers=3, n_features=3, cluster_std=0.5,
// random_state=7): 10 does not divide by 3, so the first centre gets 4 points.
func TestBlobsUnevenMatchesScikitLearn(t *testing.T) {
	d, err := Blobs(10, 3, 3, 0.5, 7)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{
		{-7.460948450452339, 5.597711819564214, -1.4702812209547593}, {3.915744870449498, 9.956882502208197, 1.3582489313901909},
		{-8.48131831604529, 5.609071182262118, -0.8574248333705345}, {0.2609171737640381, -8.25897041135553, -4.282765399877255},
		{3.751640577942789, 9.481380931444571, -0.39450413773857473}, {4.906250459867016, 9.611577212797975, 0.8052477187506285},
		{-0.06184705661160328, -9.68414469689498, -4.820822636214646}, {-0.8700408132397406, -8.741129561137992, -5.496269203723202},
		{-7.865468038129871, 5.516809807415193, -1.3989341661706065}, {-8.515402128702297, 5.633740415468, -1.3989154779199564}})
	wantInts(t, "y", d.Labels, []int{0, 1, 0, 2, 1, 1, 2, 2, 0, 0})
}

func TestBlobsDeterministic(t *testing.T) {
	a, _ := Blobs(50, 4, 2, 1, 9)
	b, _ := Blobs(50, 4, 2, 1, 9)
	c, _ := Blobs(50, 4, 2, 1, 10)
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatal("the same seed gave different data")
		}
	}
	same := true
	for i := range a.X {
		same = same && a.X[i] == c.X[i]
	}
	if same {
		t.Error("different seeds gave the same data")
	}
}
