package cnn

import "testing"

// TestFitDeterministic: the same configuration trains to the same losses,
// so that a committed run can be reproduced.
func TestFitDeterministic(t *testing.T) {
	train, test := fashion(t, 1024, 500)
	cfg := Config{Arch: Small(), Epochs: 1, BatchSize: 128, Seed: 3, CosineDecay: true, Flip: true}
	cfg.Arch.Padding, cfg.Arch.Dropout = 1, 0.5
	a, err := Fit(goBackend(t), cfg, train, test, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fit(goBackend(t), cfg, train, test, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Loss {
		if a.Loss[i] != b.Loss[i] {
			t.Fatalf("step %d: loss %v then %v", i+1, a.Loss[i], b.Loss[i])
		}
	}
	if a.FinalAccuracy() != b.FinalAccuracy() {
		t.Errorf("accuracy %v then %v", a.FinalAccuracy(), b.FinalAccuracy())
	}
}
