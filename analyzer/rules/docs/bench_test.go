package docs

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// BenchmarkRules runs this family's rules over the shared notes, parsed once.
func BenchmarkRules(b *testing.B) { golden.BenchRules(b, Rules()) }
