package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// exerciseNote bills 97530 for exercise only, has a vague phrase and no
// signature (testdata/config/exercise-note.txt; the server's test uses it too).
func exerciseNote(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "config", "exercise-note.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestConfigChangesRealOutput: a .soaplint.yaml with a severity override, a
// disabled rule and an added functional term changes what the real rules report.
func TestConfigChangesRealOutput(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{
		"plain/note.txt":         exerciseNote(t),
		"clinic/note.txt":        exerciseNote(t),
		"clinic/.soaplint.yaml":  "rules:\n  doc/vague-phrase: error\n  doc/missing-signature: off\nlexicon:\n  functional: [zumba]\n",
		"plain/.soaplint.yaml":   "# defaults\n",
		"clinic/unrelated/x.txt": "",
	}))
	findings := func(dir string) map[string]string { // rule -> severity
		_, stdout, stderr := runCLI(t, "", append([]*analyzer.Rule{}, rules.All()...), "lint", "--format", "json", filepath.Join(dir, "note.txt"))
		var out jsonOutput
		if err := json.Unmarshal([]byte(stdout), &out); err != nil || len(out.Files) != 1 {
			t.Fatalf("%s: %v (stderr %q)", dir, err, stderr)
		}
		m := map[string]string{}
		for _, d := range out.Files[0].Diagnostics {
			m[d.Rule] = d.Severity
		}
		return m
	}
	base := findings("plain")
	if base["97530/exercise-only"] == "" || base["doc/missing-signature"] == "" || base["doc/vague-phrase"] != "info" {
		t.Fatalf("without configuration the note should have exercise-only, missing-signature and an info vague-phrase; got %v", base)
	}
	got := findings("clinic")
	if got["97530/exercise-only"] != "" {
		t.Errorf("configured functional term \"zumba\" did not tie the activity to function: %v", got)
	}
	if got["doc/missing-signature"] != "" {
		t.Errorf("disabled rule still reported: %v", got)
	}
	if got["doc/vague-phrase"] != "error" {
		t.Errorf("severity override not applied: %v", got)
	}
}
