package data

import (
	"fmt"
	"slices"
	"strings"
)

// DevilsDictionary returns the text of Ambrose Bierce's The Devil's
// Dictionary (1911, public domain): about 380,000 characters of plain ASCII
// English, from its title page and preface to the last entry, ZOOLOGY. It is
// the corpus of the character-level recurrent net lessons.
//
// The file is Debian's dict-devil, shipped in data/text; the lines that only
// the dictionary server reads (its "00-database" entries) are removed.
func DevilsDictionary() (string, error) {
	s, err := LookupSource("devils-dictionary")
	if err != nil {
		return "", err
	}
	raw, err := s.read(s.Files[0])
	if err != nil {
		return "", err
	}
	text := string(raw)
	// The dictd header ends with the notice about the original data; the
	// book starts with the Wiretap title lines. The last line is dictd's
	// alphabet.
	if i := strings.Index(text, "            The Internet Wiretap"); i >= 0 {
		text = text[i:]
	}
	if i := strings.LastIndex(text, "\n abcdefghijklmnopqrstuvwxyz"); i >= 0 {
		text = text[:i+1]
	}
	return text, nil
}

// CharVocab numbers the distinct characters of a text, for character-level
// models: character Chars[i] has id i.
type CharVocab struct {
	Chars []rune
	ids   map[rune]int
}

// NewCharVocab makes the vocabulary of text, its characters in code-point
// order.
func NewCharVocab(text string) *CharVocab {
	seen := map[rune]bool{}
	for _, r := range text {
		seen[r] = true
	}
	v := &CharVocab{ids: map[rune]int{}}
	for r := range seen {
		v.Chars = append(v.Chars, r)
	}
	slices.Sort(v.Chars)
	for i, r := range v.Chars {
		v.ids[r] = i
	}
	return v
}

// Size is the number of distinct characters.
func (v *CharVocab) Size() int { return len(v.Chars) }

// Encode turns text into character ids; a character the vocabulary lacks is
// an error.
func (v *CharVocab) Encode(text string) ([]int, error) {
	ids := make([]int, 0, len(text))
	for _, r := range text {
		id, ok := v.ids[r]
		if !ok {
			return nil, fmt.Errorf("the character %q is not in the vocabulary: build it from a text that contains it", r)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Decode turns character ids back into text; an id out of range becomes
// the replacement character U+FFFD.
func (v *CharVocab) Decode(ids []int) string {
	var b strings.Builder
	for _, id := range ids {
		if id >= 0 && id < len(v.Chars) {
			b.WriteRune(v.Chars[id])
		} else {
			b.WriteRune('\uFFFD')
		}
	}
	return b.String()
}

// Windows cuts a text's character ids into examples for a next-character
// model: example k holds the length ids starting at k*stride (as float32,
// shape [length]) and its label is the id that follows them. The Dataset's
// ClassNames are the characters, so NumClasses is the vocabulary's Size.
func (v *CharVocab) Windows(ids []int, length, stride int) (*Dataset, error) {
	if length < 1 || stride < 1 {
		return nil, fmt.Errorf("windows of length %d every %d characters are not possible: use 1 or more for both", length, stride)
	}
	if len(ids) <= length {
		return nil, fmt.Errorf("a text of %d characters is too short for windows of %d plus the next character", len(ids), length)
	}
	for _, id := range ids {
		if id < 0 || id >= len(v.Chars) {
			return nil, fmt.Errorf("character id %d is outside the vocabulary of %d characters: encode the text with this vocabulary", id, len(v.Chars))
		}
	}
	d := &Dataset{Name: "character windows", Shape: []int{length}}
	for _, r := range v.Chars {
		d.ClassNames = append(d.ClassNames, string(r))
	}
	for start := 0; start+length < len(ids); start += stride {
		for _, id := range ids[start : start+length] {
			d.X = append(d.X, float32(id))
		}
		d.Labels = append(d.Labels, ids[start+length])
	}
	return d, nil
}
