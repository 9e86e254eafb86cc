package data

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// The expected values were computed once with Python from Debian's
// dict-devil (devil.dict.dz): the text from "            The Internet
// Wiretap" up to the line " abcdefghijklmnopqrstuvwxyz" has 383,158
// characters in 8,537 lines, 84 distinct characters, and this SHA-256.
func TestDevilsDictionary(t *testing.T) {
	text, err := DevilsDictionary()
	if err != nil {
		t.Fatal(err)
	}
	if len(text) != 383158 || strings.Count(text, "\n") != 8537 {
		t.Errorf("%d characters in %d lines, want 383158 in 8537", len(text), strings.Count(text, "\n"))
	}
	sum := sha256.Sum256([]byte(text))
	if got := hex.EncodeToString(sum[:]); got != "ff45a5218b052fc8f6373df701ca349d53bb458e77875ab8d9fface967dbd453" {
		t.Errorf("text SHA-256 %s", got)
	}
	for _, want := range []string{"THE DEVIL'S DICTIONARY", "ABASEMENT, n.  A decent and customary mental attitude", "ZOOLOGY, n."} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q", want)
		}
	}
	if strings.Contains(text, "00-database") {
		t.Error("the dictd header was not removed")
	}
	v := NewCharVocab(text)
	if v.Size() != 84 {
		t.Errorf("%d distinct characters, want 84", v.Size())
	}
}

func TestCharVocabAndWindows(t *testing.T) {
	v := NewCharVocab("hello")
	if string(v.Chars) != "ehlo" {
		t.Fatalf("Chars = %q, want \"ehlo\"", string(v.Chars))
	}
	ids, err := v.Encode("hello")
	if err != nil {
		t.Fatal(err)
	}
	wantInts(t, "ids", ids, []int{1, 0, 2, 2, 3})
	if got := v.Decode(ids); got != "hello" {
		t.Errorf("Decode = %q", got)
	}
	if got := v.Decode([]int{9}); got != "\uFFFD" {
		t.Errorf("Decode of a bad id = %q", got)
	}
	if _, err := v.Encode("help"); err == nil {
		t.Error("encoding an unknown character gave no error")
	}
	d, err := v.Windows(ids, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	wantRows(t, d, [][]float64{{1, 0, 2}, {0, 2, 2}})
	wantInts(t, "labels", d.Labels, []int{2, 3})
	if d.NumClasses() != 4 {
		t.Errorf("NumClasses = %d, want 4", d.NumClasses())
	}
	if _, err := v.Windows(ids, 5, 1); err == nil {
		t.Error("windows longer than the text gave no error")
	}
	if _, err := v.Windows([]int{0, 7, 1}, 1, 1); err == nil {
		t.Error("an id outside the vocabulary gave no error")
	}
}
