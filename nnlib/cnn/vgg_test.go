package cnn

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// kerasVGG16 is Keras's summary of keras.applications.VGG16(): each layer's
// name, output shape (batch left out) and parameters, typed in from its table.
var kerasVGG16 = []struct {
	name   string
	kind   LayerKind
	shape  []int
	params int
}{
	{"block1_conv1", ConvLayer, []int{224, 224, 64}, 1_792},
	{"block1_conv2", ConvLayer, []int{224, 224, 64}, 36_928},
	{"block1_pool", PoolLayer, []int{112, 112, 64}, 0},
	{"block2_conv1", ConvLayer, []int{112, 112, 128}, 73_856},
	{"block2_conv2", ConvLayer, []int{112, 112, 128}, 147_584},
	{"block2_pool", PoolLayer, []int{56, 56, 128}, 0},
	{"block3_conv1", ConvLayer, []int{56, 56, 256}, 295_168},
	{"block3_conv2", ConvLayer, []int{56, 56, 256}, 590_080},
	{"block3_conv3", ConvLayer, []int{56, 56, 256}, 590_080},
	{"block3_pool", PoolLayer, []int{28, 28, 256}, 0},
	{"block4_conv1", ConvLayer, []int{28, 28, 512}, 1_180_160},
	{"block4_conv2", ConvLayer, []int{28, 28, 512}, 2_359_808},
	{"block4_conv3", ConvLayer, []int{28, 28, 512}, 2_359_808},
	{"block4_pool", PoolLayer, []int{14, 14, 512}, 0},
	{"block5_conv1", ConvLayer, []int{14, 14, 512}, 2_359_808},
	{"block5_conv2", ConvLayer, []int{14, 14, 512}, 2_359_808},
	{"block5_conv3", ConvLayer, []int{14, 14, 512}, 2_359_808},
	{"block5_pool", PoolLayer, []int{7, 7, 512}, 0},
	{"flatten", FlattenLayer, []int{25088}, 0},
	{"fc1", DenseLayer, []int{4096}, 102_764_544},
	{"fc2", DenseLayer, []int{4096}, 16_781_312},
	{"predictions", DenseLayer, []int{1000}, 4_097_000},
}

// TestVGG16MatchesKeras compares VGG16's layers, one by one, with Keras's
// published summary, and its total of 138,357,544 parameters.
func TestVGG16MatchesKeras(t *testing.T) {
	s := VGG16()
	if s.Name != "vgg16" || !slices.Equal(s.Input, []int{224, 224, 3}) {
		t.Errorf("name %q, input %v: want vgg16, [224 224 3]", s.Name, s.Input)
	}
	if len(s.Layers) != len(kerasVGG16) {
		t.Fatalf("%d layers, Keras has %d", len(s.Layers), len(kerasVGG16))
	}
	sum := 0
	for i, want := range kerasVGG16 {
		got := s.Layers[i]
		if got.Name != want.name || got.Kind != want.kind || !slices.Equal(got.Shape, want.shape) || got.Params != want.params {
			t.Errorf("layer %d: %s %s %v with %d params, Keras has %s %s %v with %d", i, got.Name, got.Kind, got.Shape, got.Params, want.name, want.kind, want.shape, want.params)
		}
		wantAct := map[LayerKind]string{ConvLayer: "relu", DenseLayer: "relu"}[want.kind]
		if want.name == "predictions" {
			wantAct = "softmax"
		}
		if got.Activation != wantAct {
			t.Errorf("%s: activation %q, want %q", got.Name, got.Activation, wantAct)
		}
		sum += want.params
	}
	if sum != 138_357_544 {
		t.Fatalf("the typed-in table sums to %d", sum)
	}
	if s.Params() != 138_357_544 {
		t.Errorf("VGG16 has %d parameters, Keras says 138,357,544", s.Params())
	}
	if s.Bytes() != 4*138_357_544 {
		t.Errorf("VGG16's float32 weights take %d bytes, want %d", s.Bytes(), 4*138_357_544)
	}
	if l, err := s.Layer("fc1"); err != nil || l.Params != 102_764_544 {
		t.Errorf("Layer(fc1) = %+v, %v", l, err)
	}
	if _, err := s.Layer("block6_conv1"); err == nil || !strings.Contains(err.Error(), "block5_pool") {
		t.Errorf("Layer(block6_conv1): error %v, want one listing the layers", err)
	}
}

// TestVGG16MACs checks VGG16's multiply–adds against a closed form written
// per block, and against the commonly quoted 15.47 G.
func TestVGG16MACs(t *testing.T) {
	// A block of n convolutions of f filters on a side×side image whose
	// first convolution takes cin channels: each of the side²·f outputs
	// of a convolution is a dot product of 3·3·(input channels) terms.
	block := func(side, cin, f, n int) int64 {
		return int64(side*side*f) * 9 * int64(cin+(n-1)*f)
	}
	want := block(224, 3, 64, 2) + block(112, 64, 128, 2) + block(56, 128, 256, 3) +
		block(28, 256, 512, 3) + block(14, 512, 512, 3) +
		7*7*512*4096 + 4096*4096 + 4096*1000
	s := VGG16()
	if got := s.MACs(); got != want {
		t.Errorf("VGG16 costs %d multiply–adds per image, the closed form %d", got, want)
	}
	if got := float64(s.MACs()); math.Abs(got-15.47e9) > 0.005*15.47e9 {
		t.Errorf("VGG16 costs %.4g multiply–adds per image, want 15.47 G within 0.5%%", got)
	}
	for _, l := range s.Layers {
		if (l.Kind == PoolLayer || l.Kind == FlattenLayer) && (l.MACs != 0 || l.Params != 0) {
			t.Errorf("%s: %d MACs and %d params, want none", l.Name, l.MACs, l.Params)
		}
	}
	// Two 3×3 convolutions see 5×5 pixels (VGG's argument); each layer
	// widens the field by (its kernel − 1) times the input pixels between
	// its inputs, which each pooling doubles.
	for name, want := range map[string]int{"block1_conv2": 5, "block1_pool": 6, "block3_conv3": 1 + 2 + 2 + 1 + 4 + 4 + 2 + 8 + 8 + 8, "block5_pool": 212} {
		if l, _ := s.Layer(name); l.Field != want {
			t.Errorf("%s sees %d×%d pixels, want %d×%d", name, l.Field, l.Field, want, want)
		}
	}
}

// TestVGGStyleSmall checks a small cousin of VGG16 for 28×28 grey images,
// every count worked out by hand.
func TestVGGStyleSmall(t *testing.T) {
	s, err := VGGStyle(28, 28, 1, [][]int{{32, 32}, {64, 64}}, []int{128}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []LayerSpec{
		{Name: "block1_conv1", Kind: ConvLayer, Shape: []int{28, 28, 32}, Kernel: 3, Stride: 1, Activation: "relu",
			Params: 9*1*32 + 32, MACs: 28 * 28 * 32 * 9, Field: 3},
		{Name: "block1_conv2", Kind: ConvLayer, Shape: []int{28, 28, 32}, Kernel: 3, Stride: 1, Activation: "relu",
			Params: 9*32*32 + 32, MACs: 28 * 28 * 32 * 288, Field: 5},
		{Name: "block1_pool", Kind: PoolLayer, Shape: []int{14, 14, 32}, Kernel: 2, Stride: 2, Field: 6},
		{Name: "block2_conv1", Kind: ConvLayer, Shape: []int{14, 14, 64}, Kernel: 3, Stride: 1, Activation: "relu",
			Params: 9*32*64 + 64, MACs: 14 * 14 * 64 * 288, Field: 10},
		{Name: "block2_conv2", Kind: ConvLayer, Shape: []int{14, 14, 64}, Kernel: 3, Stride: 1, Activation: "relu",
			Params: 9*64*64 + 64, MACs: 14 * 14 * 64 * 576, Field: 14},
		{Name: "block2_pool", Kind: PoolLayer, Shape: []int{7, 7, 64}, Kernel: 2, Stride: 2, Field: 16},
		{Name: "flatten", Kind: FlattenLayer, Shape: []int{3136}},
		{Name: "fc1", Kind: DenseLayer, Shape: []int{128}, Activation: "relu", Params: 3136*128 + 128, MACs: 3136 * 128},
		{Name: "predictions", Kind: DenseLayer, Shape: []int{10}, Activation: "softmax", Params: 128*10 + 10, MACs: 1280},
	}
	if !slices.EqualFunc(s.Layers, want, func(a, b LayerSpec) bool {
		return a.Name == b.Name && a.Kind == b.Kind && slices.Equal(a.Shape, b.Shape) && a.Kernel == b.Kernel &&
			a.Stride == b.Stride && a.Activation == b.Activation && a.Params == b.Params && a.MACs == b.MACs && a.Field == b.Field
	}) {
		t.Errorf("layers\n%+v\nwant\n%+v", s.Layers, want)
	}
	// 320 + 9,248 + 18,496 + 36,928 + 401,536 + 1,290, and
	// 225,792 + 7,225,344 + 3,612,672 + 7,225,344 + 401,408 + 1,280.
	if s.Params() != 467_818 || s.MACs() != 18_691_840 || s.Name != "vgg6" {
		t.Errorf("%s: %d params, %d MACs; want vgg6, 467,818 and 18,691,840", s.Name, s.Params(), s.MACs())
	}
	// Odd sizes round down at a pooling, as Keras's "valid" pooling does.
	odd, err := VGGStyle(15, 9, 3, [][]int{{8}, {8}}, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := odd.Layer("block2_pool"); !slices.Equal(l.Shape, []int{3, 2, 8}) {
		t.Errorf("15×9 image after two poolings: %v, want [3 2 8]", l.Shape)
	}
	if l, _ := odd.Layer("predictions"); l.Params != 3*2*8*2+2 || odd.Name != "vgg3" {
		t.Errorf("%s: predictions %+v", odd.Name, l)
	}
}

// TestVGGStyleMatchesArch checks that a VGG-style network of one
// convolution per block has the shapes and receptive fields of the course's
// CNN (Arch with padding 1, Stages). The parameters are not compared: Arch
// counts them only once built and trained (Net.NumParams).
func TestVGGStyleMatchesArch(t *testing.T) {
	a := Small()
	a.Padding = 1
	s, err := VGGStyle(a.Height, a.Width, a.Channels, [][]int{{a.Filters[0]}, {a.Filters[1]}}, []int{a.Dense}, a.Classes)
	if err != nil {
		t.Fatal(err)
	}
	stages := a.Stages()
	for i, st := range stages {
		l := s.Layers[i]
		if !slices.Equal(l.Shape, []int{st.Height, st.Width, st.Channels}) || l.Field != st.Field {
			t.Errorf("%s: shape %v, field %d; Arch's %s: %d×%d×%d, field %d", l.Name, l.Shape, l.Field, st.Name, st.Height, st.Width, st.Channels, st.Field)
		}
	}
	if s.Layers[len(stages)].Kind != FlattenLayer {
		t.Errorf("layer %d is %s, want the flatten", len(stages), s.Layers[len(stages)].Name)
	}
}

// TestVGGStyleErrors checks that bad descriptions are refused with a
// sentence, not a panic.
func TestVGGStyleErrors(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		height, width, channels int
		blocks                  [][]int
		dense                   []int
		classes                 int
		want                    string
	}{
		{"zero height", 0, 224, 3, [][]int{{64}}, nil, 10, "must be positive"},
		{"negative channels", 224, 224, -1, [][]int{{64}}, nil, 10, "must be positive"},
		{"no block", 224, 224, 3, nil, nil, 10, "at least one block"},
		{"empty block", 224, 224, 3, [][]int{{64}, {}}, nil, 10, "block 2 has no convolution"},
		{"zero filters", 224, 224, 3, [][]int{{64, 0}}, nil, 10, "convolution 2 of block 1 has 0 filters"},
		{"negative filters", 224, 224, 3, [][]int{{64}, {-8}}, nil, 10, "convolution 1 of block 2 has -8 filters"},
		{"pools below 1×1", 4, 4, 1, [][]int{{8}, {8}, {8}}, nil, 10, "block 3's pooling gets 1×1"},
		{"narrow image", 224, 1, 3, [][]int{{8}}, nil, 10, "block 1's pooling gets 224×1"},
		{"six poolings of 32×32", 32, 32, 3, [][]int{{8}, {8}, {8}, {8}, {8}, {8}}, nil, 10, "too small for 6 blocks"},
		{"zero dense units", 28, 28, 1, [][]int{{8}}, []int{128, 0}, 10, "dense layer 2 has 0 units"},
		{"one class", 28, 28, 1, [][]int{{8}}, nil, 1, "at least 2"},
	} {
		_, err := VGGStyle(tc.height, tc.width, tc.channels, tc.blocks, tc.dense, tc.classes)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// TestVGG16Table checks the printed table: Keras's rows, aligned, and its
// totals.
func TestVGG16Table(t *testing.T) {
	s := VGG16()
	table := s.Table()
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if lines[0] != `Model: "vgg16"` {
		t.Errorf("title %q", lines[0])
	}
	// Title, header, rule, the input and 22 layers, rule, 3 totals.
	if len(lines) != 3+1+len(kerasVGG16)+1+3 {
		t.Fatalf("%d lines:\n%s", len(lines), table)
	}
	rows := lines[3 : 4+len(kerasVGG16)]
	width := len([]rune(lines[2]))
	for i, row := range rows {
		fields := strings.Fields(row)
		if len([]rune(row)) != width {
			t.Errorf("row %q is %d wide, the rule %d: the params column is not aligned", row, len([]rune(row)), width)
		}
		if i == 0 {
			if !strings.HasPrefix(row, "input_layer (InputLayer)") || fields[len(fields)-1] != "0" || !strings.Contains(row, "(224, 224, 3)") {
				t.Errorf("input row %q", row)
			}
			continue
		}
		k := kerasVGG16[i-1]
		if !strings.HasPrefix(row, k.name+" ("+k.kind.KerasClass()+")") || !strings.Contains(row, shapeString(k.shape)) || fields[len(fields)-1] != thousands(int64(k.params)) {
			t.Errorf("row %q, want %s, %v, %d", row, k.name, k.shape, k.params)
		}
	}
	if !strings.Contains(table, "block1_conv1 (Conv2D)") || !strings.Contains(table, "(224, 224, 64)") ||
		!strings.Contains(table, "(25088)") || !strings.HasSuffix(rows[len(rows)-1], " 4,097,000") {
		t.Errorf("table:\n%s", table)
	}
	for _, want := range []string{"Total params: 138,357,544 (527.79 MB)", "Trainable params: 138,357,544 (527.79 MB)", "Non-trainable params: 0 (0.00 B)"} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line %q in\n%s", want, table)
		}
	}
	cost := s.CostTable()
	if !strings.Contains(cost, "Multiply-adds per image: 15,470,264,320 (15.47 G)") || !strings.Contains(cost, "1,849,688,064") {
		t.Errorf("cost table:\n%s", cost)
	}
	t.Log("\n" + table + "\n" + cost)
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 36928: "36,928", 102764544: "102,764,544", 138357544: "138,357,544", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0.00 B", 1023: "1023.00 B", 1024: "1.00 KB", 553430176: "527.79 MB"} {
		if got := memorySize(n); got != want {
			t.Errorf("memorySize(%d) = %q, want %q", n, got, want)
		}
	}
}
