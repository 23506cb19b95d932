#!/usr/bin/env bash
# Scores the rules against the team's labelled notes in ../shared when that
# folder is beside the clone (the repository's own tests use the copies in
# testdata/, so a clone with nothing beside it passes without this step).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f ../shared/notes/labels.json ]; then
  echo "../shared not found: skipping the shared accuracy score (testdata/labelled is scored by go test)"
  exit 0
fi
go run ./cmd/soaplint accuracy --labels ../shared/notes/labels.json --min 0.9
if [ -f ../shared/corpus/mtsamples_full.csv.gz ]; then
  SOAPLINT_CORPUS="$(cd ../shared/corpus && pwd)/mtsamples_full.csv.gz" \
    go test -run '^$' -bench 'BenchmarkBatchCorpus' -benchtime=1x ./cmd/soaplint/
fi
