#!/usr/bin/python3
"""Check every .onnx file in a folder with onnx.checker (full_check, which
also infers every shape), as `onnx.checker.check_model` does for a tool that
loads the model. Exits with 1 on the first model it refuses.

    /usr/bin/python3 testdata/onnx/check_onnx.py DIR
"""

import glob
import os
import sys

import onnx

files = sorted(glob.glob(os.path.join(sys.argv[1], "*.onnx")))
for f in files:
    onnx.checker.check_model(onnx.load(f), full_check=True)
print(f"onnx.checker {onnx.__version__} accepts all {len(files)} models")
if not files:
    sys.exit(1)
