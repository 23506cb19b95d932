# soaplint — common tasks. `make test` is the whole suite (what CI runs).
.PHONY: test samples build bench bench-corpus accuracy

test:
	bash .ci/test.sh

# Lint the sample notes shipped in testdata/samples (exit 1: findings).
samples:
	go run ./cmd/soaplint lint testdata/samples

build:
	go build -o soaplint ./cmd/soaplint

# Per-rule precision/recall against the labelled notes: the repository's copy,
# and the team's ../shared/notes too when it is beside the clone.
accuracy:
	go run ./cmd/soaplint accuracy --labels testdata/labelled/notes/labels.json
	if [ -f ../shared/notes/labels.json ]; then go run ./cmd/soaplint accuracy --labels ../shared/notes/labels.json; fi

bench:
	go test -run '^$$' -bench . -benchmem ./cmd/soaplint/

bench-corpus:
	bash .ci/bench-corpus.sh
