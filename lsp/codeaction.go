package lsp

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/lexicon"
)

// cmdAddTerm adds a term to the project lexicon in .soaplint.yaml.
// Arguments: [class, term, documentURI].
const cmdAddTerm = "soaplint.addLexiconTerm"

// CodeAction turns the analyzer's fixes for the diagnostics in the request into
// quick fixes, and offers fix-all (kindFixAll) when the note has safe fixes.
// Diagnostics are matched to the current analysis by rule ID and range; with
// none in the request, every finding overlapping the range counts.
func (s *server) CodeAction(ctx context.Context, params *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	actions := []protocol.CodeAction{}
	only := params.Context.Only
	quick := len(only) == 0 || wantsKind(only, protocol.QuickFix)
	fixAll := len(only) == 0 || wantsKind(only, kindFixAll)
	if !quick && !fixAll {
		return actions, nil
	}
	snap, err := s.current(ctx, params.TextDocument.URI)
	if err != nil || snap == nil {
		return actions, err
	}
	if quick {
		actions = s.quickFixes(snap, params)
	}
	if fixAll {
		if a, ok := s.fixAllAction(snap); ok {
			actions = append(actions, a)
		}
	}
	return actions, nil
}

// quickFixes are the fixes of the findings the request is about.
func (s *server) quickFixes(snap *snapshot, params *protocol.CodeActionParams) []protocol.CodeAction {
	actions := []protocol.CodeAction{}
	for _, i := range matchDiagnostics(snap, params) {
		d, ld := snap.res.Diagnostics[i], snap.diags[i]
		for _, f := range d.Fixes {
			actions = append(actions, protocol.CodeAction{
				Title:       f.Title,
				Kind:        protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{ld},
				IsPreferred: f.Kind == analyzer.Safe, // a suggestion or a disable is the user's call
				Edit:        s.workspaceEdit(snap, f.Edits),
			})
		}
		// A rule that learns from the lexicon fires because a word was not
		// recognised; offer to add the word to the project lexicon.
		if class := s.learns(d.Rule); class != "" {
			if term := selectedWord(snap, params.Range, d); term != "" {
				actions = append(actions, protocol.CodeAction{
					Title:       fmt.Sprintf("Add %q to the project lexicon as a %s term", term, class),
					Kind:        protocol.QuickFix,
					Diagnostics: []protocol.Diagnostic{ld},
					Command: &protocol.Command{
						Title:     "Add to project lexicon",
						Command:   cmdAddTerm,
						Arguments: []any{string(class), term, string(snap.uri)},
					},
				})
			}
		}
	}
	return actions
}

// learns is the lexicon class the rule id learns from (Rule.Learns), or "".
func (s *server) learns(id string) lexicon.TermClass {
	for _, r := range s.opts.Rules {
		if r.ID == id {
			return r.Learns
		}
	}
	return ""
}

// matchDiagnostics returns the indexes of snap's findings the request is about:
// those with the rule and range of a diagnostic in the request (or, when a
// client's round trip altered the range, the rule and an overlapping range),
// else every finding overlapping the requested range.
func matchDiagnostics(snap *snapshot, params *protocol.CodeActionParams) []int {
	var out []int
	if len(params.Context.Diagnostics) > 0 {
		seen := map[int]bool{}
		for _, want := range params.Context.Diagnostics {
			code := fmt.Sprint(want.Code)
			found := false
			for i, ld := range snap.diags {
				if code == ld.Code && want.Range == ld.Range && !seen[i] {
					out, seen[i], found = append(out, i), true, true
				}
			}
			if found {
				continue
			}
			for i, ld := range snap.diags {
				if code == ld.Code && overlaps(want.Range, ld.Range) && !seen[i] {
					out, seen[i] = append(out, i), true
				}
			}
		}
		sort.Ints(out)
		return out
	}
	for i, ld := range snap.diags {
		if overlaps(ld.Range, params.Range) {
			out = append(out, i)
		}
	}
	return out
}

func before(a, b protocol.Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
}

// overlaps reports whether two ranges share a position (touching counts, so a
// cursor at either end of a finding selects it).
func overlaps(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// workspaceEdit converts byte-range edits of snap's text into an LSP edit.
func (s *server) workspaceEdit(snap *snapshot, edits []analyzer.TextEdit) *protocol.WorkspaceEdit {
	tes := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		tes = append(tes, protocol.TextEdit{Range: toRange(snap.mapper, e.Start, e.End), NewText: e.NewText})
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{snap.uri: tes}}
}

// selectedWord is the text the user selected inside the finding, or the word
// under the cursor; "" when the selection is outside it or not a short term.
func selectedWord(snap *snapshot, r protocol.Range, d analyzer.Diagnostic) string {
	start, end := fromPosition(snap.mapper, r.Start), fromPosition(snap.mapper, r.End)
	if start < d.Start || end > d.End || start > end {
		return ""
	}
	text := snap.text
	if start == end { // a cursor: widen to the word around it
		for start > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:start])
			if !isWordRune(r) {
				break
			}
			start -= n
		}
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !isWordRune(r) {
				break
			}
			end += n
		}
	}
	term := strings.TrimFunc(text[start:end], func(r rune) bool { return !isWordRune(r) })
	if term == "" || len(term) > 60 || strings.ContainsAny(term, "\r\n") {
		return ""
	}
	return strings.ToLower(term)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\''
}
