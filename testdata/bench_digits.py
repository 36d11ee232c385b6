#!/usr/bin/python3
"""Times the digits example's training run in PyTorch and scikit-learn, beside this package.

The run is the digits run of examples/classify with the README's flags, as BenchmarkDigits in
bench_test.go runs it (go run ./examples/classify -data testdata/digits.csv -hidden 100 -epochs 50 -batch 32 -eta 0.001 -l2 0 -val 0 -patience 0):
the training three quarters (1,346 images, stratified) of testdata/digits.csv, standardised with
their own mean and deviation, a 64-100-10 network (ReLU hidden layer, softmax output,
cross-entropy averaged over each batch), Adam (learning rate 0.001, betas 0.9 and 0.999,
epsilon 1e-8), shuffled batches of 32 (the last one of each epoch holds 2 images), 50 epochs:
2,150 steps. Only the training loop is timed, from new weights to the end of the last epoch.

    /usr/bin/python3 testdata/bench_digits.py            (from the repository root)
    /usr/bin/python3 testdata/bench_digits.py --rounds 5 --no-go

Each round runs, one after the other: the Go benchmark (go test -bench '^BenchmarkDigits$' -cpu 1,
unless --no-go), PyTorch in float64 and in float32, and scikit-learn's MLPClassifier; every
library on one thread (torch.set_num_threads(1); OpenBLAS and OpenMP limited to one thread before
numpy is imported). It prints each round's times with the load average, then the medians and
the ratios. Needs Debian's python3-torch and python3-sklearn (apt-get install -y python3-torch
python3-sklearn), which install into /usr/bin/python3. A reference only: the package never
depends on Python.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse
import json
import re
import statistics
import subprocess
import time
import warnings

import numpy as np

EPOCHS, BATCH, HIDDEN, ETA, SEED = 50, 32, 100, 0.001, 2


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x, labels = data[:, :-1], data[:, -1].astype(int)
    from sklearn.model_selection import train_test_split

    # The same sizes as the package's stratified Split(0.25, 2): 1,346 to train, 451 to test.
    x_train, _, y_train, _ = train_test_split(x, labels, test_size=451, stratify=labels, random_state=SEED)
    std = x_train.std(axis=0)
    std[std == 0] = 1
    return (x_train - x_train.mean(axis=0)) / std, y_train


def time_torch(x, labels, dtype):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    xt = torch.tensor(x, dtype=dtype)
    yt = torch.tensor(labels, dtype=torch.long)
    net = torch.nn.Sequential(torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10)).to(dtype)
    opt = torch.optim.Adam(net.parameters(), lr=ETA, betas=(0.9, 0.999), eps=1e-8)
    lossf = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(SEED)
    n = len(xt)
    start = time.perf_counter()
    for _ in range(EPOCHS):
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for lo in range(0, n, BATCH):
            idx = perm[lo : lo + BATCH]
            opt.zero_grad()
            loss = lossf(net(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
    return time.perf_counter() - start, total / n


def time_sklearn(x, labels):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=0.0,
                        batch_size=BATCH, learning_rate_init=ETA, max_iter=EPOCHS, shuffle=True,
                        random_state=SEED, tol=0.0, n_iter_no_change=EPOCHS + 1)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(x, labels)
    return time.perf_counter() - start, clf.loss_


def time_go():
    out = subprocess.run(["go", "test", "-run", "^$", "-bench", "^BenchmarkDigits$", "-benchtime", "3x",
                          "-cpu", "1", "-count", "1", "."], capture_output=True, text=True, check=True).stdout
    m = re.search(r"BenchmarkDigits\s+\d+\s+(\d+) ns/op", out)
    if not m:
        raise SystemExit("no BenchmarkDigits line in:\n" + out)
    return int(m.group(1)) / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--data", default="testdata/digits.csv")
    ap.add_argument("--no-go", action="store_true", help="do not run the Go benchmark")
    args = ap.parse_args()
    import torch

    x, labels = load(args.data)
    times = {}
    for r in range(1, args.rounds + 1):
        row = {"round": r, "load": os.getloadavg()[0]}
        if not args.no_go:
            row["go"] = time_go()
        row["torch64"], _ = time_torch(x, labels, torch.float64)
        row["torch32"], _ = time_torch(x, labels, torch.float32)
        row["sklearn"], _ = time_sklearn(x, labels)
        print(json.dumps(row))
        for k, v in row.items():
            if k not in ("round", "load"):
                times.setdefault(k, []).append(v)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(json.dumps({"median_seconds": med, "torch": torch.__version__}))
    if "go" in med:
        for k in ("torch64", "torch32", "sklearn"):
            print(f"mlp is {med[k] / med['go']:.2f}x faster than {k} (median of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
