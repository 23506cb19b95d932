package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// Long runs (not part of CI; one at a time on a small machine):
//
//	go test -run '^$' -fuzz FuzzIncrementalEdit -fuzztime 10m -parallel 1 ./lsp/
//	go test -run '^$' -fuzz FuzzServerMessages -fuzztime 10m -parallel 1 ./lsp/

// refOffset is an independent model of the LSP position → byte offset mapping
// the server applies edits with: lines end at "\n", "\r\n" or a lone "\r";
// columns count UTF-16 units (an invalid byte counts as one); a column past the
// end of a line clamps to the line's end, a column inside a surrogate pair to
// the pair's start, a line past the end to the end of the text.
func refOffset(text string, line, col uint32) int {
	start := 0
	for l := uint32(0); l < line; l++ {
		i := strings.IndexAny(text[start:], "\r\n")
		if i < 0 {
			return len(text)
		}
		start += i + 1
		if text[start-1] == '\r' && start < len(text) && text[start] == '\n' {
			start++
		}
	}
	end := len(text)
	if i := strings.IndexAny(text[start:], "\r\n"); i >= 0 {
		end = start + i
	}
	off := start
	for off < end {
		r, size := utf8.DecodeRuneInString(text[off:end])
		units := uint32(1)
		if r >= 0x10000 {
			units = 2
		}
		if col < units {
			break
		}
		col -= units
		off += size
	}
	return off
}

func fuzzRange(l1, c1, l2, c2 uint32) *protocol.Range {
	return &protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
}

// FuzzIncrementalEdit drives applyChanges, the server's applier of
// didChange content changes, against refOffset.
func FuzzIncrementalEdit(f *testing.F) {
	for _, s := range []struct {
		text           string
		l1, c1, l2, c2 uint32
		repl           string
	}{
		{"STG 1: increase R knee ROM to 120 deg\nLTG: walk 300 ft", 0, 7, 0, 38, "Pt will ascend 12 stairs"},
		{"a😀b\r\nc\rd\n", 0, 2, 2, 1, "é"},
		{"Total timed: 38 min\r\n97110 x2 97530 x1", 1, 6, 1, 8, "3"},
		{"\xff\xfe bad \x00 ñ", 0, 1, 0, 4, "\U0001F9B5"},
		{"", 0, 0, 0, 0, "new note"},
		{"e\u0301\u200d👩‍⚕️ bad\n", 0, 3, 5, 9, ""},
	} {
		f.Add(s.text, s.l1, s.c1, s.l2, s.c2, s.repl)
	}
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 uint32, repl string) {
		got := applyChanges(text, []change{{Range: fuzzRange(l1, c1, l2, c2), Text: repl}})

		start, end := refOffset(text, l1, c1), refOffset(text, l2, c2)
		if end < start {
			end = start
		}
		if want := text[:start] + repl + text[end:]; got != want {
			t.Fatalf("applyChanges(%q, %d:%d-%d:%d, %q) = %q, want %q", text, l1, c1, l2, c2, repl, got, want)
		}
		if utf8.ValidString(text) && utf8.ValidString(repl) && !utf8.ValidString(got) {
			t.Fatalf("edit of valid text made invalid UTF-8: %q", got)
		}
		// A range over the whole text (ending anywhere past it) replaces it.
		m := note.NewMapper(text)
		last := uint32(m.LineCount() - 1)
		if all := applyChanges(text, []change{{Range: fuzzRange(0, 0, last+l2%1024, 1<<31|c2), Text: repl}}); all != repl {
			t.Fatalf("full-range replace of %q = %q, want %q", text, all, repl)
		}
		// Full-content changes and sequences compose.
		if seq := applyChanges(text, []change{{Text: repl}, {Range: fuzzRange(l1, c1, l2, c2), Text: text}}); seq != applyChanges(repl, []change{{Range: fuzzRange(l1, c1, l2, c2), Text: text}}) {
			t.Fatalf("a full change then an edit differs from the edit on the new text")
		}
		// The mapper round-trips the clamped start position. (Only for valid
		// UTF-8: the server's text always is, having come through JSON strings;
		// for stray continuation bytes note.Mapper.UTF16 counts from the byte
		// before them — see testdata/fuzz/FuzzIncrementalEdit.)
		if l, c := m.UTF16(start); utf8.ValidString(text) && m.Offset(l, c) != start {
			t.Fatalf("offset %d → %d:%d → %d", start, l, c, m.Offset(l, c))
		}
	})
}

// fuzzSeeds are real sessions' messages (each one framed body), as editors send them.
var fuzzSeeds = []string{
	`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":1,"rootUri":null,"capabilities":{"workspace":{"configuration":true,"applyEdit":true}},"initializationOptions":{"debounceMs":0}}}`,
	`{"jsonrpc":"2.0","method":"initialized","params":{}}`,
	`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:note-1","languageId":"soap-note","version":1,"text":"Date: 03/04/2025\nPayer: Medicare\nS: Pt reports knee pain 6/10.\nA: tolerated well.\nSTG 1: increase R knee flexion ROM to 120 deg in 2 wks\nTime in: 9:00 Time out: 9:38\n97110 x2 97530 x1 GP\n"}}}`,
	`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:note-1","version":2},"contentChanges":[{"range":{"start":{"line":6,"character":6},"end":{"line":6,"character":8}},"text":"x3"}]}}`,
	`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:note-1","version":3},"contentChanges":[{"text":"S: bad\n97110 x1"}]}}`,
	`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:note-1"},"position":{"line":6,"character":2}}}`,
	`{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"untitled:note-1"},"range":{"start":{"line":4,"character":7},"end":{"line":4,"character":40}},"context":{"diagnostics":[]}}}`,
	`{"jsonrpc":"2.0","id":4,"method":"textDocument/completion","params":{"textDocument":{"uri":"untitled:note-1"},"position":{"line":4,"character":6}}}`,
	`{"jsonrpc":"2.0","id":5,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"untitled:note-1"}}}`,
	`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":4}}`,
	`{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"soaplint":{"profile":"commercial","rules":{"doc/vague-phrase":"off"}}}}}`,
	`{"jsonrpc":"2.0","id":6,"result":[{"profile":"medicare"}]}`,
	`{"jsonrpc":"2.0","id":7,"method":"soaplint/explain","params":{"rule":"goal/impairment-based"}}`,
	`{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"untitled:note-1"}}}`,
	`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"untitled:note-1"}}}`,
	`{"jsonrpc":"2.0","id":8,"method":"shutdown"}`,
	`{"jsonrpc":"2.0","method":"exit"}`,
}

// probeFiller brings the server's framing back to a message boundary from any
// state: it completes a pending body of up to fuzzMaxMessage bytes, and its
// header lines and blank lines end any header block without a usable
// Content-Length (a skippable error).
var probeFiller = "\r\n" + strings.Repeat("X-Fuzz-Resync: 1\r\n", fuzzMaxMessage/16+1) + "\r\n\r\n"

const fuzzMaxMessage = 8 << 10

func probe(i int) string {
	return frame(fmt.Sprintf(`{"jsonrpc":"2.0","id":"probe-%d","method":"soaplint/explain","params":{"rule":"doc/vague-phrase"}}`, i))
}

// FuzzServerMessages writes any bytes into a real session over net.Pipe: the
// server must not panic (a panic fails the fuzz process), and afterwards
// either answer a well-formed request or close the connection.
func FuzzServerMessages(f *testing.F) {
	var all strings.Builder
	for _, s := range fuzzSeeds {
		f.Add([]byte(frame(s)))
		all.WriteString(frame(s))
	}
	f.Add([]byte(all.String()))
	f.Add([]byte(fuzzSeeds[0] + "\r\n\r\n" + frame(fuzzSeeds[1])))
	f.Add([]byte("Content-Length: 10\r\nContent-Length: 3\r\n\r\n{}}"))
	f.Add([]byte(frame(`[{"jsonrpc":"2.0","id":1,"method":"initialize"}]`)))
	f.Add([]byte(frame(`{"jsonrpc":"2.0","id":{"x":1},"method":"initialize","params":null}`)))
	rs := rules.All()
	f.Fuzz(func(t *testing.T, wire []byte) {
		srv, cli := net.Pipe()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- Serve(ctx, srv, Options{Rules: rs, Debounce: -1, MaxMessageBytes: fuzzMaxMessage})
		}()
		defer func() {
			cancel()
			cli.Close()
			select {
			case <-done:
			case <-time.After(waitTimeout):
				t.Fatalf("session did not end")
			}
		}()
		rc := newRawClient(t, cli)
		// A server that stops reading would block these writes forever.
		_ = cli.SetWriteDeadline(time.Now().Add(waitTimeout))
		// Two probes, each after a filler: the first filler resynchronises the
		// framing, so at least the second probe arrives whole.
		wire = append(wire, probeFiller+probe(0)+probeFiller+probe(1)...)
		if err := rc.write(string(wire)); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("the server stopped reading")
			}
			return // the server closed the connection: fine
		}
		var m wireMsg
		answered := rc.waitFor("a probe's answer", func() bool {
			for _, id := range []string{`"probe-0"`, `"probe-1"`} {
				if rs := rc.responsesLocked(id); len(rs) > 0 {
					m = rs[0]
					return true
				}
			}
			return false
		})
		if !answered {
			return // the connection was closed
		}
		// Before initialize: ServerNotInitialized; after shutdown:
		// InvalidRequest; otherwise the rule's explanation.
		if m.Error == nil {
			var res struct{ Rule string }
			if json.Unmarshal(m.Result, &res) != nil || res.Rule != "doc/vague-phrase" {
				t.Fatalf("probe answered %s", m.raw)
			}
		}
	})
}
