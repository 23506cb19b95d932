package lsp

import (
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// TestGoalTemplatesSameAsCLI: on an impairment goal, the completion's first
// templates are the goal/impairment-based fixes (the CLI's), in order, and a
// goal naming no region gets the note's region's (shoulder, from the
// diagnosis code), not the generic stair templates.
func TestGoalTemplatesSameAsCLI(t *testing.T) {
	h := newHarness(t, Options{Rules: rules.All(), Debounce: -1})
	h.initialize("", nil, false)
	goal := "STG 1: Improve strength to 4/5 in 4 wks"
	text := "Discipline: PT\nDx: M75.101 rotator cuff tear\nS: Pt reports pain.\nO: MMT 3+/5.\nA: Progressing.\nGoals:\n" + goal + "\nP: Continue POC.\n"
	h.open(docURI, text)
	p := h.waitPub(docURI, 1)
	var fixes []string
	for _, d := range p.Diagnostics {
		if d.Code != "goal/impairment-based" {
			continue
		}
		var actions []protocol.CodeAction
		h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{
			"textDocument": map[string]any{"uri": docURI}, "range": d.Range,
			"context": map[string]any{"diagnostics": []protocol.Diagnostic{d}},
		}, &actions)
		for _, a := range actions {
			if strings.HasPrefix(a.Title, "Rewrite as a functional goal") {
				fixes = append(fixes, a.Edit.Changes[docURI][0].NewText)
			}
		}
	}
	if len(fixes) != 3 {
		t.Fatalf("%d template fixes, want 3 (diagnostics %+v)", len(fixes), p.Diagnostics)
	}
	var list protocol.CompletionList
	h.mustCall(protocol.MethodTextDocumentCompletion, map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": 6, "character": len(goal)},
	}, &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
		if it.TextEdit == nil || it.TextEdit.Range.Start.Character != uint32(len("STG 1: ")) {
			t.Errorf("item %q replaces %+v, want the goal text after its label", it.Label, it.TextEdit)
		}
	}
	if len(labels) < 3 || !slices.Equal(labels[:3], fixes) {
		t.Errorf("completion %q, want the CLI's fixes %q first", labels, fixes)
	}
	if strings.Contains(fixes[0], "stairs") || !strings.Contains(strings.Join(fixes, " "), "overhead") {
		t.Errorf("a shoulder note's region-less goal got %q", fixes)
	}
}
