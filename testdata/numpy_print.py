#!/usr/bin/python3
"""Writes numpy_print.json: matrices and how numpy prints them in its 1.13
("legacy") style, the known answers of TestStringNumpy in matrix_format_test.go.

Run with a Python that has numpy 1.14 or later (np.set_printoptions(legacy='1.13')
reproduces numpy 1.13's printing), from this directory:

    /usr/bin/python3 numpy_print.py > numpy_print.json

The committed file was made with Debian's python3-numpy 1.24.2.
Each case: name, rows, cols, data (float64 values as Python's repr, which
reads back exactly; row-major), precision (numpy's precision option; "int"
cases are printed as an integer array), and want (print(a)).

In the matrices of more than 1000 elements, which numpy summarizes, the
elements that are not shown are set to a value (hidden) that would change
the format if it were used: numpy chooses the format from the shown ones only.
"""
import json
import numpy as np

np.set_printoptions(legacy='1.13')
rng = np.random.RandomState(1)
cases = []


def add(name, a, precision=8, integer=False, hidden=None):
    a = np.array(a, dtype=float)
    if a.ndim == 1:
        a = a.reshape(1, -1)
    if hidden is not None:
        def shown(n):
            return list(range(3)) + list(range(n - 3, n)) if n > 6 else list(range(n))
        keep = a[np.ix_(shown(a.shape[0]), shown(a.shape[1]))]
        a[:, :] = hidden
        a[np.ix_(shown(a.shape[0]), shown(a.shape[1]))] = keep
    with np.printoptions(precision=precision):
        shown = a.astype(int) if integer else a
        want = str(shown)
    cases.append(dict(name=name, rows=a.shape[0], cols=a.shape[1],
                      data=[repr(float(x)) for x in a.ravel()],
                      precision=precision, int=integer, want=want))


sig = 1 / (1 + np.exp(-rng.randn(4, 5)))
add('sigmoid outputs', sig)
add('mixed signs', rng.randn(3, 4))
add('negative largest', [[-7.25, 0.5], [3.0, 0.125]])
add('whole numbers', [[3, 3, 3], [2, 2, 2], [1, 1, 1]])
add('one decimal', [[1.5, 2.0], [3.0, 4.25]])
add('tens and hundreds', [[12.5, -340.0625], [7.0, 0.001]])
add('zeros', np.zeros((2, 3)))
add('negative zero', [[-0.0, 1.0]])
add('single', [[0.5]])
add('column', [[0.99153128], [-0.01208078], [0.5]])
add('small: scientific', [[4.91567136e-01], [7.29725915e-05], [0.475]])
add('wide range: scientific', [[1500.0, 1.0]])
add('ratio just 1000: fixed', [[1000.0, 1.0]])
add('large: scientific', [[1.5e8, -2.0]])
add('just below 1e8: fixed', [[99999999.0, 1.0e5]])
add('three-digit exponent, tiny', [[1e-120, 0.5, -3.0]])
add('three-digit exponent, huge', [[1e200, -2.5e150]])
add('nan and inf, fixed', [[np.nan, 1.5], [np.inf, -np.inf]])
add('nan and inf, scientific', [[np.nan, 1e-7], [np.inf, -np.inf]])
add('only nan', [[np.nan, np.nan]])
add('wrapped row', np.full((2, 10), 0.95257413))
add('wrapped long row', rng.randn(3, 17))
add('wrapped scientific row', rng.randn(2, 9) * 1e-6)
add('summarized', rng.rand(40, 40), hidden=1e-9)
add('summarized wide', rng.rand(2, 600), hidden=-1e9)
add('summarized tall', rng.rand(1200, 1), hidden=1e-9)
add('summarized few rows', rng.rand(5, 300), hidden=12345.5)
add('precision 3', sig, precision=3)
add('precision 4, scientific', [[-4.930380657631324e-32, -4.440892098500626e-16, 0.0, 0.0]], precision=4)
add('precision 0', [[1.6, 2.4], [-3.5, 10.0]], precision=0)
add('integers', [[1, 1, 1], [1, 0, 1], [0, 1, 1], [0, 0, 1]], integer=True)
add('negative integers', [[-12, 5], [300, 0]], integer=True)
add('summarized integers', np.arange(1001.0), integer=True, hidden=1e7)
print('[\n' + ',\n'.join(json.dumps(c) for c in cases) + '\n]')
