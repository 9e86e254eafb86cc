package gallery

import (
	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// venn is the deck's Figure 1.4: AI ⊃ machine learning ⊃ representation
// learning ⊃ deep learning.
func venn() (*plot.Plot, error) {
	return plots.VennDiagram("What is deep learning?", plots.VennSets()...)
}
