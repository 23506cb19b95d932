package timing

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// BenchmarkRules runs the time/* rules over the parsed shared notes (parsing excluded).
func BenchmarkRules(b *testing.B) { golden.BenchRules(b, Rules()) }
