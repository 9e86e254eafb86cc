package notebook

import (
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
)

func executed(outputs ...Output) Cell {
	n := 1
	return Cell{CellType: "code", Source: "x", ExecutionCount: &n, Outputs: outputs}
}

func stream(s string) Output { return Output{OutputType: "stream", Name: "stdout", Text: Text(s)} }

func TestVerdictsMatchNnlib(t *testing.T) {
	if VerdictCorrect != nnlib.Correct || VerdictNotYet != nnlib.NotYet {
		t.Fatal("the runner's verdicts must be nnlib's")
	}
}

func TestProblems(t *testing.T) {
	ok := &Notebook{Cells: []Cell{
		{CellType: "markdown", Source: "# T"},
		executed(stream("hello\n")),
		executed(stream(VerdictCorrect + ": ex\n")),
	}}
	if p := Problems(ok, Solution, 1); len(p) != 0 {
		t.Errorf("clean solution: %v", p)
	}
	if p := Problems(ok, Student, 1); len(p) != 1 || !strings.Contains(p[0], "code cell 2") {
		t.Errorf("a student notebook answering Correct must be flagged at cell 2: %v", p)
	}
	student := &Notebook{Cells: []Cell{executed(stream(VerdictNotYet + ": ex\n   Hint: h\n"))}}
	if p := Problems(student, Student, 1); len(p) != 0 {
		t.Errorf("clean student: %v", p)
	}
	if p := Problems(student, Solution, 1); len(p) != 1 || !strings.Contains(p[0], "refused") {
		t.Errorf("refused solution: %v", p)
	}
	if p := Problems(student, Student, 2); len(p) != 1 || !strings.Contains(p[0], "2 exercises") {
		t.Errorf("missing check: %v", p)
	}
	bad := &Notebook{Cells: []Cell{
		executed(Output{OutputType: "error", EName: "ERROR", EValue: "failed to run go build"}),
		executed(stream("go: added github.com/x v1\n")),
		executed(Output{OutputType: "stream", Name: "stderr", Text: "panic: boom\n\ngoroutine 1 [running]:\n"}),
		{CellType: "code", Source: "fmt.Println(1)"},
	}}
	p := Problems(bad, Solution, 0)
	want := []string{"code cell 1 ends in an error", "code cell 2 shows \"go: added\"", "code cell 3 shows \"panic:", "code cell 4 was not executed"}
	if len(p) != len(want) {
		t.Fatalf("got %d problems %v, want %d", len(p), p, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(p[i], want[i]) {
			t.Errorf("problem %d = %q, want prefix %q", i, p[i], want[i])
		}
	}
}
