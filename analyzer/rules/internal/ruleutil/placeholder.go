package ruleutil

import (
	"sort"
	"strings"

	"github.com/soaplint/soaplint/analyzer/note"
)

// Placeholders returns the template blanks in text, in order: underscore
// blanks (runs of two or more joined by ":" or "/" count as one, "__:__"),
// <slot> prompts, {slot} fields and [insert …] prompts.
func Placeholders(text string) []note.Range {
	var out []note.Range
	out = append(out, underscoreBlanks(text)...)
	out = append(out, bracketed(text, '<', '>', angleSlot)...)
	out = append(out, bracketed(text, '{', '}', braceSlot)...)
	out = append(out, bracketed(text, '[', ']', insertPrompt)...)
	sortRanges(out)
	return out
}

func sortRanges(rs []note.Range) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
}

func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// underscoreBlanks finds runs of two or more underscores that are blanks: not
// inside a word (snake__case), not a __bold__ pair's delimiters, not a line made
// only of underscores (a Markdown horizontal rule).
func underscoreBlanks(text string) []note.Range {
	type run struct{ start, end int }
	var out []note.Range
	lineStart := 0
	for lineStart <= len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		if strings.Contains(line, "__") && !isRuleLine(line) {
			var runs []run
			for i := 0; i < len(line); i++ {
				if line[i] != '_' {
					continue
				}
				j := i
				for j < len(line) && line[j] == '_' {
					j++
				}
				if j-i >= 2 {
					runs = append(runs, run{i, j})
				}
				i = j
			}
			before := func(r run) byte {
				if r.start == 0 {
					return ' '
				}
				return line[r.start-1]
			}
			after := func(r run) byte {
				if r.end >= len(line) {
					return ' '
				}
				return line[r.end]
			}
			skip := make([]bool, len(runs))
			// Emphasis: an opener (word after, none before) closed later on the
			// line, within maxEmphasis bytes, by a closer (word before, none
			// after) of the same length. The bound keeps a hostile line linear.
			for a := 0; a < len(runs); a++ {
				if skip[a] || wordByte(before(runs[a])) || !wordByte(after(runs[a])) {
					continue
				}
				for b := a + 1; b < len(runs) && runs[b].start-runs[a].end <= maxEmphasis; b++ {
					if runs[b].end-runs[b].start == runs[a].end-runs[a].start &&
						wordByte(before(runs[b])) && !wordByte(after(runs[b])) {
						skip[a], skip[b] = true, true
						break
					}
				}
			}
			for k := 0; k < len(runs); k++ {
				r := runs[k]
				if skip[k] || wordByte(before(r)) && wordByte(after(r)) {
					continue
				}
				// "__:__", "___/___": one blank.
				for k+1 < len(runs) && !skip[k+1] && runs[k+1].start == r.end+1 &&
					(line[r.end] == ':' || line[r.end] == '/') {
					k++
					r.end = runs[k].end
				}
				out = append(out, note.Range{Start: lineStart + r.start, End: lineStart + r.end})
			}
		}
		lineStart = lineEnd + 1
	}
	return out
}

// maxEmphasis bounds the text a __bold__ pair may enclose.
const maxEmphasis = 200

// isRuleLine reports whether line holds only underscores (three or more) and
// white space: a Markdown horizontal rule or a drawn separator.
func isRuleLine(line string) bool {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '_':
			n++
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return n >= 3
}

// bracketed returns the spans open…close on one line (at most 80 bytes inside,
// no nested open) whose inside ok accepts.
func bracketed(text string, open, close byte, ok func(inside string) bool) []note.Range {
	var out []note.Range
	for i := 0; i < len(text); i++ {
		// Jump to the next open bracket: most notes have none, and IndexByte
		// scans far faster than a byte loop (this ran for every note).
		n := strings.IndexByte(text[i:], open)
		if n < 0 {
			break
		}
		i += n
		for j := i + 1; j < len(text) && j-i <= 81; j++ {
			c := text[j]
			if c == '\n' || c == open {
				break
			}
			if c == close {
				if ok(text[i+1 : j]) {
					out = append(out, note.Range{Start: i, End: j + 1})
					i = j
				}
				break
			}
		}
	}
	return out
}

// angleSlot accepts "<credentials>", "<functional task: e.g. …>": a letter
// right after "<" and no space before ">" (so "pain <3/10" and "a < b > c" are
// comparisons), not an HTML tag, an e-mail or a web address.
func angleSlot(in string) bool {
	if in == "" || !asciiLetter(in[0]) || in[len(in)-1] == ' ' {
		return false
	}
	if strings.ContainsAny(in, "@=\"") || strings.Contains(in, "://") || strings.HasPrefix(in, "www.") {
		return false
	}
	name := strings.ToLower(in)
	if i := strings.IndexAny(name, " /"); i >= 0 {
		name = name[:i]
	}
	return !htmlTags[name]
}

var htmlTags = map[string]bool{
	"a": true, "b": true, "i": true, "u": true, "p": true, "s": true, "br": true, "hr": true,
	"em": true, "strong": true, "span": true, "div": true, "li": true, "ul": true, "ol": true,
	"sub": true, "sup": true, "font": true, "table": true, "tr": true, "td": true, "th": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "img": true,
	"pre": true, "code": true, "small": true, "big": true, "center": true, "tbody": true, "thead": true,
}

// braceSlot accepts template fields: "{n}", "{assist}", "{body_part}", also
// "{{weeks}}"'s inner braces — a lower-case identifier of at most 24
// characters. Braces around words with spaces, capitals or numbers ("{see
// above}", "{R}", "{2x10}") are ordinary text.
func braceSlot(in string) bool {
	in = strings.TrimSuffix(strings.TrimPrefix(in, "{"), "}")
	if in == "" || len(in) > 24 || in[0] < 'a' || in[0] > 'z' {
		return false
	}
	for i := 0; i < len(in); i++ {
		c := in[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// insertPrompt accepts "[insert …]", "[enter …]" and "[fill in …]" prompts
// ("[entered by …]" is not one).
func insertPrompt(in string) bool {
	l := strings.ToLower(strings.TrimSpace(in))
	for _, p := range []string{"insert", "enter", "fill in"} {
		if strings.HasPrefix(l, p) && (len(l) == len(p) || !asciiLetter(l[len(p)])) {
			return true
		}
	}
	return false
}

func asciiLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
