package recurrent

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
)

// NGram is a character n-gram language model, the honest baseline for a
// character-level LSTM: it predicts the next character from the order−1
// characters before it, by counting how often each character followed each
// such context in the training text. Nothing is learnt by gradient descent;
// an LSTM has to beat its perplexity to show that its memory is worth
// anything.
//
// Counts alone give probability 0 to every character never seen after a
// context, and one such character in a text makes its perplexity infinite.
// NGram smooths the counts with interpolated Witten–Bell smoothing,
// recursively down to the uniform distribution:
//
//	P(c | h) = (C(h,c) + N₁₊(h•)·P(c | h′)) / (C(h) + N₁₊(h•))
//
// where h is the context (at most order−1 characters), h′ is h without its
// oldest character, C(h,c) is the number of times c followed h in the
// training text, C(h) = Σ_c C(h,c), and N₁₊(h•) is the number of distinct
// characters seen after h. Below the empty context the recursion ends at
// P(c) = 1/vocab. A context never seen in training falls back to P(c | h′).
//
// The weight N₁₊(h•)/(C(h)+N₁₊(h•)) given to the shorter context is the
// model's estimate of the chance that the next character is a new one for
// this context: a context followed by many different characters trusts its
// own counts less. Each level mixes its counts with a distribution that sums
// to 1, so every level sums to 1, and since the uniform floor gives every
// character something, every character gets a probability > 0 after every
// context: the cross-entropy and perplexity of any text are finite.
type NGram struct {
	order, vocab int
	// pow[k] is vocab^k: a context of length k is the key
	// Σ_j h[k−1−j]·vocab^j, its newest character the least significant
	// digit, so adding an older character adds id·vocab^(k−1).
	pow []uint64
	// levels[k] holds the contexts of length k, k = 0 … order−1.
	levels []ngramLevel
}

// ngramLevel is the count tables of the contexts of one length.
type ngramLevel struct {
	index  map[uint64]int32
	tables []ngramTable
}

// ngramTable is the counts of the characters seen after one context: a
// sparse list, since most contexts are followed by a few characters.
type ngramTable struct {
	total  int32   // C(h)
	chars  []int32 // the distinct characters seen after h; N₁₊(h•) = len(chars)
	counts []int32 // counts[i] = C(h, chars[i])
}

// count is C(h, c).
func (t *ngramTable) count(c int) int32 {
	for i, x := range t.chars {
		if int(x) == c {
			return t.counts[i]
		}
	}
	return 0
}

// NewNGram counts, in the training text train (character ids in
// [0, vocab)), every context of length 0 … order−1 and the characters that
// follow it. Order 1 is the unigram model (the empty context only), order 2
// the bigram model, and so on. The first characters of train are counted
// with the shorter contexts they have.
func NewNGram(order, vocab int, train []int) (*NGram, error) {
	if order < 1 {
		return nil, fmt.Errorf("an n-gram model of order %d is not possible: use order 1 (unigram) or more", order)
	}
	if vocab < 1 {
		return nil, fmt.Errorf("a vocabulary of %d characters is not possible: use 1 or more", vocab)
	}
	if len(train) == 0 {
		return nil, errors.New("the training text is empty: an n-gram model needs at least one character to count")
	}
	for i, id := range train {
		if id < 0 || id >= vocab {
			return nil, fmt.Errorf("training character %d has id %d, outside the vocabulary [0, %d): encode the text with this vocabulary", i, id, vocab)
		}
	}
	m := &NGram{order: order, vocab: vocab, pow: make([]uint64, order)}
	m.pow[0] = 1
	for k := 1; k < order; k++ {
		hi, lo := bits.Mul64(m.pow[k-1], uint64(vocab))
		if hi != 0 {
			return nil, fmt.Errorf("contexts of %d characters from a vocabulary of %d do not fit a 64-bit key: use a lower order", order-1, vocab)
		}
		m.pow[k] = lo
	}
	m.levels = make([]ngramLevel, order)
	for k := range m.levels {
		m.levels[k].index = map[uint64]int32{}
	}
	for i, c := range train {
		var key uint64
		for k := 0; k < order && k <= i; k++ {
			if k > 0 {
				key += uint64(train[i-k]) * m.pow[k-1]
			}
			m.levels[k].add(key, c)
		}
	}
	return m, nil
}

// add counts character c after the context key.
func (l *ngramLevel) add(key uint64, c int) {
	ti, ok := l.index[key]
	if !ok {
		ti = int32(len(l.tables))
		l.index[key] = ti
		l.tables = append(l.tables, ngramTable{})
	}
	t := &l.tables[ti]
	t.total++
	for i, x := range t.chars {
		if int(x) == c {
			t.counts[i]++
			return
		}
	}
	t.chars = append(t.chars, int32(c))
	t.counts = append(t.counts, 1)
}

// Order is the model's order: it conditions on order−1 characters.
func (m *NGram) Order() int { return m.order }

// Vocab is the number of character ids, [0, Vocab).
func (m *NGram) Vocab() int { return m.vocab }

// tables calls f with the count tables of context's suffixes of length
// 0, 1, … up to order−1 (shortest first), stopping at the first suffix never
// seen in training, at context's start, or at an id outside the vocabulary
// (the history is taken to start after it).
func (m *NGram) tables(context []int, maxOrder int, f func(t *ngramTable)) {
	var key uint64
	for k := 0; k < maxOrder; k++ {
		if k > 0 {
			if k > len(context) {
				return
			}
			id := context[len(context)-k]
			if id < 0 || id >= m.vocab {
				return
			}
			key += uint64(id) * m.pow[k-1]
		}
		ti, ok := m.levels[k].index[key]
		if !ok {
			return
		}
		f(&m.levels[k].tables[ti])
	}
}

// prob is P(c | context) with the contexts cut to maxOrder−1 characters.
func (m *NGram) prob(context []int, c, maxOrder int) float64 {
	if c < 0 || c >= m.vocab {
		return 0
	}
	p := 1 / float64(m.vocab)
	m.tables(context, maxOrder, func(t *ngramTable) {
		n1 := float64(len(t.chars))
		p = (float64(t.count(c)) + n1*p) / (float64(t.total) + n1)
	})
	return p
}

// Prob is the Witten–Bell probability P(c | context) that character c
// follows context; only context's last order−1 characters count, fewer if it
// is shorter. It is > 0 for every c in [0, Vocab) and 0 for a c outside it.
// An id in context outside the vocabulary cuts the history: only the
// characters after it count.
func (m *NGram) Prob(context []int, c int) float64 {
	return m.prob(context, c, m.order)
}

// Distribution is P(c | context) for every c in [0, Vocab), as in Prob; it
// sums to 1.
func (m *NGram) Distribution(context []int) []float64 {
	p := make([]float64, m.vocab)
	for c := range p {
		p[c] = 1 / float64(m.vocab)
	}
	m.tables(context, m.order, func(t *ngramTable) {
		n1 := float64(len(t.chars))
		d := float64(t.total) + n1
		for c := range p {
			p[c] *= n1 / d
		}
		for i, c := range t.chars {
			p[c] += float64(t.counts[i]) / d
		}
	})
	return p
}

// crossEntropy is CrossEntropy with contexts cut to maxOrder−1 characters:
// the counts of the contexts up to a length do not depend on the order, so
// a model of order n evaluates every lower order too.
func (m *NGram) crossEntropy(text []int, maxOrder int) float64 {
	if len(text) == 0 {
		return 0
	}
	var sum float64
	for i, c := range text {
		sum -= math.Log(m.prob(text[max(0, i-maxOrder+1):i], c, maxOrder))
	}
	return sum / float64(len(text))
}

// CrossEntropy is the mean of −ln P(textᵢ | the order−1 characters before
// it) over text, in nats per character; the first characters use the
// shorter context that they have. Its exponential, Perplexity, is the number
// of characters the model is, on average, as unsure between as a uniform
// choice would be; divided by ln 2 it is bits per character (BitsPerChar),
// the number of bits an ideal coder driven by the model would spend on each
// character. A character outside the vocabulary has probability 0 and
// makes it +Inf; an empty text gives 0.
func (m *NGram) CrossEntropy(text []int) (natsPerChar float64) {
	return m.crossEntropy(text, m.order)
}

// Perplexity is exp(CrossEntropy(text)).
func (m *NGram) Perplexity(text []int) float64 {
	return math.Exp(m.CrossEntropy(text))
}

// BitsPerChar is CrossEntropy(text)/ln 2, the cross-entropy in bits.
func (m *NGram) BitsPerChar(text []int) float64 {
	return m.CrossEntropy(text) / math.Ln2
}

// ChooseOrder is model selection on a validation split: it fits an n-gram
// model of each order in orders on train and returns the order whose
// cross-entropy on valid (nats per character) is the lowest, the earliest
// such order on a tie, and the validation cross-entropy of every order,
// perValid[i] for orders[i]. The text of valid must use ids in [0, vocab)
// too.
func ChooseOrder(train, valid []int, vocab int, orders []int) (best int, perValid []float64, err error) {
	if len(orders) == 0 {
		return 0, nil, errors.New("no orders to choose from: give at least one")
	}
	if len(valid) == 0 {
		return 0, nil, errors.New("the validation text is empty: orders are compared on it")
	}
	top := 0
	for _, o := range orders {
		if o < 1 {
			return 0, nil, fmt.Errorf("an n-gram model of order %d is not possible: use order 1 (unigram) or more", o)
		}
		top = max(top, o)
	}
	for i, id := range valid {
		if id < 0 || id >= vocab {
			return 0, nil, fmt.Errorf("validation character %d has id %d, outside the vocabulary [0, %d): encode the text with the training vocabulary", i, id, vocab)
		}
	}
	// One model of the highest order holds the counts of every lower one.
	m, err := NewNGram(top, vocab, train)
	if err != nil {
		return 0, nil, err
	}
	perValid = make([]float64, len(orders))
	bestNats := math.Inf(1)
	for i, o := range orders {
		perValid[i] = m.crossEntropy(valid, o)
		if i == 0 || perValid[i] < bestNats {
			best, bestNats = o, perValid[i]
		}
	}
	return best, perValid, nil
}

// Sample writes n characters with the model, each drawn from Distribution
// given context and the characters written so far, and returns them (not
// context). rng must not be nil.
func (m *NGram) Sample(context []int, n int, rng *rand.Rand) []int {
	h := append([]int(nil), context...)
	out := make([]int, 0, max(n, 0))
	for range n {
		p := m.Distribution(h[max(0, len(h)-m.order+1):])
		u := rng.Float64()
		c := len(p) - 1
		for i, q := range p {
			if u < q {
				c = i
				break
			}
			u -= q
		}
		out = append(out, c)
		h = append(h, c)
	}
	return out
}
