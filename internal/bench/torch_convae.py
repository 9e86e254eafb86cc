# The PyTorch side of the course's convolutional autoencoder benchmark
# (internal/bench, spec "convae"): lesson 05c's autoencoder with the mirrored
# decoder, Conv2d -> ReLU -> MaxPool2d per encoder stage, ConvTranspose2d
# (stride 2) -> ReLU per decoder stage, a sigmoid at the end, the mean squared
# error per pixel, on the same images in the same order as nnlib's side
# (train.Loop's shuffle is NumPy's RandomState(seed).permutation, epoch after
# epoch), Adam, the same threads, measured the same way. Each framework
# initialises the weights its own way.
# Usage: python3 torch_convae.py SPEC_JSON [data] ; prints one JSON line
# (with "data", the data alone, for the tests: no torch, no training).
import gzip, json, math, os, sys, time

spec = json.loads(sys.argv[1])
threads = spec["Threads"]
os.environ.setdefault("OMP_NUM_THREADS", str(threads))
import numpy as np

def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

# The data: Fashion-MNIST's training part, pixels / 255; the first Train
# images to train on, ValidImages from ValidStart to validate on.
full = idx(spec["Files"][0]).reshape(-1, 1, 28, 28).astype(np.float32) / 255
n, v0, nv = spec["Train"], spec["ValidStart"], spec["ValidImages"]
assert n >= 1 and nv >= 1 and v0 >= n and v0 + nv <= len(full), "training images %d, validation %d from %d, of %d" % (n, nv, v0, len(full))
xtr, xva = full[:n], full[v0:v0 + nv]
batch = spec["Batch"]
steps_per_epoch = len(xtr) // batch
rs = np.random.RandomState(spec["Seed"])

if len(sys.argv) > 2 and sys.argv[2] == "data":
    print(json.dumps({
        "Train": len(xtr), "Valid": len(xva),
        "TrainSum": float(xtr.sum(dtype=np.float64)), "ValidSum": float(xva.sum(dtype=np.float64)),
        "FirstValid": xva[0].reshape(-1).tolist(),
        "FirstBatch": rs.permutation(len(xtr))[:batch].tolist(),
        "SecondEpochBatch": rs.permutation(len(xtr))[:batch].tolist(),
    }))
    sys.exit(0)

import torch

torch.set_num_threads(threads)
torch.manual_seed(spec["Seed"])

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

warmup, measure = spec["Warmup"], spec["Measure"]
step, trained, measured, reached, db, epochs = 0, 0.0, 0.0, 0.0, 0.0, 0.0
done = False
for epoch in range(spec["MaxEpochs"]):
    order = torch.from_numpy(rs.permutation(len(xtr)))
    for b in range(steps_per_epoch):
        t0 = time.perf_counter()
        x = xtr_t[order[b * batch:(b + 1) * batch]]
        opt.zero_grad()
        loss = lossf(model(x), x)
        loss.backward()
        opt.step()
        loss = loss.item()
        dt = time.perf_counter() - t0
        step += 1
        trained += dt
        if warmup < step <= warmup + measure:
            measured += dt
        if not math.isfinite(loss):
            sys.exit("the loss is %s at step %d" % (loss, step))
        if step % spec["EvalEvery"] == 0:
            db, epochs = psnr(), step / steps_per_epoch
            print("step %d: validation PSNR %.2f dB after %.1f s of training" % (step, db, trained), file=sys.stderr, flush=True)
            if db >= spec["TargetPSNR"] and reached == 0:
                reached = trained
            if reached and step >= warmup + measure:
                done = True
                break
    if done:
        break
if step < warmup + measure:
    sys.exit("training stopped before the %d timed steps" % measure)

maps = open("/proc/self/maps").read().lower()
blas = "OpenBLAS" if "openblas" in maps else ("MKL" if "mkl" in maps else "reference BLAS or other")
print(json.dumps({
    "Framework": "PyTorch " + torch.__version__,
    "ExamplesPerSec": measure * batch / measured,
    "SecondsToTarget": reached,
    "PSNR": db,
    "Epochs": epochs,
    "Detail": "%s, %d threads, oneDNN convolutions %s" % (blas, torch.get_num_threads(), torch.backends.mkldnn.is_available()),
}))
