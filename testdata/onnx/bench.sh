#!/usr/bin/env bash
# Predict of an imported 784-128-10 ReLU/softmax model beside ONNX Runtime
# running the same model file, both on one thread: ONNX Runtime in float64
# and float32 (bench_ort.js), then BenchmarkONNXPredict with GOMAXPROCS=1.
# Run from the repository root after `npm ci --ignore-scripts` in
# testdata/onnx. ROUNDS (default 10) rounds take turns, ONNX Runtime then
# Go, SECONDS (default 1) a case, so that a change in the machine's load
# falls on both; the summary gives each case's fastest, median and slowest
# round in µs.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./testdata/onnx/ortcheck "$dir" >/dev/null
go test -c -o "$dir/mlp.test" .
for i in $(seq "${ROUNDS:-10}"); do
	node testdata/onnx/bench_ort.js "$dir" "${SECONDS_PER_CASE:-1}" | grep '^ORT'
	"$dir/mlp.test" -test.run '^$' -test.bench '^BenchmarkONNXPredict$' -test.benchtime "${SECONDS_PER_CASE:-1}s" -test.cpu 1 | grep '^Benchmark'
done | tee "$dir/runs.txt"
echo "case: fastest / median / slowest of ${ROUNDS:-10} rounds, µs an op"
awk '{ t[$1] = t[$1] " " $3/1000 } END {
	for (c in t) {
		n = split(substr(t[c], 2), v, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
		printf "%-32s %8.1f / %8.1f / %8.1f\n", c, v[1], (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[n]
	}
}' "$dir/runs.txt" | sort
