package lsp

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// TestSafeFixIsPreferred: the server marks exactly the safe fixes isPreferred
// (what an editor applies on "fix all" or a single keystroke); suggestions and
// the disable fix are offered but never preferred.
func TestSafeFixIsPreferred(t *testing.T) {
	rule := &analyzer.Rule{
		ID: "modifier/discipline-missing", Severity: analyzer.Warning, Doc: "test",
		Run: func(p *analyzer.Pass) {
			p.Reportf(note.Range{Start: 0, End: 5}, []analyzer.Fix{
				{Title: "Suggest", Edits: []analyzer.TextEdit{{Start: 0, End: 5, NewText: "97110"}}},
				{Title: "Add modifier GP", Kind: analyzer.Safe, Edits: []analyzer.TextEdit{{Start: 5, End: 5, NewText: "-GP"}}},
			}, "no modifier")
		},
	}
	h := newHarness(t, Options{Rules: []*analyzer.Rule{rule}})
	h.initialize("", nil, false)
	h.open(docURI, "97530 x2\n")
	p := h.waitPub(docURI, 1)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("want 1 diagnostic, got %+v", p.Diagnostics)
	}
	var actions []protocol.CodeAction
	h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": docURI},
		"range":        p.Diagnostics[0].Range,
		"context":      map[string]any{"diagnostics": p.Diagnostics},
	}, &actions)
	// The quick fixes, and the note-wide fix-all (a source action, never preferred).
	want := map[string]bool{
		"Suggest":         false,
		"Add modifier GP": true,
		"Disable modifier/discipline-missing for this note": false,
		"Fix all safe soaplint problems":                    false,
	}
	if len(actions) != len(want) {
		t.Fatalf("got %d actions, want %d: %+v", len(actions), len(want), actions)
	}
	for _, a := range actions {
		pref, ok := want[a.Title]
		if !ok {
			t.Errorf("unexpected action %q", a.Title)
		} else if a.IsPreferred != pref {
			t.Errorf("%q: isPreferred %v, want %v", a.Title, a.IsPreferred, pref)
		}
	}
}
