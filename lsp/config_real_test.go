package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// TestProjectConfigChangesDiagnostics: the workspace's .soaplint.yaml with a
// severity override, a disabled rule and an added functional term changes what
// the real rules publish, exactly as it does for the CLI.
func TestProjectConfigChangesDiagnostics(t *testing.T) {
	// The note the CLI's configuration test lints too: 97530 billed for exercise
	// only, a vague phrase, no signature.
	note, err := os.ReadFile(filepath.Join("..", "testdata", "config", "exercise-note.txt"))
	if err != nil {
		t.Fatal(err)
	}
	published := func(config string) map[string]protocol.DiagnosticSeverity {
		root := t.TempDir()
		if config != "" {
			if err := os.WriteFile(filepath.Join(root, ".soaplint.yaml"), []byte(config), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		h := newHarness(t, Options{Rules: rules.All()})
		h.initialize(root, nil, false)
		uri := "file://" + filepath.Join(root, "note.txt")
		h.open(uri, string(note))
		p := h.waitPub(uri, 1)
		got := map[string]protocol.DiagnosticSeverity{}
		for _, d := range p.Diagnostics {
			got[fmt.Sprint(d.Code)] = d.Severity
		}
		return got
	}
	base := published("")
	if _, ok := base["97530/exercise-only"]; !ok {
		t.Fatalf("without configuration: no 97530/exercise-only in %v", base)
	}
	if _, ok := base["doc/missing-signature"]; !ok {
		t.Fatalf("without configuration: no doc/missing-signature in %v", base)
	}
	if base["doc/vague-phrase"] != protocol.DiagnosticSeverityInformation {
		t.Fatalf("without configuration: doc/vague-phrase severity %v, want information", base["doc/vague-phrase"])
	}
	got := published("rules:\n  doc/vague-phrase: error\n  doc/missing-signature: off\nlexicon:\n  functional: [zumba]\n")
	if _, ok := got["97530/exercise-only"]; ok {
		t.Errorf("added functional term \"zumba\" did not tie the 97530 activity to function: %v", got)
	}
	if _, ok := got["doc/missing-signature"]; ok {
		t.Errorf("rule switched off in .soaplint.yaml still published: %v", got)
	}
	if got["doc/vague-phrase"] != protocol.DiagnosticSeverityError {
		t.Errorf("doc/vague-phrase severity %v, want error from the override", got["doc/vague-phrase"])
	}
}
