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

// TestKeepReadBackLine: outside a notebook every read-back says so; in a GoNB
// kernel a result the kernel computed is read back silently, and one left by
// an earlier session is announced once.
func TestKeepReadBackLine(t *testing.T) {
	t.Setenv(CacheDirEnv, t.TempDir())
	var out strings.Builder
	keepOut = &out
	defer func() { keepOut = os.Stdout }()
	compute := func() (int, error) { return 42, nil }
	read := func(name string) {
		if _, err := Keep(name, 1, compute); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("GONB_TMP_DIR", "")
	read("outside")
	read("outside")
	read("outside")
	if n := strings.Count(out.String(), "read back"); n != 2 {
		t.Errorf("outside a notebook, 2 read-backs printed %d lines:\n%s", n, out.String())
	}
	out.Reset()
	t.Setenv("GONB_TMP_DIR", t.TempDir()) // A kernel: computes "fresh", then reads it in three cells.
	read("fresh")
	read("fresh")
	read("fresh")
	read("outside") // Kept by the earlier session: announced once.
	read("outside")
	if got := out.String(); strings.Contains(got, "fresh") || strings.Count(got, "(outside:") != 1 || strings.Count(got, "read back") != 1 {
		t.Errorf("in a kernel, want one line, about the earlier session's result:\n%s", got)
	}
}

// TestRecall reads back what Keep kept, for its config only.
func TestRecall(t *testing.T) {
	t.Setenv(CacheDirEnv, t.TempDir())
	cfg := struct{ LR float64 }{0.1}
	if _, err := Recall[result]("train", cfg); err == nil || !strings.Contains(err.Error(), "run the cell") {
		t.Fatalf("Recall before Keep: %v, want an error that says to run the cell", err)
	}
	if _, err := Keep("train", cfg, func() (result, error) { return result{Best: 7}, nil }); err != nil {
		t.Fatal(err)
	}
	got, err := Recall[result]("train", cfg)
	if err != nil || got.Best != 7 {
		t.Fatalf("Recall = %+v, %v; want Best 7", got, err)
	}
	if _, err := Recall[result]("train", struct{ LR float64 }{0.2}); err == nil {
		t.Error("Recall found a result for a config never kept")
	}
	if _, err := Recall[[]string]("train", cfg); err == nil {
		t.Error("Recall decoded a result into the wrong type")
	}
}
