package timing

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// TestAccuracySharedNotes holds the time/* rules to precision and recall ≥ 0.9 on
// the labelled shared notes.
func TestAccuracySharedNotes(t *testing.T) { golden.CheckSharedNotes(t, Rules(), 0.9) }

// TestSilentOnMTSamples: real notes that bill nothing get no time/* finding.
func TestSilentOnMTSamples(t *testing.T) { golden.MTSamplesSilent(t, Rules()) }
