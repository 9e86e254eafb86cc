package data

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func idxBytes(t *testing.T, dims []int, values []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteIDX(&buf, dims, values); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestReadIDXPlainAndGzip(t *testing.T) {
	raw := idxBytes(t, []int{2, 2, 3}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	// The header by hand: magic 00 00 08 03, then 2, 2, 3 as big-endian uint32.
	if want := []byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3}; !bytes.Equal(raw[:16], want) {
		t.Fatalf("header % x, want % x", raw[:16], want)
	}
	for name, in := range map[string][]byte{"plain": raw, "gzip": gz(raw)} {
		idx, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wantInts(t, name+" dims", idx.Dims, []int{2, 2, 3})
		if idx.Data[11] != 12 {
			t.Errorf("%s: last value %d, want 12", name, idx.Data[11])
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	good := idxBytes(t, []int{3, 2}, []byte{1, 2, 3, 4, 5, 6})
	cases := map[string]struct {
		in   []byte
		want string
	}{
		"empty":        {nil, "header"},
		"not IDX":      {[]byte("PK\x03\x04 zip"), "not IDX"},
		"int values":   {[]byte{0, 0, 0x0C, 1, 0, 0, 0, 1, 0, 0, 0, 0}, "type 0x0c"},
		"short header": {good[:6], "inside its header"},
		"truncated":    {good[:len(good)-2], "truncated"},
		"too long":     {append(append([]byte{}, good...), 7), "longer"},
		"huge header":  {[]byte{0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "more than"},
		"bad gzip":     {gz(good)[:20], "end of file"},
	}
	for name, c := range cases {
		_, err := ReadIDX(bytes.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.want)
		}
	}
	if err := WriteIDX(&bytes.Buffer{}, []int{2, 2}, []byte{1}); err == nil {
		t.Error("WriteIDX with the wrong count gave no error")
	}
}
