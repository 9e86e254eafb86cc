package data

import (
	"errors"
	"slices"
	"testing"
)

func TestDigits(t *testing.T) {
	X, Y, tX, tY, err := Digits(100, 1)
	if errors.Is(err, ErrMissing) {
		t.Skipf("skipped: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(X) != 100 || len(tX) != 100 || len(X[0]) != 784 || len(Y[0]) != 10 || len(tY) != 100 {
		t.Fatalf("shapes: %d×%d, %d×%d", len(X), len(X[0]), len(Y), len(Y[0]))
	}
	for i, y := range append(Y, tY...) {
		ones, zeros := 0, 0
		for _, v := range y {
			switch v {
			case 1:
				ones++
			case 0:
				zeros++
			}
		}
		if ones != 1 || zeros != 9 {
			t.Fatalf("target %d is not one-hot: %v", i, y)
		}
	}
	if X2, _, _, _, _ := Digits(100, 1); !slices.Equal(X2[7], X[7]) {
		t.Error("the same seed must give the same digits")
	}
	for _, n := range []int{0, 5001} {
		if _, _, _, _, err := Digits(n, 1); err == nil {
			t.Errorf("Digits(%d) must be refused", n)
		}
	}
}
