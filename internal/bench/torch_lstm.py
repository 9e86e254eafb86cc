# The PyTorch side of the course's LSTM benchmark (internal/bench, spec
# "lstm"): lesson 05b's character model, nn.Embedding -> nn.LSTM -> nn.Linear,
# on the same windows of the same text in the same order as nnlib's side
# (train.Loop's shuffle is NumPy's RandomState(seed).shuffle, epoch after
# epoch), Adam, the same threads, measured the same way.
# It runs after torch_common.py (spec, mode, train_timed): TorchCommand(spec[,
# "data"]) ; prints one JSON line (with "data", the data alone, for the
# tests: no torch, no training).

# The data: the text's characters in code-point order (data.NewCharVocab),
# the first (100 - ValidPercent)% for training, windows of SeqLen+1 ids
# every SeqLen characters (CharVocab.Windows).
with open(spec["Text"], encoding="utf-8") as f:
    text = f.read()
chars = sorted(set(text))
index = {c: i for i, c in enumerate(chars)}
ids = np.array([index[c] for c in text], dtype=np.int64)
cut = len(ids) * (100 - spec["ValidPercent"]) // 100
train_ids, valid_ids = ids[:cut], ids[cut:]
T, batch = spec["SeqLen"], spec["Batch"]
starts = np.arange(0, len(train_ids) - (T + 1), T)
windows = train_ids[starts[:, None] + np.arange(T + 1)]
steps_per_epoch = len(windows) // batch
rs = np.random.RandomState(spec["Seed"])

def epoch_order():
    order = np.arange(len(windows))
    rs.shuffle(order)
    return order

# The validation text cut in Streams equal parts, read SeqLen characters at
# a time (rnn.Evaluator.CrossEntropy): chunk k of stream s reads
# valid[s*part + k*T ...] and predicts the characters after them.
streams = spec["Streams"]
per = (len(valid_ids) - 1) // streams // T * T
part = len(valid_ids) // streams
chunk_index = [np.arange(streams)[:, None] * part + start + np.arange(T) for start in range(0, per, T)]

if mode == "data":
    print(json.dumps({
        "Vocab": len(chars), "Train": len(train_ids), "Valid": len(valid_ids), "Windows": len(windows),
        "FirstWindow": windows[0].tolist(), "FirstBatch": epoch_order()[:batch].tolist(),
        "SecondEpochBatch": epoch_order()[:batch].tolist(),
        "EvalChunks": len(chunk_index), "LastChunkStream1": valid_ids[chunk_index[-1][1]].tolist(),
    }))
    sys.exit(0)

torch = start_torch()
import torch.nn.functional as F

V, E, H = spec["Vocab"], spec["Embed"], spec["Hidden"]
assert len(chars) == V, "the model has %d characters, the text %d" % (V, len(chars))

class CharLSTM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, batch_first=True)
        self.out = torch.nn.Linear(H, V)
        # nnlib/rnn's forget gates start at ForgetBias (PyTorch's gates are
        # input, forget, candidate, output, as nnlib's).
        with torch.no_grad():
            self.lstm.bias_ih_l0[H:2 * H].fill_(spec["ForgetBias"])
            self.lstm.bias_hh_l0[H:2 * H].zero_()

    def forward(self, x, state=None):
        h, state = self.lstm(self.embed(x), state)
        return self.out(h), state

model = CharLSTM()
# GoMLX's Adam uses epsilon 1e-7.
opt = torch.optim.Adam(model.parameters(), lr=spec["LR"], eps=1e-7)
windows_t = torch.from_numpy(windows)
valid_t = torch.from_numpy(valid_ids)

def loss_of(w):
    logits, _ = model(w[:, :-1])
    return F.cross_entropy(logits.reshape(-1, V), w[:, 1:].reshape(-1))

def cross_entropy():
    total, state = 0.0, None
    with torch.no_grad():
        for idx in chunk_index:
            idx = torch.from_numpy(idx)
            logits, state = model(valid_t[idx], state)
            total += F.cross_entropy(logits.reshape(-1, V), valid_t[idx + 1].reshape(-1)).item()
    return total / len(chunk_index)

def train_step(idxs):
    opt.zero_grad()
    loss = loss_of(windows_t[idxs])
    loss.backward()
    opt.step()
    return loss.item()

result, nats = train_timed(lambda: torch.from_numpy(epoch_order()), steps_per_epoch, train_step, cross_entropy,
                           lambda nats: nats <= spec["TargetNats"], lambda nats: "validation %.3f nats/char" % nats)
result["ValidNats"] = nats
measure = spec["Measure"]

# The forward pass alone (the loss, no gradients) over Measure minibatches
# in order, after 2 untimed ones.
forward = 0.0
with torch.no_grad():
    for i in range(measure + 2):
        b = i % steps_per_epoch
        t0 = time.perf_counter()
        loss_of(windows_t[b * batch:(b + 1) * batch]).item()
        if i >= 2:
            forward += time.perf_counter() - t0

result["ForwardPerSec"] = measure * batch / forward
print_result(torch, result)
