package data

import (
	"math"
	"testing"
)

// Expected values computed once with scikit-learn 1.2.1 / NumPy 1.24.2:
// make_circles(n_samples=100, noise=0.1, random_state=1), the original
// course's regularisation problem.
func TestCourseCirclesMatchesScikitLearn(t *testing.T) {
	d := CourseCircles()
	if d.Len() != 100 {
		t.Fatalf("%d examples, want 100", d.Len())
	}
	wantFloats(t, "X[0]", d.Row(0), []float64{-0.6364049338363262, -0.3687019099499153})
	wantFloats(t, "X[50]", d.Row(50), []float64{0.6549535641284572, -0.5947199468301536})
	wantInts(t, "y[:10]", d.Labels[:10], []int{1, 1, 0, 1, 1, 0, 0, 1, 1, 1})
	wantInts(t, "class counts", d.ClassCounts(), []int{50, 50})
	var sx, sy float64
	for i := 0; i < d.Len(); i++ {
		sx += float64(d.Row(i)[0])
		sy += float64(d.Row(i)[1])
	}
	if !closeTo(sx, -0.5435956435823922, 1e-5) || !closeTo(sy, -0.9644552228990004, 1e-5) {
		t.Errorf("X.sum(axis=0) = (%g, %g), want (-0.5436, -0.9645)", sx, sy)
	}
}

// make_circles(n_samples=9, noise=0.0, factor=0.5, random_state=4): an odd
// count, so the inner circle gets 5 points.
func TestCirclesOddMatchesScikitLearn(t *testing.T) {
	d, err := Circles(9, 0, 0.5, 4)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{{0, -1}, {0.5, 0}, {-0.4045084971874737, 0.29389262614623657}, {-1, 0},
		{0.15450849718747364, -0.4755282581475769}, {1, 0}, {0, 1}, {0.15450849718747375, 0.4755282581475768},
		{-0.40450849718747384, -0.29389262614623646}})
	wantInts(t, "y", d.Labels, []int{0, 1, 1, 0, 1, 0, 0, 1, 1})
	for i := 0; i < d.Len(); i++ {
		r := math.Hypot(float64(d.Row(i)[0]), float64(d.Row(i)[1]))
		if want := []float64{1, 0.5}[d.Labels[i]]; !closeTo(r, want, 1e-6) {
			t.Errorf("point %d of class %d has radius %g, want %g", i, d.Labels[i], r, want)
		}
	}
}

// make_moons(n_samples=7, noise=0.05, random_state=3)
func TestMoonsMatchesScikitLearn(t *testing.T) {
	d, err := Moons(7, 0.05, 3)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{{0.5490276935145441, -0.3646744516947123}, {1.9769978939668658, 0.4971039579702821},
		{1.6038787068556413, -0.3960910275938952}, {0.04696181946621553, 0.44097956922112},
		{-0.017366508779560662, 1.0033149366756813}, {0.9186207360396559, 0.01989429300622796},
		{-1.081457871429181, -0.031946776259499245}})
	wantInts(t, "y", d.Labels, []int{1, 1, 1, 1, 0, 0, 0})
}

// NumPy 1.24.2: r = np.random.RandomState(5); X = r.uniform(-1, 1, (6, 2));
// y = (X[:, 0] > 0) != (X[:, 1] > 0); X += r.normal(0, 0.1, (6, 2))
func TestXORMatchesNumPy(t *testing.T) {
	d, err := XOR(6, 0.1, 5)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{{-0.6752901190627016, 0.7209769612959941}, {-0.6224445840212715, 0.8975689761367927},
		{-0.18965647535751118, 0.15346982203629628}, {0.6469548139093482, 0.2225690764690177},
		{-0.5575169526163927, -0.5600727915882189}, {-0.9365782509921124, 0.391195276926331}})
	wantInts(t, "y", d.Labels, []int{1, 1, 1, 0, 0, 1})
}

func TestXORBalanceAndRule(t *testing.T) {
	d, _ := XOR(4000, 0, 11)
	counts := d.ClassCounts()
	if math.Abs(float64(counts[0]-counts[1])) > 200 {
		t.Errorf("class counts %v, want about 2000 each", counts)
	}
	for i := 0; i < d.Len(); i++ {
		x := d.Row(i)
		if want := (x[0] > 0) != (x[1] > 0); (d.Labels[i] == 1) != want {
			t.Fatalf("point %v has label %d", x, d.Labels[i])
		}
	}
}

// CS231n's spiral recipe in NumPy 1.24.2 with r = np.random.RandomState(0),
// 3 points per class, 3 classes, noise 0.2 (see Spirals).
func TestSpiralsMatchesNumPy(t *testing.T) {
	d, err := Spirals(9, 3, 0.2, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{{0, 0}, {0.43655882591143347, -0.24375477742770638}, {-0.8694831117104382, -0.49396266908576536},
		{0, 0}, {0.045101757335985974, 0.49796167672342595}, {0.9987782300042666, 0.04941707467611398},
		{0, 0}, {-0.25918792225335424, -0.4275764504249377}, {-0.5538776777373987, 0.832598053147031}})
	wantInts(t, "y", d.Labels, []int{0, 0, 0, 1, 1, 1, 2, 2, 2})
}

func TestLinspaceMatchesNumPy(t *testing.T) {
	// np.linspace(0, 1, 5), np.linspace(0, 2*np.pi, 4, endpoint=False)
	wantFloats(t, "linspace", toF32(linspace(0, 1, 5, true)), []float64{0, 0.25, 0.5, 0.75, 1})
	wantFloats(t, "linspace", toF32(linspace(0, 2*math.Pi, 4, false)), []float64{0, math.Pi / 2, math.Pi, 3 * math.Pi / 2})
	if got := linspace(3, 4, 1, true); len(got) != 1 || got[0] != 3 {
		t.Errorf("linspace(3, 4, 1) = %v, want [3]", got)
	}
}

func toF32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}
