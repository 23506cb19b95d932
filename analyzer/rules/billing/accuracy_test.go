package billing

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// TestAccuracySharedNotes holds the modifier/* and units/* rules to precision and recall ≥ 0.9 on
// the labelled shared notes.
func TestAccuracySharedNotes(t *testing.T) { golden.CheckSharedNotes(t, Rules(), 0.9) }

// TestSilentOnMTSamples: real notes that bill nothing get no modifier/* or units/* finding.
func TestSilentOnMTSamples(t *testing.T) { golden.MTSamplesSilent(t, Rules()) }
