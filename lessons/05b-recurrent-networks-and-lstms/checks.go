package recurrent

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
)

// PickFunc draws the index of the next character from the logits at a
// temperature, given u, a number drawn uniformly in [0, 1): the function the
// sampling exercise asks for (rnn.Pick is the course's own).
type PickFunc func(logits []float64, temperature, u float64) int

// pickCases are the logits and temperatures the sampling check tries; the
// last logits are large enough that e^z overflows float64.
var pickCases = []struct {
	logits      []float64
	temperature float64
}{
	{[]float64{1, 2, 0.5, -1}, 1},
	{[]float64{1, 2, 0.5, -1}, 0.5},
	{[]float64{1, 2, 0.5, -1}, 2},
	{[]float64{0.3, -0.2, 0.9}, 1.5},
	{[]float64{1000, 1001, 998}, 1},
}

// pickGrid is how many values of u the check sweeps through [0, 1).
const pickGrid = 2000

// frequencies are how often pick returns each index as u sweeps [0, 1):
// the probabilities it draws from.
func frequencies(pick PickFunc, logits []float64, temperature float64) ([]float64, error) {
	f := make([]float64, len(logits))
	for i := range pickGrid {
		u := (float64(i) + 0.5) / pickGrid
		k := pick(append([]float64(nil), logits...), temperature, u)
		if k < 0 || k >= len(logits) {
			return nil, fmt.Errorf("for logits %v, temperature %g and u = %.4f you return %d: return an index from 0 to %d", logits, temperature, u, k, len(logits)-1)
		}
		f[k] += 1.0 / pickGrid
	}
	return f, nil
}

// softmaxT is softmax(logits/temperature), computed stably.
func softmaxT(logits []float64, temperature float64) []float64 {
	hi := math.Inf(-1)
	for _, v := range logits {
		hi = max(hi, v)
	}
	p := make([]float64, len(logits))
	var sum float64
	for i, v := range logits {
		p[i] = math.Exp((v - hi) / temperature)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// within says whether two distributions agree to tol in every entry.
func within(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) || math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// PickError checks a student's temperature sampling: as u sweeps [0, 1),
// each index must come back as often as softmax(logits/temperature) says,
// and temperature 0 must give the most likely index. It names the usual
// mistakes.
func PickError(pick PickFunc) (err error) {
	if pick == nil {
		return errors.New("the function is nil")
	}
	defer nnlib.Stopped(&err, "your function panicked: check the indexes of your loop")
	tol := 2.0 / pickGrid
	for _, c := range pickCases {
		got, err := frequencies(pick, c.logits, c.temperature)
		if err != nil {
			return err
		}
		want := softmaxT(c.logits, c.temperature)
		if within(got, want, tol) {
			continue
		}
		if c.logits[0] > 100 {
			return fmt.Errorf("for logits %v your picks come out %.3f, want %.3f: e^1000 overflows to +Inf; subtract the largest logit before exponentiating (it cancels)", c.logits, got, want)
		}
		return errors.New(nnlib.Diagnose(got, func(a, b []float64) bool { return within(a, b, tol) }, []nnlib.Mistake[[]float64]{
			{Name: "temperature ignored", Wrong: softmaxT(c.logits, 1), Hint: "your picks follow softmax(logits), whatever the temperature: divide the logits by the temperature before the softmax"},
			{Name: "multiplied by the temperature", Wrong: softmaxT(c.logits, 1/c.temperature), Hint: "you multiply the logits by the temperature: divide them by it (a low temperature must sharpen the distribution)"},
			{Name: "no exponential", Wrong: proportional(c.logits, c.temperature), Hint: "your picks are proportional to the logits themselves: take e^(logit/temperature) first (logits may be negative)"},
			{Name: "u not scaled", Wrong: unscaled(c.logits, c.temperature), Hint: "you compare u with the cumulative sum of unnormalised weights: divide the weights by their sum (or multiply u by it)"},
		}, fmt.Sprintf("for logits %v at temperature %g your picks come out with frequencies %.3f, want softmax(logits/T) = %.3f", c.logits, c.temperature, got, want)))
	}
	logits := []float64{0.1, 3, -2, 2.9}
	for _, u := range []float64{0.01, 0.5, 0.99} {
		if k := pick(append([]float64(nil), logits...), 0, u); k != 1 {
			return fmt.Errorf("at temperature 0 (greedy) you return %d for logits %v: return the index of the largest logit, 1, whatever u", k, logits)
		}
	}
	return nil
}

// proportional is the distribution of a pick that skips the exponential:
// weights logit/temperature where positive (a negative weight is never
// reached by the cumulative sum), normalised.
func proportional(logits []float64, temperature float64) []float64 {
	w := make([]float64, len(logits))
	var sum float64
	for i, v := range logits {
		w[i] = max(0, v/temperature)
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// unscaled is the distribution of a pick that compares u in [0, 1) with the
// cumulative sum of e^(z − max z): the first index whose running sum passes
// u, which is the largest logit's or an earlier one.
func unscaled(logits []float64, temperature float64) []float64 {
	f, _ := frequencies(func(l []float64, t, u float64) int {
		hi := math.Inf(-1)
		for _, v := range l {
			hi = max(hi, v)
		}
		var acc float64
		for i, v := range l {
			acc += math.Exp((v - hi) / t)
			if u < acc {
				return i
			}
		}
		return len(l) - 1
	}, logits, temperature)
	return f
}

var _ PickFunc = rnn.Pick
