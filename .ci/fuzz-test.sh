#!/usr/bin/env bash
# Runs every fuzz target briefly (CI) or long (by hand):
#   bash .ci/fuzz-test.sh                 # 1,000 inputs each, part of `make test`
#   FUZZTIME=10m bash .ci/fuzz-test.sh    # the long run
# CI counts inputs rather than seconds: a time-bounded run can end while a
# worker is mid-input, which `go test -fuzz` reports as "context deadline
# exceeded" — a failure of the harness, not of soaplint.
# -timeout 0: go test's default 10-minute timeout would end a 10-minute run
# with a panic.
# A crasher is written under the package's testdata/fuzz/ and fails the run;
# commit it: it becomes a regression test for plain `go test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fuzztime="${FUZZTIME:-1000x}"
minimize="${FUZZMINIMIZETIME:-10s}"
targets=(
  "FuzzParse ./analyzer/note/"
  "FuzzRun ./analyzer/rules/"
  "FuzzMedicareUnits ./analyzer/units/"
  "FuzzCommercialUnits ./analyzer/units/"
  "FuzzIncrementalEdit ./lsp/"
  "FuzzServerMessages ./lsp/"
  "FuzzExecuteCommand ./lsp/"
  "FuzzFix ./cmd/soaplint/"
  "FuzzClassify ./analyzer/nlp/"
)
# Every Fuzz function in the tree must be listed, so none is forgotten.
found="$(grep -rhoE '^func (Fuzz[A-Za-z0-9]+)\(f \*testing\.F\)' --include='*_test.go' . | sed -E 's/^func (Fuzz[A-Za-z0-9]+).*/\1/' | sort)"
listed="$(printf '%s\n' "${targets[@]}" | awk '{print $1}' | sort)"
if [ "$found" != "$listed" ]; then
  echo "fuzz-test: fuzz targets in the tree and in this script differ:" >&2
  diff <(echo "$found") <(echo "$listed") >&2 || true
  exit 1
fi
for t in "${targets[@]}"; do
  set -- $t
  echo "fuzz: $1 ($2) for $fuzztime"
  go test -run '^$' -timeout 0 -fuzz "^$1\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" -parallel 2 "$2"
done
