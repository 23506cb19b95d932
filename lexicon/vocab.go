package lexicon

import (
	"fmt"
	"io/fs"
	"strings"
)

// readTSV reads a tab-separated data file of cols columns, skipping blank lines
// and '#' comments; it requires a "# source:" line and names the line of a bad
// row.
func readTSV(fsys fs.FS, name string, cols int) ([][]string, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	rows, _, err := parseTSV(name, string(data), cols)
	return rows, err
}

// parseTSV is readTSV on data already read; lines holds each row's 1-based
// line number, for errors about its cells.
func parseTSV(name, data string, cols int) (rows [][]string, lines []int, err error) {
	sourced := false
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(line, "#") {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(line[1:])), "source:") {
				sourced = true
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != cols {
			return nil, nil, fmt.Errorf("%s:%d: want %d tab-separated columns, got %d", name, i+1, cols, len(f))
		}
		rows = append(rows, f)
		lines = append(lines, i+1)
	}
	if !sourced {
		return nil, nil, fmt.Errorf("%s: no \"# source:\" line", name)
	}
	return rows, lines, nil
}

// Credential is a clinician credential read from a signature.
type Credential struct {
	Name       string // as listed, e.g. "OTR/L"
	Discipline string // "PT", "OT", "SLP", or "" when it names none (MS, CHT)
	Assistant  bool   // PTA, OTA, COTA, SLPA
}

// Credentials is the table of data/credentials.tsv.
type Credentials struct{ byUpper map[string]Credential }

// Lookup finds a credential case-insensitively.
func (c *Credentials) Lookup(s string) (Credential, bool) {
	if c == nil || len(s) > 16 {
		return Credential{}, false
	}
	// Upper-case ASCII in a stack buffer: the parser asks for every capitalised
	// word at the end of a short line, and strings.ToUpper would allocate.
	var buf [16]byte
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 0x80 {
			x, ok := c.byUpper[strings.ToUpper(s)]
			return x, ok
		}
		if 'a' <= b && b <= 'z' {
			b -= 'a' - 'A'
		}
		buf[i] = b
	}
	x, ok := c.byUpper[string(buf[:len(s)])]
	return x, ok
}

func loadCredentials(fsys fs.FS) (*Credentials, error) {
	const name = "data/credentials.tsv"
	rows, err := readTSV(fsys, name, 3)
	if err != nil {
		return nil, err
	}
	c := &Credentials{byUpper: make(map[string]Credential, len(rows))}
	for _, r := range rows {
		d := r[1]
		switch d {
		case "PT", "OT", "SLP":
		case "-":
			d = ""
		default:
			return nil, fmt.Errorf("%s: %s: discipline %q: want PT, OT, SLP or -", name, r[0], r[1])
		}
		if r[2] != "yes" && r[2] != "no" {
			return nil, fmt.Errorf("%s: %s: assistant %q: want yes or no", name, r[0], r[2])
		}
		c.byUpper[strings.ToUpper(r[0])] = Credential{Name: r[0], Discipline: d, Assistant: r[2] == "yes"}
	}
	return c, nil
}

// Recode is one name swap of data/recode.tsv: when From is re-coded to To, a
// heading's FromName becomes ToName.
type Recode struct{ From, To, FromName, ToName string }

func loadRecodes(fsys fs.FS) ([]Recode, error) {
	rows, err := readTSV(fsys, "data/recode.tsv", 4)
	if err != nil {
		return nil, err
	}
	out := make([]Recode, len(rows))
	for i, r := range rows {
		out[i] = Recode{From: r[0], To: r[1], FromName: strings.ToLower(r[2]), ToName: strings.ToLower(r[3])}
	}
	return out, nil
}

// RecodeNames returns the heading names to swap when from is re-coded to to,
// as [from-name, to-name] pairs in table order.
func (l *Lexicon) RecodeNames(from, to string) [][2]string {
	var out [][2]string
	for _, r := range l.Recodes {
		if r.From == from && r.To == to {
			out = append(out, [2]string{r.FromName, r.ToName})
		}
	}
	return out
}

// advice is one row of data/vague_advice.tsv.
type advice struct{ key, text string }

func loadAdvice(fsys fs.FS) ([]advice, error) {
	const name = "data/vague_advice.tsv"
	rows, err := readTSV(fsys, name, 2)
	if err != nil {
		return nil, err
	}
	out := make([]advice, len(rows))
	for i, r := range rows {
		out[i] = advice{key: strings.ToLower(r[0]), text: strings.TrimSpace(r[1])}
	}
	if len(out) == 0 || out[len(out)-1].key != "*" {
		return nil, fmt.Errorf("%s: the last row must be the default, keyed \"*\"", name)
	}
	return out, nil
}

// VagueAdvice says what to write instead of the stock phrase term: the first
// row of data/vague_advice.tsv whose key term contains, else the default.
func (l *Lexicon) VagueAdvice(term string) string {
	t := strings.ToLower(term)
	for _, a := range l.vagueAdvice {
		if a.key == "*" || strings.Contains(t, a.key) {
			return a.text
		}
	}
	return ""
}

// IsModifier reports whether m is a modifier of data/modifiers.tsv, the
// therapy ones (Modifiers) or those only recognised on billing lines.
func (l *Lexicon) IsModifier(m string) bool {
	if l.modSet != nil {
		return l.modSet[m]
	}
	for _, x := range l.Modifiers {
		if x.Code == m {
			return true
		}
	}
	return false
}
