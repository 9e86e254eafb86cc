package recurrent

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"gonum.org/v1/gonum/mat"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Births is the daily series of births in the United States, 2000–2014
// (data.USBirths), split by time: the model trains on 2000–2012, chooses its
// number of epochs on 2013 and is tested once on 2014. A time series is
// never split at random: the future must not leak into the past.
type Births struct {
	Days   []time.Time
	Counts []float64
	// First day of validation (2013-01-01) and of test (2014-01-01).
	ValidStart, TestStart int
	// Mean and standard deviation of the training days: the network reads
	// (count − Mean)/Std.
	Mean, Std float64
}

// LoadBirths loads the series and splits it.
func LoadBirths() (*Births, error) {
	days, err := data.USBirths()
	if err != nil {
		return nil, err
	}
	b := &Births{ValidStart: -1, TestStart: -1}
	for i, d := range days {
		b.Days = append(b.Days, d.Date)
		b.Counts = append(b.Counts, float64(d.Count))
		if d.Date.Year() == 2013 && b.ValidStart < 0 {
			b.ValidStart = i
		}
		if d.Date.Year() == 2014 && b.TestStart < 0 {
			b.TestStart = i
		}
	}
	if b.ValidStart < 0 || b.TestStart < 0 {
		return nil, errors.New("the births series lacks 2013 or 2014: reinstall it with go run ./cmd/course setup")
	}
	var sum, sq float64
	for _, c := range b.Counts[:b.ValidStart] {
		sum += c
	}
	b.Mean = sum / float64(b.ValidStart)
	for _, c := range b.Counts[:b.ValidStart] {
		sq += (c - b.Mean) * (c - b.Mean)
	}
	b.Std = math.Sqrt(sq / float64(b.ValidStart))
	return b, nil
}

// Forecaster is a recurrent network that reads the last Window days and
// forecasts the next Horizon: an LSTM (or another Kind) of Hidden units, and a
// dense layer from its last state to Horizon numbers.
type Forecaster struct {
	Kind            rnn.Kind
	Hidden          int
	Window, Horizon int
	Epochs, Batch   int // At most Epochs, the best on the validation year kept.
	LearningRate    float64
	Patience        int // Epochs without improvement on validation before stopping.
	Seed            uint32
}

// DayAhead and WeekAhead are the lesson's two forecasters: four weeks in,
// one day or seven days out.
var (
	DayAhead  = Forecaster{Kind: rnn.LSTM, Hidden: 32, Window: 28, Horizon: 1, Epochs: 30, Batch: 32, LearningRate: 3e-3, Patience: 6, Seed: 1}
	WeekAhead = Forecaster{Kind: rnn.LSTM, Hidden: 32, Window: 28, Horizon: 7, Epochs: 30, Batch: 32, LearningRate: 3e-3, Patience: 6, Seed: 1}
)

// ForQuick returns f with the few epochs of a quick run (COURSE_QUICK=1).
func (f Forecaster) ForQuick() Forecaster {
	if nnlib.Quick() {
		f.Epochs = 2
	}
	return f
}

// windows makes the examples whose first forecast day lies in [from, to):
// the Window standardised counts before it, and the Horizon standardised
// counts from it (all of which must lie before to).
func (b *Births) windows(window, horizon, from, to int) (*data.Dataset, []int) {
	d := &data.Dataset{Name: "births", Shape: []int{window, 1}, TargetShape: []int{horizon}}
	var starts []int
	for t := max(from, window); t+horizon <= to; t++ {
		for _, c := range b.Counts[t-window : t] {
			d.X = append(d.X, float32((c-b.Mean)/b.Std))
		}
		for _, c := range b.Counts[t : t+horizon] {
			d.Targets = append(d.Targets, float32((c-b.Mean)/b.Std))
		}
		starts = append(starts, t)
	}
	return d, starts
}

// Forecast is what a method forecast for the test year: for each forecast
// origin Starts[i] (the first forecast day), Horizon values.
type Forecast struct {
	Method  string
	Horizon int
	Starts  []int
	Values  [][]float64 // In births.
	// Epochs trained and the best epoch on the validation year (networks only).
	Epochs, BestEpoch int
	Seconds           float64
}

// Errors are a forecast's mean absolute error (births per day) and mean
// absolute percentage error over every forecast day.
func (f Forecast) Errors(b *Births) (mae, mape float64) {
	n := 0
	for i, t := range f.Starts {
		for h, v := range f.Values[i] {
			actual := b.Counts[t+h]
			mae += math.Abs(v - actual)
			mape += math.Abs(v-actual) / actual
			n++
		}
	}
	return mae / float64(n), 100 * mape / float64(n)
}

// testStarts are the forecast origins of the test year for a horizon: every
// day of 2014 whose Horizon days all lie in 2014.
func (b *Births) testStarts(horizon int) []int {
	var s []int
	for t := b.TestStart; t+horizon <= len(b.Counts); t++ {
		s = append(s, t)
	}
	return s
}

// LastValue forecasts every one of the next horizon days as the last day
// seen: the naive baseline.
func (b *Births) LastValue(horizon int) Forecast {
	f := Forecast{Method: "last value", Horizon: horizon, Starts: b.testStarts(horizon)}
	for _, t := range f.Starts {
		v := make([]float64, horizon)
		for h := range v {
			v[h] = b.Counts[t-1]
		}
		f.Values = append(f.Values, v)
	}
	return f
}

// LastWeek forecasts each day as the same weekday of the last week seen:
// the seasonal naive baseline, which knows the weekly cycle.
func (b *Births) LastWeek(horizon int) Forecast {
	f := Forecast{Method: "same day last week", Horizon: horizon, Starts: b.testStarts(horizon)}
	for _, t := range f.Starts {
		v := make([]float64, horizon)
		for h := range v {
			v[h] = b.Counts[t+h%7-7]
		}
		f.Values = append(f.Values, v)
	}
	return f
}

// Linear forecasts with a linear autoregression: each of the horizon days
// is a weighted sum of the window days before the origin plus a constant,
// the weights fitted by least squares (gonum's QR) on the training years. It
// is the strongest simple baseline: an LSTM must beat it to be worth its
// cost.
func (b *Births) Linear(window, horizon int) (Forecast, error) {
	trainSet, _ := b.windows(window, horizon, 0, b.ValidStart)
	n := trainSet.Len()
	a := mat.NewDense(n, window+1, nil)
	y := mat.NewDense(n, horizon, nil)
	for i := range n {
		for j, v := range trainSet.Row(i) {
			a.Set(i, j, float64(v))
		}
		a.Set(i, window, 1)
		for h, v := range trainSet.TargetRow(i) {
			y.Set(i, h, float64(v))
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var w mat.Dense
	if err := qr.SolveTo(&w, false, y); err != nil {
		return Forecast{}, fmt.Errorf("the least-squares fit failed: %w", err)
	}
	f := Forecast{Method: "linear autoregression", Horizon: horizon, Starts: b.testStarts(horizon)}
	for _, t := range f.Starts {
		v := make([]float64, horizon)
		for h := range v {
			z := w.At(window, h)
			for j := range window {
				z += w.At(j, h) * (b.Counts[t-window+j] - b.Mean) / b.Std
			}
			v[h] = z*b.Std + b.Mean
		}
		f.Values = append(f.Values, v)
	}
	return f, nil
}

// logits is the forecaster's graph: x [batch, Window, 1] → [batch, Horizon].
func (f Forecaster) output(scope *model.Scope, x *graph.Node) *graph.Node {
	_, last := rnn.Sequence(scope.In("recurrent"), f.Kind, x, f.Hidden, nil)
	os := scope.In("output")
	w := os.VariableWithShape("w", shapes.Make(dtypes.Float32, f.Hidden, f.Horizon)).NodeValue(x.Graph())
	bias := os.VariableWithShape("b", shapes.Make(dtypes.Float32, 1, f.Horizon)).NodeValue(x.Graph())
	return graph.Add(graph.Dot(last.H, w).Product(), bias)
}

// Train trains the forecaster on 2000–2012 with the squared error of the
// standardised counts, keeps the epoch that forecasts 2013 best, and
// forecasts 2014 with it.
func (f Forecaster) Train(backend compute.Backend, b *Births) (Forecast, error) {
	if err := f.Kind.Validate(); err != nil {
		return Forecast{}, err
	}
	if f.Window < 1 || f.Horizon < 1 || f.Hidden < 1 || f.Epochs < 1 || f.Batch < 1 || f.LearningRate <= 0 {
		return Forecast{}, fmt.Errorf("a forecaster needs Window, Horizon, Hidden, Epochs and Batch ≥ 1 and LearningRate > 0: %+v", f)
	}
	trainSet, _ := b.windows(f.Window, f.Horizon, 0, b.ValidStart)
	validSet, _ := b.windows(f.Window, f.Horizon, b.ValidStart, b.TestStart)
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(f.Seed)); err != nil {
		return Forecast{}, err
	}
	opt := optimizer.Adam().LearningRate(f.LearningRate).Done()
	mse := func(pred, y *graph.Node) *graph.Node { return graph.ReduceAllMean(graph.Square(graph.Sub(pred, y))) }
	step, err := train.NewGraphStep(backend, store, func(scope *model.Scope, x, y *graph.Node) *graph.Node {
		l := mse(f.output(scope, x), y)
		opt.UpdateGraph(scope, x.Graph(), l)
		return l
	}, windowsAndTargets)
	if err != nil {
		return Forecast{}, err
	}
	predict := func(d *data.Dataset) ([]float32, error) { return f.predict(backend, store, d) }
	loop := train.Loop{
		Data: trainSet, BatchSize: f.Batch, Shuffle: true, Seed: f.Seed, Epochs: f.Epochs,
		EarlyStopping: train.EarlyStopping{OnLoss: true, Patience: f.Patience, Restore: store},
		Evaluate: func(int) (train.Score, error) {
			p, err := predict(validSet)
			if err != nil {
				return train.NoScore, err
			}
			var s float64
			for i, v := range p {
				d := float64(v - validSet.Targets[i])
				s += d * d
			}
			return train.Score{Loss: s / float64(len(p)), Metric: math.NaN()}, nil
		},
	}
	if f.Patience == 0 {
		loop.EarlyStopping = train.EarlyStopping{OnLoss: true}
	}
	h, err := loop.Run(step)
	if err != nil {
		return Forecast{}, err
	}
	out := Forecast{Method: fmt.Sprintf("%s, %d units", f.Kind, f.Hidden), Horizon: f.Horizon, Epochs: h.Epochs, Seconds: h.TrainSeconds}
	if e, ok := h.BestEval(); ok {
		out.BestEpoch = e.Epoch
	}
	testSet, starts := b.windows(f.Window, f.Horizon, b.TestStart, len(b.Counts))
	p, err := predict(testSet)
	if err != nil {
		return Forecast{}, err
	}
	out.Starts = starts
	for i := range starts {
		v := make([]float64, f.Horizon)
		for k := range v {
			v[k] = float64(p[i*f.Horizon+k])*b.Std + b.Mean
		}
		out.Values = append(out.Values, v)
	}
	return out, nil
}

// predict runs the forecaster over every window of d with a fresh Exec
// (see rnn.Evaluator.CrossEntropy), returning Horizon values per window.
func (f Forecaster) predict(backend compute.Backend, store *model.Store, d *data.Dataset) (p []float32, err error) {
	defer nnlib.Failed(&err, "GoMLX failed forecasting")
	exec, err := model.NewExec(backend, store, f.output)
	if err != nil {
		return nil, err
	}
	defer exec.Finalize()
	out, err := exec.Call(tensors.FromFlatDataAndDimensions(d.X, d.Len(), f.Window, 1))
	if err != nil {
		return nil, err
	}
	return tensors.MustCopyFlatData[float32](out[0]), nil
}

// windowsAndTargets gives a minibatch of windows as [batch, Window, 1] and
// their targets as [batch, Horizon].
func windowsAndTargets(b data.Batch) (inputs, targets *tensors.Tensor, err error) {
	n := b.Shape[0]
	if b.Targets == nil {
		return nil, nil, errors.New("the windows have no targets")
	}
	return tensors.FromFlatDataAndDimensions(b.X, b.Shape...), tensors.FromFlatDataAndDimensions(b.Targets, n, len(b.Targets)/n), nil
}
