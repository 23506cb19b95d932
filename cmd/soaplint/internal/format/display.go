package format

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// DisplayPath is how line-oriented output names a file or record: as it is,
// unless it holds a character that is not printable (a newline, carriage
// return, tab, escape, U+2028, a bidirectional override) or a byte that is not
// UTF-8. Then it is written Go-quoted ("notes/a\nb.txt"), so that a file name
// cannot end the line and forge findings or errors after it, and the quotes say
// the name was escaped.
func DisplayPath(s string) string {
	if printable(s) {
		return s
	}
	return strconv.Quote(s)
}

// oneLine escapes the characters of s that are not printable (as strconv.Quote
// would, without quotes), keeping a message on its line.
func oneLine(s string) string {
	if printable(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !strconv.IsPrint(r) {
			q := strconv.Quote(s[i : i+size])
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func printable(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !strconv.IsPrint(r) {
			return false
		}
		i += size
	}
	return true
}
