# The PyTorch side of the course's residual network benchmark
# (internal/bench, spec "resnet"): lesson 05d's residual-20 with batch
# normalisation, nnlib/cnn's Deep (Join Residual, BatchNorm) written as
# PyTorch modules, on Fashion-MNIST halved to 14×14 as data.HalfSize halves
# it, the same images in the same order as nnlib's side (train.Loop's
# shuffle is NumPy's RandomState(seed).permutation, epoch after epoch),
# softmax cross-entropy, Adam, the same threads, measured the same way. The
# weights start as nnlib's do (in distribution: each side draws its own):
# He-normal kernels and dense weights, std √(2/fan_in), no biases but the
# dense layer's, zero; batch normalisation's scale 1 and offset 0.
# It runs after torch_common.py (spec, mode, fashion_train_valid, train_timed):
# TorchCommand(spec[, "data" | "check", FILE]) ; prints one JSON line. With
# "data", the data alone, for the tests (no torch, no training); with
# "check", what the model computes from nnlib's weights, for the tests (see
# check below).

# The data: Fashion-MNIST's training part, pixels / 255, halved: each pixel
# the mean of a 2×2 square, summed in data.HalfSize's order in float32.
xtr, ytr, xva, yva = fashion_train_valid()


def half(x):
    return (x[:, :, 0::2, 0::2] + x[:, :, 0::2, 1::2] + x[:, :, 1::2, 0::2] + x[:, :, 1::2, 1::2]) / np.float32(4)


xtr, xva = half(xtr), half(xva)
batch = spec["Batch"]
steps_per_epoch = len(xtr) // batch
rs = np.random.RandomState(spec["Seed"])

if mode == "data":
    print(json.dumps({
        "Train": len(xtr), "Valid": len(xva), "Shape": list(xtr.shape[1:]),
        "TrainSum": float(xtr.sum(dtype=np.float64)), "ValidSum": float(xva.sum(dtype=np.float64)),
        "FirstValid": xva[0].reshape(-1).tolist(), "LastTrain": xtr[-1].reshape(-1).tolist(),
        "TrainLabels": ytr[:1000].tolist(), "ValidLabels": yva[:1000].tolist(),
        "FirstBatch": rs.permutation(len(xtr))[:batch].tolist(),
        "SecondEpochBatch": rs.permutation(len(xtr))[:batch].tolist(),
    }))
    sys.exit(0)

torch = start_torch()
import torch.nn as nn
import torch.nn.functional as F


class BatchNorm(nn.BatchNorm2d):
    """nnlib/cnn's BatchNorm: the minibatch's mean and (biased) variance per
    channel in training, ε = 1e-5, a scale (1 to start) and an offset (0).
    Its running averages start from the first minibatch's statistics: at the
    n-th training step they keep min(0.9, 1 − 1/n) of themselves, PyTorch's
    momentum max(0.1, 1/n). (PyTorch's running variance is the unbiased one,
    N/(N − 1) times nnlib's for N values per channel, 2,048 or more here: a
    difference of 0.05% at most, which only evaluation sees.)"""

    def __init__(self, channels):
        super().__init__(channels, eps=1e-5, momentum=0.1)
        self.steps = 0

    def forward(self, x):
        if self.training:
            self.steps += 1
            self.momentum = max(0.1, 1.0 / self.steps)
        return super().forward(x)


def he(layer):
    nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")  # std √(2/fan_in), as GoMLX's He initialiser.
    return layer


def conv(cin, cout, k, stride=1):
    # nnlib: padding 1 for 3×3, none for the 1×1 shortcut; no bias (batch normalisation follows).
    return he(nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False))


class Block(nn.Module):
    """y = ReLU(BN(conv3×3(x, stride))), y = BN(conv3×3(y)), ReLU(y +
    shortcut): x, or BN(conv1×1(x, stride)) where the block changes the size
    or the width."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = conv(cin, cout, 3, stride), BatchNorm(cout)
        self.conv2, self.bn2 = conv(cout, cout, 3), BatchNorm(cout)
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(conv(cin, cout, 1, stride), BatchNorm(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.skip is None else self.skip(x)))


class ResNet(nn.Module):
    """A 3×3 convolution to widths[0] channels, BN, ReLU; a stage of blocks
    per width, the first block of every stage after the first of stride 2;
    global average pooling; a dense layer to the classes' logits."""

    def __init__(self, widths, blocks, classes=10):
        super().__init__()
        self.conv, self.bn = conv(1, widths[0], 3), BatchNorm(widths[0])
        stages, cin = [], widths[0]
        for s, w in enumerate(widths):
            for k in range(blocks):
                stages.append(Block(cin, w, 2 if s > 0 and k == 0 else 1))
                cin = w
        self.blocks = nn.Sequential(*stages)
        self.fc = he(nn.Linear(cin, classes))
        nn.init.zeros_(self.fc.bias)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn(self.conv(x))))
        return self.fc(x.mean((2, 3)))


model = ResNet(spec["Widths"], spec["Blocks"])
# GoMLX's Adam uses epsilon 1e-7.
opt = torch.optim.Adam(model.parameters(), lr=spec["LR"], eps=1e-7)


def nnlib_scopes():
    """The convolutions and their batch normalisations, each with the scope
    nnlib/cnn's Deep gives it: conv01, conv02, ... on the main path, in
    order (cnn.DeepConvScope), skip1, skip2, ... for the shortcuts."""
    out, convs, skips = [("conv01", model.conv, model.bn)], 1, 0
    for b in model.blocks:
        out += [("conv%02d" % (convs + 1), b.conv1, b.bn1), ("conv%02d" % (convs + 2), b.conv2, b.bn2)]
        convs += 2
        if b.skip is not None:
            skips += 1
            out.append(("skip%d" % skips, b.skip[0], b.skip[1]))
    return out


if mode == "check":
    # The model given nnlib's weights (FILE: {"Params": nnlib/cnn's Params,
    # "Images": [n, 14, 14, 1] flat, "Labels": [n]}), in training mode:
    # its logits and loss on the images, the running averages of batch
    # normalisation after that step (the variance made biased again, as
    # nnlib's), and the loss after one step of Adam.
    with open(sys.argv[3]) as f:
        check = json.load(f)
    params = {p["Path"]: torch.tensor(p["Values"], dtype=torch.float32).reshape(p["Dims"]) for p in check["Params"]}
    used = set()

    def put(dst, path, layout=lambda t: t):
        src = layout(params[path])
        assert tuple(src.shape) == tuple(dst.shape), "%s: nnlib's shape %s, PyTorch's %s" % (path, tuple(src.shape), tuple(dst.shape))
        dst.copy_(src)
        used.add(path)

    values = {}
    with torch.no_grad():
        for scope, c, bn in nnlib_scopes():
            put(c.weight, "/%s/kernel" % scope, lambda k: k.permute(3, 2, 0, 1))  # [kh, kw, in, out] -> [out, in, kh, kw]
            for ours, theirs in [("scale", bn.weight), ("offset", bn.bias), ("mean", bn.running_mean), ("variance", bn.running_var)]:
                put(theirs, "/%s/bn/%s" % (scope, ours))
            bn.steps = int(params["/%s/bn/count" % scope].item())
            used.add("/%s/bn/count" % scope)
            bn.register_forward_hook(lambda m, x, y, scope=scope: values.__setitem__(scope, x[0].numel() // x[0].shape[1]))
        put(model.fc.weight, "/output/dense/weights", lambda w: w.T)  # [in, out] -> [out, in]
        put(model.fc.bias, "/output/dense/biases")
    assert used == set(params), "nnlib's variables with no place in the PyTorch model: %s" % sorted(set(params) - used)
    n = len(check["Labels"])
    x = torch.tensor(check["Images"], dtype=torch.float32).reshape(n, 14, 14, 1).permute(0, 3, 1, 2).contiguous()
    y = torch.tensor(check["Labels"], dtype=torch.int64)
    model.train()
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    running = {}
    for scope, _, bn in nnlib_scopes():
        v = values[scope]
        running["/%s/bn/mean" % scope] = bn.running_mean.tolist()
        running["/%s/bn/variance" % scope] = (bn.running_var * (v - 1) / v).tolist()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        after = F.cross_entropy(model(x), y).item()
    print(json.dumps({"Logits": logits.detach().reshape(-1).tolist(), "Loss": loss.item(), "Running": running, "LossAfterStep": after}))
    sys.exit(0)

xtr_t, ytr_t, xva_t, yva_t = torch.from_numpy(xtr), torch.from_numpy(ytr), torch.from_numpy(xva), torch.from_numpy(yva)


def validation_accuracy():
    # nnlib/cnn: the validation images in batches of 500, batch
    # normalisation with its running averages.
    return accuracy(torch, model, xva_t, yva_t, 500)


def train_step(idxs):
    opt.zero_grad()
    loss = F.cross_entropy(model(xtr_t[idxs]), ytr_t[idxs])
    loss.backward()
    opt.step()
    return loss.item()


result, acc = train_timed(lambda: torch.from_numpy(rs.permutation(len(xtr))), steps_per_epoch, train_step, validation_accuracy,
                          lambda acc: acc >= spec["Target"], lambda acc: "validation accuracy %.2f%%" % (100 * acc))
result["Accuracy"] = acc
print_result(torch, result, ", oneDNN convolutions %s" % torch.backends.mkldnn.is_available())
