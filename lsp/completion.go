package lsp

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/goaltpl"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

var (
	// goalLabelRE matches the label of a goal line up to where the goal's text starts.
	goalLabelRE = regexp.MustCompile(`(?i)^\s*(?:[-*•]\s*)?(?:\d+[.)]\s*)?(?:STG|LTG|(?:short|long)[- ]term goal|goal)s?\s*(?:#?\d+)?\s*(?:\([^)]*\))?\s*[:.)-]?\s*`)
	// modifierRE matches a code followed by modifiers and a separator at the cursor.
	modifierRE = regexp.MustCompile(`\b\d{4}[0-9A-Z](?:[- ]+[A-Z0-9]{2})*\s*-\s*([A-Za-z0-9]?)$|\b\d{4}[0-9A-Z](?:-[A-Z0-9]{2})*\s+([A-Za-z]?)$`)
	// codePrefixRE matches a partly typed code at the cursor.
	codePrefixRE = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([0-9]{1,4}|[0-9]{4}[0-9A-Z]?)$`)
	// billingLineRE recognises a billing line by its first word.
	billingLineRE = regexp.MustCompile(`(?i)^\s*(?:[-*•]\s*)?(?:cpt|billing|billed|charges?|codes?)\b`)
)

// Completion offers functional-goal templates on goal lines, CPT codes with their
// names on billing lines and modifiers after a code.
func (s *server) Completion(ctx context.Context, params *protocol.CompletionParams) (*protocol.CompletionList, error) {
	list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	snap, err := s.current(ctx, params.TextDocument.URI)
	if err != nil || snap == nil {
		return list, err
	}
	lex := snap.cfg.Lexicon
	if lex == nil {
		lex = lexicon.Default()
	}
	m := snap.mapper
	off := fromPosition(m, params.Position)
	lineStart := m.LineStart(m.Line(off))
	prefix := snap.text[lineStart:off]

	switch {
	case modifierRE.MatchString(prefix):
		sm := modifierRE.FindStringSubmatch(prefix)
		typed := sm[1] + sm[2]
		for i, mod := range lex.Modifiers {
			if !strings.HasPrefix(mod.Code, strings.ToUpper(typed)) {
				continue
			}
			list.Items = append(list.Items, protocol.CompletionItem{
				Label: mod.Code, Kind: protocol.CompletionItemKindEnumMember, Detail: mod.Meaning,
				SortText: fmt.Sprintf("%02d", i),
				TextEdit: &protocol.TextEdit{Range: toRange(m, off-len(typed), off), NewText: mod.Code},
			})
		}
	case goalLabelRE.MatchString(prefix) || inSection(snap.res.Note, off, note.SectionGoals):
		list.Items = s.goalItems(ctx, snap, lex, lineStart, off)
	case codePrefixRE.MatchString(prefix) && (isBillingLine(snap, off, prefix) || len(codePrefixRE.FindStringSubmatch(prefix)[1]) >= 2):
		typed := codePrefixRE.FindStringSubmatch(prefix)[1]
		for _, c := range lex.Codes.All() {
			if !strings.HasPrefix(c.Code, strings.ToUpper(typed)) {
				continue
			}
			timed := "untimed"
			if c.Timed {
				timed = "timed, each 15 min"
			}
			list.Items = append(list.Items, protocol.CompletionItem{
				Label: c.Code, Kind: protocol.CompletionItemKindValue,
				Detail: c.Name + " (" + timed + ")", FilterText: c.Code + " " + c.Name,
				TextEdit: &protocol.TextEdit{Range: toRange(m, off-len(typed), off), NewText: c.Code},
			})
		}
	case isBillingLine(snap, off, prefix):
		for _, c := range lex.Codes.All() {
			list.Items = append(list.Items, protocol.CompletionItem{
				Label: c.Code, Kind: protocol.CompletionItemKindValue, Detail: c.Name,
				FilterText: c.Code + " " + c.Name, InsertText: c.Code,
			})
		}
	}
	return list, nil
}

func isBillingLine(snap *snapshot, off int, prefix string) bool {
	return billingLineRE.MatchString(prefix) || inSection(snap.res.Note, off, note.SectionBilling)
}

func inSection(n *note.Note, off int, kind note.SectionKind) bool {
	for _, sec := range n.Sections {
		if sec.Kind == kind && off >= sec.Body.Start && off <= sec.Body.End {
			return true
		}
	}
	return false
}

// goalItems offers the functional-goal templates for the goal being written —
// goaltpl's, the ones the goal/impairment-based fixes offer — ranked for the
// goal, the note's region and the patient's activities, with its side, body
// part and timeframe; an item replaces the goal text typed so far.
func (s *server) goalItems(ctx context.Context, snap *snapshot, lex *lexicon.Lexicon, lineStart, off int) []protocol.CompletionItem {
	m := snap.mapper
	lineEnd := off
	for lineEnd < len(snap.text) && snap.text[lineEnd] != '\n' && snap.text[lineEnd] != '\r' {
		lineEnd++
	}
	textStart := lineStart
	if g, ok := goalOnLine(snap.res.Note, lineStart, lineEnd); ok && g.Range.Start <= off {
		textStart = g.Range.Start // the parsed note knows where the goal's text starts
	} else if loc := goalLabelRE.FindStringIndex(snap.text[lineStart:lineEnd]); loc != nil && lineStart+loc[1] <= off {
		textStart = lineStart + loc[1] // a goal being typed, not yet parsed as one
	}
	goal := snap.text[textStart:lineEnd]
	items := []protocol.CompletionItem{}
	for i, sg := range goaltpl.ForGoal(ctx, lex, goaltpl.ForNote(lex, snap.res.Note), goal, "", 8) {
		items = append(items, protocol.CompletionItem{
			Label:      sg.Text,
			Kind:       protocol.CompletionItemKindSnippet,
			Detail:     "functional goal template (" + sg.ID + ")",
			SortText:   fmt.Sprintf("%02d", i),
			FilterText: snap.text[textStart:off] + " " + sg.Text,
			TextEdit:   &protocol.TextEdit{Range: toRange(m, textStart, lineEnd), NewText: sg.Text},
		})
	}
	return items
}

// goalOnLine returns the parsed goal whose text lies on the line [start, end).
func goalOnLine(n *note.Note, start, end int) (note.Goal, bool) {
	for _, g := range n.Goals {
		if g.Range.Start >= start && g.Range.End <= end && !g.Range.Empty() {
			return g, true
		}
	}
	return note.Goal{}, false
}
