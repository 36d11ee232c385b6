#!/usr/bin/env bash
# Times the package's benchmarks, optionally beside an older commit, alternating the two test
# binaries so that both see the same minutes of a shared machine, and prints the load average
# beside every round and benchstat's comparison at the end.
#
#   testdata/bench_speed.sh                 this tree only
#   testdata/bench_speed.sh b40fbda         this tree beside commit b40fbda (built in a scratch worktree)
#
# Environment: BENCH (benchmark regexp, default: the README's speed figures), CPU (-test.cpu list,
# default 1,2), COUNT (rounds, default 5), BENCHTIME (default 1s), TAGS (build tags, e.g. purego),
# OUT (folder for the raw results, default a temporary one, printed), NEWFIRST (1 to run this
# tree before the older commit in every round, so that an order effect shows as a change of sign).
# Run it from the repository root on a quiet machine; compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-'Step|XOREpoch|Predict|Digits|StreamWeights'}
CPU=${CPU:-1,2}
COUNT=${COUNT:-5}
BENCHTIME=${BENCHTIME:-1s}
OUT=${OUT:-$(mktemp -d)}
tags=()
[ -n "${TAGS:-}" ] && tags=(-tags "$TAGS")
go test "${tags[@]}" -c -o "$OUT/new.test" .
bins=(new)
if [ $# -ge 1 ]; then
	base=$(mktemp -d)
	git worktree add -q --detach "$base/src" "$1"
	trap 'git worktree remove --force "$base/src"' EXIT
	(cd "$base/src" && go test "${tags[@]}" -c -o "$OUT/old.test" .)
	bins=(old new)
	[ "${NEWFIRST:-}" = 1 ] && bins=(new old)
fi
for round in $(seq "$COUNT"); do
	for b in "${bins[@]}"; do
		echo "round $round $b: load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
		# Run from the repository root: the digits benchmark reads testdata/digits.csv.
		"$OUT/$b.test" -test.run '^$' -test.bench "$BENCH" -test.cpu "$CPU" -test.count 1 \
			-test.benchtime "$BENCHTIME" -test.benchmem >>"$OUT/$b.txt"
	done
done
echo "raw results in $OUT"
if command -v benchstat >/dev/null; then
	bs=(benchstat)
else
	bs=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)
fi
if [ ${#bins[@]} -eq 2 ]; then
	"${bs[@]}" "$OUT/old.txt" "$OUT/new.txt"
else
	"${bs[@]}" "$OUT/new.txt"
fi
