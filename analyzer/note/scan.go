package note

import (
	"strings"
	"time"
)

// Byte-level helpers. The parser works line by line with these cheap scanners
// and no regular expressions, so a 3 KB note parses in tens of microseconds.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isLetter(c byte) bool {
	return isUpper(c) || isLower(c)
}
func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) }
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\f' || c == '\v' }

func lowerByte(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s[i:] starts with the lower-case ASCII word w,
// ignoring case.
func hasPrefixFold(s string, i int, w string) bool {
	if i < 0 || len(s)-i < len(w) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if lowerByte(s[i+k]) != w[k] {
			return false
		}
	}
	return true
}

// wordAt reports whether s[i:] starts with w (case-insensitive) as a whole word.
func wordAt(s string, i, end int, w string) bool {
	if i+len(w) > end || !hasPrefixFold(s, i, w) {
		return false
	}
	if i > 0 && isAlnum(s[i-1]) {
		return false
	}
	return i+len(w) == end || !isAlnum(s[i+len(w)])
}

// indexFold returns the index in s[i:end] of the lower-case word w (case-insensitive,
// whole word), or -1.
func indexFold(s string, i, end int, w string) int {
	if len(w) == 0 {
		return -1
	}
	for ; i+len(w) <= end; i++ {
		if lowerByte(s[i]) == w[0] && wordAt(s, i, end, w) {
			return i
		}
	}
	return -1
}

// containsByte reports whether s[i:end] contains c.
func containsByte(s string, i, end int, c byte) bool {
	return i < end && strings.IndexByte(s[i:end], c) >= 0
}

func skipSpace(s string, i, end int) int {
	for i < end && isSpace(s[i]) {
		i++
	}
	return i
}

func trimSpace(s string, i, end int) (int, int) {
	for i < end && isSpace(s[i]) {
		i++
	}
	for end > i && isSpace(s[end-1]) {
		end--
	}
	return i, end
}

// dashAt returns the length of a dash (-, –, —, −) at s[i], or 0.
func dashAt(s string, i, end int) int {
	if i >= end {
		return 0
	}
	if s[i] == '-' {
		return 1
	}
	if i+3 <= end && s[i] == 0xe2 && (s[i+1] == 0x80 && (s[i+2] == 0x93 || s[i+2] == 0x94) || s[i+1] == 0x88 && s[i+2] == 0x92) {
		return 3
	}
	return 0
}

// bulletLen returns the length of a list bullet and its space at s[i] ("- ", "• ",
// "* ", "· ", "– "), or 0.
func bulletLen(s string, i, end int) int {
	if i >= end {
		return 0
	}
	n := 0
	switch {
	case s[i] == '-' || s[i] == '*' || s[i] == '+':
		if i+1 < end && s[i+1] == '*' { // "**bold**" is not a bullet
			return 0
		}
		n = 1
	case strings.HasPrefix(s[i:end], "•"), strings.HasPrefix(s[i:end], "–"), strings.HasPrefix(s[i:end], "—"):
		n = 3
	case strings.HasPrefix(s[i:end], "·"):
		n = 2
	default:
		return 0
	}
	if i+n < end && !isSpace(s[i+n]) {
		return 0
	}
	return n
}

// numberingLen returns the length of list numbering at s[i] ("1. ", "2) ", "(3) ",
// "#4 "), or 0.
func numberingLen(s string, i, end int) int {
	j := i
	if j < end && (s[j] == '(' || s[j] == '#') {
		j++
	}
	k := j
	for k < end && isDigit(s[k]) && k-j < 2 {
		k++
	}
	if k == j || k >= end {
		return 0
	}
	if k < end && (s[k] == '.' || s[k] == ')') {
		k++
	} else if s[i] != '#' {
		return 0
	}
	if k < end && !isSpace(s[k]) {
		return 0
	}
	return k - i
}

// stripLead skips spaces, bullets, markdown bold/italic markers and list numbering.
func stripLead(s string, i, end int) int {
	for {
		i = skipSpace(s, i, end)
		if n := bulletLen(s, i, end); n > 0 {
			i += n
			continue
		}
		if i+1 < end && s[i] == '*' && s[i+1] == '*' || i+1 < end && s[i] == '_' && s[i+1] == '_' {
			i += 2
			continue
		}
		if n := numberingLen(s, i, end); n > 0 {
			i += n
			continue
		}
		return i
	}
}

// number reads a run of 1..maxDigits digits at s[i] that is not part of a longer
// number; ok is false otherwise.
func number(s string, i, end, maxDigits int) (v, j int, ok bool) {
	j = i
	for j < end && isDigit(s[j]) {
		if j-i >= maxDigits {
			return 0, i, false
		}
		v = v*10 + int(s[j]-'0')
		j++
	}
	if j == i {
		return 0, i, false
	}
	return v, j, true
}

// minutesAt reads "25 min", "(25 min)", "25'", "25 minutes", "25-min" at s[i]
// (i at the number). It returns the number and the end of the unit.
func minutesAt(s string, i, end int) (v, j int, ok bool) {
	if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '.' || s[i-1] == '/' || s[i-1] == ':') {
		return 0, i, false
	}
	if d, j, ok := durationAt(s, i, end); ok {
		return d, j, true
	}
	v, k, ok := number(s, i, end, 3)
	if !ok || k < end && s[k] == '.' && k+1 < end && isDigit(s[k+1]) {
		return 0, i, false
	}
	if k < end && s[k] == '\'' && (k+1 >= end || s[k+1] != '\'') {
		return v, k + 1, true
	}
	u := k
	if u < end && s[u] == '-' {
		u++
	} else {
		for u < end && u-k < 4 && (s[u] == ' ' || s[u] == '\t') { // aligned columns: "17   min"
			u++
		}
	}
	for _, w := range [...]string{"minutes", "minute", "mins", "min"} {
		if wordAt(s, u, end, w) || hasPrefixFold(s, u, w) && u+len(w) < end && s[u+len(w)] == '.' && w == "min" {
			return v, u + len(w), true
		}
	}
	return 0, i, false
}

// durationAt reads a duration written on the clock face, "0:22" (22 minutes):
// a lone zero hour, two minute digits, and no am/pm, seconds or range after it.
// No session starts at 0:22 written that way; midnight sessions write 00:22.
func durationAt(s string, i, end int) (v, j int, ok bool) {
	if i+4 > end || s[i] != '0' || s[i+1] != ':' || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
		return 0, i, false
	}
	if i > 0 && (isDigit(s[i-1]) || s[i-1] == ':') {
		return 0, i, false
	}
	j = i + 4
	if j < end && (isAlnum(s[j]) || s[j] == ':') {
		return 0, i, false
	}
	if e, suf := ampm(s, j, end); suf != 0 || e != j {
		return 0, i, false
	}
	m := int(s[i+2]-'0')*10 + int(s[i+3]-'0')
	if m >= 60 {
		return 0, i, false
	}
	return m, j, true
}

// findMinutes returns the first minutes expression in s[i:end] not qualified as a
// total ("total timed 30 min").
func findMinutes(s string, i, end int) (v, ms, me int, ok bool) {
	for k := i; k < end; k++ {
		if !isDigit(s[k]) {
			continue
		}
		if k > i && isDigit(s[k-1]) {
			continue
		}
		if v, j, ok := minutesAt(s, k, end); ok {
			if afterTotal(s, i, k) {
				k = j
				continue
			}
			return v, k, j, true
		}
	}
	return 0, 0, 0, false
}

// afterTotal reports whether the clause before k (back to '(' ',' ';' or i) says "total".
func afterTotal(s string, i, k int) bool {
	j := k
	for j > i && s[j-1] != '(' && s[j-1] != ',' && s[j-1] != ';' && k-j < 40 {
		j--
	}
	return indexFold(s, j, k, "total") >= 0
}

// parseDate reads M/D/YY, MM/DD/YYYY or YYYY-MM-DD at s[i].
func parseDate(s string, i, end int) (time.Time, int, bool) {
	a, j, ok := number(s, i, end, 4)
	if !ok || j >= end {
		return time.Time{}, i, false
	}
	if j-i == 4 && s[j] == '-' {
		m, k, ok := number(s, j+1, end, 2)
		if !ok || k >= end || s[k] != '-' {
			return time.Time{}, i, false
		}
		d, l, ok := number(s, k+1, end, 2)
		if !ok || l < end && isDigit(s[l]) {
			return time.Time{}, i, false
		}
		return mkDate(a, m, d, s, i, l)
	}
	if j-i > 2 || s[j] != '/' {
		return time.Time{}, i, false
	}
	d, k, ok := number(s, j+1, end, 2)
	if !ok || k >= end || s[k] != '/' {
		return time.Time{}, i, false
	}
	y, l, ok := number(s, k+1, end, 4)
	if !ok || (l-k-1 != 2 && l-k-1 != 4) {
		return time.Time{}, i, false
	}
	if l-k-1 == 2 {
		y += 2000
	}
	return mkDate(y, a, d, s, i, l)
}

func mkDate(y, m, d int, s string, i, j int) (time.Time, int, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return time.Time{}, i, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, i, false
	}
	return t, j, true
}

// findDate returns the first date in s[i:end].
func findDate(s string, i, end int) (time.Time, Range, bool) {
	for k := i; k < end; k++ {
		if isDigit(s[k]) && (k == 0 || !isAlnum(s[k-1]) && s[k-1] != '/' && s[k-1] != '.') {
			if t, j, ok := parseDate(s, k, end); ok {
				return t, Range{k, j}, true
			}
			for k < end && isDigit(s[k]) {
				k++
			}
		}
	}
	return time.Time{}, Range{}, false
}
