package cnn

import (
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
)

func shapes4(a, b, c, d int) shapes.Shape { return shapes.Make(dtypes.Float32, a, b, c, d) }
func shapes1(a int) shapes.Shape          { return shapes.Make(dtypes.Float32, a) }
