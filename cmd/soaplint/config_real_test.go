package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// realNote bills 97530 for exercise only, has a vague phrase and no signature.
const realNote = `Physical Therapy Daily Note
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

// TestConfigChangesRealOutput: a .soaplint.yaml with a severity override, a
// disabled rule and an added functional term changes what the real rules report.
func TestConfigChangesRealOutput(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{
		"plain/note.txt":         realNote,
		"clinic/note.txt":        realNote,
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
