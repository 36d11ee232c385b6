#!/usr/bin/env bash
# Predict of an imported 784-128-10 ReLU/softmax model beside ONNX Runtime
# running the same model file, both on one thread: ONNX Runtime in float64
# and float32 (bench_ort.js), then BenchmarkONNXPredict with GOMAXPROCS=1.
# Run from the repository root after `npm ci --ignore-scripts` in
# testdata/onnx. ROUNDS (default 10) rounds take turns, ONNX Runtime then
# Go, SECONDS (default 1) a case, so that a change in the machine's load
# falls on both; the summary gives each case's fastest, median and slowest
# round in µs, and the same of Predict's time over ONNX Runtime's within
# each round.
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
echo "case: fastest / median / slowest of ${ROUNDS:-10} rounds, µs an op; ratios within each round"
awk '
	$1 == "ORT/float64/batch=1" { r++ }
	{ t[$1] = t[$1] " " $3 / 1000; v[$1, r] = $3 }
	END {
		for (k = 1; k <= r; k++) {
			t["Predict/ORT-float64, batch=1"] = t["Predict/ORT-float64, batch=1"] " " v["BenchmarkONNXPredict/batch=1", k] / v["ORT/float64/batch=1", k]
			t["Predict/ORT-float64, batch=128"] = t["Predict/ORT-float64, batch=128"] " " v["BenchmarkONNXPredict/batch=128", k] / v["ORT/float64/batch=128", k]
			t["Predict/ORT-float32, batch=1"] = t["Predict/ORT-float32, batch=1"] " " v["BenchmarkONNXPredict/batch=1", k] / v["ORT/float32/batch=1", k]
			t["Predict/ORT-float32, batch=128"] = t["Predict/ORT-float32, batch=128"] " " v["BenchmarkONNXPredict/batch=128", k] / v["ORT/float32/batch=128", k]
		}
		for (c in t) {
			n = split(substr(t[c], 2), x, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] + 0 < x[i] + 0) { y = x[i]; x[i] = x[j]; x[j] = y }
			printf "%-32s %8.2f / %8.2f / %8.2f\n", c, x[1], (n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2), x[n]
		}
	}' "$dir/runs.txt" | sort
