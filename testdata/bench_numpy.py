#!/usr/bin/python3
"""Writes bench_numpy.json: the losses of the first three training steps of
the benchmark workloads of bench_test.go, computed with numpy, the known
answers of TestWorkloadsMatchNumpy.

Run with a Python that has numpy, from this directory:

    /usr/bin/python3 bench_numpy.py > bench_numpy.json

The committed file was made with Debian's python3-numpy 1.24.2.

Each workload is a sigmoid network (bias rows starting at zero) trained by
full-batch gradient descent on the summed squared error E = sum of
1/2 (a - y)^2, as Network.Forward, Backward and Step do. Its data come from a
counter-based splitmix64 generator that bench_test.go's uniform reproduces
bit for bit: number i of stream s is splitmix64(i + s<<32), its top 53 bits
scaled to [0, 1). Layer l (from 0) has weights (2u - 1)/sqrt(inputs) with u
from stream 11 + l, one row an input; X comes from stream 100 and Y from
stream 101, one row a sample.

For each workload the file holds E of the first three steps, each measured
on the Forward pass that its step starts from. numpy sums in other orders
than the Go code, so the two agree to about 1e-13, not bit for bit.
"""
import json
import numpy as np

WORKLOADS = [  # name, sizes, batch, learning rate: as in bench_test.go
    ("784-128-10", [784, 128, 10], 128, 1e-3),
    ("1024-1024-1024-10", [1024, 1024, 1024, 10], 256, 1e-5),
]
STEPS = 3


def uniform(n, stream):
    """n numbers in [0, 1): splitmix64 of i + stream<<32, i = 0 .. n-1."""
    z = np.arange(n, dtype=np.uint64) + np.uint64(stream << 32)
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def losses(sizes, batch, eta):
    ws = [((2 * uniform(i * o, 11 + l) - 1) / np.sqrt(i)).reshape(i, o)
          for l, (i, o) in enumerate(zip(sizes, sizes[1:]))]
    bs = [np.zeros(o) for o in sizes[1:]]
    x = uniform(batch * sizes[0], 100).reshape(batch, sizes[0])
    y = uniform(batch * sizes[-1], 101).reshape(batch, sizes[-1])
    out = []
    for _ in range(STEPS):
        a = [x]  # forward: A = sigmoid(A_prev W + B)
        for w, b in zip(ws, bs):
            a.append(sigmoid(a[-1] @ w + b))
        out.append(float(0.5 * ((a[-1] - y) ** 2).sum()))
        dz = (a[-1] - y) * a[-1] * (1 - a[-1])  # DA = a - y, times sigmoid'
        for l in reversed(range(len(ws))):
            dw, db = a[l].T @ dz, dz.sum(axis=0)
            if l > 0:  # DA_prev = DZ W^T, with W before its update
                dz = (dz @ ws[l].T) * a[l] * (1 - a[l])
            ws[l] -= eta * dw
            bs[l] -= eta * db
    return out


if __name__ == "__main__":
    result = {name: losses(sizes, batch, eta) for name, sizes, batch, eta in WORKLOADS}
    result["numpy"] = np.__version__
    print(json.dumps(result, indent=2))
