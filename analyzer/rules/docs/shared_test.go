package docs

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// The family's rules reach precision and recall of at least 0.9 on the shared
// labelled notes (../shared/notes).
func TestSharedNotes(t *testing.T) {
	for id, s := range golden.SharedNotes(t, Rules()) {
		t.Logf("%-30s P=%.2f R=%.2f (tp %d fp %d fn %d)", id, s.Precision, s.Recall, s.TP, s.FP, s.FN)
		if s.Precision < 0.9 || s.Recall < 0.9 {
			t.Errorf("%s: precision %.2f, recall %.2f on the shared notes; want both >= 0.9", id, s.Precision, s.Recall)
		}
	}
}
