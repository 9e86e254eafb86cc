package rnn_test

import (
	"fmt"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib/rnn"
)

// A character model for a text of 65 distinct characters: each character
// embedded as 32 numbers, an LSTM of 128 cells, a dense layer to the 65
// logits of the next character. Params counts its weights; building its
// graph once creates them in the store, which holds as many.
func ExampleCharModel() {
	m := rnn.CharModel{Kind: rnn.LSTM, Vocab: 65, Embed: 32, Hidden: 128}
	fmt.Println(m)
	fmt.Println("the LSTM layer alone:", rnn.LSTM.Params(m.Embed, m.Hidden))

	backend, err := compute.NewWithConfig("go")
	if err != nil {
		panic(err)
	}
	store := model.NewStore()
	ids := tensors.FromFlatDataAndDimensions([]int32{0, 1, 2, 3, 4, 5}, 2, 3) // 2 sequences of 3 characters.
	logits, err := model.CallOnce(backend, store, func(scope *model.Scope, ids *graph.Node) *graph.Node {
		l, _ := m.Logits(scope, ids, nil)
		return l
	}, ids)
	if err != nil {
		panic(err)
	}
	fmt.Println("logits:", logits.Shape().Dimensions, "(steps·batch rows, time-major)")
	weights := 0
	for v := range store.IterVariables() {
		if v.Trainable {
			weights += v.Shape().Size()
		}
	}
	fmt.Println("weights in the store:", weights)
	// Output:
	// embedding 32 → LSTM 128 → dense 65 (65 characters; 92,897 weights)
	// the LSTM layer alone: 82432
	// logits: [6 65] (steps·batch rows, time-major)
	// weights in the store: 92897
}
