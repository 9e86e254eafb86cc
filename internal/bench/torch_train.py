# The PyTorch side of the course's benchmarks (internal/bench): the same
# network, data, batch, optimizer and threads as nnlib's, measured the same way.
# Spec "mlp": lessons 01-04's MLP (sigmoid outputs, binary cross-entropy).
# Spec "cnn": lesson 05a's CNN (softmax cross-entropy, dropout, cosine decay).
# It runs after torch_common.py (spec, idx, start_torch, accuracy,
# print_result): TorchCommand(spec) ; prints one JSON line.
torch = start_torch()

cnn = spec["Name"] == "cnn"
shape = (-1, 1, 28, 28) if cnn else (-1, 784)
tri, trl, tei, tel = spec["Files"]
xtr = torch.from_numpy(idx(tri).reshape(shape).astype(np.float32) / 255)
ytr = torch.from_numpy(idx(trl).astype(np.int64))
if spec["Train"]:
    xtr, ytr = xtr[:spec["Train"]], ytr[:spec["Train"]]
xte = torch.from_numpy(idx(tei).reshape(shape).astype(np.float32) / 255)
yte = torch.from_numpy(idx(tel).astype(np.int64))

layers = []
if cnn:
    channels, side = 1, 28
    for filters in spec["Conv"]:
        layers += [torch.nn.Conv2d(channels, filters, 3, padding=spec["Padding"]), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
        channels, side = filters, (side + 2 * spec["Padding"] - 2) // 2
    p = spec["Dropout"]
    layers += [torch.nn.Flatten(), torch.nn.Dropout(p / 2), torch.nn.Linear(channels * side * side, spec["Dense"]),
               torch.nn.ReLU(), torch.nn.Dropout(p), torch.nn.Linear(spec["Dense"], 10)]
    lossf = torch.nn.CrossEntropyLoss()
    target = ytr
else:
    sizes = spec["Sizes"]
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    lossf = torch.nn.BCEWithLogitsLoss()
    target = torch.nn.functional.one_hot(ytr, 10).float()
model = torch.nn.Sequential(*layers)
# GoMLX's Adam uses epsilon 1e-7.
opt = torch.optim.Adam(model.parameters(), lr=spec["LR"], eps=1e-7)

batch, warmup, measure = spec["Batch"], spec["Warmup"], spec["Measure"]
steps_per_epoch = len(xtr) // batch
total = steps_per_epoch * spec["MaxEpochs"]
sched = None
if spec["Cosine"]:
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))


gen = torch.Generator().manual_seed(spec["Seed"])
step, clock_start, clock_end, reached, looking = 0, None, None, 0.0, 0.0
acc, epochs = 0.0, 0.0
start = time.perf_counter()
for epoch in range(spec["MaxEpochs"]):
    order = torch.randperm(len(xtr), generator=gen)
    for b in range(steps_per_epoch):
        idxs = order[b * batch:(b + 1) * batch]
        opt.zero_grad()
        loss = lossf(model(xtr[idxs]), target[idxs])
        loss.backward()
        opt.step()
        if sched:
            sched.step()
        step += 1
        if step == warmup:
            clock_start = time.perf_counter()
        elif step == warmup + measure:
            clock_end = time.perf_counter()
    t0 = time.perf_counter()
    acc = accuracy(torch, model, xte, yte, 1000)
    looking += time.perf_counter() - t0
    epochs = step / steps_per_epoch
    if acc >= spec["Target"] and reached == 0:
        reached = time.perf_counter() - start - looking
    if reached and clock_end:
        break

print_result(torch, {
    "ExamplesPerSec": measure * batch / (clock_end - clock_start),
    "SecondsToTarget": reached,
    "Accuracy": acc,
    "Epochs": epochs,
}, ", oneDNN convolutions %s" % torch.backends.mkldnn.is_available() if cnn else "")
