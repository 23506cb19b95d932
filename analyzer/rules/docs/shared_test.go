package docs

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// The family's rules reach precision and recall of at least 0.9 on the shared
// labelled notes (testdata/labelled/notes).
func TestSharedNotes(t *testing.T) { golden.CheckSharedNotes(t, Rules(), 0.9) }
