package plots

// Smooth is the moving average of the last window values at each point (of
// fewer at the start): a minibatch's loss is noisy, and its trend is what
// compares training runs.
func Smooth(values []float64, window int) []float64 {
	out := make([]float64, len(values))
	window = max(window, 1)
	var sum float64
	for i, v := range values {
		sum += v
		if i >= window {
			sum -= values[i-window]
		}
		out[i] = sum / float64(min(i+1, window))
	}
	return out
}
