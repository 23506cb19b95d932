package note

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// LineStarts returns the byte offset of the start of every line of text. A line
// ends at "\n", "\r\n" or a lone "\r".
func LineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// Mapper converts byte offsets into line/column positions at the edges of the
// program (CLI: 1-based lines and character columns; LSP: 0-based lines and
// UTF-16 code units) and back.
type Mapper struct {
	text   string
	starts []int
}

// NewMapper returns a mapper over text.
func NewMapper(text string) *Mapper {
	return &Mapper{text: text, starts: LineStarts(text)}
}

// Mapper returns a mapper over the note's text (reusing the parser's line table).
func (n *Note) Mapper() *Mapper {
	if n.lineStarts == nil {
		n.lineStarts = LineStarts(n.Text)
	}
	return &Mapper{text: n.Text, starts: n.lineStarts}
}

// clamp brings off into [0, len(text)] and back to the start of a UTF-8 sequence.
func (m *Mapper) clamp(off int) int {
	if off < 0 {
		return 0
	}
	if off > len(m.text) {
		return len(m.text)
	}
	for off > 0 && off < len(m.text) && !utf8.RuneStart(m.text[off]) {
		off--
	}
	return off
}

// Line returns the 0-based line index containing byte offset off.
func (m *Mapper) Line(off int) int {
	off = m.clamp(off)
	return sort.Search(len(m.starts), func(i int) bool { return m.starts[i] > off }) - 1
}

// LineCount is the number of lines.
func (m *Mapper) LineCount() int { return len(m.starts) }

// LineStart returns the byte offset where 0-based line i starts (len(text) past the end).
func (m *Mapper) LineStart(i int) int {
	if i < 0 {
		return 0
	}
	if i >= len(m.starts) {
		return len(m.text)
	}
	return m.starts[i]
}

// lineEnd returns the offset of the end of line i's content (before its terminator).
func (m *Mapper) lineEnd(i int) int {
	end := len(m.text)
	if i+1 < len(m.starts) {
		end = m.starts[i+1]
	}
	for end > m.starts[i] && (m.text[end-1] == '\n' || m.text[end-1] == '\r') {
		end--
	}
	return end
}

// Position returns the 1-based line and 1-based column, counted in Unicode
// characters, of byte offset off — the form used by the CLI.
func (m *Mapper) Position(off int) (line, col int) {
	off = m.clamp(off)
	l := m.Line(off)
	return l + 1, utf8.RuneCountInString(m.text[m.starts[l]:off]) + 1
}

// UTF16 returns the 0-based line and 0-based UTF-16 column of byte offset off —
// the form LSP uses.
func (m *Mapper) UTF16(off int) (line, col int) {
	off = m.clamp(off)
	l := m.Line(off)
	for _, r := range m.text[m.starts[l]:off] {
		col += utf16.RuneLen(r)
		if utf16.RuneLen(r) < 0 { // invalid rune decoded as U+FFFD: one unit
			col += 2
		}
	}
	return l, col
}

// Offset converts a 0-based line and UTF-16 column into a byte offset. Positions past
// the end of a line clamp to its end; lines past the end clamp to the end of text.
func (m *Mapper) Offset(line, col int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.starts) {
		return len(m.text)
	}
	off, end := m.starts[line], m.lineEnd(line)
	for off < end && col > 0 {
		r, size := utf8.DecodeRuneInString(m.text[off:])
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1
		}
		if col < n { // inside a surrogate pair: stay before it
			break
		}
		col -= n
		off += size
	}
	return off
}
