package lexicon

import (
	"fmt"
	"strings"
)

// Status says how far a reference row (a code-pair edit, an MUE, an RVU, a
// conversion factor, a threshold) can be trusted.
type Status int

const (
	// Unverified: entered without a source anyone could confirm. A finding that
	// rests only on such a row is at most an info.
	Unverified Status = iota
	// Secondary: named secondary sources (professional associations, MAC or
	// trade pages) agree on the row; no CMS file was read.
	Secondary
	// CMS: read from a CMS file, named with its quarter.
	CMS
)

func (s Status) String() string {
	switch s {
	case CMS:
		return "cms"
	case Secondary:
		return "secondary"
	}
	return "unverified"
}

// ParseStatus reads "cms", "secondary" or "unverified".
func ParseStatus(s string) (Status, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "cms":
		return CMS, nil
	case "secondary":
		return Secondary, nil
	case "unverified":
		return Unverified, nil
	}
	return Unverified, fmt.Errorf("status %q: want cms, secondary or unverified", s)
}

// Provenance is where one reference row comes from.
type Provenance struct {
	Status Status
	// Source names the sources (secondary) or the CMS file (cms); for an
	// unverified row, what is known about it.
	Source  string
	Quarter string // cms rows: the file's quarter, "2026Q2"; "" when unknown
}

// String is a one-line account: "cms: ccipra-v321r0-f1.txt, 2026Q2",
// "secondary: APTA …", "unverified".
func (p Provenance) String() string {
	s := p.Status.String()
	switch {
	case p.Status == CMS && p.Quarter != "":
		return s + ": " + p.Source + ", " + p.Quarter
	case p.Status != Unverified && p.Source != "":
		return s + ": " + p.Source
	}
	return s
}

// VerifyAdvice is what a message says about a finding that rests on an
// unverified row.
const VerifyAdvice = "verify against the current quarter's CMS file"

// Basis is the clause a rule's message appends to say what a finding rests on:
// the CMS file and quarter, the secondary sources, or that the row is unverified.
func (p Provenance) Basis(table string) string {
	switch p.Status {
	case CMS:
		q := ""
		if p.Quarter != "" {
			q = ", " + p.Quarter
		}
		return fmt.Sprintf("%s from the CMS file %s%s", table, p.Source, q)
	case Secondary:
		b := fmt.Sprintf("%s from secondary sources (%s), not a CMS file", table, p.ShortSource())
		if strings.Contains(strings.ToLower(p.Source), "column order") {
			b += "; column order unconfirmed"
		}
		return b
	}
	return fmt.Sprintf("%s is unverified: %s", table, VerifyAdvice)
}

// ShortSource names the sources without their details: each ";"-separated
// source up to its quoted title or parenthesis ("APTA; EliteCME").
func (p Provenance) ShortSource() string {
	var names []string
	for _, part := range splitTop(p.Source) {
		part = strings.TrimSpace(part)
		if i := strings.IndexAny(part, "\"("); i > 0 {
			part = strings.TrimSpace(part[:i])
		}
		if part != "" {
			names = append(names, part)
		}
	}
	return strings.Join(names, "; ")
}

// splitTop splits s at the semicolons outside parentheses and quotes.
func splitTop(s string) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i, c := range s {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == ';' && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// parseProvenance reads a built-in row's status and source columns.
func parseProvenance(status, source string) (Provenance, error) {
	st, err := ParseStatus(status)
	if err != nil {
		return Provenance{}, err
	}
	p := Provenance{Status: st, Source: strings.TrimSpace(source)}
	if st == Secondary && p.Source == "" {
		return Provenance{}, fmt.Errorf("a secondary row must name its sources")
	}
	if st == CMS {
		// "file, 2026Q2"
		if f, q, ok := strings.Cut(p.Source, ","); ok && isQuarter(strings.TrimSpace(q)) {
			p.Source, p.Quarter = strings.TrimSpace(f), strings.TrimSpace(q)
		}
		if p.Source == "" {
			return Provenance{}, fmt.Errorf("a cms row must name its file")
		}
	}
	return p, nil
}

// Stats counts a table's rows by status.
type Stats struct {
	Rows, CMS, Secondary, Unverified int
}

func (s *Stats) add(p Provenance) {
	s.Rows++
	switch p.Status {
	case CMS:
		s.CMS++
	case Secondary:
		s.Secondary++
	default:
		s.Unverified++
	}
}

// Origin says where a table in use came from.
type Origin struct {
	Kind    string // "built-in", "pack" or "file" (--ncci, --mue, or a configuration's ncci:/mue:)
	Path    string // the pack directory or file; "" for built-in tables
	Files   []string
	Quarter string // the newest quarter of the files read; "" when unknown
}

func (o Origin) String() string {
	if o.Kind == "" || o.Kind == "built-in" {
		return "built-in"
	}
	return o.Kind + " " + o.Path
}

var builtIn = Origin{Kind: "built-in"}
