# The PyTorch side of the course's convolutional autoencoder benchmark
# (internal/bench, spec "convae"): lesson 05c's autoencoder with the mirrored
# decoder, Conv2d -> ReLU -> MaxPool2d per encoder stage, ConvTranspose2d
# (stride 2) -> ReLU per decoder stage, a sigmoid at the end, the mean squared
# error per pixel, on the same images in the same order as nnlib's side
# (train.Loop's shuffle is NumPy's RandomState(seed).permutation, epoch after
# epoch), Adam, the same threads, measured the same way. Each framework
# initialises the weights its own way.
# It runs after torch_common.py (spec, mode, fashion_train_valid, train_timed):
# TorchCommand(spec[, "data"]) ; prints one JSON line (with "data", the data
# alone, for the tests: no torch, no training).

# The data: Fashion-MNIST's training part, pixels / 255; the first Train
# images to train on, ValidImages from ValidStart to validate on.
xtr, _, xva, _ = fashion_train_valid()
batch = spec["Batch"]
steps_per_epoch = len(xtr) // batch
rs = np.random.RandomState(spec["Seed"])

if mode == "data":
    print(json.dumps({
        "Train": len(xtr), "Valid": len(xva),
        "TrainSum": float(xtr.sum(dtype=np.float64)), "ValidSum": float(xva.sum(dtype=np.float64)),
        "FirstValid": xva[0].reshape(-1).tolist(),
        "FirstBatch": rs.permutation(len(xtr))[:batch].tolist(),
        "SecondEpochBatch": rs.permutation(len(xtr))[:batch].tolist(),
    }))
    sys.exit(0)

torch = start_torch()

conv, pad = spec["Conv"], spec["Padding"]
widths = [1] + conv
layers = []
for cin, cout in zip(widths[:-1], widths[1:]):
    layers += [torch.nn.Conv2d(cin, cout, 3, padding=pad), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
for i in range(len(widths) - 1, 0, -1):
    # Kernel 3, stride 2, padding 1, output_padding 1: twice the size.
    layers.append(torch.nn.ConvTranspose2d(widths[i], widths[i - 1], 3, stride=2, padding=1, output_padding=1))
    layers.append(torch.nn.ReLU() if i > 1 else torch.nn.Sigmoid())
model = torch.nn.Sequential(*layers)
# GoMLX's Adam uses epsilon 1e-7.
opt = torch.optim.Adam(model.parameters(), lr=spec["LR"], eps=1e-7)
lossf = torch.nn.MSELoss()
xtr_t, xva_t = torch.from_numpy(xtr), torch.from_numpy(xva)
assert model(xva_t[:2]).shape == xva_t[:2].shape, "the autoencoder's output is %s, not %s" % (model(xva_t[:2]).shape, xva_t[:2].shape)

def psnr():
    # nnlib/ae: the reconstructions of the validation images in batches of
    # 500, their mean squared error per pixel, 10·log10(1/MSE).
    model.eval()
    se = 0.0
    with torch.no_grad():
        for i in range(0, len(xva_t), 500):
            x = xva_t[i:i + 500]
            se += ((model(x) - x).double() ** 2).sum().item()
    model.train()
    return 10 * math.log10(1 / (se / xva_t.numel()))

def train_step(idxs):
    x = xtr_t[idxs]
    opt.zero_grad()
    loss = lossf(model(x), x)
    loss.backward()
    opt.step()
    return loss.item()

result, db = train_timed(lambda: torch.from_numpy(rs.permutation(len(xtr))), steps_per_epoch, train_step, psnr,
                         lambda db: db >= spec["TargetPSNR"], lambda db: "validation PSNR %.2f dB" % db)
result["PSNR"] = db
print_result(torch, result, ", oneDNN convolutions %s" % torch.backends.mkldnn.is_available())
