package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// safeRules are fakeRules whose "bad" → "good" fix is Safe, plus a rule whose
// only fix is a suggestion (never applied by fix-all).
func safeRules() []*analyzer.Rule {
	rs := fakeRules()
	vague := rs[0]
	rs[0] = &analyzer.Rule{ID: vague.ID, Severity: vague.Severity, Doc: vague.Doc, Source: vague.Source, Run: func(p *analyzer.Pass) {
		text := p.Note.Text
		for i := 0; ; {
			j := strings.Index(text[i:], "bad")
			if j < 0 {
				return
			}
			start := i + j
			p.Reportf(note.Range{Start: start, End: start + 3}, []analyzer.Fix{
				{Title: "Replace with good", Kind: analyzer.Safe, Edits: []analyzer.TextEdit{{Start: start, End: start + 3, NewText: "good"}}},
				analyzer.DisableFix("doc/vague-phrase"),
			}, "vague word %q", "bad")
			i = start + 3
		}
	}}
	return rs
}

func (h *harness) codeActions(uri string, only []string) []protocol.CodeAction {
	h.tb.Helper()
	ctx := map[string]any{"diagnostics": []any{}}
	if only != nil {
		ctx["only"] = only
	}
	var actions []protocol.CodeAction
	h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": rng(0, 0, 0, 0), "context": ctx,
	}, &actions)
	return actions
}

func fixAllOf(actions []protocol.CodeAction) []protocol.CodeAction {
	var out []protocol.CodeAction
	for _, a := range actions {
		if a.Kind == kindFixAll {
			out = append(out, a)
		}
	}
	return out
}

// TestFixAll: source.fixAll.soaplint applies exactly the safe fixes — what
// analyzer.ApplyFixes(text, diags, SafeOnly) gives — as one edit, at the right
// UTF-16 positions after non-ASCII text; suggestions and disables are left.
func TestFixAll(t *testing.T) {
	h := newHarness(t, Options{Rules: safeRules(), Debounce: -1})
	res := h.initialize("", nil, false)
	var kinds []string
	if o, ok := res.Capabilities.CodeActionProvider.(map[string]any); ok {
		for _, k := range o["codeActionKinds"].([]any) {
			kinds = append(kinds, k.(string))
		}
	}
	if strings.Join(kinds, " ") != "quickfix source.fixAll.soaplint" {
		t.Errorf("codeActionKinds %v", kinds)
	}
	text := "°° bad 😀 bad\nSTG 1: R knee ROM 0-120°\nok\n"
	h.open(docURI, text)
	h.waitPub(docURI, 1)

	res2, err := analyzer.Run(context.Background(), text, safeRules(), mustConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	want, n := analyzer.ApplyFixes(text, res2.Diagnostics, analyzer.SafeOnly)
	if n != 2 || want != "°° good 😀 good\nSTG 1: R knee ROM 0-120°\nok\n" {
		t.Fatalf("ApplyFixes = %q, %d", want, n)
	}
	for _, only := range [][]string{{"source.fixAll"}, {"source.fixAll.soaplint"}, {"source"}, nil} {
		all := fixAllOf(h.codeActions(docURI, only))
		if len(all) != 1 {
			t.Fatalf("only %v: %d fix-all actions", only, len(all))
		}
		a := all[0]
		edits := a.Edit.Changes[docURI]
		if len(edits) != 1 {
			t.Fatalf("fix-all has %d edits, want one span", len(edits))
		}
		if got := applyEdits(text, edits); got != want {
			t.Errorf("only %v: fix-all gives %q, want %q", only, got, want)
		}
		if a.Title != "Fix all safe soaplint problems (2 fixes)" || a.Command != nil {
			t.Errorf("fix-all action %+v", a)
		}
	}
	if all := fixAllOf(h.codeActions(docURI, []string{"quickfix"})); len(all) != 0 {
		t.Errorf("only quickfix returned fix-all")
	}
	// The server changed nothing by itself.
	if got := h.docText(docURI); got != text {
		t.Errorf("document text changed to %q", got)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.edits) != 0 {
		t.Errorf("the server sent workspace/applyEdit")
	}
}

// TestFixAllNothingSafe: without a safe fix there is no fix-all action.
func TestFixAllNothingSafe(t *testing.T) {
	h := newHarness(t, Options{Debounce: -1}) // fakeRules: suggestions only
	h.initialize("", nil, false)
	h.open(docURI, "bad\nSTG 1: R knee ROM 0-120°\n")
	h.waitPub(docURI, 1)
	if all := fixAllOf(h.codeActions(docURI, []string{"source.fixAll"})); len(all) != 0 {
		t.Errorf("fix-all offered with no safe fix: %+v", all)
	}
}

// TestFixAllMatchesCLI: with the real rules, fix-all is ApplyFixes(SafeOnly)
// over the note's findings — the --fix set — on every labelled note.
func TestFixAllMatchesCLI(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "labelled", "notes", "*.txt"))
	if len(paths) == 0 {
		t.Fatal("no labelled notes in testdata")
	}
	h := newHarness(t, Options{Rules: rules.All(), Debounce: -1})
	h.initialize("", nil, false)
	cfg := mustConfig(t)
	fixed := 0
	defer func() {
		if fixed == 0 {
			t.Errorf("no labelled note has a safe fix: the comparison proved nothing")
		}
	}()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		uri := "file:///fixall/" + filepath.Base(p)
		h.open(uri, text)
		res, err := analyzer.Run(context.Background(), text, rules.All(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		want, n := analyzer.ApplyFixes(text, res.Diagnostics, analyzer.SafeOnly)
		all := fixAllOf(h.codeActions(uri, []string{"source.fixAll.soaplint"}))
		switch {
		case n == 0 && len(all) != 0:
			t.Errorf("%s: fix-all offered, but --fix applies nothing", p)
		case n > 0 && len(all) != 1:
			t.Errorf("%s: %d safe fixes but %d fix-all actions", p, n, len(all))
		case n > 0:
			fixed++
			if got := applyEdits(text, all[0].Edit.Changes[protocol.DocumentURI(uri)]); got != want {
				t.Errorf("%s: fix-all differs from ApplyFixes(SafeOnly)", p)
			}
		}
	}
}

// mustConfig is the configuration the server uses for a note without a
// folder and with no client settings.
func mustConfig(t *testing.T) analyzer.Config {
	t.Helper()
	cfg, err := loadConfig(emptyDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestDiffSpan(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"abc", "abc"}, {"abc", "abXc"}, {"°a°", "°b°"}, {"x😀y", "x😁y"}, {"", "new"}, {"old", ""}, {"aaa", "aa"},
	} {
		s, ae, be := diffSpan(tc.a, tc.b)
		if got := tc.a[:s] + tc.b[s:be] + tc.a[ae:]; got != tc.b {
			t.Errorf("diffSpan(%q, %q) = %d,%d,%d rebuilds %q", tc.a, tc.b, s, ae, be, got)
		}
		if !utf8Boundary(tc.a, s) || !utf8Boundary(tc.a, ae) || !utf8Boundary(tc.b, be) {
			t.Errorf("diffSpan(%q, %q) = %d,%d,%d splits a rune", tc.a, tc.b, s, ae, be)
		}
	}
}

func utf8Boundary(s string, i int) bool { return i == len(s) || isRuneStart(s[i]) }
