package goal

import (
	"flag"
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
	"github.com/soaplint/soaplint/lexicon"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/rules")

// TestGolden checks testdata/rules/goal/*. The goldens record the fixes as the
// LSP server and JSON output rank them, with the bleve index warm.
func TestGolden(t *testing.T) {
	if err := lexicon.Default().Templates.Warm(); err != nil {
		t.Fatal(err)
	}
	golden.Run(t, Rules(), *update)
}
