#!/usr/bin/env bash
# Runs every Fuzz target of the module for a short while (FUZZTIME, default
# 10s each), so new targets are included without touching the Makefile.
set -euo pipefail
fuzztime=${FUZZTIME:-10s}
cd "$(dirname "$0")/.."
found=0
while read -r file; do
	dir=$(dirname "$file")
	for name in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
		found=1
		echo "fuzz: $name in ./$dir for $fuzztime"
		go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "./$dir"
	done
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | sed 's|^\./||' | sort)
[ "$found" = 1 ] || echo "fuzz: no targets found"
