package recurrent

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// The tiny text of the hand-worked examples: "ababca" over the vocabulary
// a, b, c, d (ids 0 … 3); d never occurs.
var ngramTiny = []int{0, 1, 0, 1, 2, 0}

// On the tiny text, Prob is the Witten–Bell formula worked out by hand.
//
// Unigram (the empty context): C(a)=3, C(b)=2, C(c)=1, C(d)=0, C=6,
// N₁₊=3, so P(x) = (C(x) + 3·¼)/(6+3) = (C(x)+0.75)/9:
// P(a)=3.75/9, P(b)=2.75/9, P(c)=1.75/9, P(d)=0.75/9.
//
// Bigram contexts (characters 2 … 6): a→b, b→a, a→b, b→c, c→a.
// After a: {b:2}, C=2, N₁₊=1. After b: {a:1, c:1}, C=2, N₁₊=2.
// After c: {a:1}, C=1, N₁₊=1. After d: never seen.
//
//	P(b|a) = (2 + 1·2.75/9)/(2+1) = 20.75/27
//	P(a|a) = (0 + 1·3.75/9)/3     = 3.75/27
//	P(a|b) = (1 + 2·3.75/9)/(2+2) = 16.5/36
//	P(c|b) = (1 + 2·1.75/9)/4     = 12.5/36
//	P(d|b) = (0 + 2·0.75/9)/4     = 1.5/36
//	P(a|c) = (1 + 1·3.75/9)/(1+1) = 12.75/18
//	P(a|d) = P(a)                 = 3.75/9 (unseen context)
//
// Trigram contexts (characters 3 … 6): ab→a, ba→b, ab→c, bc→a.
// After ab: {a:1, c:1}, C=2, N₁₊=2.
//
//	P(c|ab) = (1 + 2·P(c|b))/(2+2) = (1 + 25/36)/4 = 61/144
//	P(d|ab) = (0 + 2·P(d|b))/4     = (3/36)/4      = 3/144
//	P(b|ca) = P(b|a) = 20.75/27 (ca never seen)
//	P(b|da) = P(b|a) = 20.75/27 (da never seen)
func TestNGramHandWorked(t *testing.T) {
	m1, err := NewNGram(1, 4, ngramTiny)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := NewNGram(2, 4, ngramTiny)
	if err != nil {
		t.Fatal(err)
	}
	m3, err := NewNGram(3, 4, ngramTiny)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		m       *NGram
		context []int
		c       int
		want    float64
	}{
		{"P(a)", m1, nil, 0, 3.75 / 9},
		{"P(b)", m1, nil, 1, 2.75 / 9},
		{"P(c)", m1, nil, 2, 1.75 / 9},
		{"P(d)", m1, nil, 3, 0.75 / 9},
		{"P(a), order 1 ignores the context", m1, []int{1, 2}, 0, 3.75 / 9},
		{"P(b|a)", m2, []int{0}, 1, 20.75 / 27},
		{"P(a|a)", m2, []int{0}, 0, 3.75 / 27},
		{"P(a|b)", m2, []int{1}, 0, 16.5 / 36},
		{"P(c|b)", m2, []int{1}, 2, 12.5 / 36},
		{"P(d|b)", m2, []int{1}, 3, 1.5 / 36},
		{"P(a|c)", m2, []int{2}, 0, 12.75 / 18},
		{"P(a|d)", m2, []int{3}, 0, 3.75 / 9},
		{"P(a|b), order 2 keeps the last character only", m2, []int{2, 0, 1}, 0, 16.5 / 36},
		{"P(b), order 2 with no context", m2, nil, 1, 2.75 / 9},
		{"P(c|ab)", m3, []int{0, 1}, 2, 61.0 / 144},
		{"P(d|ab)", m3, []int{0, 1}, 3, 3.0 / 144},
		{"P(b|ca)", m3, []int{2, 0}, 1, 20.75 / 27},
		{"P(b|da)", m3, []int{3, 0}, 1, 20.75 / 27},
		{"P(c|b), order 3 with one character", m3, []int{1}, 2, 12.5 / 36},
	}
	for _, tc := range cases {
		if got := tc.m.Prob(tc.context, tc.c); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %.15g, want %.15g", tc.name, got, tc.want)
		}
		if got := tc.m.Distribution(tc.context)[tc.c]; math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s from Distribution: %.15g, want %.15g", tc.name, got, tc.want)
		}
	}
	if p := m2.Prob([]int{0}, 4); p != 0 {
		t.Errorf("P of an id outside the vocabulary: %g, want 0", p)
	}
}

// wittenBell is the smoothed probability computed the slow way, straight
// from the definition: it counts C(h,c) by scanning the text for every
// suffix h of the context, independently of NGram's tables.
func wittenBell(train []int, order, vocab int, context []int, c int) float64 {
	if len(context) > order-1 {
		context = context[len(context)-(order-1):]
	}
	p := 1 / float64(vocab)
	for k := 0; k <= len(context); k++ {
		h := context[len(context)-k:]
		total := 0
		counts := map[int]int{}
		for i := k; i < len(train); i++ {
			if slices.Equal(train[i-k:i], h) {
				total++
				counts[train[i]]++
			}
		}
		if total == 0 {
			break
		}
		n1 := float64(len(counts))
		p = (float64(counts[c]) + n1*p) / (float64(total) + n1)
	}
	return p
}

// Prob agrees with the slow definition, and Distribution sums to 1, for
// random contexts of a random text.
func TestNGramRandomContexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const vocab = 5
	train := make([]int, 400)
	for i := range train {
		// A skewed, repetitive text, so that long contexts recur.
		train[i] = min(rng.IntN(vocab), rng.IntN(vocab))
		if i >= 3 && rng.Float64() < 0.5 {
			train[i] = train[i-3]
		}
	}
	for _, order := range []int{1, 2, 3, 5} {
		m, err := NewNGram(order, vocab, train)
		if err != nil {
			t.Fatal(err)
		}
		for range 200 {
			context := make([]int, rng.IntN(7))
			for i := range context {
				context[i] = rng.IntN(vocab)
			}
			if rng.Float64() < 0.5 && len(context) > 0 {
				// A context that occurs in the training text.
				s := rng.IntN(len(train) - len(context))
				copy(context, train[s:])
			}
			dist := m.Distribution(context)
			sum := 0.0
			for c, p := range dist {
				sum += p
				if p <= 0 {
					t.Fatalf("order %d, context %v: P(%d) = %g, want > 0", order, context, c, p)
				}
				want := wittenBell(train, order, vocab, context, c)
				if got := m.Prob(context, c); math.Abs(got-want) > 1e-12 {
					t.Fatalf("order %d, context %v: P(%d) = %.15g, the definition gives %.15g", order, context, c, got, want)
				}
				if math.Abs(p-want) > 1e-12 {
					t.Fatalf("order %d, context %v: Distribution[%d] = %.15g, the definition gives %.15g", order, context, c, p, want)
				}
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Fatalf("order %d, context %v: the distribution sums to %.15g, want 1", order, context, sum)
			}
		}
	}
}

// Order 1 is the unigram Witten–Bell estimate (C(c) + N₁₊/V)/(N + N₁₊).
func TestNGramUnigram(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const vocab = 10
	train := make([]int, 1000)
	for i := range train {
		train[i] = rng.IntN(vocab - 3) // ids 7, 8, 9 never occur
	}
	m, err := NewNGram(1, vocab, train)
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]int, vocab)
	for _, c := range train {
		counts[c]++
	}
	n1 := 0
	for _, k := range counts {
		if k > 0 {
			n1++
		}
	}
	for c, k := range counts {
		want := (float64(k) + float64(n1)/vocab) / float64(len(train)+n1)
		if got := m.Prob([]int{1, 2, 3}, c); math.Abs(got-want) > 1e-15 {
			t.Errorf("P(%d) = %.15g, the unigram estimate is %.15g", c, got, want)
		}
	}
}

// CrossEntropy is the mean of −ln Prob over the text, each character given
// the order−1 before it (fewer at the start); Perplexity and BitsPerChar
// follow from it.
func TestNGramCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const vocab = 6
	train := make([]int, 500)
	for i := range train {
		train[i] = rng.IntN(vocab)
		if i >= 2 && rng.Float64() < 0.6 {
			train[i] = (train[i-1] + train[i-2]) % vocab
		}
	}
	text := train[100:250]
	for _, order := range []int{1, 2, 3, 4} {
		m, err := NewNGram(order, vocab, train[:300])
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for i, c := range text {
			sum -= math.Log(wittenBell(train[:300], order, vocab, text[max(0, i-order+1):i], c))
		}
		want := sum / float64(len(text))
		got := m.CrossEntropy(text)
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("order %d: CrossEntropy %.15g, mean −ln P %.15g", order, got, want)
		}
		if p := m.Perplexity(text); math.Abs(p-math.Exp(want)) > 1e-9 {
			t.Errorf("order %d: Perplexity %g, want exp(%g) = %g", order, p, want, math.Exp(want))
		}
		if b := m.BitsPerChar(text); math.Abs(b-want/math.Ln2) > 1e-12 {
			t.Errorf("order %d: BitsPerChar %g, want %g", order, b, want/math.Ln2)
		}
	}
	m, err := NewNGram(2, vocab, train)
	if err != nil {
		t.Fatal(err)
	}
	if h := m.CrossEntropy([]int{0, vocab}); !math.IsInf(h, 1) {
		t.Errorf("a text with an id outside the vocabulary: %g nats, want +Inf", h)
	}
}

// The constructor and ChooseOrder say what is wrong with their arguments.
func TestNGramErrors(t *testing.T) {
	for _, tc := range []struct {
		name         string
		order, vocab int
		train        []int
		want         string
	}{
		{"order 0", 0, 4, ngramTiny, "order 0"},
		{"vocab 0", 2, 0, ngramTiny, "vocabulary of 0"},
		{"empty text", 2, 4, nil, "empty"},
		{"id too big", 2, 3, []int{0, 1, 3}, "id 3"},
		{"negative id", 2, 4, []int{0, -1}, "id -1"},
		{"key overflow", 12, 100, ngramTiny, "64-bit"},
	} {
		_, err := NewNGram(tc.order, tc.vocab, tc.train)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one that mentions %q", tc.name, err, tc.want)
		}
	}
	if _, _, err := ChooseOrder(ngramTiny, []int{0, 7}, 4, []int{1, 2}); err == nil {
		t.Error("ChooseOrder with a validation id outside the vocabulary: no error")
	}
	if _, _, err := ChooseOrder(ngramTiny, ngramTiny, 4, nil); err == nil {
		t.Error("ChooseOrder with no orders: no error")
	}
	if _, _, err := ChooseOrder(ngramTiny, ngramTiny, 4, []int{2, 0}); err == nil {
		t.Error("ChooseOrder with order 0: no error")
	}
}

// Sample draws from Distribution: reproducible with a seed, in the
// vocabulary, and on the tiny text, where a is followed by b two times in
// three, close to those frequencies.
func TestNGramSample(t *testing.T) {
	m, err := NewNGram(2, 4, ngramTiny)
	if err != nil {
		t.Fatal(err)
	}
	s1 := m.Sample([]int{0}, 50, rand.New(rand.NewPCG(7, 8)))
	s2 := m.Sample([]int{0}, 50, rand.New(rand.NewPCG(7, 8)))
	if len(s1) != 50 || !slices.Equal(s1, s2) {
		t.Fatalf("two samples with the same seed: %v and %v, want the same 50 ids", s1, s2)
	}
	for _, c := range s1 {
		if c < 0 || c >= 4 {
			t.Fatalf("sampled id %d outside [0, 4)", c)
		}
	}
	rng := rand.New(rand.NewPCG(9, 10))
	const n = 20000
	b := 0
	for range n {
		if m.Sample([]int{0}, 1, rng)[0] == 1 {
			b++
		}
	}
	if got, want := float64(b)/n, 20.75/27; math.Abs(got-want) > 0.02 {
		t.Errorf("b after a in %.3f of samples, want about P(b|a) = %.3f", got, want)
	}
}

// On The Devil's Dictionary (first 90% to train, last 10% to validate), the
// validation cross-entropy falls from order 1 to order 4 at least, order 1's
// perplexity is about exp of the entropy of the training text's character
// frequencies, and the model is quick to build and evaluate.
func TestNGramDevilsDictionary(t *testing.T) {
	text, err := data.DevilsDictionary()
	if err != nil {
		t.Fatal(err)
	}
	vocab := data.NewCharVocab(text)
	ids, err := vocab.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	split := len(ids) * 9 / 10
	train, valid := ids[:split], ids[split:]

	start := time.Now()
	m8, err := NewNGram(8, vocab.Size(), train)
	if err != nil {
		t.Fatal(err)
	}
	build := time.Since(start)
	start = time.Now()
	h8 := m8.CrossEntropy(valid)
	evalValid := time.Since(start)
	start = time.Now()
	m8.CrossEntropy(train)
	evalTrain := time.Since(start)
	t.Logf("%d characters, vocabulary %d; %d train, %d validation", len(ids), vocab.Size(), len(train), len(valid))
	t.Logf("order 8: built in %v, CrossEntropy of the validation text in %v, of the training text in %v",
		build.Round(time.Millisecond), evalValid.Round(time.Millisecond), evalTrain.Round(time.Millisecond))

	orders := []int{1, 2, 3, 4, 5, 6, 7, 8}
	best, perValid, err := ChooseOrder(train, valid, vocab.Size(), orders)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("order  valid bits/char  perplexity")
	for i, o := range orders {
		t.Logf("%5d  %15.3f  %10.2f", o, perValid[i]/math.Ln2, math.Exp(perValid[i]))
	}
	t.Logf("ChooseOrder: order %d", best)
	if math.Abs(perValid[7]-h8) > 1e-12 {
		t.Errorf("ChooseOrder's order 8: %g nats, NewNGram(8).CrossEntropy: %g", perValid[7], h8)
	}
	m3, err := NewNGram(3, vocab.Size(), train)
	if err != nil {
		t.Fatal(err)
	}
	if h3 := m3.CrossEntropy(valid); math.Abs(perValid[2]-h3) > 1e-12 {
		t.Errorf("ChooseOrder's order 3: %g nats, NewNGram(3).CrossEntropy: %g", perValid[2], h3)
	}
	for i := 1; i < 4; i++ {
		if perValid[i] >= perValid[i-1] {
			t.Errorf("validation cross-entropy of order %d, %.4f nats, is not below order %d's, %.4f", orders[i], perValid[i], orders[i-1], perValid[i-1])
		}
	}
	if i := slices.Index(orders, best); perValid[i] != slices.Min(perValid) {
		t.Errorf("ChooseOrder chose order %d (%.4f nats), not the lowest, %.4f", best, perValid[i], slices.Min(perValid))
	}

	// The entropy of the training text's character frequencies, and their
	// cross-entropy on the validation text, from the counts alone.
	counts := make([]float64, vocab.Size())
	for _, c := range train {
		counts[c]++
	}
	entropy := 0.0
	for _, k := range counts {
		if k > 0 {
			p := k / float64(len(train))
			entropy -= p * math.Log(p)
		}
	}
	cross, seen := 0.0, 0
	for _, c := range valid {
		if counts[c] > 0 {
			cross -= math.Log(counts[c] / float64(len(train)))
			seen++
		}
	}
	cross /= float64(seen)
	ppl1 := math.Exp(perValid[0])
	t.Logf("order 1 perplexity %.3f; exp(training unigram entropy) %.3f; training frequencies on the validation text %.3f (%d of %d characters seen in training)",
		ppl1, math.Exp(entropy), math.Exp(cross), seen, len(valid))
	if r := ppl1 / math.Exp(entropy); math.Abs(r-1) > 0.05 {
		t.Errorf("order 1 perplexity %.3f is %.1f%% off exp(unigram entropy) %.3f, want within 5%%", ppl1, 100*(r-1), math.Exp(entropy))
	}

	m, err := NewNGram(best, vocab.Size(), train)
	if err != nil {
		t.Fatal(err)
	}
	prompt, err := vocab.Encode("LAWYER, n.")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("order %d writes: %q", best, "LAWYER, n."+vocab.Decode(m.Sample(prompt, 200, rand.New(rand.NewPCG(11, 12)))))
}
