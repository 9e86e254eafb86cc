package bench

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/rnn"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// CharData is the LSTM benchmark's data, as both sides cut it: the text's
// character ids (vocabulary: its characters in code-point order), the
// training ids (the first 100 − ValidPercent %), the validation ids (the
// rest), and the training windows of SeqLen+1 ids, one every SeqLen.
type CharData struct {
	Vocab        *data.CharVocab
	Train, Valid []int
	Windows      *data.Dataset
}

// LSTMData reads spec.Text (or data.DevilsDictionary when it is empty) and
// cuts it as the LSTM benchmark does.
func LSTMData(spec Spec) (CharData, error) {
	var text string
	if spec.Text != "" {
		b, err := os.ReadFile(spec.Text)
		if err != nil {
			return CharData{}, err
		}
		text = string(b)
	} else {
		var err error
		if text, err = data.DevilsDictionary(); err != nil {
			return CharData{}, err
		}
	}
	v := data.NewCharVocab(text)
	if v.Size() != spec.Vocab {
		return CharData{}, fmt.Errorf("the LSTM benchmark's model has %d characters, the text %d", spec.Vocab, v.Size())
	}
	ids, err := v.Encode(text)
	if err != nil {
		return CharData{}, err
	}
	cut := len(ids) * (100 - spec.ValidPercent) / 100
	d := CharData{Vocab: v, Train: ids[:cut], Valid: ids[cut:]}
	d.Windows, err = v.Windows(d.Train, spec.SeqLen+1, spec.SeqLen)
	return d, err
}

// WriteLSTMText writes the LSTM benchmark's text (data.DevilsDictionary) to
// a temporary file, for the PyTorch side: the caller removes it.
func WriteLSTMText() (string, error) {
	text, err := data.DevilsDictionary()
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp("", "course-bench-text-")
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}

// CharModel is the nnlib/rnn model of an LSTM spec.
func CharModel(spec Spec) rnn.CharModel {
	return rnn.CharModel{Kind: rnn.Kind(spec.Kind), Vocab: spec.Vocab, Embed: spec.Embed, Hidden: spec.Hidden}
}

// RunLSTM trains the spec's character model with nnlib/rnn as
// rnn.TrainChars does (CharModel.Loss and Adam in a train.NewGraphStep,
// train.Loop shuffling the windows, rnn.Evaluator on the validation text)
// until the validation cross-entropy reaches spec.TargetNats, then times the
// forward pass alone; it is the Go worker. Throughput and time to target
// count the steps only (evaluations excluded), as on the PyTorch side.
func RunLSTM(spec Spec) (Result, error) {
	d, err := LSTMData(spec)
	if err != nil {
		return Result{}, err
	}
	m := CharModel(spec)
	if err := m.Validate(); err != nil {
		return Result{}, err
	}
	if rnn.ForgetBias != spec.ForgetBias {
		return Result{}, fmt.Errorf("nnlib/rnn starts the forget gates' biases at %g, the spec at %g", rnn.ForgetBias, spec.ForgetBias)
	}
	backend, store, err := newStore(spec)
	if err != nil {
		return Result{}, err
	}
	opt := optimizer.Adam().LearningRate(spec.LR).Done()
	step, err := train.NewGraphStep(backend, store, func(scope *model.Scope, ids, targets *graph.Node) *graph.Node {
		l, _ := m.Loss(scope, ids, targets, nil)
		opt.UpdateGraph(scope, ids.Graph(), l)
		return l
	}, rnn.WindowTensors(spec.SeqLen))
	if err != nil {
		return Result{}, err
	}
	eval, err := rnn.NewEvaluator(backend, store, m, spec.Streams, spec.SeqLen)
	if err != nil {
		return Result{}, err
	}
	r := Result{Framework: "nnlib (GoMLX, " + backend.Name() + ")"}
	crossEntropy := func() (train.Score, error) {
		nats, err := eval.CrossEntropy(d.Valid)
		return train.Score{Loss: nats, Metric: math.NaN()}, err
	}
	err = timedRun(spec, d.Windows, step, crossEntropy, &r, func(s train.Score) (bool, string) {
		r.ValidNats = s.Loss
		return s.Loss <= spec.TargetNats, fmt.Sprintf("validation %.3f nats/char", s.Loss)
	})
	if err != nil {
		return Result{}, err
	}
	if r.ForwardPerSec, err = lstmForward(spec, backend, store, m, d.Windows); err != nil {
		return Result{}, err
	}
	r.Detail = fmt.Sprintf("%s, SIMD build %v, %d threads", nnlib.ChooseBackend().Config, nnlib.SIMDBuild, runtime.GOMAXPROCS(0))
	return r, nil
}

// lstmForward times the loss of the trained model m alone (no gradients,
// no update) over spec.Measure minibatches of the windows, in order, after
// 2 untimed ones; it returns examples per second.
func lstmForward(spec Spec, backend compute.Backend, store *model.Store, m rnn.CharModel, windows *data.Dataset) (perSec float64, err error) {
	defer nnlib.Failed(&err, "GoMLX failed timing the forward pass")
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, ids, targets *graph.Node) *graph.Node {
		scope.SetTraining(ids.Graph(), false)
		l, _ := m.Loss(scope, ids, targets, nil)
		return l
	})
	if err != nil {
		return 0, err
	}
	defer exec.Finalize()
	batcher, err := data.NewBatcher(windows, spec.Batch, false, 0)
	if err != nil {
		return 0, err
	}
	batcher.DropLast = true
	toTensors := rnn.WindowTensors(spec.SeqLen)
	var timed time.Duration
	for i := range spec.Measure + 2 {
		b, ok := batcher.Next()
		if !ok {
			batcher.Reset()
			b, _ = batcher.Next()
		}
		t := time.Now()
		ids, targets, err := toTensors(b)
		if err != nil {
			return 0, err
		}
		out, err := exec.Call(ids, targets)
		if err != nil {
			return 0, err
		}
		_ = tensors.ToScalar[float32](out[0])
		if i >= 2 {
			timed += time.Since(t)
		}
	}
	return rate(spec.Measure, spec.Batch, timed), nil
}

// ForwardFLOPs is the floating-point operations of the matrix products of
// one window's forward pass: per character, the input projections (4 gates,
// Embed×Hidden), the recurrent products (4 gates, Hidden×Hidden) and the
// output layer (Hidden×Vocab), two operations per multiply-add. The
// backward pass has twice as many (the gradients with respect to each
// product's two operands); the element-wise work is a few percent of it.
func ForwardFLOPs(spec Spec) float64 {
	e, h, v := float64(spec.Embed), float64(spec.Hidden), float64(spec.Vocab)
	return 2 * float64(spec.SeqLen) * (4*e*h + 4*h*h + h*v)
}
