"""Reference values of the regression metrics MSE, MAE and R2.

Writes regression_metrics.json: cases of outputs (a, the predictions) and
targets (y) with scikit-learn's mean_squared_error, mean_absolute_error and
r2_score of them (y_true = y, y_pred = a, multioutput='uniform_average'),
the known answers of TestRegressionMetricsSklearn.

    /usr/bin/python3 regression_metrics.py > regression_metrics.json

Made with Debian's python3-sklearn 1.2.1 and python3-numpy 1.24.2.
"""
import json

import numpy as np
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

rng = np.random.default_rng(12)


def case(name, a, y):
    a, y = np.asarray(a, dtype=float), np.asarray(y, dtype=float)
    return {
        "name": name,
        "a": a.tolist(),
        "y": y.tolist(),
        "mse": mean_squared_error(y, a),
        "mae": mean_absolute_error(y, a),
        "r2": r2_score(y, a),
    }


y1 = rng.normal(150, 70, size=(12, 1))
y3 = rng.normal([0, 10, -5], [1, 30, 0.01], size=(9, 3))
cases = [
    case("hand", [[1], [2], [3]], [[1], [2], [5]]),
    case("one output", y1 + rng.normal(0, 40, size=y1.shape), y1),
    case("three outputs", y3 + rng.normal(0, [0.5, 40, 0.02], size=y3.shape), y3),
    case("worse than the mean", -y1, y1),
    case("perfect", y3, y3),
    case("constant targets", [[1, 7, 2], [2, 7, 3], [3, 7, 4]], [[1, 7, 5], [2, 7, 5], [4, 7, 5]]),
]
import sklearn

print('{"sklearn": %s, "cases": [' % json.dumps(sklearn.__version__))
print(",\n".join(json.dumps(c) for c in cases))
print("]}")
