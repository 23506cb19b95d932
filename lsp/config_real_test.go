package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// exerciseNote bills 97530 for exercise only, has a vague phrase and no signature.
const exerciseNote = `Physical Therapy Daily Note
Discipline: PT
Payer: Medicare
Date of service: 03/12/2025
Time in: 10:00  Time out: 10:30

S: Pt reports R knee pain 4/10 after gardening.
O: 97530 TherAct 10:00-10:30 (30 min): mini squats 3x10, lunges 2x10, zumba footwork drills with verbal cues for knee alignment.
A: Pt tolerated treatment well.
P: Continue per POC.
Goals: Pt will walk 300 ft on grass without a device to tend her garden within 4 weeks.

Billing:
97530-GP x2 (30 min)
Total timed minutes: 30   Total treatment time: 30
`

// TestProjectConfigChangesDiagnostics: the workspace's .soaplint.yaml with a
// severity override, a disabled rule and an added functional term changes what
// the real rules publish, exactly as it does for the CLI.
func TestProjectConfigChangesDiagnostics(t *testing.T) {
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
		h.open(uri, exerciseNote)
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
