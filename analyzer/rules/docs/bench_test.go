package docs

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// BenchmarkRules runs this family's rules over the labelled notes, parsed once.
func BenchmarkRules(b *testing.B) { golden.BenchRules(b, Rules()) }

// BenchmarkUnfilledPlaceholder runs doc/unfilled-placeholder alone over the
// labelled notes and the 100 MTSamples dictations (long free text), parsed once.
func BenchmarkUnfilledPlaceholder(b *testing.B) {
	files := append(golden.ReadFiles(b, golden.DataDir(b, "notes"), "n*.txt"),
		golden.ReadFiles(b, golden.DataDir(b, "corpus", "mtsamples"), "*.txt")...)
	golden.BenchRulesOn(b, []*analyzer.Rule{UnfilledPlaceholder}, files)
}
