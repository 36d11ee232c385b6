#!/usr/bin/env bash
# Export models from Go, check them with onnx.checker and run them in ONNX
# Runtime, comparing with Forward (see check_ort.js for the bounds). Run from
# the repository root; needs Debian's python3-onnx and, in testdata/onnx,
# `npm ci --ignore-scripts` (onnxruntime-node). Fails on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./testdata/onnx/ortcheck "$dir"
/usr/bin/python3 testdata/onnx/check_onnx.py "$dir"
node testdata/onnx/check_ort.js "$dir"
