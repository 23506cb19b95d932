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
// UTF-16 code units) and back. A Mapper is immutable and safe for concurrent use.
type Mapper struct {
	text   string
	starts []int
	// marks holds, for each line longer than markEvery bytes, the column counts
	// at every markEvery bytes along it, so a position on a very long line costs
	// at most markEvery bytes of scanning instead of the whole line before it.
	marks map[int][]mark
}

// markEvery is the spacing of column checkpoints on long lines.
const markEvery = 2048

// mark is a checkpoint on a long line: at byte off, chars characters and units
// UTF-16 code units have passed since the line's start.
type mark struct{ off, chars, units int }

// NewMapper returns a mapper over text.
func NewMapper(text string) *Mapper { return newMapper(text, LineStarts(text)) }

func newMapper(text string, starts []int) *Mapper {
	m := &Mapper{text: text, starts: starts}
	for i, st := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		if end-st <= markEvery {
			continue
		}
		if m.marks == nil {
			m.marks = map[int][]mark{}
		}
		var ms []mark
		chars, units, next := 0, 0, st+markEvery
		for off, r := range text[st:end] {
			if st+off >= next {
				ms = append(ms, mark{st + off, chars, units})
				next = st + off + markEvery
			}
			chars++
			units += utf16Len(r)
		}
		m.marks[i] = ms
	}
	return m
}

// Mapper returns the note's mapper, built once by Parse.
func (n *Note) Mapper() *Mapper {
	if n.mapper == nil { // a Note built by hand rather than by Parse
		return NewMapper(n.Text)
	}
	return n.mapper
}

// utf16Len is the number of UTF-16 code units of r; an invalid rune (decoded as
// U+FFFD from a bad byte) is one unit.
func utf16Len(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}

// clamp brings off into [0, len(text)] and, when it falls inside a valid
// multi-byte character, back to that character's first byte. A stray
// continuation byte is a character of its own and stays put.
func (m *Mapper) clamp(off int) int {
	if off <= 0 {
		return 0
	}
	if off >= len(m.text) {
		return len(m.text)
	}
	if utf8.RuneStart(m.text[off]) {
		return off
	}
	for back := 1; back <= utf8.UTFMax-1 && off-back >= 0; back++ {
		st := off - back
		if !utf8.RuneStart(m.text[st]) {
			continue
		}
		r, size := utf8.DecodeRuneInString(m.text[st:])
		if r != utf8.RuneError || size > 1 {
			if st+size > off {
				return st
			}
		}
		break
	}
	return off
}

// scanFrom returns the character and UTF-16 counts from line l's start to off,
// starting at the nearest checkpoint before off.
func (m *Mapper) scanFrom(l, off int) (chars, units int) {
	from := m.starts[l]
	if ms := m.marks[l]; len(ms) > 0 {
		k := sort.Search(len(ms), func(i int) bool { return ms[i].off > off }) - 1
		if k >= 0 {
			from, chars, units = ms[k].off, ms[k].chars, ms[k].units
		}
	}
	for _, r := range m.text[from:off] {
		chars++
		units += utf16Len(r)
	}
	return chars, units
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
	chars, _ := m.scanFrom(l, off)
	return l + 1, chars + 1
}

// UTF16 returns the 0-based line and 0-based UTF-16 column of byte offset off —
// the form LSP uses.
func (m *Mapper) UTF16(off int) (line, col int) {
	off = m.clamp(off)
	l := m.Line(off)
	_, units := m.scanFrom(l, off)
	return l, units
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
	if ms := m.marks[line]; len(ms) > 0 {
		k := sort.Search(len(ms), func(i int) bool { return ms[i].units > col }) - 1
		if k >= 0 && ms[k].off <= end {
			off, col = ms[k].off, col-ms[k].units
		}
	}
	for off < end && col > 0 {
		r, size := utf8.DecodeRuneInString(m.text[off:])
		n := utf16Len(r)
		if col < n { // inside a surrogate pair: stay before it
			break
		}
		col -= n
		off += size
	}
	return off
}
