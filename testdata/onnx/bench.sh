#!/usr/bin/env bash
# Predict of an imported 784-128-10 ReLU/softmax model beside ONNX Runtime
# running the same model file, both on one thread: ONNX Runtime in float64
# and float32 (bench_ort.js), then BenchmarkONNXPredict with GOMAXPROCS=1.
# Run from the repository root after `npm ci --ignore-scripts` in
# testdata/onnx; COUNT (default 3) repeats the pair, taking turns so that a
# change in the machine's load falls on both. The load shows in the
# numbers: compare ranges, not single runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./testdata/onnx/ortcheck "$dir" >/dev/null
go test -c -o "$dir/mlp.test" .
for i in $(seq "${COUNT:-3}"); do
	node testdata/onnx/bench_ort.js "$dir"
	"$dir/mlp.test" -test.run '^$' -test.bench '^BenchmarkONNXPredict$' -test.benchtime 2s -test.cpu 1 | grep '^Benchmark'
done
