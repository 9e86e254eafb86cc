# The PyTorch side of the course's MLP benchmark (internal/bench): the same
# network, data, batch, optimizer and threads as nnlib's, measured the same way.
# Usage: python3 torch_mlp.py SPEC_JSON ; prints one JSON line.
import gzip, json, os, sys, time

spec = json.loads(sys.argv[1])
threads = spec["Threads"]
os.environ.setdefault("OMP_NUM_THREADS", str(threads))
import numpy as np
import torch

torch.set_num_threads(threads)
torch.manual_seed(spec["Seed"])

def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

tri, trl, tei, tel = spec["Files"]
xtr = torch.from_numpy(idx(tri).reshape(-1, 784).astype(np.float32) / 255)
ytr = torch.from_numpy(idx(trl).astype(np.int64))
xte = torch.from_numpy(idx(tei).reshape(-1, 784).astype(np.float32) / 255)
yte = torch.from_numpy(idx(tel).astype(np.int64))
onehot = torch.nn.functional.one_hot(ytr, 10).float()

sizes = spec["Sizes"]
layers = []
for i in range(len(sizes) - 1):
    layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
    if i < len(sizes) - 2:
        layers.append(torch.nn.ReLU())
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=spec["LR"])
lossf = torch.nn.BCEWithLogitsLoss()

batch, warmup, measure = spec["Batch"], spec["Warmup"], spec["Measure"]
steps_per_epoch = len(xtr) // batch
gen = torch.Generator().manual_seed(spec["Seed"])
step, clock_start, clock_end, reached, looking = 0, None, None, 0.0, 0.0
acc, epochs = 0.0, 0.0
start = time.perf_counter()
for epoch in range(spec["MaxEpochs"]):
    order = torch.randperm(len(xtr), generator=gen)
    for b in range(steps_per_epoch):
        idxs = order[b * batch:(b + 1) * batch]
        opt.zero_grad()
        loss = lossf(model(xtr[idxs]), onehot[idxs])
        loss.backward()
        opt.step()
        step += 1
        if step == warmup:
            clock_start = time.perf_counter()
        elif step == warmup + measure:
            clock_end = time.perf_counter()
    t0 = time.perf_counter()
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    looking += time.perf_counter() - t0
    epochs = step / steps_per_epoch
    if acc >= spec["Target"] and reached == 0:
        reached = time.perf_counter() - start - looking
    if reached and clock_end:
        break

maps = open("/proc/self/maps").read()
blas = "OpenBLAS" if "openblas" in maps.lower() else ("MKL" if "mkl" in maps.lower() else "reference BLAS or other")
print(json.dumps({
    "Framework": "PyTorch " + torch.__version__,
    "ExamplesPerSec": measure * batch / (clock_end - clock_start),
    "SecondsToTarget": reached,
    "Accuracy": acc,
    "Epochs": epochs,
    "Detail": "%s, %d threads" % (blas, torch.get_num_threads()),
}))
