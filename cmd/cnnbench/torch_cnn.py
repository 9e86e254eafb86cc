#!/usr/bin/env python3
"""PyTorch reference for the course's CNN training throughput (benchmark only).

Trains the same network as nnlib/cnn.Small on random 28x28 images, one batch
at a time, and prints examples per second. Nothing in the course needs
PyTorch: this script is what cmd/cnnbench (go run ./cmd/cnnbench)
compares the Go backend against.

    conv 3x3 (32, padding p) - ReLU - max-pool 2x2
    conv 3x3 (64, padding p) - ReLU - max-pool 2x2
    dense (64*7*7 or 64*5*5)->128 - ReLU - dense 128->10,
    softmax cross-entropy, Adam(1e-3)

Usage: python3 torch_cnn.py [--padding 1] [--threads 2] [--batch 128]
       [--steps 30] [--rounds 5] [--json] [--no-mkldnn]
Prints one line per round and a summary with the best and median round; with
--json, one JSON object instead (for cmd/cnnbench).
"""
import argparse
import json
import os
import statistics
import sys
import time


def loaded_blas():
    """Names the BLAS library this process has loaded (Debian's torch links
    the generic libblas.so.3, which update-alternatives points at OpenBLAS or
    another implementation)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        real = sorted({os.path.realpath(l) for l in libs})
        named = [os.path.basename(l) for l in real if "libopenblas" in os.path.basename(l)]
        if named:
            return named[0]
        return ", ".join(os.path.basename(os.path.dirname(l)) + "/" + os.path.basename(l) for l in real) or "none loaded"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=30, help="training steps per round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--padding", type=int, default=1, help="padding of the convolutions: 0 (valid) or 1 (same)")
    ap.add_argument("--no-mkldnn", action="store_true", help="disable oneDNN (im2col + BLAS convolutions)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    # The thread count of OpenMP (PyTorch) and of OpenBLAS must be set before
    # torch is imported to be sure they apply.
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    if args.no_mkldnn:
        torch.backends.mkldnn.enabled = False
    torch.manual_seed(1)

    p = args.padding
    side = ((28 + 2 * p - 2) // 2 + 2 * p - 2) // 2  # 5 without padding, 7 with padding 1.
    net = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=p), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=p), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * side * side, 128), nn.ReLU(), nn.Linear(128, 10),
    )
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    lossf = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 1, 28, 28)
    y = torch.randint(0, 10, (args.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = lossf(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(args.warmup):
        step()
    rates = []
    for r in range(args.rounds):
        start = time.perf_counter()
        for _ in range(args.steps):
            step()
        el = time.perf_counter() - start
        rates.append(args.batch * args.steps / el)
        if not args.json:
            print(f"round {r + 1}: {rates[-1]:.0f} examples/s ({1000 * el / args.steps:.1f} ms/step)")
    blas = loaded_blas()
    result = {
        "framework": f"PyTorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "mkldnn": torch.backends.mkldnn.enabled and torch.backends.mkldnn.is_available(),
        "blas": blas,
        "batch": args.batch,
        "padding": args.padding,
        "best_examples_per_s": round(max(rates), 1),
        "median_examples_per_s": round(statistics.median(rates), 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['framework']} ({blas}, oneDNN {'on' if result['mkldnn'] else 'off'}), "
              f"{result['threads']} threads, batch {args.batch}: best {result['best_examples_per_s']:.0f}, "
              f"median {result['median_examples_per_s']:.0f} examples/s")


if __name__ == "__main__":
    sys.exit(main())
