package notebook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = "# 07 · Sample\n\nIntro text.\n\n```text\nnot a cell\n```\n\n```go\n!*go mod edit -replace=x={{ROOT}}\n```\n\nExercise:\n\n```go\nfunc f(x float64) float64 {\n\t// BEGIN SOLUTION\n\treturn 3 * x * x\n\t// BEGIN STUDENT\n\treturn 0 // your answer\n\t// END\n}\n```\n"

func writeLesson(t *testing.T, text string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "07-sample")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "lesson.md")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadLessonSplitsCells(t *testing.T) {
	l, err := ReadLesson(writeLesson(t, sample))
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "07-sample" || l.Title != "07 · Sample" || l.Exercises != 1 {
		t.Fatalf("got name %q title %q exercises %d", l.Name, l.Title, l.Exercises)
	}
	types := []bool{}
	for _, c := range l.Cells {
		types = append(types, c.code)
	}
	want := []bool{false, true, false, true}
	if len(types) != len(want) {
		t.Fatalf("cells code-ness %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("cells code-ness %v, want %v", types, want)
		}
	}
	if !strings.Contains(l.Cells[0].source, "not a cell") {
		t.Errorf("a non-Go fence must stay in the Markdown cell: %q", l.Cells[0].source)
	}
}

func TestRenderVariants(t *testing.T) {
	l, err := ReadLesson(writeLesson(t, sample))
	if err != nil {
		t.Fatal(err)
	}
	stu, sol := l.Render(Student), l.Render(Solution)
	code := func(nb *Notebook, i int) string { return string(nb.CodeCells()[i].Source) }
	if got := code(stu, 1); !strings.Contains(got, "return 0 // your answer") || strings.Contains(got, "3 * x") || strings.Contains(got, "BEGIN") {
		t.Errorf("student exercise cell:\n%s", got)
	}
	if got := code(sol, 1); !strings.Contains(got, "return 3 * x * x") || strings.Contains(got, "your answer") || strings.Contains(got, "END") {
		t.Errorf("solution exercise cell:\n%s", got)
	}
	if got := code(stu, 0); got != "!*go mod edit -replace=x=${GONB_DIR}/.." {
		t.Errorf("student root: %q", got)
	}
	if got := code(sol, 0); got != "!*go mod edit -replace=x=${GONB_DIR}/../.." {
		t.Errorf("solution root: %q", got)
	}
	if !strings.HasPrefix(string(sol.Cells[0].Source), "# 07 · Sample — solutions") {
		t.Errorf("solution title: %q", sol.Cells[0].Source)
	}
	if msg := SameSources(stu, l.Render(Student)); msg != "" {
		t.Errorf("rendering twice differs: %s", msg)
	}
	if msg := SameSources(stu, sol); msg == "" {
		t.Errorf("student and solution should differ")
	}
}

func TestBadMarkers(t *testing.T) {
	for name, body := range map[string]string{
		"unclosed":        "// BEGIN SOLUTION\nx\n// BEGIN STUDENT\ny\n",
		"student first":   "// BEGIN STUDENT\ny\n// END\n",
		"end without":     "// END\n",
		"nested solution": "// BEGIN SOLUTION\n// BEGIN SOLUTION\n",
	} {
		_, err := ReadLesson(writeLesson(t, "# T\n\n```go\n"+body+"```\n"))
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.Contains(err.Error(), "lesson.md:4") {
			t.Errorf("%s: error does not point at the cell: %v", name, err)
		}
	}
	if _, err := ReadLesson(writeLesson(t, "no title\n")); err == nil || !strings.Contains(err.Error(), "title") {
		t.Errorf("missing title: %v", err)
	}
	if _, err := ReadLesson(writeLesson(t, "# T\n```go\nx\n")); err == nil || !strings.Contains(err.Error(), "never closed") {
		t.Errorf("open fence: %v", err)
	}
}

func TestTextRoundTrip(t *testing.T) {
	for _, s := range []string{"", "one", "a\nb\n", "a\n\nb"} {
		b, err := json.Marshal(Text(s))
		if err != nil {
			t.Fatal(err)
		}
		var back Text
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if string(back) != s {
			t.Errorf("%q → %s → %q", s, b, back)
		}
	}
	var fromString Text
	if err := json.Unmarshal([]byte(`"x\ny"`), &fromString); err != nil || fromString != "x\ny" {
		t.Errorf("string form: %q %v", fromString, err)
	}
}

func TestWriteReadNotebook(t *testing.T) {
	l, err := ReadLesson(writeLesson(t, sample))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.ipynb")
	nb := l.Render(Solution)
	nb.CodeCells()[1].Outputs = []Output{{OutputType: "stream", Name: "stdout", Text: "✅ Correct\n"}}
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	back, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if msg := SameSources(nb, back); msg != "" {
		t.Error(msg)
	}
	if got := back.CodeCells()[1].OutputText(); got != "✅ Correct\n" {
		t.Errorf("output text %q", got)
	}
}

func TestKeepOutputs(t *testing.T) {
	l, err := ReadLesson(writeLesson(t, sample))
	if err != nil {
		t.Fatal(err)
	}
	previous := l.Render(Solution)
	one := 1
	run := previous.CodeCells()[1]
	run.Outputs, run.ExecutionCount = []Output{{OutputType: "stream", Name: "stdout", Text: "ran\n"}}, &one

	// New text, same code: the outputs carry over.
	edited, err := ReadLesson(writeLesson(t, strings.Replace(sample, "Intro text.", "Better intro text.", 1)))
	if err != nil {
		t.Fatal(err)
	}
	rendered := edited.Render(Solution)
	if err := KeepOutputs(rendered, previous); err != nil {
		t.Fatal(err)
	}
	got := rendered.CodeCells()[1]
	if len(got.Outputs) != 1 || got.Outputs[0].Text != "ran\n" || got.ExecutionCount == nil || *got.ExecutionCount != 1 {
		t.Errorf("outputs not kept: %+v", got)
	}
	if !strings.Contains(string(rendered.Cells[0].Source), "Better intro") {
		t.Errorf("the new text is lost: %q", rendered.Cells[0].Source)
	}

	// Changed code: an error naming the cell.
	changed, err := ReadLesson(writeLesson(t, strings.Replace(sample, "3 * x * x", "3 * x * x + 0", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := KeepOutputs(changed.Render(Solution), previous); err == nil || !strings.Contains(err.Error(), "code cell 4 changed") {
		t.Errorf("changed code: %v", err)
	}
	if err := KeepOutputs(l.Render(Solution), &Notebook{}); err == nil {
		t.Error("a notebook with other cells must be refused")
	}
}

func TestNotebooksPlaceholder(t *testing.T) {
	l, err := ReadLesson(writeLesson(t, "# 07 · Sample\n\nSee the [glossary]({{NB}}glossary.md).\n\n```go\n// {{NB}} stays in code.\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[Variant]string{Student: "(glossary.md)", Solution: "(../glossary.md)"} {
		nb := l.Render(v)
		if got := string(nb.Cells[0].Source); !strings.Contains(got, want) || strings.Contains(got, NotebooksPlaceholder) {
			t.Errorf("%s: the link reads %q, want %q", v, got, want)
		}
		if got := string(nb.Cells[1].Source); got != "// {{NB}} stays in code." {
			t.Errorf("%s: a code cell changed: %q", v, got)
		}
	}
}
