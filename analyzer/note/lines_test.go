package note

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// TestMapperRoundTrip checks, on every byte offset of texts with non-ASCII
// characters, stray bytes and lines long enough to carry checkpoints, that the
// UTF-16 and character positions agree with a plain count from the line start
// and that Offset inverts UTF16.
func TestMapperRoundTrip(t *testing.T) {
	long := strings.Repeat("knee 110° – 💪 e\u0301 ", 600) // > 2 checkpoints on one line
	texts := map[string]string{
		"ascii":     "S: ok\nO: 97530 x2\r\nA: fine\rP: next",
		"nonascii":  "STG (2 wks): 💪 R knee flex to 110°\nLTG – stairs\n",
		"stray":     "a\x80b\xe2\x82c\n\xffd",
		"long line": "Goals:\n" + long + "\nend",
	}
	for name, text := range texts {
		m := NewMapper(text)
		for off := 0; off <= len(text); off++ {
			l, u := m.UTF16(off)
			cl := m.clamp(off)
			ls := m.LineStart(l)
			var want int
			for _, r := range text[ls:cl] {
				n := utf16.RuneLen(r)
				if n < 0 {
					n = 1
				}
				want += n
			}
			if u != want {
				t.Fatalf("%s: UTF16(%d) col = %d, want %d", name, off, u, want)
			}
			wantBack := min(cl, m.lineEnd(l)) // inside a line terminator: the line's end
			if back := m.Offset(l, u); back != wantBack {
				t.Fatalf("%s: Offset(UTF16(%d)) = %d, want %d", name, off, back, wantBack)
			}
			pl, pc := m.Position(off)
			if pl != l+1 || pc != utf8.RuneCountInString(text[ls:cl])+1 {
				t.Fatalf("%s: Position(%d) = %d:%d", name, off, pl, pc)
			}
		}
	}
}
