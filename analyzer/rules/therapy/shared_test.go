package therapy

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// The family's rules reach precision and recall of at least 0.9 on the shared
// labelled notes (testdata/labelled/notes).
func TestSharedNotes(t *testing.T) { golden.CheckSharedNotes(t, Rules(), 0.9) }

// Real narrative notes that bill nothing get no 97530 finding.
func TestMTSamplesSilent(t *testing.T) { golden.MTSamplesSilent(t, Rules()) }

// BenchmarkRules runs this family's rules over the shared notes, parsed once.
func BenchmarkRules(b *testing.B) { golden.BenchRules(b, Rules()) }
