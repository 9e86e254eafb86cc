package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/internal/notebook"
)

var (
	// markdownLink matches the target of a Markdown link, [text](target).
	markdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	// markdownCode matches code, where a link is only text: fenced blocks
	// and `spans`.
	markdownCode = regexp.MustCompile("(?s)```.*?```|`[^`]*`")
)

// Every relative link in a lesson's Markdown (the glossary, the previous and
// next lessons, the README) must lead to a file from both of its notebooks:
// the student's in notebooks/ and the solution's in notebooks/solutions/.
func TestLessonLinksResolve(t *testing.T) {
	c := testCourse(t)
	names, err := c.lessonNames(nil)
	if err != nil {
		t.Fatal(err)
	}
	lvs, err := c.variants(names)
	if err != nil {
		t.Fatal(err)
	}
	for _, lv := range lvs {
		dir := filepath.Dir(filepath.Join(c.root, lv.path()))
		for i, cell := range lv.lesson.Render(lv.variant).Cells {
			if cell.CellType != "markdown" {
				continue
			}
			src := string(cell.Source)
			if strings.Contains(src, notebook.NotebooksPlaceholder) {
				t.Errorf("%s, cell %d: %s was not replaced", lv.path(), i, notebook.NotebooksPlaceholder)
			}
			for _, target := range brokenLinks(dir, src) {
				t.Errorf("%s, cell %d: the link %q leads nowhere", lv.path(), i, target)
			}
		}
	}
	// The pages the lessons link to, and the README's table of the lessons.
	for _, page := range []string{"README.md", "notebooks/glossary.md"} {
		src, err := os.ReadFile(filepath.Join(c.root, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range brokenLinks(filepath.Dir(filepath.Join(c.root, page)), string(src)) {
			t.Errorf("%s: the link %q leads nowhere", page, target)
		}
	}
}

// brokenLinks lists the relative link targets of Markdown src that name no
// file, seen from the folder dir.
func brokenLinks(dir, src string) []string {
	var broken []string
	for _, m := range markdownLink.FindAllStringSubmatch(markdownCode.ReplaceAllString(src, ""), -1) {
		target := m[1]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		path, _, _ := strings.Cut(target, "#")
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(path))); err != nil {
			broken = append(broken, target)
		}
	}
	return broken
}
