package billing

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// BenchmarkRules runs the modifier/* and units/* rules over the parsed shared notes (parsing excluded).
func BenchmarkRules(b *testing.B) { golden.BenchRules(b, Rules()) }
