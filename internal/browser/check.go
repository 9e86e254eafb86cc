package browser

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/gomlx-course/dlcourse/internal/notebook"
	"github.com/gomlx-course/dlcourse/nnlib/oneline"
)

// noise matches what must never reach a student's page: Go tool chatter and
// Go panic traces (as internal/notebook checks in saved notebooks).
var noise = regexp.MustCompile(`(?m)^(go: (added|downloading|upgraded|finding)|panic: |goroutine \d+ \[)`)

// check lists what is wrong with a notebook's page after Run All, each
// problem naming the notebook and the code cell (counted from 1, with the
// first line of its source). saved is the notebook as stored, whose outputs
// say which cells must show text and how many figures; runErr is why the run
// did not finish, if it did not; exceptions are JavaScript exceptions the
// page raised.
func check(name string, nb Notebook, st *PageState, saved *notebook.Notebook, runErr error, exceptions []string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, name+": "+fmt.Sprintf(format, args...)) }
	var savedCells []*notebook.Cell
	if saved != nil {
		savedCells = saved.CodeCells()
		// A notebook stored without outputs (never run) expects nothing.
		empty := true
		for _, c := range savedCells {
			empty = empty && len(c.Outputs) == 0
		}
		if empty {
			saved, savedCells = nil, nil
		}
	}
	code := 0
	for _, c := range st.Cells {
		if c.Code {
			code++
		}
	}
	if saved != nil && len(savedCells) != code {
		add("the page shows %d code cells, the file has %d", code, len(savedCells))
		savedCells = nil
	}

	correct, notYet, texts := 0, 0, 0
	firstError := 0 // The code cell whose error stopped Run All.
	n := 0
	for _, c := range st.Cells {
		if !c.Code {
			continue
		}
		n++
		where := fmt.Sprintf("code cell %d (%q)", n, oneline.First(c.Source, 70))
		blank := strings.TrimSpace(c.Source) == ""
		switch {
		case c.Prompt == "*" && runErr != nil:
			add("%s was still running or queued when the run was stopped (%v)", where, runErr)
		case c.Prompt == "*":
			add("%s never finished", where)
		case c.Prompt == "" && !blank:
			if firstError > 0 {
				add("%s was not executed: Run All stopped at code cell %d's error", where, firstError)
			} else {
				add("%s was not executed", where)
			}
		}

		var errs []string
		hasText, images, figure := false, 0, 0
		for _, o := range c.Outputs {
			switch {
			case o.Kind == KindError || o.Kind == KindStderr || o.GoNBError:
				what := map[OutputKind]string{KindError: "an error", KindStderr: "standard error output"}[o.Kind]
				if o.GoNBError {
					what = "GoNB's error"
				}
				errs = append(errs, fmt.Sprintf("%s: %s", what, clip(o.Text, 6)))
			case o.Kind == KindText:
				hasText = hasText || strings.TrimSpace(o.Text) != ""
			case o.Kind == KindImage:
				images++
			}
			if m := noise.FindString(o.Text); m != "" {
				add("%s shows %q (tool noise or a panic)", where, strings.TrimSpace(m))
			}
			for _, img := range o.Images {
				figure++
				switch {
				case !img.Complete:
					add("%s: figure %d did not finish loading (%s…)", where, figure, img.Src)
				case img.NaturalWidth == 0:
					add("%s: figure %d did not render: its <img> has naturalWidth 0, the image data does not decode (%s…)", where, figure, img.Src)
				}
			}
			for _, line := range strings.Split(o.Text, "\n") {
				switch {
				case strings.HasPrefix(line, verdicts[0]):
					correct++
					if !nb.Solution {
						add("%s: the blank answers %q — the exercise gives itself away or its check accepts a blank", where, line)
					}
				case strings.HasPrefix(line, verdicts[1]):
					notYet++
					if nb.Solution {
						add("%s: the solution is refused: %q", where, line)
					}
				}
			}
		}
		if hasText {
			texts++
		}
		if len(errs) > 0 {
			add("%s ends in %s", where, strings.Join(errs, "\n      and "))
			if firstError == 0 {
				firstError = n
			}
		}
		if savedCells != nil && c.Prompt != "" && c.Prompt != "*" && len(errs) == 0 {
			want := expected(savedCells[n-1])
			if want.text && !hasText {
				add("%s shows no text output; the saved notebook's run printed some", where)
			}
			if images != want.images {
				add("%s shows %d figures; the saved notebook's run drew %d", where, images, want.images)
			}
		}
	}
	if got := correct + notYet; got != nb.Exercises {
		add("%d exercise checks answered on the page, but the notebook has %d exercises", got, nb.Exercises)
	}
	if texts == 0 && code > 0 && runErr == nil {
		add("no code cell shows any text output")
	}
	if runErr != nil && !errors.Is(runErr, errStalled) && !errors.Is(runErr, errTooLong) && !errors.Is(runErr, errDied) {
		add("the run did not finish: %v", runErr)
	}
	// Exceptions already shown with the cell whose output raised them are
	// not repeated.
	var cellErrors strings.Builder
	for _, c := range st.Cells {
		for _, o := range c.Outputs {
			if o.Kind == KindError {
				cellErrors.WriteString(o.Text)
			}
		}
	}
	for _, e := range exceptions {
		if !strings.Contains(cellErrors.String(), e) {
			add("the page raised a JavaScript exception: %s", e)
		}
	}
	return problems
}

// expectedOutputs is what a cell's saved run showed.
type expectedOutputs struct {
	text   bool // Some stdout or plain-text display.
	images int  // image/png, image/jpeg or image/svg+xml displays.
}

func expected(c *notebook.Cell) expectedOutputs {
	var e expectedOutputs
	for _, o := range c.Outputs {
		switch o.OutputType {
		case "stream":
			e.text = e.text || (o.Name == "stdout" && printedOwnText(string(o.Text)))
		case "display_data", "execute_result":
			if _, ok := o.Data["image/png"]; ok {
				e.images++
			} else if _, ok := o.Data["image/jpeg"]; ok {
				e.images++
			} else if _, ok := o.Data["image/svg+xml"]; ok {
				e.images++
			} else if _, ok := o.Data["text/html"]; !ok {
				_, plain := o.Data["text/plain"]
				e.text = e.text || plain
			}
		}
	}
	return e
}

// printedOwnText reports whether a cell's saved standard output holds a line
// of the cell's own, not only the lines nnlib prints according to what the
// kernel did before: the backend's line ("Backend: …", once per kernel) and
// Keep's note on a result read back ("(name: read back from …)", once per
// kernel, and never for one the kernel computed). A run in the browser, in a
// kernel with another history, may rightly print neither.
func printedOwnText(out string) bool {
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "Backend: ") || (strings.HasPrefix(line, "(") && strings.Contains(line, ": read back from ")) {
			continue
		}
		return true
	}
	return false
}

// clip keeps the first n non-blank lines of s, joined with " | ".
func clip(s string, n int) string {
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if len(lines) == n {
				lines = append(lines, "…")
				break
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, " | ")
}

// oneLine joins s's lines.
func oneLine(s string) string { return clip(s, 3) }
