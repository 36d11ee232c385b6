#!/usr/bin/env python3
"""Reference values of the cross-entropy losses computed from logits.

Writes logit_losses.txt, read by TestLogitLosses (loss_test.go):

    python3 logit_losses.py > logit_losses.txt

Each case is one row of logits z (float64 values, exact in the file: Python's
repr round-trips) with its targets y, and the loss E computed by mpmath at 600
significant digits straight from the definitions, without the rearrangements
the library uses to stay finite and exact in float64:

    softmax-cross-entropy   E = Σ_j y_j·(ln Σ_k e^(z_k) − z_j)
    sigmoid-cross-entropy   E = Σ_j −y_j·ln σ(z_j) − (1 − y_j)·ln(1 − σ(z_j)),
                            σ(z) = 1/(1 + e^(−z)), 1 − σ(z) = 1/(1 + e^z)

mpmath's numbers have unbounded exponents, so e^(1e308) is an ordinary number
to it. 600 digits leave more than 30 after the cancellation in
ln Σ e^z − z_j for logits up to 1e308, and for results as small as e^(−1000)
(which are 0 in float64). E is printed to 30 significant digits.

Made with Python 3 and mpmath 1.3.0.
"""

import mpmath as mp

mp.mp.dps = 600

SOFTMAX = [
    # the two cases
    ([1e308, 1e308, 1e308], [1, 0, 0]),
    ([1e12 + 0.5, 1e12, 1e12 - 3], [0, 1, 0]),
    # saturated: softmax(z) is (1, 0, 0) in float64
    ([1000.0, 0.0, -1000.0], [0, 0, 1]),
    ([1000.0, 0.0, -1000.0], [1, 0, 0]),
    # e^z overflows float64
    ([709.0, 710.0, 711.0], [1, 0, 0]),
    ([-745.0, 745.0], [1, 0]),
    # huge logits that differ by little
    ([1e16, 1e16 + 2, 1e16 + 4], [1, 0, 0]),
    ([1e10 + 0.25, 1e10], [0, 1]),
    ([1e15 + k for k in range(10)], [1] + [0] * 9),
    ([1e15 + k for k in range(10)], [0] * 9 + [1]),
    # huge logits of both signs
    ([1e308, 0.0, -1e308], [0, 1, 0]),
    ([-1e308, -1e308], [0, 1]),
    # tiny logits
    ([5e-324, 0.0], [1, 0]),
    ([1e-20, -1e-20, 0.0], [0, 0, 1]),
    ([0.0, 0.0], [1, 0]),
    # targets that are a distribution, and one that does not sum to 1
    ([30.0, -30.0], [0.25, 0.75]),
    ([2.0, -1.0, 0.5], [0.5, 0.25, 0.25]),
    ([1e12, 1e12 - 1, 1e12 + 1], [0.5, 0.5, 0.5]),
]

SIGMOID = [
    ([1000.0, -1000.0], [0, 1]),
    ([1000.0, -1000.0], [1, 0]),
    ([40.0, -40.0], [1, 0]),
    ([1e308, -1e308], [0, 0]),
    ([-745.0, 745.0], [1, 1]),
    ([0.5, -0.25], [0.3, 0.9]),
    ([37.0, -37.0, 0.0], [0.5, 0.5, 0.5]),
    ([1e-300, 710.0], [1, 0]),
]


def softmax_cross_entropy(z, y):
    z = [mp.mpf(v) for v in z]
    lse = mp.log(mp.fsum(mp.exp(v) for v in z))
    return mp.fsum(mp.mpf(yj) * (lse - zj) for zj, yj in zip(z, y) if yj != 0)


def sigmoid_cross_entropy(z, y):
    total = mp.mpf(0)
    for zj, yj in zip(z, y):
        s = 1 / (1 + mp.exp(-mp.mpf(zj)))
        not_s = 1 / (1 + mp.exp(mp.mpf(zj)))
        if yj != 0:
            total -= mp.mpf(yj) * mp.log(s)
        if yj != 1:
            total -= (1 - mp.mpf(yj)) * mp.log(not_s)
    return total


def row(kind, z, y, e):
    return "\t".join([kind, " ".join(repr(float(v)) for v in z), " ".join(repr(float(v)) for v in y), mp.nstr(e, 30)])


print("# Made by logit_losses.py with mpmath %s; do not edit." % mp.__version__)
print("# loss\tlogits z\ttargets y\tE to 30 significant digits")
for z, y in SOFTMAX:
    print(row("softmax-cross-entropy", z, y, softmax_cross_entropy(z, y)))
for z, y in SIGMOID:
    print(row("sigmoid-cross-entropy", z, y, sigmoid_cross_entropy(z, y)))
