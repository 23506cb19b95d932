// Package soaplint_test guards the dependency pins the product card sets.
package soaplint_test

import (
	"os"
	"regexp"
	"testing"
)

// TestPinnedDependencies fails when a pinned module moves: go.lsp.dev/protocol
// v0.12.0 builds only with go.lsp.dev/jsonrpc2 v0.10.0 (v1.x breaks it), and bleve
// v2.6.2+ needs module versions the proxy refuses.
func TestPinnedDependencies(t *testing.T) {
	data, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for mod, want := range map[string]string{
		"go.lsp.dev/jsonrpc2":             "v0.10.0",
		"go.lsp.dev/protocol":             "v0.12.0",
		"github.com/blevesearch/bleve/v2": "v2.6.1",
		"github.com/jdkato/prose/v2":      "v2.0.0",
	} {
		re := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(mod) + `\s+(\S+)`)
		m := re.FindSubmatch(data)
		if m == nil {
			t.Errorf("go.mod does not require %s", mod)
			continue
		}
		if got := string(m[1]); got != want {
			t.Errorf("go.mod requires %s %s; it must stay at %s", mod, got, want)
		}
	}
}
