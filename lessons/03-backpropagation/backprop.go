package backprop

import "fmt"

// HiddenDelta is the backward step of backpropagation for one hidden layer:
// given W, the matrix from this layer to the next (bias column first), the
// next layer's errors δ⁽ˡ⁺¹⁾ and this layer's activations a⁽ˡ⁾ (without the
// bias unit), it returns this layer's errors
//
//	δ⁽ˡ⁾ⱼ = (Σᵢ Wᵢ,ⱼ₊₁ δ⁽ˡ⁺¹⁾ᵢ) · g'(z⁽ˡ⁾ⱼ),   with g'(z) = a(1 − a) for the sigmoid.
//
// In words: each neuron is blamed for the next layer's errors in proportion
// to the weights it sent them (Wᵀδ), scaled by how much its own output could
// move (g'). The bias unit has no error: nothing feeds it.
func HiddenDelta(W [][]float64, deltaNext, a []float64) []float64 {
	delta := make([]float64, len(a))
	for j := range a {
		var back float64
		for i, d := range deltaNext {
			back += W[i][j+1] * d
		}
		delta[j] = back * a[j] * (1 - a[j])
	}
	return delta
}

// The three pieces of one step of training, as functions, so that a
// student's own can be plugged into the algorithm (BackpropWith, TrainWith).

// A LayerFunc is one layer's forward pass: LayerForward's contract.
type LayerFunc func(W [][]float64, a []float64) []float64

// A DeltaFunc is the backward step of one hidden layer: HiddenDelta's
// contract.
type DeltaFunc func(W [][]float64, deltaNext, a []float64) []float64

// An UpdateFunc is one step of gradient descent, W ← W − ηD on every layer's
// matrix, changing w in place. The method expression Weights.Step is the
// lesson's own.
type UpdateFunc func(w, D Weights, eta float64)

// Backprop computes the gradient of Cost with respect to every weight, as the
// deck's algorithm does, one example at a time:
//
//	Δ⁽ˡ⁾ ← 0 for every layer
//	for each example (x, y):
//	    forward pass: a⁽¹⁾ = x, ..., a⁽ᴸ⁾ = h(x), by LayerForward
//	    δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y
//	    δ⁽ᴸ⁻¹⁾, ..., δ⁽²⁾ by HiddenDelta
//	    Δ⁽ˡ⁾ᵢⱼ += a⁽ˡ⁾ⱼ δ⁽ˡ⁺¹⁾ᵢ   (a⁽ˡ⁾₀ = 1, the bias unit)
//	D⁽ˡ⁾ = Δ⁽ˡ⁾ / m
//
// The result has the shape of w: D[l][i][j] = ∂J/∂W[l][i][j]. The algorithm
// is written out below, in backprop, which takes the forward and backward
// steps as parameters so that BackpropWith can plug in yours.
func (w Weights) Backprop(X, Y [][]float64) Weights {
	return w.backprop(X, Y, LayerForward, HiddenDelta)
}

// BackpropWith is Backprop with your own forward pass of one layer and your
// own backward step in place of LayerForward and HiddenDelta: everything else
// (δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y, the accumulation of Δ, D = Δ/m) is the deck's algorithm
// as Backprop runs it. With LayerForward and HiddenDelta it returns exactly
// Backprop's gradient. If your functions stop (a panic: an index out of
// range, say) or answer with the wrong number of values, it returns that as
// the error.
func (w Weights) BackpropWith(X, Y [][]float64, forward LayerFunc, delta DeltaFunc) (D Weights, err error) {
	defer stopped(&err)
	return w.backprop(X, Y, forward, delta), nil
}

// backprop is the deck's algorithm, example by example, with the given
// forward pass of one layer and backward step.
func (w Weights) backprop(X, Y [][]float64, forward LayerFunc, delta DeltaFunc) Weights {
	D := zerosLike(w)
	for n, x := range X {
		a := w.forwardWith(x, forward)
		L := len(a) - 1
		d := make([]float64, len(a[L]))
		for k := range d {
			d[k] = a[L][k] - Y[n][k]
		}
		for l := L - 1; l >= 0; l-- {
			// Accumulate Δ for W[l], which maps a[l] to a[l+1].
			for i, di := range d {
				row := D[l][i] // Δ of neuron i's weights.
				row[0] += di   // The bias unit: a₀ = 1.
				for j, v := range a[l] {
					row[j+1] += di * v
				}
			}
			if l > 0 {
				d = delta(w[l], d, a[l])
				if len(d) != len(a[l]) {
					panic(shapeError(fmt.Sprintf("your backward step returned %d errors δ for a layer of %d units: run its check above", len(d), len(a[l]))))
				}
			}
		}
	}
	m := float64(len(X))
	for l := range D {
		for i := range D[l] {
			for j := range D[l][i] {
				D[l][i][j] /= m
			}
		}
	}
	return D
}

// TrainWith trains w in place by full-batch gradient descent, as
// TrainScratch does, but with your own three pieces of a step: each step
// computes the gradient by BackpropWith(X, Y, forward, delta) and applies it
// with update(w, D, eta). It returns the cost before each step, measured
// with the lesson's Cost: the true cost of the weights your steps produce,
// whatever your forward pass says. With LayerForward, HiddenDelta and
// Weights.Step it gives exactly TrainScratch's costs and weights. If your
// functions stop or answer with the wrong number of values, it returns that
// as the error, with the costs so far.
func (w Weights) TrainWith(X, Y [][]float64, eta float64, steps int, forward LayerFunc, delta DeltaFunc, update UpdateFunc) (costs []float64, err error) {
	defer stopped(&err)
	costs = make([]float64, 0, steps)
	for range steps {
		costs = append(costs, w.Cost(X, Y))
		update(w, w.backprop(X, Y, forward, delta), eta)
	}
	return costs, nil
}

// A shapeError is a plugged-in function's answer of the wrong length.
type shapeError string

func (e shapeError) Error() string { return string(e) }

// stopped turns a panic of a plugged-in function into *err: a shapeError as
// it is, anything else (an index out of range, say) as "your functions
// stopped with ...".
func stopped(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if e, ok := r.(shapeError); ok {
		*err = e
		return
	}
	*err = fmt.Errorf("your functions stopped with %q: run the checks of the exercises above", fmt.Sprint(r))
}

func zerosLike(w Weights) Weights {
	z := make(Weights, len(w))
	for l := range w {
		z[l] = make([][]float64, len(w[l]))
		for i := range w[l] {
			z[l][i] = make([]float64, len(w[l][i]))
		}
	}
	return z
}
