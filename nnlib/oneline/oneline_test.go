package oneline

import "testing"

func TestFirst(t *testing.T) {
	for _, tc := range []struct {
		s    string
		max  int
		want string
	}{
		{"", 0, ""},
		{"one line", 0, "one line"},
		{"first\nsecond", 0, "first"},
		{"\n  \n  the cell's code  \nmore", 0, "the cell's code"},
		{"  padded error\r\n", 0, "padded error"},
		{"ünïcödé text", 5, "ünïcö…"},
		{"exactly", 7, "exactly"},
	} {
		if got := First(tc.s, tc.max); got != tc.want {
			t.Errorf("First(%q, %d) = %q, want %q", tc.s, tc.max, got, tc.want)
		}
	}
}
