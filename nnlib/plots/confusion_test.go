package plots

import (
	"math"
	"strings"
	"testing"
)

func TestConfusionCounts(t *testing.T) {
	labels := []int{0, 0, 1, 2, 2, 2}
	preds := []int{0, 1, 1, 2, 0, 2}
	got, err := Confusion(labels, preds, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{1, 1, 0}, {0, 1, 0}, {1, 0, 2}}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("Confusion = %v, want %v (rows: true class, columns: prediction)", got, want)
			}
		}
	}
	if _, err := Confusion(labels, preds[:2], 3); err == nil || !strings.Contains(err.Error(), "one prediction per example") {
		t.Errorf("mismatched lengths: err = %v", err)
	}
	if _, err := Confusion([]int{3}, []int{0}, 3); err == nil {
		t.Error("a label out of range was accepted")
	}
}

func TestConfusionMatrixFigure(t *testing.T) {
	counts := [][]int{{90, 10}, {0, 0}}
	p, err := ConfusionMatrix("test", counts, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if p == nil {
		t.Fatal("no figure")
	}
	if _, err := PNG(p, Width, Width); err != nil {
		t.Fatal(err)
	}
	share, err := rowShares(counts)
	if err != nil || share[0][0] != 0.9 || share[0][1] != 0.1 || !math.IsNaN(share[1][0]) {
		t.Errorf("row shares = %v, %v; want [[0.9 0.1] [NaN NaN]]", share, err)
	}
	if _, err := ConfusionMatrix("test", counts, []string{"a"}); err == nil {
		t.Error("too few names accepted")
	}
}
