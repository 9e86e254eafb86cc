// Package notebook reads and writes Jupyter notebooks (nbformat 4) and builds
// them from a lesson's source.
//
// A lesson is written once, as Markdown with fenced Go cells
// (lessons/NN-topic/lesson.md), and rendered into two notebooks: the student
// version, whose exercises have blanks, and the solution version. Both come
// from the same source, so they cannot drift apart.
package notebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Notebook is the part of an nbformat-4 notebook the course reads and writes.
type Notebook struct {
	Cells         []Cell         `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
}

// Cell is one notebook cell. Source is kept as one string; it is written as
// Jupyter's list of lines.
type Cell struct {
	ID             string         `json:"id,omitempty"`
	CellType       string         `json:"cell_type"` // "markdown" or "code"
	Metadata       map[string]any `json:"metadata"`
	Source         Text           `json:"source"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
	Outputs        []Output       `json:"outputs,omitempty"`
}

// Output is one output of a code cell.
type Output struct {
	OutputType     string         `json:"output_type"` // "stream", "display_data", "execute_result" or "error"
	Name           string         `json:"name,omitempty"`
	Text           Text           `json:"text,omitempty"`
	Data           map[string]any `json:"data,omitempty"`
	Metadata       map[string]any `json:"metadata,omitempty"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
	EName          string         `json:"ename,omitempty"`
	EValue         string         `json:"evalue,omitempty"`
	Traceback      []string       `json:"traceback,omitempty"`

	raw json.RawMessage // The output as read, written back unchanged.
}

// UnmarshalJSON reads an output and keeps its exact JSON, so that a
// notebook's outputs are written back as Jupyter wrote them.
func (o *Output) UnmarshalJSON(b []byte) error {
	type plain Output
	if err := json.Unmarshal(b, (*plain)(o)); err != nil {
		return err
	}
	o.raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes the output as it was read, or from its fields.
func (o Output) MarshalJSON() ([]byte, error) {
	if o.raw != nil {
		return o.raw, nil
	}
	type plain Output
	return json.Marshal(plain(o))
}

// MarshalJSON writes a cell as nbformat 4.5 requires: code cells always have
// execution_count (null when not run) and outputs; Markdown cells have neither.
func (c Cell) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"cell_type": c.CellType,
		"metadata":  c.Metadata,
		"source":    c.Source,
	}
	if c.Metadata == nil {
		m["metadata"] = map[string]any{}
	}
	if c.ID != "" {
		m["id"] = c.ID
	}
	if c.CellType == "code" {
		m["execution_count"] = c.ExecutionCount
		outputs := c.Outputs
		if outputs == nil {
			outputs = []Output{}
		}
		m["outputs"] = outputs
	}
	return json.Marshal(m)
}

// Text is a multi-line string that Jupyter stores either as one string or as
// a list of lines; it is always written as a list of lines.
type Text string

// UnmarshalJSON accepts both of Jupyter's forms.
func (t *Text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = Text(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return fmt.Errorf("notebook text is neither a string nor a list of strings: %w", err)
	}
	*t = Text(strings.Join(lines, ""))
	return nil
}

// MarshalJSON writes the text as a list of lines, each but the last ending in
// "\n", as Jupyter does.
func (t Text) MarshalJSON() ([]byte, error) {
	lines := []string{}
	s := string(t)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return json.Marshal(lines)
}

// Read loads a notebook file.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb Notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, fmt.Errorf("%s is not a valid notebook: %w", path, err)
	}
	return &nb, nil
}

// Write saves a notebook the way Jupyter does (one-space indent, trailing
// newline), so that re-saving it from Jupyter gives a small diff.
func (nb *Notebook) Write(path string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// CodeCells returns the notebook's code cells, in order.
func (nb *Notebook) CodeCells() []*Cell {
	var cells []*Cell
	for i := range nb.Cells {
		if nb.Cells[i].CellType == "code" {
			cells = append(cells, &nb.Cells[i])
		}
	}
	return cells
}

// OutputText returns everything a cell printed as text: streams, plain-text
// displays and error messages.
func (c *Cell) OutputText() string {
	var b strings.Builder
	for _, o := range c.Outputs {
		switch o.OutputType {
		case "stream":
			b.WriteString(string(o.Text))
		case "error":
			b.WriteString(o.EName + ": " + o.EValue + "\n")
		default:
			if s, ok := o.Data["text/plain"]; ok {
				b.WriteString(textOf(s))
			}
		}
	}
	return b.String()
}

// textOf turns a display's text value (a string or a list of strings) into a string.
func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			if s, ok := s.(string); ok {
				b.WriteString(s)
			}
		}
		return b.String()
	}
	return ""
}
