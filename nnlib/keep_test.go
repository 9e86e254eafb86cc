package nnlib

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type result struct {
	Losses []float64
	Best   int
}

func TestKeepComputesOncePerConfig(t *testing.T) {
	t.Setenv(CacheDirEnv, t.TempDir())
	t.Setenv(RecomputeEnv, "")
	calls := 0
	compute := func() (result, error) {
		calls++
		return result{Losses: []float64{3, 2, 1.5}, Best: 2}, nil
	}
	cfg := struct{ LR float64 }{0.1}
	first, err := Keep("train", cfg, compute)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Keep("train", cfg, compute)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("computed %d times, want 1", calls)
	}
	if second.Best != first.Best || len(second.Losses) != 3 || second.Losses[2] != 1.5 {
		t.Fatalf("read back %+v, want %+v", second, first)
	}
	if _, err := Keep("train", struct{ LR float64 }{0.01}, compute); err != nil || calls != 2 {
		t.Fatalf("a new config must recompute: calls=%d err=%v", calls, err)
	}
	if err := Forget("train"); err != nil {
		t.Fatal(err)
	}
	if _, err := Keep("train", cfg, compute); err != nil || calls != 3 {
		t.Fatalf("Forget must make Keep recompute: calls=%d err=%v", calls, err)
	}
	t.Setenv(RecomputeEnv, "1")
	if _, err := Keep("train", cfg, compute); err != nil || calls != 4 {
		t.Fatalf("%s must make Keep recompute: calls=%d err=%v", RecomputeEnv, calls, err)
	}
}

func TestKeepErrors(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(CacheDirEnv, dir)
	boom := errors.New("boom")
	if _, err := Keep("x", 1, func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("compute's error must come back, got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed compute must not be kept: %v", entries)
	}
	if _, err := Keep("../x", 1, func() (int, error) { return 1, nil }); err == nil || !strings.Contains(err.Error(), "letters") {
		t.Errorf("bad name: %v", err)
	}
	if _, err := Keep("f", func() {}, func() (int, error) { return 1, nil }); err == nil || !strings.Contains(err.Error(), "config") {
		t.Errorf("unhashable config: %v", err)
	}
	// A corrupt file is recomputed, not an error.
	path, _ := KeepPath("c", 1)
	if err := os.WriteFile(path, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if v, err := Keep("c", 1, func() (int, error) { return 7, nil }); err != nil || v != 7 {
		t.Errorf("corrupt cache: %v %v", v, err)
	}
	if filepath.Dir(path) != dir {
		t.Errorf("cache path %s not under %s", path, dir)
	}
}
