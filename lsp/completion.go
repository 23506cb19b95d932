package lsp

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"go.lsp.dev/protocol"

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
	sideRE        = regexp.MustCompile(`(?i)\b(R|L|right|left|bilat(?:eral)?|B/L)\b`)
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

// goalItems ranks functional-goal templates for the goal being written and
// fills in its side and body part; the item replaces the goal text typed so far.
func (s *server) goalItems(ctx context.Context, snap *snapshot, lex *lexicon.Lexicon, lineStart, off int) []protocol.CompletionItem {
	m := snap.mapper
	lineEnd := off
	for lineEnd < len(snap.text) && snap.text[lineEnd] != '\n' && snap.text[lineEnd] != '\r' {
		lineEnd++
	}
	line := snap.text[lineStart:lineEnd]
	textStart := lineStart
	if loc := goalLabelRE.FindStringIndex(line); loc != nil && lineStart+loc[1] <= off {
		textStart = lineStart + loc[1]
	}
	goal := snap.text[textStart:lineEnd]
	q := lexicon.TemplateQuery{
		Discipline: string(snap.res.Note.Header.Discipline),
		Regions:    lex.Templates.Regions(goal),
	}
	part, _ := lex.Templates.BodyPart(goal)
	side := ""
	if sm := sideRE.FindStringSubmatch(goal); sm != nil {
		side = normSide(sm[1])
	}
	items := []protocol.CompletionItem{}
	for i, t := range lex.Templates.Rank(ctx, q, 8) {
		text := lexicon.Fill(t, side, part, "")
		items = append(items, protocol.CompletionItem{
			Label:      text,
			Kind:       protocol.CompletionItemKindSnippet,
			Detail:     "functional goal template (" + t.ID + ")",
			SortText:   fmt.Sprintf("%02d", i),
			FilterText: snap.text[textStart:off] + " " + text,
			TextEdit:   &protocol.TextEdit{Range: toRange(m, textStart, lineEnd), NewText: text},
		})
	}
	return items
}

func normSide(s string) string {
	switch strings.ToLower(s) {
	case "r", "right":
		return "R"
	case "l", "left":
		return "L"
	}
	return "bilat"
}
