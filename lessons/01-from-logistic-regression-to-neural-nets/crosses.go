package neuralnets

import "fmt"

// CrossedNames lists the features a degree-2 feature cross makes from n
// features x1, ..., xn: the n originals, then every product xi·xj with
// i ≤ j (the squares xi² when i = j), in the deck's order for n = 2:
// x1, x2, x1·x2, x1², x2². For large n, use CountCrossed.
func CrossedNames(n int) []string {
	names := make([]string, 0, max(0, CountCrossed(n)))
	for i := 1; i <= n; i++ {
		names = append(names, fmt.Sprintf("x%d", i))
	}
	for i := 1; i <= n; i++ {
		for j := i + 1; j <= n; j++ {
			names = append(names, fmt.Sprintf("x%d·x%d", i, j))
		}
	}
	for i := 1; i <= n; i++ {
		names = append(names, fmt.Sprintf("x%d²", i))
	}
	return names
}

// CountCrossed counts the features of a degree-2 feature cross of n
// features, by going through them: the n originals, the products xi·xj of
// two different features (i < j), and the n squares. It is the independent
// computation the exercise's closed formula is checked against.
func CountCrossed(n int) int {
	if n < 0 {
		return 0
	}
	count := n // The originals.
	for i := 1; i <= n; i++ {
		for j := i; j <= n; j++ { // xi·xj, with xi² when j = i.
			count++
		}
	}
	return count
}

// CountUpToDegree is the number of features a feature cross of degree d
// makes from n features: every product of 1 to d of them, repetitions
// allowed (x1, x1·x2, x1², x1²·x2, ...). It is C(n+d, d) − 1, the monomials
// of degree 1 to d in n variables; for d = 2 it is CountCrossed(n).
func CountUpToDegree(n, d int) int {
	if n < 0 || d < 0 {
		return 0
	}
	c := 1 // C(n+k, k), for k = 0, 1, ..., d.
	for k := 1; k <= d; k++ {
		c = c * (n + k) / k
	}
	return c - 1
}
