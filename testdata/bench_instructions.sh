#!/usr/bin/env bash
# Counts the instructions of one op of the small benchmarks, which unlike their times do not
# move with the load of a shared machine: valgrind's callgrind runs each benchmark for N and 2N
# ops on one thread, and the difference of the two totals over N is one op, without the set-up.
# valgrind has no AVX-512, so the products run on the AVX2 kernel (tiny ones take gemmSmall
# either way).
#
#   testdata/bench_instructions.sh                  this tree
#   testdata/bench_instructions.sh b40fbda 8e01308  this tree and the commits given (each built in
#                                                   a scratch worktree)
#
# Needs valgrind (apt-get install valgrind). Run it from the repository root, with nothing else
# running: a run slowed by other work is preempted more often, and the runtime's instructions for
# that are counted too (one such run doubled a figure).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go test -c -o "$out/this.test" .
bins=(this)
for rev in "$@"; do
	git worktree add -q --detach "$out/src-$rev" "$rev"
	(cd "$out/src-$rev" && go test -c -o "$out/$rev.test" .)
	git worktree remove --force "$out/src-$rev"
	bins+=("$rev")
done
# total BIN PATTERN N: the instructions of the whole run of N ops.
total() {
	GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out/$1.test" -test.run '^$' \
		-test.bench "$2" -test.benchtime "${3}x" -test.cpu 1 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-10s %-36s %s\n' build benchmark instructions/op
for b in "${bins[@]}"; do
	for spec in '^BenchmarkXOREpoch$:20000' '^BenchmarkUntracedStep$/3-5-1:20000' '^BenchmarkUntracedStep$/64-32-10:1000'; do
		pat=${spec%:*} n=${spec##*:}
		one=$(total "$b" "$pat" "$n") two=$(total "$b" "$pat" $((2 * n)))
		printf '%-10s %-36s %d\n' "$b" "$pat" $(((two - one) / n))
	done
done
