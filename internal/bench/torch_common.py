# What the PyTorch sides of the course's benchmarks share (internal/bench:
# torch_train.py, torch_lstm.py, torch_convae.py, torch_resnet.py).
# TorchCommand runs it first and the model's script after it, as one
# program: python3 -c "<this><the model's script>" SPEC_JSON [MODE ...]. It
# reads the spec, sets the threads, reads Fashion-MNIST's files, starts
# torch, measures a classifier's accuracy, trains as nnlib's side does for
# the models measured every EvalEvery steps (train_timed: bench.timedRun's
# loop, timed the same way) and prints the result as one JSON line.
import gzip, json, math, os, sys, time

spec = json.loads(sys.argv[1])
threads = spec["Threads"]
os.environ.setdefault("OMP_NUM_THREADS", str(threads))
import numpy as np

# "data": print the data the model would train on, for the tests, and train
# nothing (without importing torch); a script may have other modes.
mode = sys.argv[2] if len(sys.argv) > 2 else "train"


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion_train_valid():
    """Fashion-MNIST's training part as bench.TrainAndValid cuts it, pixels
    / 255, images [n, 1, 28, 28]: the first Train images and their labels to
    train on, ValidImages from ValidStart to validate on."""
    x = idx(spec["Files"][0]).reshape(-1, 1, 28, 28).astype(np.float32) / 255
    y = idx(spec["Files"][1]).astype(np.int64)
    n, v0, nv = spec["Train"], spec["ValidStart"], spec["ValidImages"]
    assert n >= 1 and nv >= 1 and v0 >= n and v0 + nv <= len(x), "training images %d, validation %d from %d, of %d" % (n, nv, v0, len(x))
    return x[:n], y[:n], x[v0:v0 + nv], y[v0:v0 + nv]


def start_torch():
    """Imports torch, on the spec's threads, its generator seeded."""
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(spec["Seed"])
    return torch


def accuracy(torch, model, x, y, size):
    """The fraction of the images x whose label y the model predicts, in
    batches of size, in evaluation mode (batch normalisation with its
    running averages, no dropout)."""
    model.eval()
    right = 0
    with torch.no_grad():
        for i in range(0, len(x), size):
            right += (model(x[i:i + size]).argmax(1) == y[i:i + size]).sum().item()
    model.train()
    return right / len(x)


def train_timed(epoch_order, steps_per_epoch, train_step, evaluate, reached_at, show):
    """Trains as bench.timedRun does: at most MaxEpochs epochs of
    steps_per_epoch steps, each epoch's minibatches cut from epoch_order()
    (the examples' indexes, in the epoch's order), train_step(indexes) one
    step on them that returns its loss as a float. Steps Warmup+1 to
    Warmup+Measure are timed; every EvalEvery steps evaluate() measures the
    model, show(value) says it on standard error, and reached_at(value) says
    whether it meets the target: the training time (evaluations excluded)
    of the first one that does is the time to target, and the training
    stops at the first evaluation with the target met and the timed steps
    done. Returns the result's ExamplesPerSec, SecondsToTarget and Epochs,
    and the last value measured."""
    batch, warmup, measure = spec["Batch"], spec["Warmup"], spec["Measure"]
    step, trained, measured, reached, value, epochs = 0, 0.0, 0.0, 0.0, float("nan"), 0.0
    done = False
    for epoch in range(spec["MaxEpochs"]):
        order = epoch_order()
        for b in range(steps_per_epoch):
            t0 = time.perf_counter()
            loss = train_step(order[b * batch:(b + 1) * batch])
            dt = time.perf_counter() - t0
            step += 1
            trained += dt
            if warmup < step <= warmup + measure:
                measured += dt
            if not math.isfinite(loss):
                sys.exit("the loss is %s at step %d" % (loss, step))
            if step % spec["EvalEvery"] == 0:
                value, epochs = evaluate(), step / steps_per_epoch
                print("step %d: %s after %.1f s of training" % (step, show(value), trained), file=sys.stderr, flush=True)
                if reached_at(value) and reached == 0:
                    reached = trained
                if reached and step >= warmup + measure:
                    done = True
                    break
        if done:
            break
    if step < warmup + measure:
        sys.exit("training stopped before the %d timed steps" % measure)
    return {"ExamplesPerSec": measure * batch / measured, "SecondsToTarget": reached, "Epochs": epochs}, value


def print_result(torch, result, detail=""):
    """Prints result, with the framework's version and the BLAS, threads and
    detail in use, as the one JSON line the benchmark reads."""
    maps = open("/proc/self/maps").read().lower()
    blas = "OpenBLAS" if "openblas" in maps else ("MKL" if "mkl" in maps else "reference BLAS or other")
    result = dict(result, Framework="PyTorch " + torch.__version__, Detail="%s, %d threads%s" % (blas, torch.get_num_threads(), detail))
    print(json.dumps(result))
