#!/usr/bin/env bash
# The whole test suite: what `make test` and .ci/run execute.
#   1. install whatever the tests need (idempotent)
#   2. gofmt check, go vet
#   3. go test -race ./...
#   4. every other suite: .ci/*-test.sh (editors, ...)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash .ci/install-deps.sh

echo "=== gofmt"
unformatted="$(gofmt -l $(go list -f '{{.Dir}}' ./...))"
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:" >&2
  echo "$unformatted" >&2
  exit 1
fi

echo "=== go vet"
go vet ./...

echo "=== go test -race"
go test -race -count=1 ./...

for suite in .ci/*-test.sh; do
  [ -e "$suite" ] || continue
  echo "=== $suite"
  bash "$suite"
done
echo "=== all tests passed"
