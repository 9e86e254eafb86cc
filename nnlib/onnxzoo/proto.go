package onnxzoo

import (
	"encoding/binary"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// An ONNX file is a protocol buffer: a message of numbered fields, some of
// them messages in turn. onnx-gomlx keeps its generated ONNX types internal,
// so this file reads (and, for the edits of edit.go, rewrites) the few
// fields the package needs with protowire, by the field numbers of the ONNX
// standard (onnx/onnx.proto).

// Field numbers of onnx.proto, for the messages this package reads.
const (
	modelIRVersion       = 1 // ModelProto.ir_version
	modelProducerName    = 2 // ModelProto.producer_name
	modelProducerVersion = 3 // ModelProto.producer_version
	modelGraph           = 7 // ModelProto.graph
	modelOpsetImport     = 8 // ModelProto.opset_import
	opsetVersion         = 2 // OperatorSetIdProto.version

	graphNode        = 1  // GraphProto.node
	graphName        = 2  // GraphProto.name
	graphInitializer = 5  // GraphProto.initializer
	graphInput       = 11 // GraphProto.input
	graphOutput      = 12 // GraphProto.output

	nodeInput     = 1 // NodeProto.input
	nodeOutput    = 2 // NodeProto.output
	nodeName      = 3 // NodeProto.name
	nodeOpType    = 4 // NodeProto.op_type
	nodeAttribute = 5 // NodeProto.attribute

	attrName = 1  // AttributeProto.name
	attrI    = 3  // AttributeProto.i
	attrS    = 4  // AttributeProto.s
	attrInts = 8  // AttributeProto.ints
	attrType = 20 // AttributeProto.type

	attrTypeInts = 7 // AttributeProto.INTS

	valueName = 1 // ValueInfoProto.name
	valueType = 2 // ValueInfoProto.type

	typeTensor      = 1 // TypeProto.tensor_type
	tensorTypeElem  = 1 // TypeProto.Tensor.elem_type
	tensorTypeShape = 2 // TypeProto.Tensor.shape
	shapeDim        = 1 // TensorShapeProto.dim
	dimValue        = 1 // TensorShapeProto.Dimension.dim_value
	dimParam        = 2 // TensorShapeProto.Dimension.dim_param

	tensorDims      = 1 // TensorProto.dims
	tensorDataType  = 2 // TensorProto.data_type
	tensorFloatData = 4 // TensorProto.float_data
	tensorInt64Data = 7 // TensorProto.int64_data
	tensorName      = 8 // TensorProto.name
	tensorRawData   = 9 // TensorProto.raw_data

	dataTypeFloat = 1 // TensorProto.FLOAT
	dataTypeInt64 = 7 // TensorProto.INT64
)

// field is one field of a protobuf message, as it is on the wire.
type field struct {
	num protowire.Number
	typ protowire.Type
	v   uint64 // The value of a varint, fixed32 or fixed64 field.
	b   []byte // The bytes of a length-delimited field (string, bytes, message, packed list).
}

// message is a protobuf message as its fields, in their order on the wire.
type message []field

// decode splits a serialized message into its fields.
func decode(b []byte) (message, error) {
	var m message
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		b = b[n:]
		f := field{num: num, typ: typ}
		switch typ {
		case protowire.VarintType:
			f.v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			f.v = uint64(v)
		case protowire.Fixed64Type:
			f.v, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			f.b, n = protowire.ConsumeBytes(b)
		default:
			return nil, fmt.Errorf("protobuf field %d has wire type %d, which ONNX does not use", num, typ)
		}
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		b = b[n:]
		m = append(m, f)
	}
	return m, nil
}

// encode serializes m.
func (m message) encode() []byte {
	var b []byte
	for _, f := range m {
		b = protowire.AppendTag(b, f.num, f.typ)
		switch f.typ {
		case protowire.VarintType:
			b = protowire.AppendVarint(b, f.v)
		case protowire.Fixed32Type:
			b = protowire.AppendFixed32(b, uint32(f.v))
		case protowire.Fixed64Type:
			b = protowire.AppendFixed64(b, f.v)
		case protowire.BytesType:
			b = protowire.AppendBytes(b, f.b)
		}
	}
	return b
}

// all returns the bytes of every length-delimited field num (the elements of
// a repeated message or string field).
func (m message) all(num protowire.Number) [][]byte {
	var out [][]byte
	for _, f := range m {
		if f.num == num && f.typ == protowire.BytesType {
			out = append(out, f.b)
		}
	}
	return out
}

// strs returns the repeated string field num.
func (m message) strs(num protowire.Number) []string {
	var out []string
	for _, b := range m.all(num) {
		out = append(out, string(b))
	}
	return out
}

// str returns the string field num, or "" when it is absent.
func (m message) str(num protowire.Number) string {
	all := m.all(num)
	if len(all) == 0 {
		return ""
	}
	return string(all[len(all)-1])
}

// sub returns the message field num, decoded; nil when it is absent.
func (m message) sub(num protowire.Number) (message, error) {
	all := m.all(num)
	if len(all) == 0 {
		return nil, nil
	}
	return decode(all[len(all)-1])
}

// subs returns the repeated message field num, decoded.
func (m message) subs(num protowire.Number) ([]message, error) {
	var out []message
	for _, b := range m.all(num) {
		s, err := decode(b)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// int returns the integer field num, or 0 when it is absent.
func (m message) int(num protowire.Number) int64 {
	var v int64
	for _, f := range m {
		if f.num == num && f.typ == protowire.VarintType {
			v = int64(f.v)
		}
	}
	return v
}

// ints returns the repeated integer field num, written packed or not.
func (m message) ints(num protowire.Number) ([]int64, error) {
	var out []int64
	for _, f := range m {
		if f.num != num {
			continue
		}
		switch f.typ {
		case protowire.VarintType:
			out = append(out, int64(f.v))
		case protowire.BytesType:
			for b := f.b; len(b) > 0; {
				v, n := protowire.ConsumeVarint(b)
				if n < 0 {
					return nil, protowire.ParseError(n)
				}
				out = append(out, int64(v))
				b = b[n:]
			}
		}
	}
	return out, nil
}

// without returns m less its fields num.
func (m message) without(num protowire.Number) message {
	var out message
	for _, f := range m {
		if f.num != num {
			out = append(out, f)
		}
	}
	return out
}

// with returns m with the message fields num replaced by subs.
func (m message) with(num protowire.Number, subs ...message) message {
	out := m.without(num)
	for _, s := range subs {
		out = append(out, field{num: num, typ: protowire.BytesType, b: s.encode()})
	}
	return out
}

// packedInts is a repeated integer field num holding vs, packed.
func packedInts(num protowire.Number, vs ...int64) field {
	var b []byte
	for _, v := range vs {
		b = protowire.AppendVarint(b, uint64(v))
	}
	return field{num: num, typ: protowire.BytesType, b: b}
}

// stringField is a string field num.
func stringField(num protowire.Number, s string) field {
	return field{num: num, typ: protowire.BytesType, b: []byte(s)}
}

// varintField is an integer field num.
func varintField(num protowire.Number, v int64) field {
	return field{num: num, typ: protowire.VarintType, v: uint64(v)}
}

// tensor is an ONNX TensorProto read as float32 values (FLOAT) or int64
// values (INT64).
type tensor struct {
	name     string
	dims     []int
	dataType int64
	floats   []float32
	int64s   []int64
}

// size is the number of values: the product of dims.
func (t tensor) size() int {
	n := 1
	for _, d := range t.dims {
		n *= d
	}
	return n
}

// parseTensor reads a serialized TensorProto, such as an initializer of the
// model or the .pb files of the model zoo's test_data_set folders.
func parseTensor(b []byte) (tensor, error) {
	m, err := decode(b)
	if err != nil {
		return tensor{}, fmt.Errorf("not an ONNX TensorProto: %v", err)
	}
	return readTensor(m)
}

// readTensor reads a decoded TensorProto.
func readTensor(m message) (tensor, error) {
	t := tensor{name: m.str(tensorName), dataType: m.int(tensorDataType)}
	dims, err := m.ints(tensorDims)
	if err != nil {
		return t, err
	}
	for _, d := range dims {
		t.dims = append(t.dims, int(d))
	}
	raw := m.all(tensorRawData)
	switch t.dataType {
	case dataTypeFloat:
		if len(raw) > 0 { // Little-endian float32s.
			r := raw[len(raw)-1]
			for i := 0; i+4 <= len(r); i += 4 {
				t.floats = append(t.floats, math.Float32frombits(binary.LittleEndian.Uint32(r[i:])))
			}
			break
		}
		for _, f := range m {
			switch {
			case f.num != tensorFloatData:
			case f.typ == protowire.Fixed32Type:
				t.floats = append(t.floats, math.Float32frombits(uint32(f.v)))
			case f.typ == protowire.BytesType:
				for i := 0; i+4 <= len(f.b); i += 4 {
					t.floats = append(t.floats, math.Float32frombits(binary.LittleEndian.Uint32(f.b[i:])))
				}
			}
		}
		if len(t.floats) != t.size() {
			return t, fmt.Errorf("tensor %q of shape %v holds %d values", t.name, t.dims, len(t.floats))
		}
	case dataTypeInt64:
		if len(raw) > 0 {
			r := raw[len(raw)-1]
			for i := 0; i+8 <= len(r); i += 8 {
				t.int64s = append(t.int64s, int64(binary.LittleEndian.Uint64(r[i:])))
			}
		} else if t.int64s, err = m.ints(tensorInt64Data); err != nil {
			return t, err
		}
		if len(t.int64s) != t.size() {
			return t, fmt.Errorf("tensor %q of shape %v holds %d values", t.name, t.dims, len(t.int64s))
		}
	default:
		return t, fmt.Errorf("tensor %q has data type %d, neither FLOAT (1) nor INT64 (7)", t.name, t.dataType)
	}
	return t, nil
}
