package notebook

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Variant is one of the two notebooks rendered from a lesson.
type Variant int

const (
	// Student is the version students open: exercises have blanks.
	Student Variant = iota
	// Solution is the version with the exercises solved.
	Solution
)

// String names the variant.
func (v Variant) String() string {
	if v == Solution {
		return "solution"
	}
	return "student"
}

// Markers that split an exercise's code between the two variants. In a Go
// cell of lesson.md:
//
//	// BEGIN SOLUTION
//	return 3 * x * x
//	// BEGIN STUDENT
//	return 0 // Replace 0 with the derivative of x³.
//	// END
//
// The solution variant keeps the first part, the student variant the second;
// the marker lines themselves appear in neither.
const (
	MarkSolution = "// BEGIN SOLUTION"
	MarkStudent  = "// BEGIN STUDENT"
	MarkEnd      = "// END"
)

// RootPlaceholder in a Go cell is replaced by the path of the course's root
// folder as seen from the notebook, relative to GoNB's $GONB_DIR.
const RootPlaceholder = "{{ROOT}}"

// NotebooksPlaceholder in Markdown is replaced by the path from the notebook
// to the notebooks/ folder, ending in a slash (empty for a student notebook,
// "../" for a solution notebook in notebooks/solutions/), so that a link such
// as [glossary]({{NB}}glossary.md) works from both.
const NotebooksPlaceholder = "{{NB}}"

// Lesson is a parsed lesson source.
type Lesson struct {
	Name      string    // Folder name, e.g. "00-getting-started".
	Title     string    // The first "# " heading.
	Cells     []rawCell // In order.
	Path      string    // Path of lesson.md.
	Exercises int       // Number of BEGIN SOLUTION blocks.
}

type rawCell struct {
	code   bool
	source string
	line   int // Line in lesson.md where the cell starts, for error messages.
}

// ReadLesson parses lessons/<name>/lesson.md.
func ReadLesson(path string) (*Lesson, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l := &Lesson{Name: filepath.Base(filepath.Dir(path)), Path: path}
	var (
		buf       []string
		inGo      bool
		inOther   bool // Inside a non-Go fence, which stays in the Markdown.
		startLine = 1
		lineNo    int
	)
	flush := func(code bool) {
		src := strings.Join(buf, "\n")
		if !code {
			src = strings.TrimSpace(src)
		}
		if strings.TrimSpace(src) != "" {
			l.Cells = append(l.Cells, rawCell{code: code, source: src, line: startLine})
		}
		buf = nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case !inGo && !inOther && trimmed == "```go":
			flush(false)
			inGo, startLine = true, lineNo+1
		case inGo && trimmed == "```":
			flush(true)
			inGo, startLine = false, lineNo+1
		case !inGo && strings.HasPrefix(trimmed, "```"):
			inOther = !inOther
			buf = append(buf, line)
		default:
			if l.Title == "" && !inGo && !inOther && strings.HasPrefix(line, "# ") {
				l.Title = strings.TrimSpace(line[2:])
			}
			if inGo && trimmed == MarkSolution {
				l.Exercises++
			}
			buf = append(buf, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if inGo || inOther {
		return nil, fmt.Errorf("%s: a code fence opened at line %d is never closed", path, startLine-1)
	}
	flush(false)
	if l.Title == "" {
		return nil, fmt.Errorf("%s: the lesson needs a title, a first line like \"# 00 · Getting started\"", path)
	}
	for _, c := range l.Cells {
		if c.code {
			if _, err := splitExercise(c.source, Solution); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, c.line, err)
			}
		}
	}
	return l, nil
}

// splitExercise keeps the part of a Go cell that belongs to the variant.
func splitExercise(src string, v Variant) (string, error) {
	const (
		common = iota
		inSolution
		inStudent
	)
	state := common
	var out []string
	for i, line := range strings.Split(src, "\n") {
		switch strings.TrimSpace(line) {
		case MarkSolution:
			if state != common {
				return "", fmt.Errorf("line %d of the cell: %q inside an exercise block", i+1, MarkSolution)
			}
			state = inSolution
			continue
		case MarkStudent:
			if state != inSolution {
				return "", fmt.Errorf("line %d of the cell: %q without %q before it", i+1, MarkStudent, MarkSolution)
			}
			state = inStudent
			continue
		case MarkEnd:
			if state != inStudent {
				return "", fmt.Errorf("line %d of the cell: %q without %q before it", i+1, MarkEnd, MarkStudent)
			}
			state = common
			continue
		}
		if state == common || (state == inSolution) == (v == Solution) {
			out = append(out, line)
		}
	}
	if state != common {
		return "", fmt.Errorf("an exercise block is not closed with %q", MarkEnd)
	}
	return strings.Join(out, "\n"), nil
}

// NotebookPath is where a lesson's variant lives, relative to the course root:
// notebooks/<name>.ipynb for students, notebooks/solutions/<name>.ipynb for
// solutions.
func NotebookPath(name string, v Variant) string {
	if v == Solution {
		return filepath.Join("notebooks", "solutions", name+".ipynb")
	}
	return filepath.Join("notebooks", name+".ipynb")
}

// rootFromNotebook is RootPlaceholder's value for a variant: the course root
// relative to the notebook's folder, which GoNB exports as $GONB_DIR.
func rootFromNotebook(v Variant) string {
	if v == Solution {
		return "${GONB_DIR}/../.."
	}
	return "${GONB_DIR}/.."
}

// notebooksFromNotebook is NotebooksPlaceholder's value for a variant.
func notebooksFromNotebook(v Variant) string {
	if v == Solution {
		return "../"
	}
	return ""
}

// Render builds the notebook of one variant, without outputs.
func (l *Lesson) Render(v Variant) *Notebook {
	nb := &Notebook{
		Metadata: map[string]any{
			"kernelspec": map[string]any{
				"display_name": "Go (gonb)",
				"language":     "go",
				"name":         "gonb",
			},
			"language_info": map[string]any{
				"codemirror_mode":    "",
				"file_extension":     ".go",
				"mimetype":           "",
				"name":               "go",
				"nbconvert_exporter": "",
				"pygments_lexer":     "",
				"version":            "go1.27.3",
			},
		},
		NBFormat:      4,
		NBFormatMinor: 5,
	}
	for i, c := range l.Cells {
		cell := Cell{ID: fmt.Sprintf("%s-%02d", l.Name[:min(2, len(l.Name))], i), Metadata: map[string]any{}}
		if c.code {
			src, _ := splitExercise(c.source, v) // Checked by ReadLesson.
			cell.CellType = "code"
			cell.Source = Text(strings.ReplaceAll(src, RootPlaceholder, rootFromNotebook(v)))
			cell.Outputs = []Output{}
		} else {
			cell.CellType = "markdown"
			src := strings.ReplaceAll(c.source, NotebooksPlaceholder, notebooksFromNotebook(v))
			if v == Solution && i == 0 {
				src = strings.Replace(src, "# "+l.Title, "# "+l.Title+" — solutions", 1)
			}
			cell.Source = Text(src)
		}
		nb.Cells = append(nb.Cells, cell)
	}
	return nb
}

// SameSources reports where two notebooks' cells differ in type or source,
// ignoring outputs; an empty string means they match.
func SameSources(want, got *Notebook) string {
	if len(want.Cells) != len(got.Cells) {
		return fmt.Sprintf("%d cells instead of %d", len(got.Cells), len(want.Cells))
	}
	for i := range want.Cells {
		w, g := want.Cells[i], got.Cells[i]
		if w.CellType != g.CellType {
			return fmt.Sprintf("cell %d is %s instead of %s", i+1, g.CellType, w.CellType)
		}
		if strings.TrimRight(string(w.Source), "\n") != strings.TrimRight(string(g.Source), "\n") {
			return fmt.Sprintf("cell %d's source differs from the lesson source", i+1)
		}
	}
	return ""
}

// KeepOutputs gives rendered the outputs of previous, the notebook saved
// from an earlier run of the same lesson, when only their Markdown cells
// differ: a change of text needs no new run. It returns an error naming the
// first code cell whose source changed (or the cells' count or types), and
// then rendered must be executed.
func KeepOutputs(rendered, previous *Notebook) error {
	if len(rendered.Cells) != len(previous.Cells) {
		return fmt.Errorf("the lesson has %d cells, the saved notebook %d", len(rendered.Cells), len(previous.Cells))
	}
	for i := range rendered.Cells {
		r, p := &rendered.Cells[i], previous.Cells[i]
		if r.CellType != p.CellType {
			return fmt.Errorf("cell %d is %s in the lesson, %s in the saved notebook", i+1, r.CellType, p.CellType)
		}
		if r.CellType != "code" {
			continue
		}
		if strings.TrimRight(string(r.Source), "\n") != strings.TrimRight(string(p.Source), "\n") {
			return fmt.Errorf("code cell %d changed", i+1)
		}
		r.Outputs, r.ExecutionCount = p.Outputs, p.ExecutionCount
	}
	return nil
}
