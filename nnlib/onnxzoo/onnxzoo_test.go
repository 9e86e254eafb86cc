package onnxzoo

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

var sharedGo = sync.OnceValues(func() (compute.Backend, error) { return compute.NewWithConfig("go") })

// goBackend is the pure-Go backend, shared by the tests.
func goBackend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := sharedGo()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var sharedModel = sync.OnceValues(MNIST)

// zooModel is the shipped model, loaded once.
func zooModel(t testing.TB) *Model {
	t.Helper()
	m, err := sharedModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// reference is one of the model zoo's test_data_set pairs: an input as the
// zoo gives it ([1 1 28 28]) and the output the zoo's runtime computed.
func reference(t *testing.T, i int) (input, output tensor) {
	t.Helper()
	for _, f := range []struct {
		name string
		t    *tensor
		dims []int
	}{{"input_0", &input, []int{1, 1, side, side}}, {"output_0", &output, []int{1, classes}}} {
		_, raw, err := readFile(fmt.Sprintf("%s/test_data_set_%d/%s.pb", folder, i, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if *f.t, err = parseTensor(raw); err != nil {
			t.Fatalf("test_data_set_%d/%s.pb: %v", i, f.name, err)
		}
		if !slices.Equal(f.t.dims, f.dims) || f.t.dataType != dataTypeFloat {
			t.Fatalf("test_data_set_%d/%s.pb holds a tensor of type %d, shape %v; expected float32 %v", i, f.name, f.t.dataType, f.t.dims, f.dims)
		}
	}
	return input, output
}

// closeTo reports the first value of got that differs from want by more
// than tol relative to the value (or absolutely, below 1).
func closeTo(got, want []float32, tol float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i]) - float64(want[i])); !(d <= tol*max(1, math.Abs(float64(want[i])))) {
			return fmt.Errorf("value %d is %g, want %g (difference %.3g)", i, got[i], want[i], d)
		}
	}
	return nil
}

// maxRelDiff is the largest difference between got and want relative to
// want's values (absolute below 1).
func maxRelDiff(got, want []float32) float64 {
	var worst float64
	for i := range got {
		worst = max(worst, math.Abs(float64(got[i])-float64(want[i]))/max(1, math.Abs(float64(want[i]))))
	}
	return worst
}

// TestReferenceOutputs runs the zoo's three reference inputs through the
// imported graph and compares with the zoo's reference outputs. The logits
// are in the thousands (the inputs are raw 0–255 pixels), where float32
// keeps about 4 significant decimals after the point (a spacing of 0.0005 at
// 6,574): the tolerance is 1e-4 relative to each value, absolute below 1.
func TestReferenceOutputs(t *testing.T) {
	m, backend := zooModel(t), goBackend(t)
	var all []float32
	var want []float32
	for i := range 3 {
		in, out := reference(t, i)
		if lo, hi := slices.Min(in.floats), slices.Max(in.floats); lo != 0 || hi != 255 {
			t.Errorf("test_data_set_%d's input holds values from %g to %g; the zoo's are raw pixels, 0 to 255", i, lo, hi)
		}
		// The reference input, as it is, straight into the ONNX graph.
		got, err := m.run(backend, in.floats, 1, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := closeTo(got, out.floats, 1e-4); err != nil {
			t.Errorf("test_data_set_%d: %v\n got %v\nwant %v", i, err, got, out.floats)
		}
		t.Logf("test_data_set_%d: digit %d, largest relative difference %.2g", i, argmax(got), maxRelDiff(got, out.floats))
		all = append(all, in.floats...)
		want = append(want, out.floats...)
	}
	// The three at once: batching changes nothing.
	got, err := m.run(backend, all, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := closeTo(got, want, 1e-4); err != nil {
		t.Errorf("the three reference inputs in one batch: %v", err)
	}
}

// TestCourseFormat converts the reference images back to the course's format
// (values in [0, 1], layout [28 28 1]) and checks that Logits gives what the
// ONNX graph gives on the same values in its own layout [1 1 28 28], with
// nothing else changed (the model card's input is [0, 1]: see the package
// documentation), and that it names the digit of the reference output.
func TestCourseFormat(t *testing.T) {
	m, backend := zooModel(t), goBackend(t)
	for i := range 3 {
		in, out := reference(t, i)
		course := make([]float32, len(in.floats))
		for k, v := range in.floats {
			course[k] = v / 255
		}
		got, err := m.Logits(backend, course, 1)
		if err != nil {
			t.Fatal(err)
		}
		direct, err := m.run(backend, course, 1, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := closeTo(got, direct, 1e-4); err != nil {
			t.Errorf("test_data_set_%d: Logits differs from the ONNX graph on the same image: %v", i, err)
		}
		if g, w := argmax(got), argmax(out.floats); g != w {
			t.Errorf("test_data_set_%d: Logits names digit %d, the zoo's reference output %d", i, g, w)
		}
		t.Logf("test_data_set_%d in [0, 1]: digit %d, top logit %.1f (the zoo's 0–255 input: %.0f)", i, argmax(got), slices.Max(got), slices.Max(out.floats))
	}
}

// TestMNIST10K measures the network on the course's 10,000 MNIST digits:
// its accuracy (published: about 98.9% on the MNIST test set) and its mean
// cross-entropy, which tells the input range it was trained on (accuracy
// hardly does: see the package documentation).
func TestMNIST10K(t *testing.T) {
	set, err := data.MNIST10K()
	if data.IsMissing(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	m, backend := zooModel(t), goBackend(t)
	start := time.Now()
	logits, err := m.Logits(backend, set.X, set.Len())
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	right, loss := 0, 0.0
	for i, label := range set.Labels {
		row := logits[i*classes : (i+1)*classes]
		if argmax(row) == label {
			right++
		}
		top := float64(slices.Max(row))
		var z float64
		for _, v := range row {
			z += math.Exp(float64(v) - top)
		}
		loss += top + math.Log(z) - float64(row[label])
	}
	acc, loss := float64(right)/float64(set.Len()), loss/float64(set.Len())
	t.Logf("MNIST-10K: accuracy %.4f (%d of %d), mean cross-entropy %.4f; Logits on %d images took %v", acc, right, set.Len(), loss, set.Len(), elapsed.Round(time.Millisecond))
	if acc < 0.99 { // Measured: 0.9941.
		t.Errorf("accuracy %.4f on MNIST-10K, expected at least 0.99", acc)
	}
	if loss > 0.05 { // Measured: 0.018; with pixels 0–255, 3.7.
		t.Errorf("mean cross-entropy %.4f on MNIST-10K, expected at most 0.05: are the images scaled as the model was trained?", loss)
	}

	// Accuracy agrees, on a part that ends in a padded batch (1003 = 500 + 500 + 3).
	head, err := set.Head(1003)
	if err != nil {
		t.Fatal(err)
	}
	part, err := m.Logits(backend, head.X, head.Len())
	if err != nil {
		t.Fatal(err)
	}
	if err := closeTo(part, logits[:len(part)], 1e-4); err != nil {
		t.Errorf("the first 1003 images alone: %v", err)
	}
	headAcc, err := m.Accuracy(backend, head)
	if err != nil {
		t.Fatal(err)
	}
	headRight := 0
	for i, label := range head.Labels {
		if argmax(logits[i*classes:(i+1)*classes]) == label {
			headRight++
		}
	}
	if want := float64(headRight) / float64(head.Len()); headAcc != want {
		t.Errorf("Accuracy on the first 1003 images is %g, the logits give %g", headAcc, want)
	}
}

// TestCorruptFile damages a copy of the model where the loader looks first
// ($DLCOURSE_DATA): MNIST must fail with one line that names the file and
// says what to do.
func TestCorruptFile(t *testing.T) {
	_, good, err := readFile(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		content []byte
		reason  string
	}{
		{"one byte changed", append(append([]byte{}, good[:1000]...), append([]byte{good[1000] ^ 1}, good[1001:]...)...), "SHA-256"},
		{"truncated", good[:1000], "1000 bytes, expected 26454"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, filepath.FromSlash(modelFile))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, c.content, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Setenv(data.DataEnv, dir)
			m, err := MNIST()
			if err == nil || m != nil {
				t.Fatalf("MNIST() on a damaged file gave %v, %v; want an error", m, err)
			}
			msg := err.Error()
			t.Log(msg)
			if !errors.Is(err, data.ErrCorrupt) || strings.Contains(msg, "\n") || !strings.Contains(msg, path) || !strings.Contains(msg, c.reason) || !strings.Contains(msg, "data/"+modelFile) {
				t.Errorf("MNIST() = %q; want one line, naming %s, saying %q and how to replace it", msg, path, c.reason)
			}
		})
	}
	// In the repository's own data folder, the remedy is git.
	repo, err := data.RepoDataDir()
	if err != nil {
		t.Skip(err)
	}
	if got, want := remedy(filepath.Join(repo, filepath.FromSlash(modelFile))), `restore it with "git checkout -- data/onnx-mnist"`; got != want {
		t.Errorf("remedy for the repository's copy = %q, want %q", got, want)
	}
	missing := &missingError{name: "data/" + modelFile}
	if msg := missing.Error(); !errors.Is(missing, data.ErrMissing) || strings.Contains(msg, "\n") || !strings.Contains(msg, "git checkout -- data/onnx-mnist") {
		t.Errorf("the missing file's error is %q", msg)
	}
}

// TestBadInputs checks that wrong images, and a panic of GoMLX, come back as
// errors.
func TestBadInputs(t *testing.T) {
	m, backend := zooModel(t), goBackend(t)
	image := make([]float32, pixels)
	for _, c := range []struct {
		name   string
		images []float32
		n      int
		want   string
	}{
		{"wrong length", image[:100], 1, "not 1 images of 28×28"},
		{"no images", nil, 0, "at least one image"},
		{"raw pixels", append(slices.Clone(image[:pixels-1]), 255), 1, "outside [0, 1]"},
		{"NaN", append(slices.Clone(image[:pixels-1]), float32(math.NaN())), 1, "outside [0, 1]"},
	} {
		if _, err := m.Logits(backend, c.images, c.n); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Logits gave error %v, want one saying %q", c.name, err, c.want)
		}
	}
	if _, err := m.Logits(nil, image, 1); err == nil || !strings.Contains(err.Error(), "backend is nil") {
		t.Errorf("nil backend: %v", err)
	}
	broken := *m
	broken.input = "no-such-input" // CallGraph panics while building the graph.
	if _, err := broken.Logits(backend, image, 1); err == nil || !strings.HasPrefix(err.Error(), "GoMLX failed") || !strings.Contains(err.Error(), "wrong inputs") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a panic in CallGraph gave error %v, want one line starting with \"GoMLX failed\" and giving the cause", err)
	}
	if _, err := m.Accuracy(backend, &data.Dataset{Name: "points", X: make([]float32, 4), Shape: []int{2}, Labels: []int{0, 1}}); err == nil || !strings.Contains(err.Error(), "28×28") {
		t.Errorf("Accuracy on points: %v", err)
	}
}

// TestSummary checks what Summary reads from the graph.
func TestSummary(t *testing.T) {
	s := zooModel(t).Summary()
	t.Log("\n" + s)
	for _, want := range []string{
		"CNTK 2.5.1", "opset 7", "Input3: Float32 [N 1 28 28]", "Plus214_Output_0: Float32 [N 10]",
		"5,994 parameters", "Conv", "MaxPool", "Relu", "MatMul", "auto_pad=SAME_UPPER",
		"[N 8 28 28]", "[N 8 14 14]", "[N 16 14 14]", "[N 16 4 4]", "[N 256]", "Parameter5 [8 1 5 5]",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("Summary lacks %q", want)
		}
	}
	if n := strings.Count(s, "\n"); n > 30 {
		t.Errorf("Summary has %d lines; expected a table of the 12 nodes", n)
	}
}

// TestEdit checks the edits that let onnx-gomlx run the file on batches.
func TestEdit(t *testing.T) {
	_, raw, err := readFile(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	edited, err := edit(raw)
	if err != nil {
		t.Fatal(err)
	}
	before, err := describe(raw)
	if err != nil {
		t.Fatal(err)
	}
	after, err := describe(edited)
	if err != nil {
		t.Fatal(err)
	}
	if before.params != 5994 || after.params != 5994 || len(after.nodes) != len(before.nodes) {
		t.Errorf("parameters %d → %d, nodes %d → %d; want 5994 and the same nodes", before.params, after.params, len(before.nodes), len(after.nodes))
	}
	for i, n := range after.nodes {
		if n.op == "Conv" && !slices.Contains(n.attrs, "pads=[2 2 2 2]") {
			t.Errorf("node %d (%s) has attributes %q after the edit; want pads=[2 2 2 2] for 5×5 SAME_UPPER", i, n.name, n.attrs)
		}
		if slices.Contains(n.attrs, "auto_pad=SAME_UPPER") {
			t.Errorf("node %s still has auto_pad=SAME_UPPER", n.name)
		}
	}
	if got := after.weights["Pooling160_Output_0_reshape0_shape"].int64s; !slices.Equal(got, []int64{-1, 256}) {
		t.Errorf("the flattening Reshape targets %v, want [-1 256]", got)
	}
	if got := after.weights["Parameter193_reshape1_shape"].int64s; !slices.Equal(got, []int64{256, 10}) {
		t.Errorf("the weights' Reshape targets %v, want [256 10] (unchanged)", got)
	}
}
