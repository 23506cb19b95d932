package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/note"
)

// DocumentSymbol outlines a note: its sections, with its goals and billed codes
// under the section that holds them.
func (s *server) DocumentSymbol(ctx context.Context, params *protocol.DocumentSymbolParams) ([]any, error) {
	out := []any{}
	snap, err := s.current(ctx, params.TextDocument.URI)
	if err != nil || snap == nil {
		return out, err
	}
	n, m := snap.res.Note, snap.mapper
	var secs []*protocol.DocumentSymbol
	var loose []protocol.DocumentSymbol // goals and charges outside any section
	for _, sec := range n.Sections {
		full := note.Range{Start: sec.Header.Start, End: max(sec.Header.End, sec.Body.End)}
		name := strings.TrimSpace(sec.Title)
		if name == "" {
			name = "section"
		}
		secs = append(secs, &protocol.DocumentSymbol{
			Name: name, Kind: protocol.SymbolKindNamespace,
			Range: toRange(m, full.Start, max(sec.Header.End, trimEnd(snap.text, full.End))), SelectionRange: toRange(m, sec.Header.Start, sec.Header.End),
		})
	}
	add := func(sym protocol.DocumentSymbol, off int) {
		for i, sec := range n.Sections {
			if off >= sec.Header.Start && off < max(sec.Header.End, sec.Body.End) {
				secs[i].Children = append(secs[i].Children, sym)
				return
			}
		}
		loose = append(loose, sym)
	}
	for _, g := range n.Goals {
		name := strings.TrimSpace(g.Text)
		if g.Term != "" {
			name = g.Term + ": " + name
		}
		add(protocol.DocumentSymbol{
			Name: ellipsis(name, 80), Detail: g.Timeframe, Kind: protocol.SymbolKindEvent,
			Range: toRange(m, g.Line.Start, g.Line.End), SelectionRange: toRange(m, g.Range.Start, g.Range.End),
		}, g.Line.Start)
	}
	for _, c := range n.Charges {
		add(protocol.DocumentSymbol{
			Name: c.Code, Kind: protocol.SymbolKindConstant,
			Range: toRange(m, c.Line.Start, c.Line.End), SelectionRange: toRange(m, c.CodeRange.Start, c.CodeRange.End),
		}, c.Line.Start)
	}
	for _, sec := range secs {
		out = append(out, *sec)
	}
	for _, sym := range loose {
		out = append(out, sym)
	}
	return out, nil
}

// trimEnd moves end back over trailing line breaks so a section's range ends on
// its last line of text.
func trimEnd(text string, end int) int {
	for end > 0 && (text[end-1] == '\n' || text[end-1] == '\r') {
		end--
	}
	return end
}

func ellipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
