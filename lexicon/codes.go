package lexicon

import (
	"bufio"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Code describes one CPT/HCPCS code.
type Code struct {
	Code    string
	Name    string
	Timed   bool
	Aliases []string // names written in notes for the code, as listed in data/codes.tsv
	Prov    Provenance
}

// CodeTable holds every known code. It is immutable and safe for concurrent use.
type CodeTable struct {
	byCode  map[string]*Code
	all     []*Code            // sorted by code
	byAlias map[string]*Code   // normalised alias ("ther act") -> code
	aliases []string           // every alias as listed, in file order
	byFirst map[string][]alias // first word of an alias -> aliases, longest first
	maxLen  int                // most words in an alias
	matcher *textmatch.Matcher
}

type alias struct {
	words []string
	code  *Code
}

// Lookup returns the code's entry, or nil.
func (t *CodeTable) Lookup(code string) *Code { return t.byCode[code] }

// IsTimed reports whether code is a timed (per 15 minutes) code. Unknown codes are untimed.
func (t *CodeTable) IsTimed(code string) bool {
	c := t.byCode[code]
	return c != nil && c.Timed
}

// All returns every code, sorted by code. The slice must not be modified.
func (t *CodeTable) All() []*Code { return t.all }

// Aliases returns every alias as listed in the data file. The slice must not be modified.
func (t *CodeTable) Aliases() []string { return t.aliases }

// ByAlias returns the code a name stands for ("TherAct", "ther act", "Ther-Act" →
// 97530), or nil. Case and punctuation between words do not matter.
func (t *CodeTable) ByAlias(name string) *Code {
	return t.byAlias[normAlias(name)]
}

// AliasMatcher returns a matcher over every alias, for finding code names anywhere
// in a text; resolve a match's Term with ByAlias.
func (t *CodeTable) AliasMatcher() *textmatch.Matcher { return t.matcher }

// MatchPrefix reports the longest alias that text starts with, word for word
// (leading spaces are skipped), and the byte offset in text where the alias ends.
// It returns nil, 0 when text does not start with an alias.
func (t *CodeTable) MatchPrefix(text string) (*Code, int) {
	var (
		words [8]span
		n     int
	)
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	// Collect up to maxLen word tokens; the first must start at i.
	for n < t.maxLen && n < len(words) {
		s, e := textmatch.NextWord(text, i)
		if s < 0 || (n == 0 && s != i) {
			break
		}
		words[n] = span{s, e}
		n++
		i = e
	}
	if n == 0 {
		return nil, 0
	}
	var buf [48]byte
	first, ok := lowerInto(buf[:0], text[words[0].s:words[0].e])
	if !ok {
		return nil, 0
	}
	for _, a := range t.byFirst[string(first)] {
		if len(a.words) > n {
			continue
		}
		match := true
		for k := 1; k < len(a.words); k++ {
			if !strings.EqualFold(text[words[k].s:words[k].e], a.words[k]) {
				match = false
				break
			}
		}
		if match {
			return a.code, words[len(a.words)-1].e
		}
	}
	return nil, 0
}

type span struct{ s, e int }

// lowerInto appends the ASCII-lower-cased s to buf; ok is false for words too long
// for buf or holding non-ASCII letters (no alias has them).
func lowerInto(buf []byte, s string) ([]byte, bool) {
	if len(s) > cap(buf) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf, true
}

// normAlias lower-cases name and joins its words with single spaces.
func normAlias(name string) string {
	return strings.Join(aliasWords(name), " ")
}

func aliasWords(name string) []string {
	var ws []string
	for i := 0; ; {
		s, e := textmatch.NextWord(name, i)
		if s < 0 {
			return ws
		}
		ws = append(ws, strings.ToLower(name[s:e]))
		i = e
	}
}

// loadCodes reads data/codes.tsv: code, "timed" or "untimed", name, aliases
// ('|'-separated), status and sources.
func loadCodes(fsys fs.FS) (*CodeTable, error) {
	const file = "data/codes.tsv"
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &CodeTable{byCode: map[string]*Code{}, byAlias: map[string]*Code{}, byFirst: map[string][]alias{}}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		if len(fields) < 5 {
			return nil, fmt.Errorf("%s:%d: want code, timed, name, aliases, status[, source]", file, line)
		}
		c := &Code{Code: strings.TrimSpace(fields[0]), Name: strings.TrimSpace(fields[2])}
		switch strings.TrimSpace(fields[1]) {
		case "timed":
			c.Timed = true
		case "untimed":
		default:
			return nil, fmt.Errorf("%s:%d: second column must be timed or untimed", file, line)
		}
		if len(c.Code) != 5 {
			return nil, fmt.Errorf("%s:%d: code %q is not five characters", file, line, c.Code)
		}
		if t.byCode[c.Code] != nil {
			return nil, fmt.Errorf("%s:%d: duplicate code %s", file, line, c.Code)
		}
		src := ""
		if len(fields) > 5 {
			src = fields[5]
		}
		if c.Prov, err = parseProvenance(fields[4], src); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, line, err)
		}
		{
			for _, a := range strings.Split(fields[3], "|") {
				if a = strings.TrimSpace(a); a != "" {
					c.Aliases = append(c.Aliases, a)
				}
			}
		}
		t.byCode[c.Code] = c
		t.all = append(t.all, c)
		for _, a := range c.Aliases {
			ws := aliasWords(a)
			if len(ws) == 0 {
				continue
			}
			key := strings.Join(ws, " ")
			if prev := t.byAlias[key]; prev != nil {
				if prev != c {
					return nil, fmt.Errorf("%s:%d: alias %q already names %s", file, line, a, prev.Code)
				}
				continue
			}
			t.byAlias[key] = c
			t.aliases = append(t.aliases, a)
			t.byFirst[ws[0]] = append(t.byFirst[ws[0]], alias{words: ws, code: c})
			t.maxLen = max(t.maxLen, len(ws))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(t.all) == 0 {
		return nil, fmt.Errorf("%s: no codes", file)
	}
	sort.Slice(t.all, func(i, j int) bool { return t.all[i].Code < t.all[j].Code })
	for _, as := range t.byFirst {
		sort.SliceStable(as, func(i, j int) bool { return len(as[i].words) > len(as[j].words) })
	}
	t.matcher = textmatch.New(t.aliases)
	return t, nil
}
