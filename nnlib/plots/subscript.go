package plots

import "strings"

var subscripts = strings.NewReplacer(
	"0", "₀", "1", "₁", "2", "₂", "3", "₃", "4", "₄",
	"5", "₅", "6", "₆", "7", "₇", "8", "₈", "9", "₉",
)

// Subscript writes the digits of s as Unicode subscripts, which the course
// font has: "w" + Subscript("0") is "w₀". Other characters stay as they are.
func Subscript(s string) string { return subscripts.Replace(s) }
