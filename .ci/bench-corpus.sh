#!/usr/bin/env bash
# Times `soaplint lint --format json` over the 4,999 MTSamples notes, one file
# each, and a cold lint of one note. Prints notes/s, peak memory (max RSS) and
# wall times. Targets: >= 10,000 notes/s, < 100 MB, cold one note < 50 ms.
#
#   .ci/bench-corpus.sh [path/to/mtsamples_full.csv.gz]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
csv="${1:-testdata/corpus/mtsamples_full.csv.gz}"
runs="${RUNS:-5}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/soaplint" ./cmd/soaplint
go run ./cmd/soaplint/internal/corpusextract -o "$tmp/notes" "$csv"
n="$(find "$tmp/notes" -name '*.txt' | wc -l)"
one="$(find "$tmp/notes" -name '*.txt' | sort | awk 'NR == 1')"

# Exit status 1 (findings) is expected; 2 would be an error.
lint() { "$tmp/soaplint" lint --format json "$@" >/dev/null || [ $? -eq 1 ]; }
lint "$tmp/notes" # warm the page cache

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs "$runs" -i "$tmp/soaplint lint --format json $tmp/notes"
  hyperfine --warmup 3 --runs 20 -i -N "$tmp/soaplint lint --format json $one"
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$tmp/batch.times"
for _ in $(seq "$runs"); do
  /usr/bin/time -f '%e %M' -a -o "$tmp/batch.times" "$tmp/soaplint" lint --format json "$tmp/notes" >/dev/null || true
done
wall="$(awk '{print $1}' "$tmp/batch.times" | median)"
rss="$(awk '{print $2}' "$tmp/batch.times" | sort -n | awk 'END {print}')"

: >"$tmp/one.times"
for _ in $(seq 20); do
  /usr/bin/time -f '%e' -a -o "$tmp/one.times" "$tmp/soaplint" lint --format json "$one" >/dev/null || true
done
# /usr/bin/time has 10 ms resolution; take the cold run with bash's own clock too.
one_ms="$( { TIMEFORMAT='%3R'; time (lint "$one"); } 2>&1 )"

awk -v n="$n" -v wall="$wall" -v rss="$rss" -v one="$(median <"$tmp/one.times")" -v onems="$one_ms" 'BEGIN {
  printf "notes:            %d\n", n
  printf "batch wall:       %.2f s (median of runs)\n", wall
  printf "throughput:       %.0f notes/s (target >= 10000)\n", (wall > 0 ? n / wall : 0)
  printf "peak memory:      %.1f MB max RSS (target < 100)\n", rss / 1024
  printf "cold one note:    %.0f ms median (/usr/bin/time), %.0f ms last run (target < 50)\n", one * 1000, onems * 1000
}'
