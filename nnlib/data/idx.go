package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// IDX is an array read from an IDX file, the format of MNIST and
// Fashion-MNIST: a magic number, the size of each dimension, then the values.
type IDX struct {
	Dims []int  // The size of each dimension, e.g. [60000 28 28].
	Data []byte // The values (unsigned bytes), row-major.
}

// maxIDXValues bounds the size an IDX header may announce, so that a damaged
// header gives an error instead of an enormous allocation.
const maxIDXValues = 1 << 31

// ReadIDX reads an IDX array of unsigned bytes (type 0x08) from r, which may
// be gzip-compressed. It fails on a bad magic number, another value type, or
// a file that is shorter or longer than its header says.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && isGzip(magic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("the IDX data is not valid gzip: %v", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var head [4]byte
	if _, err := io.ReadFull(br, head[:]); err != nil {
		return nil, fmt.Errorf("the IDX data ends before its 4-byte header: %v", shortErr(err))
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, fmt.Errorf("this is not IDX data: it starts with bytes % x, not 00 00", head[:2])
	}
	if head[2] != 0x08 {
		return nil, fmt.Errorf("the IDX data holds values of type 0x%02x; only unsigned bytes (0x08) are supported", head[2])
	}
	ndims := int(head[3])
	if ndims == 0 {
		return nil, fmt.Errorf("the IDX header gives 0 dimensions")
	}
	dims := make([]int, ndims)
	total := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("the IDX data ends inside its header (dimension %d of %d): %v", i+1, ndims, shortErr(err))
		}
		dims[i] = int(d)
		total *= max(dims[i], 1)
		if total > maxIDXValues {
			return nil, fmt.Errorf("the IDX header announces more than %d values: the file is damaged", maxIDXValues)
		}
	}
	total = product(dims)
	values := make([]byte, total)
	if n, err := io.ReadFull(br, values); err != nil {
		return nil, fmt.Errorf("the IDX data is truncated: it holds %d of the %d values its header announces (%v)", n, total, shortErr(err))
	}
	if extra, _ := br.Read(make([]byte, 1)); extra > 0 {
		return nil, fmt.Errorf("the IDX data is longer than its header says (%d values of shape %v): the file is damaged", total, dims)
	}
	return &IDX{Dims: dims, Data: values}, nil
}

// ReadIDXFile reads an IDX file, gzip-compressed or not. It does not check a
// checksum: the loaders (FashionMNIST, MNIST, ...) do.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return idx, nil
}

// WriteIDX writes an array of unsigned bytes in IDX format (uncompressed).
func WriteIDX(w io.Writer, dims []int, values []byte) error {
	if len(dims) == 0 || len(dims) > 255 || product(dims) != len(values) {
		return fmt.Errorf("cannot write %d values with dimensions %v: their product must equal the number of values", len(values), dims)
	}
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, d := range dims {
		if d < 0 || d > 1<<32-1 {
			return fmt.Errorf("dimension %d does not fit in an IDX header", d)
		}
		binary.Write(&buf, binary.BigEndian, uint32(d))
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(values)
	return err
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// shortErr names io.ErrUnexpectedEOF and io.EOF in words.
func shortErr(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("unexpected end of file")
	}
	return err
}
