#!/usr/bin/env bash
# Runs every Fuzz target of the module for a short while (FUZZTIME, default
# 10s each), so new targets are included without touching the Makefile.
#
# Go's fuzzing coordinator (before go1.27) can fail a target with a bare
# "context deadline exceeded" when -fuzztime runs out while a worker is
# busy: no input failed, none is written (golang/go#75804). Such a run is
# tried again, up to twice, saying so; a run that wrote a failing input to
# testdata/fuzz, or failed any other way, fails at once.
set -euo pipefail
fuzztime=${FUZZTIME:-10s}
cd "$(dirname "$0")/.."
found=0
# count prints how many files a directory holds (0 if there is none).
count() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
while read -r file; do
	dir=$(dirname "$file")
	for name in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
		found=1
		corpus="$dir/testdata/fuzz/$name"
		for try in 1 2 3; do
			echo "fuzz: $name in ./$dir for $fuzztime"
			before=$(count "$corpus")
			if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "./$dir" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" = 0 ]; then
				break
			fi
			after=$(count "$corpus")
			if [ "$try" = 3 ] || [ "$after" != "$before" ] ||
				! grep -q '^    context deadline exceeded$' "$log" ||
				grep -q -e 'Failing input written' -e '^panic:' -e '--- FAIL: .*/' "$log"; then
				echo "fuzz: $name failed" >&2
				exit 1
			fi
			echo "fuzz: $name: the fuzzing coordinator stopped at its deadline with no failing input (golang/go#75804); trying again"
		done
	done
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | sed 's|^\./||' | sort)
[ "$found" = 1 ] || echo "fuzz: no targets found"
