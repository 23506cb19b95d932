package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// copyCourse copies the labelled patient-b course of care into a workspace.
func copyCourse(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "testdata", "labelled", "episodes", "patient-b")
	root := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, _ := os.ReadFile(filepath.Join(src, e.Name()))
		os.WriteFile(filepath.Join(root, e.Name()), data, 0o600)
	}
	return root
}

func episodeDiags(p publication, rule string) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range p.Diagnostics {
		if d.Code == rule {
			out = append(out, d)
		}
	}
	return out
}

// TestEpisodeDiagnostics opens a cloned note of a course of care: the server
// reads the patient's other notes from the workspace and publishes the clone
// finding with the earlier note as related information. Changing the earlier
// note on disk (didChangeWatchedFiles) refreshes it.
func TestEpisodeDiagnostics(t *testing.T) {
	root := copyCourse(t)
	h := newHarness(t, Options{Rules: rules.All()})
	h.initialize(root, map[string]any{"debounceMs": 0}, false)
	path := filepath.Join(root, "2025-01-16-slp-daily.txt")
	data, _ := os.ReadFile(path)
	u := "file://" + path
	h.open(u, string(data))
	p := h.waitPub(u, 1)
	ds := episodeDiags(p, "episode/cloned-note")
	if len(ds) != 1 {
		t.Fatalf("clone findings %d, want 1: %+v", len(ds), p.Diagnostics)
	}
	d := ds[0]
	if d.Range.Start.Line != 2 || d.Range.Start.Character != 17 || !strings.Contains(d.Message, "01/13/2025") {
		t.Errorf("clone finding at %+v: %q", d.Range, d.Message)
	}
	if len(d.RelatedInformation) != 1 || !strings.HasSuffix(string(d.RelatedInformation[0].Location.URI), "/2025-01-13-slp-daily.txt") ||
		d.RelatedInformation[0].Location.Range.Start.Line != 2 || !strings.Contains(d.RelatedInformation[0].Message, "01/13/2025") {
		t.Errorf("related information: %+v", d.RelatedInformation)
	}

	// The earlier note is rewritten on disk: after the watched-files event and
	// the next edit, the note is no longer a copy of it.
	earlier := filepath.Join(root, "2025-01-13-slp-daily.txt")
	other, _ := os.ReadFile(filepath.Join(root, "2025-01-09-slp-daily.txt"))
	os.WriteFile(earlier, []byte(strings.Replace(string(other), "2025-01-09", "2025-01-13", -1)), 0o600)
	h.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, map[string]any{"changes": []any{map[string]any{"uri": "file://" + earlier, "type": 2}}})
	v := h.change(u, map[string]any{"text": string(data) + "\n"})
	if ds := episodeDiags(h.waitPub(u, v), "episode/cloned-note"); len(ds) != 0 {
		t.Errorf("stale clone finding after the earlier note changed: %+v", ds)
	}
}

// TestEpisodeUndated: a note without patient and date gets no episode finding,
// and a note outside any file (untitled) is not looked up.
func TestEpisodeUndated(t *testing.T) {
	root := copyCourse(t)
	h := newHarness(t, Options{Rules: rules.All()})
	h.initialize(root, map[string]any{"debounceMs": 0}, false)
	data, _ := os.ReadFile(filepath.Join(root, "2025-01-16-slp-daily.txt"))
	text := strings.Replace(string(data), "MRN: 4471902    Patient: Harold Osei", "", 1)
	u := "file://" + filepath.Join(root, "new.txt")
	h.open(u, text)
	for _, d := range h.waitPub(u, 1).Diagnostics {
		if strings.HasPrefix(d.Code.(string), "episode/") {
			t.Errorf("episode finding on a note without patient: %+v", d)
		}
	}
	h.open("untitled:Untitled-1", string(data))
	for _, d := range h.waitPub("untitled:Untitled-1", 1).Diagnostics {
		if strings.HasPrefix(d.Code.(string), "episode/") {
			t.Errorf("episode finding on an untitled note: %+v", d)
		}
	}
}
