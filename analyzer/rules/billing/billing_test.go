package billing

import (
	"flag"
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestGolden(t *testing.T) { golden.Run(t, Rules(), *update) }
