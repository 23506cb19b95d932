package lsp

import (
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
)

// kindFixAll is the code action that applies every safe fix of a note at once:
// the fixes --fix applies, through the same analyzer.ApplyFixes. Clients apply
// it on save only when the user asks (VS Code: soaplint.fixAllOnSave, or
// "source.fixAll.soaplint" in editor.codeActionsOnSave); the server never
// applies anything by itself.
const kindFixAll protocol.CodeActionKind = "source.fixAll.soaplint"

// wantsKind reports whether a request's only list asks for kind: an entry
// equal to it or a dot-separated prefix of it ("source", "source.fixAll").
func wantsKind(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	for _, k := range only {
		if k == kind || k == "" || strings.HasPrefix(string(kind), string(k)+".") {
			return true
		}
	}
	return false
}

// fixAllAction returns the fix-all action for snap, or false when no safe fix
// applies. Its edit is the one span between the note and its fixed text.
func (s *server) fixAllAction(snap *snapshot) (protocol.CodeAction, bool) {
	fixed, n := analyzer.ApplyFixes(snap.text, snap.res.Diagnostics, analyzer.SafeOnly)
	if n == 0 || fixed == snap.text {
		return protocol.CodeAction{}, false
	}
	start, oldEnd, newEnd := diffSpan(snap.text, fixed)
	edit := analyzer.TextEdit{Start: start, End: oldEnd, NewText: fixed[start:newEnd]}
	title := "Fix all safe soaplint problems"
	if n > 1 {
		title = fmt.Sprintf("%s (%d fixes)", title, n)
	}
	return protocol.CodeAction{Title: title, Kind: kindFixAll, Edit: s.workspaceEdit(snap, []analyzer.TextEdit{edit})}, true
}

// diffSpan returns the span that differs between a and b: a[start:aEnd] is
// replaced by b[start:bEnd]. The bounds fall on UTF-8 boundaries, so the span
// converts to UTF-16 positions.
func diffSpan(a, b string) (start, aEnd, bEnd int) {
	for start < len(a) && start < len(b) && a[start] == b[start] {
		start++
	}
	for start > 0 && start < len(a) && !isRuneStart(a[start]) {
		start--
	}
	aEnd, bEnd = len(a), len(b)
	for aEnd > start && bEnd > start && a[aEnd-1] == b[bEnd-1] {
		aEnd--
		bEnd--
	}
	for aEnd < len(a) && !isRuneStart(a[aEnd]) {
		aEnd++
		bEnd++
	}
	return start, aEnd, bEnd
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }
