package deeparch

import (
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// hintCase is a wrong answer and a piece of the hint it must get.
type hintCase[F any] struct {
	name string
	f    F
	hint string
}

func TestConvParamsHints(t *testing.T) {
	if err := ConvParamsError(func(k, cin, cout int) int { return k*k*cin*cout + cout }); err != nil {
		t.Fatalf("the right count is refused: %v", err)
	}
	for _, c := range []hintCase[func(k, cin, cout int) int]{
		{"blank", func(k, cin, cout int) int { return 0 }, "want"},
		{"no bias", func(k, cin, cout int) int { return k * k * cin * cout }, "not the biases"},
		{"bias per input", func(k, cin, cout int) int { return k*k*cin*cout + cin }, "per filter"},
		{"k not squared", func(k, cin, cout int) int { return k*cin*cout + cout }, "weights per input channel"},
		{"cin forgotten", func(k, cin, cout int) int { return k*k*cout + cout }, "for every one of the"},
		{"cout forgotten", func(k, cin, cout int) int { return k*k*cin + cout }, "its own kernels"},
		{"panics", func(k, cin, cout int) int { panic("boom") }, "stopped"},
	} {
		err := ConvParamsError(c.f)
		if err == nil || !strings.Contains(err.Error(), c.hint) {
			t.Errorf("%s: %v, want a hint with %q", c.name, err, c.hint)
		}
	}
}

func TestDenseParamsHints(t *testing.T) {
	if err := DenseParamsError(func(in, out int) int { return in*out + out }); err != nil {
		t.Fatalf("the right count is refused: %v", err)
	}
	for _, c := range []hintCase[func(in, out int) int]{
		{"blank", func(in, out int) int { return 0 }, "want"},
		{"no bias", func(in, out int) int { return in * out }, "not the biases"},
		{"bias per input", func(in, out int) int { return in*out + in }, "per unit (output)"},
		{"bias per weight", func(in, out int) int { return 2 * in * out }, "not one per weight"},
	} {
		err := DenseParamsError(c.f)
		if err == nil || !strings.Contains(err.Error(), c.hint) {
			t.Errorf("%s: %v, want a hint with %q", c.name, err, c.hint)
		}
	}
}

func TestResidualBlockHints(t *testing.T) {
	if err := ResidualBlockError(ResidualBlock); err != nil {
		t.Fatalf("the lesson's block is refused: %v", err)
	}
	plain := func(x []float64, w1, w2 [][]float64) []float64 { return relu(matVec(w2, relu(matVec(w1, x)))) }
	for _, c := range []hintCase[func(x []float64, w1, w2 [][]float64) []float64]{
		{"blank", func(x []float64, w1, w2 [][]float64) []float64 { return make([]float64, len(x)) }, "want"},
		{"wrong size", func(x []float64, w1, w2 [][]float64) []float64 { return nil }, "keeps the size"},
		{"no shortcut", plain, "plain block"},
		{"ReLU before the sum", func(x []float64, w1, w2 [][]float64) []float64 { return add(x, plain(x, w1, w2)) }, "comes after the sum"},
		{"no last ReLU", func(x []float64, w1, w2 [][]float64) []float64 { return add(x, matVec(w2, relu(matVec(w1, x)))) }, "applies ReLU to the sum"},
		{"shortcut inside", func(x []float64, w1, w2 [][]float64) []float64 { return relu(matVec(w2, add(relu(matVec(w1, x)), x))) }, "goes around both layers"},
		{"no hidden ReLU", func(x []float64, w1, w2 [][]float64) []float64 { return relu(add(x, matVec(w2, matVec(w1, x)))) }, "has its ReLU too"},
		{"index out of range", func(x []float64, w1, w2 [][]float64) []float64 { return []float64{x[5], 0, 0} }, "stopped"},
	} {
		err := ResidualBlockError(c.f)
		if err == nil || !strings.Contains(err.Error(), c.hint) {
			t.Errorf("%s: %v, want a hint with %q", c.name, err, c.hint)
		}
	}
}

// TestResidualBlockCases checks the cases make every mistake differ from
// the right answer (otherwise a hint could never fire).
func TestResidualBlockCases(t *testing.T) {
	c := residualCases[0]
	want := ResidualBlock(c.x, c.w1, c.w2)
	// By hand: W1·x = (3.5, 0.5, -0.5+(-0.5)+0.5) = (3.5, 0.5, -0.5) → ReLU (3.5, 0.5, 0);
	// W2·h = (3.5-1, 1.75+0.5, -3.5) = (2.5, 2.25, -3.5); x + that = (3.5, 0.25, -3) → (3.5, 0.25, 0).
	for i, v := range []float64{3.5, 0.25, 0} {
		if want[i] != v {
			t.Fatalf("ResidualBlock = %v, want [3.5 0.25 0] by hand", want)
		}
	}
}

func TestDenseLikeMatchesParams(t *testing.T) {
	r := Run{Widths: []int{8, 16, 32}}
	res := r.Net(cnn.Residual, 3, true)
	d := DenseLike(res)
	if d.Join != cnn.Dense || d.Growth < 1 {
		t.Fatalf("DenseLike gave %+v", d)
	}
	gap := float64(d.Params()-res.Params()) / float64(res.Params())
	if gap < -0.1 || gap > 0.1 {
		t.Errorf("dense %d weights against residual %d: more than 10%% apart", d.Params(), res.Params())
	}
	for _, g := range []int{d.Growth - 1, d.Growth + 1} {
		o := d
		o.Growth = g
		if diff, best := abs(o.Params()-res.Params()), abs(d.Params()-res.Params()); g >= 1 && diff < best {
			t.Errorf("growth %d is closer (%d weights) than the chosen %d (%d)", g, o.Params(), d.Growth, d.Params())
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
