package data

import (
	"errors"
	"fmt"
	"testing"
)

// IsMissing is true for a data set that is not installed, however the error
// is wrapped, and false for everything else: a test that skips on it skips
// only for a missing data set.
func TestIsMissing(t *testing.T) {
	isolate(t)
	missing := fakeSource([]byte("hello")).Check()
	if missing == nil {
		t.Fatal("Check of a file that is nowhere gave no error")
	}
	corrupt := &CorruptError{Path: "x.gz", Reason: "truncated", Remedy: "delete it"}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"a loader's missing data set", missing, true},
		{"MissingError", &MissingError{Source: "fake"}, true},
		{"ErrMissing", ErrMissing, true},
		{"wrapped", fmt.Errorf("loading: %w", missing), true},
		{"joined", errors.Join(errors.New("first"), missing), true},
		{"nil", nil, false},
		{"corrupt", corrupt, false},
		{"wrapped corrupt", fmt.Errorf("loading: %w", corrupt), false},
		{"other", errors.New("out of memory"), false},
		{"missing, not wrapped", fmt.Errorf("loading: %v", missing), false},
	} {
		if got := IsMissing(tc.err); got != tc.want {
			t.Errorf("%s: IsMissing(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
