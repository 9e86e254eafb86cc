#!/usr/bin/env python3
"""Golden values for TestAdamRefMatchesPyTorch (optimizers_test.go).

PyTorch's torch.optim.Adam, in float64, runs a few fixed weights through a
few fixed gradients; after every step it records the weights and the
optimizer's two moments (exp_avg = m, exp_avg_sq = v). The Go test replays
the same gradients through AdamRef and compares: an independent reference,
so a mistake in AdamRef (say v divided by 1 - beta1^t instead of
1 - beta2^t) cannot pass by being compared with itself.

The numbers are committed in adam_golden.json beside this script: the Go
tests never need PyTorch. To regenerate them (Debian's python3-torch):

    apt-get install -y python3-torch
    cd lessons/04b-optimizers-and-learning-rate
    /usr/bin/python3 testdata/adam_golden.py > testdata/adam_golden.json
"""

import json
import sys

import torch

# Each case: hyper-parameters, the starting weights, and one list of
# gradients per step (one gradient per weight). The hyper-parameters differ
# from case to case, beta1 and beta2 always far apart, so that swapping them
# anywhere shows; "large eps" makes eps's place in the formula matter.
CASES = [
    {
        "name": "defaults",
        "lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
        "w0": [1.0, -0.5, 0.25],
        "grads": [
            [0.5, -1.0, 0.01],
            [0.3, 2.0, 0.0],
            [-0.2, -0.7, 0.02],
            [0.8, 0.4, -0.03],
            [0.1, 1.5, 0.0],
            [-0.4, -0.2, 0.05],
        ],
    },
    {
        "name": "the lesson's exercise",
        "lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
        "w0": [1.0],
        "grads": [[0.5], [0.3], [-0.2], [0.8], [0.1], [-0.4]],
    },
    {
        "name": "short memories",
        "lr": 0.05, "beta1": 0.5, "beta2": 0.8, "eps": 1e-8,
        "w0": [2.0, -3.0],
        "grads": [
            [1.0, -0.1],
            [-2.0, -0.1],
            [0.5, 0.3],
            [0.25, -4.0],
            [3.0, 0.2],
            [-1.0, 0.0],
            [0.7, 0.9],
            [0.0, -0.5],
        ],
    },
    {
        "name": "large eps",
        "lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 0.1,
        "w0": [0.0, 5.0],
        "grads": [
            [0.02, 10.0],
            [-0.05, 8.0],
            [0.01, -6.0],
            [0.03, 4.0],
            [-0.02, 2.0],
        ],
    },
]


def run(case):
    w = torch.tensor(case["w0"], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam(
        [w], lr=case["lr"], betas=(case["beta1"], case["beta2"]), eps=case["eps"],
        weight_decay=0, amsgrad=False, foreach=False, maximize=False,
    )
    ws, ms, vs = [], [], []
    for g in case["grads"]:
        w.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        state = opt.state[w]
        ws.append(w.detach().tolist())
        ms.append(state["exp_avg"].tolist())
        vs.append(state["exp_avg_sq"].tolist())
    return dict(case, w=ws, m=ms, v=vs)


def main():
    out = {
        "generator": "testdata/adam_golden.py",
        "torch": torch.__version__,
        "cases": [run(c) for c in CASES],
    }
    # One line per case's field, one list per step: small diffs when the
    # cases change. json writes floats with repr, the shortest text that
    # reads back as the same float64.
    lines = ["{"]
    lines.append('"generator": %s, "torch": %s,' % (json.dumps(out["generator"]), json.dumps(out["torch"])))
    lines.append('"cases": [')
    for i, c in enumerate(out["cases"]):
        fields = ["  %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in c.items()]
        lines.append(" {")
        lines.append(",\n".join(fields))
        lines.append(" }" + ("," if i < len(out["cases"]) - 1 else ""))
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == out
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
