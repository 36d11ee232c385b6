#!/usr/bin/python3
"""scikit-learn's reference scores for TestSklearnParity (train_parity_test.go).

Run from this directory with Debian's python3-sklearn:

    /usr/bin/python3 parity.py > parity.json

For each data set it makes 5 splits (stratified 5-fold cross-validation for the
classification sets, plain 5-fold for the regression set, shuffled with
random_state=0), standardises the features with a StandardScaler fitted on the
training rows, and trains scikit-learn's MLPClassifier or MLPRegressor with its
defaults (one hidden layer of 100 ReLU units, Adam with learning rate 0.001,
batches of min(200, n), alpha=1e-4, at most 200 epochs, stopping when the
training loss has not improved by tol=1e-4 for more than n_iter_no_change=10
epochs) for several random_state values. The regressor's target is
standardised too (TransformedTargetRegressor with a StandardScaler, scored on
the original scale): with the raw diabetes target (25 to 346) the defaults are
far from converged after 200 epochs (R^2 about -1, varying by 0.15 from seed
to seed), a reference too noisy to compare with.

It writes the splits' row numbers (counted from 0, the first data row after
the header) and the scores as JSON: for each data set, the mean score (test
accuracy, or R^2 on the test rows) over the 5 splits and the seeds, the mean
of each split over the seeds, and the epochs each fit ran.
"""
import csv
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))

# data set: (file in testdata/, classification?, random_state values)
SETS = {
    "iris": ("iris.csv", True, range(10)),
    "digits": ("digits.csv", True, range(3)),
    "diabetes": ("diabetes.csv", False, range(10)),
}


def load(name, classification):
    with open(os.path.join(HERE, "..", name), newline="") as f:
        rows = list(csv.reader(f))[1:]
    x = np.array([[float(v) for v in r[:-1]] for r in rows])
    if classification:
        y = np.array([r[-1] for r in rows])
    else:
        y = np.array([float(r[-1]) for r in rows])
    return x, y


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)  # 200 epochs are not always enough
    out = {
        "generator": "parity.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "sets": {},
    }
    for name, (file, classification, seeds) in SETS.items():
        x, y = load(file, classification)
        if classification:
            folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
        else:
            folds = KFold(n_splits=5, shuffle=True, random_state=0)
        splits, split_scores, epochs = [], [], []
        for train, test in folds.split(x, y):
            scaler = StandardScaler().fit(x[train])
            xtrain, xtest = scaler.transform(x[train]), scaler.transform(x[test])
            scores, iters = [], []
            for seed in seeds:
                if classification:
                    model = MLPClassifier(random_state=seed)
                else:
                    model = TransformedTargetRegressor(
                        regressor=MLPRegressor(random_state=seed), transformer=StandardScaler())
                model.fit(xtrain, y[train])
                scores.append(model.score(xtest, y[test]))
                fitted = model if classification else model.regressor_
                iters.append(fitted.n_iter_)
            splits.append({"train": train.tolist(), "test": test.tolist()})
            split_scores.append(float(np.mean(scores)))
            epochs.append(iters)
        out["sets"][name] = {
            "file": file,
            "kind": "classification" if classification else "regression",
            "score": "accuracy" if classification else "r2",
            "seeds": list(seeds),
            "mean": float(np.mean(split_scores)),
            "split_means": split_scores,
            "epochs": epochs,
            "splits": splits,
        }
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
