package notebook

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gomlx-course/dlcourse/nnlib/oneline"
)

// Verdict prefixes printed by nnlib.Check (kept equal to nnlib.Correct and
// nnlib.NotYet; a test checks it).
const (
	VerdictCorrect = "✅ Correct"
	VerdictNotYet  = "❌ Not yet"
)

// noise matches what must never reach a student's notebook: Go tool chatter
// and Go panic traces.
var noise = regexp.MustCompile(`(?m)^(go: (added|downloading|upgraded|finding)|panic: |goroutine \d+ \[)`)

// Problems lists what is wrong with an executed notebook of the given variant,
// each naming the code cell (counted from 1) it is in: error outputs, panics
// and tool noise, cells that never ran, and exercise checks that do not answer
// as they must — "Correct" for every exercise in the solution, "Not yet" for
// every one in the student version with its blanks.
func Problems(nb *Notebook, v Variant, exercises int) []string {
	var problems []string
	correct, notYet := 0, 0
	for i, c := range nb.CodeCells() {
		where := fmt.Sprintf("code cell %d", i+1)
		if strings.TrimSpace(string(c.Source)) != "" && c.ExecutionCount == nil && len(c.Outputs) == 0 {
			problems = append(problems, where+" was not executed")
		}
		for _, o := range c.Outputs {
			if o.OutputType == "error" {
				msg := fmt.Sprintf("%s ends in an error: %s", where, oneline.First(o.EName+": "+o.EValue, 200))
				if detail := errorDetail(c); detail != "" {
					msg += "\n      " + strings.ReplaceAll(detail, "\n", "\n      ")
				}
				problems = append(problems, msg)
			}
		}
		text := c.OutputText()
		if m := noise.FindString(text); m != "" {
			problems = append(problems, fmt.Sprintf("%s shows %q (tool noise or a panic)", where, strings.TrimSpace(m)))
		}
		for _, line := range strings.Split(text, "\n") {
			switch {
			case strings.HasPrefix(line, VerdictCorrect):
				correct++
				if v == Student {
					problems = append(problems, fmt.Sprintf("%s: the blank answers %q — the exercise gives itself away or its check accepts a blank", where, line))
				}
			case strings.HasPrefix(line, VerdictNotYet):
				notYet++
				if v == Solution {
					problems = append(problems, fmt.Sprintf("%s: the solution is refused: %q", where, line))
				}
			}
		}
	}
	if got := correct + notYet; got != exercises {
		problems = append(problems, fmt.Sprintf("%d exercise checks answered, but the lesson has %d exercises", got, exercises))
	}
	return problems
}

var (
	styleBlock = regexp.MustCompile(`(?s)<style.*?</style>`)
	htmlTag    = regexp.MustCompile(`<[^>]+>`)
)

// errorDetail extracts the compiler's or program's message that GoNB shows
// as HTML next to an error, as at most 8 plain-text lines.
func errorDetail(c *Cell) string {
	var lines []string
	for _, o := range c.Outputs {
		html, ok := o.Data["text/html"]
		if !ok {
			continue
		}
		text := htmlTag.ReplaceAllString(styleBlock.ReplaceAllString(textOf(html), ""), "")
		for _, line := range strings.Split(text, "\n") {
			if line = strings.TrimSpace(line); line != "" && len(lines) < 8 {
				lines = append(lines, strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&quot;", `"`, "&amp;", "&").Replace(line))
			}
		}
	}
	return strings.Join(lines, "\n")
}
