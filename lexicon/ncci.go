package lexicon

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Edit is one procedure-to-procedure (PTP) code-pair edit as CMS publishes it in
// the NCCI practitioner edit files.
type Edit struct {
	Column1, Column2 string
	Prior1996        bool      // "*" in the file: in existence before 1996
	Effective        time.Time // first date of service the edit applies to
	Deleted          time.Time // zero when the edit is not deleted
	// Modifier is the modifier indicator: 0 the pair is never paid together,
	// 1 a modifier such as 59 or XE/XS/XP/XU may bypass the edit, 9 not applicable.
	Modifier  int
	Rationale string
	Prov      Provenance // where the row comes from
}

// ActiveOn reports whether the edit applies to a date of service. A deletion date
// is the first date the edit no longer applies (CMS deletes edits retroactively
// by setting it equal to the effective date). A zero dos means "as of now": the
// edit applies unless it has been deleted.
func (e Edit) ActiveOn(dos time.Time) bool {
	if dos.IsZero() {
		return e.Deleted.IsZero()
	}
	if dos.Before(e.Effective) {
		return false
	}
	return e.Deleted.IsZero() || dos.Before(e.Deleted)
}

// EditTable holds code-pair edits, looked up in either column order.
type EditTable struct {
	byPair map[[2]string][]Edit
	n      int
	origin Origin
	stats  Stats
}

// Origin says where the table comes from.
func (t *EditTable) Origin() Origin {
	if t == nil {
		return builtIn
	}
	return t.origin
}

// Stats counts the table's rows by status.
func (t *EditTable) Stats() Stats {
	if t == nil {
		return Stats{}
	}
	return t.stats
}

func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Len is the number of edits in the table.
func (t *EditTable) Len() int { return t.n }

// Lookup returns the edit between codes a and b (either order) that applies on
// dos. When several rows match, the most recently effective one wins.
func (t *EditTable) Lookup(a, b string, dos time.Time) (Edit, bool) {
	if t == nil {
		return Edit{}, false
	}
	var best Edit
	found := false
	for _, e := range t.byPair[pairKey(a, b)] {
		if e.ActiveOn(dos) && (!found || e.Effective.After(best.Effective)) {
			best, found = e, true
		}
	}
	return best, found
}

// ModifierAllowed reports whether a and b, billed on dos, form an active edit
// that a modifier (59, XE, XS, XP, XU) may bypass.
func (t *EditTable) ModifierAllowed(a, b string, dos time.Time) bool {
	e, ok := t.Lookup(a, b, dos)
	return ok && e.Modifier == 1
}

// Edits returns every edit, ordered by column 1, column 2 and effective date.
func (t *EditTable) Edits() []Edit {
	var out []Edit
	for _, es := range t.byPair {
		out = append(out, es...)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Column1 != b.Column1 {
			return a.Column1 < b.Column1
		}
		if a.Column2 != b.Column2 {
			return a.Column2 < b.Column2
		}
		return a.Effective.Before(b.Effective)
	})
	return out
}

func (t *EditTable) add(e Edit) {
	k := pairKey(e.Column1, e.Column2)
	t.byPair[k] = append(t.byPair[k], e)
	t.n++
	t.stats.add(e.Prov)
}

// MUE is one medically unlikely edit: the most units of a code one provider
// reports for one patient on one date of service.
type MUE struct {
	Code  string
	Value int
	// Adjudication is the MUE adjudication indicator as written ("1 Line Edit",
	// "2 Date of Service Edit: Policy", "3 Date of Service Edit: Clinical", or the
	// bare digit); the indicator digit is in MAI.
	Adjudication string
	MAI          int
	Rationale    string
	Prov         Provenance // where the row comes from
}

// MUETable holds MUE values by code.
type MUETable struct {
	byCode map[string]MUE
	origin Origin
}

// Origin says where the table comes from.
func (t *MUETable) Origin() Origin {
	if t == nil {
		return builtIn
	}
	return t.origin
}

// Stats counts the table's rows by status.
func (t *MUETable) Stats() Stats {
	var s Stats
	if t != nil {
		for _, m := range t.byCode {
			s.add(m.Prov)
		}
	}
	return s
}

// All returns every row, ordered by code.
func (t *MUETable) All() []MUE {
	if t == nil {
		return nil
	}
	out := make([]MUE, 0, len(t.byCode))
	for _, m := range t.byCode {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Lookup returns code's MUE.
func (t *MUETable) Lookup(code string) (MUE, bool) {
	if t == nil {
		return MUE{}, false
	}
	m, ok := t.byCode[code]
	return m, ok
}

// Value returns code's MUE value.
func (t *MUETable) Value(code string) (int, bool) {
	m, ok := t.Lookup(code)
	return m.Value, ok
}

// Len is the number of codes in the table.
func (t *MUETable) Len() int { return len(t.byCode) }

func loadEdits(fsys fs.FS) (*EditTable, error) {
	return loadTable(fsys, "data/ncci.tsv", func(r io.Reader, name string) (*EditTable, []error) {
		return ParseEditRows(r, name, builtIn)
	})
}

func loadMUE(fsys fs.FS) (*MUETable, error) {
	return loadTable(fsys, "data/mue.tsv", func(r io.Reader, name string) (*MUETable, []error) {
		return ParseMUERows(r, name, builtIn)
	})
}

// fileProvenance is the provenance of rows read from a CMS file given by name.
func fileProvenance(name string) Provenance {
	return Provenance{Status: CMS, Source: filepath.Base(name), Quarter: QuarterFromName(name)}
}

// loadTable parses an embedded table, which must be free of errors and name its source.
func loadTable[T any](fsys fs.FS, name string, parse func(io.Reader, string) (*T, []error)) (*T, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(strings.ToLower(string(data)), "# source:") {
		return nil, fmt.Errorf("%s: no \"# source:\" line", name)
	}
	t, errs := parse(strings.NewReader(string(data)), name)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

// ParseEdits reads a code-pair edit file in the layout of the CMS NCCI
// practitioner PTP files: tab- or comma-separated Column 1, Column 2, the
// prior-to-1996 flag ("*" or empty), effective date (YYYYMMDD), deletion date
// (YYYYMMDD, or "*" for none), modifier indicator (0, 1 or 9) and an optional
// rationale. Blank lines, "#" comments and the copyright and header lines CMS
// puts before the first row are skipped. A malformed row is skipped and reported
// as an error naming the file and line; the table holds every good row. Each
// row's provenance is the file (status cms, its quarter read from its name).
func ParseEdits(r io.Reader, name string) (*EditTable, []error) {
	prov := fileProvenance(name)
	t := &EditTable{byPair: map[[2]string][]Edit{}, origin: Origin{Kind: "file", Path: name, Files: []string{prov.Source}, Quarter: prov.Quarter}}
	errs := ScanEdits(r, name, func(e Edit) {
		e.Prov = prov
		t.add(e)
	})
	return t, errs
}

// ScanEdits reads a CMS-layout PTP file as ParseEdits does, handing each good
// row to row instead of keeping it (CMS's files hold millions of edits; an
// importer keeps the few it needs). Rows carry no provenance.
func ScanEdits(r io.Reader, name string, row func(Edit)) []error {
	return scanRows(r, name, func(f []string) error {
		e, err := editRow(f)
		if err != nil {
			return err
		}
		row(e)
		return nil
	})
}

// ScanMUE reads a CMS-layout MUE file as ParseMUE does, handing each good row
// to row.
func ScanMUE(r io.Reader, name string, row func(MUE)) []error {
	return scanRows(r, name, func(f []string) error {
		m, err := mueRow(f)
		if err != nil {
			return err
		}
		row(m)
		return nil
	})
}

// NewEditTable returns a table of edits (an importer's), with origin.
func NewEditTable(edits []Edit, origin Origin) *EditTable {
	t := &EditTable{byPair: map[[2]string][]Edit{}, origin: origin}
	for _, e := range edits {
		t.add(e)
	}
	return t
}

// NewMUETable returns a table of MUEs (an importer's), with origin.
func NewMUETable(rows []MUE, origin Origin) *MUETable {
	t := &MUETable{byCode: map[string]MUE{}, origin: origin}
	for _, m := range rows {
		t.byCode[m.Code] = m
	}
	return t
}

// ParseEditRows reads soaplint's own code-pair table (the built-in ncci.tsv, or
// a data pack's): the CMS columns followed by each row's status (cms,
// secondary, unverified) and source ("file, 2026Q2" for cms rows).
func ParseEditRows(r io.Reader, name string, origin Origin) (*EditTable, []error) {
	t := &EditTable{byPair: map[[2]string][]Edit{}, origin: origin}
	errs := scanRows(r, name, func(f []string) error {
		if len(f) < 9 {
			return fmt.Errorf("want 9 fields (the 7 CMS columns, status, source), have %d", len(f))
		}
		e, err := editRow(f)
		if err != nil {
			return err
		}
		if e.Prov, err = parseProvenance(f[7], f[8]); err != nil {
			return err
		}
		t.add(e)
		return nil
	})
	return t, errs
}

// editRow parses the CMS columns of one PTP row.
func editRow(f []string) (Edit, error) {
	if len(f) < 6 {
		return Edit{}, fmt.Errorf("want at least 6 fields (column 1, column 2, prior-1996 flag, effective date, deletion date, modifier indicator), have %d", len(f))
	}
	e := Edit{Column1: f[0], Column2: strings.ToUpper(f[1]), Prior1996: f[2] == "*"}
	if !IsCode(e.Column2) {
		return Edit{}, fmt.Errorf("column 2 %q is not a procedure code", f[1])
	}
	if f[2] != "" && f[2] != "*" {
		return Edit{}, fmt.Errorf("prior-1996 flag %q: want \"*\" or empty", f[2])
	}
	var err error
	if e.Effective, err = parseYMD(f[3]); err != nil {
		return Edit{}, fmt.Errorf("effective date: %v", err)
	}
	if f[4] != "*" && f[4] != "" {
		if e.Deleted, err = parseYMD(f[4]); err != nil {
			return Edit{}, fmt.Errorf("deletion date: %v", err)
		}
		if e.Deleted.Before(e.Effective) {
			return Edit{}, fmt.Errorf("deletion date %s is before effective date %s", f[4], f[3])
		}
	}
	switch f[5] {
	case "0", "1", "9":
		e.Modifier = int(f[5][0] - '0')
	default:
		return Edit{}, fmt.Errorf("modifier indicator %q: want 0, 1 or 9", f[5])
	}
	if len(f) > 6 {
		e.Rationale = f[6]
	}
	return e, nil
}

// ParseMUE reads an MUE file in the layout of the CMS practitioner MUE table:
// tab- or comma-separated HCPCS/CPT code, MUE value, MUE adjudication indicator
// and rationale. Header lines, blanks and "#" comments are skipped; a malformed
// row is skipped and reported as an error naming the file and line. A later row
// for the same code replaces an earlier one. Rows are status cms, from the file.
func ParseMUE(r io.Reader, name string) (*MUETable, []error) {
	prov := fileProvenance(name)
	t := &MUETable{byCode: map[string]MUE{}, origin: Origin{Kind: "file", Path: name, Files: []string{prov.Source}, Quarter: prov.Quarter}}
	errs := ScanMUE(r, name, func(m MUE) {
		m.Prov = prov
		t.byCode[m.Code] = m
	})
	return t, errs
}

// ParseMUERows reads soaplint's own MUE table (built-in mue.tsv or a pack's):
// the four CMS columns, then status and source.
func ParseMUERows(r io.Reader, name string, origin Origin) (*MUETable, []error) {
	t := &MUETable{byCode: map[string]MUE{}, origin: origin}
	errs := scanRows(r, name, func(f []string) error {
		if len(f) < 6 {
			return fmt.Errorf("want 6 fields (the 4 CMS columns, status, source), have %d", len(f))
		}
		m, err := mueRow(f)
		if err != nil {
			return err
		}
		if m.Prov, err = parseProvenance(f[4], f[5]); err != nil {
			return err
		}
		t.byCode[m.Code] = m
		return nil
	})
	return t, errs
}

func mueRow(f []string) (MUE, error) {
	if len(f) < 2 {
		return MUE{}, fmt.Errorf("want at least 2 fields (code, MUE value), have %d", len(f))
	}
	v, err := strconv.Atoi(f[1])
	if err != nil || v < 0 {
		return MUE{}, fmt.Errorf("MUE value %q is not a whole number", f[1])
	}
	m := MUE{Code: f[0], Value: v}
	if len(f) > 2 {
		m.Adjudication = f[2]
		if a := strings.TrimSpace(f[2]); a != "" {
			if a[0] < '1' || a[0] > '3' {
				return MUE{}, fmt.Errorf("adjudication indicator %q: want 1, 2 or 3", f[2])
			}
			m.MAI = int(a[0] - '0')
		}
	}
	if len(f) > 3 {
		m.Rationale = f[3]
	}
	return m, nil
}

// scanRows splits r into rows of trimmed fields and hands data rows to row. A line
// whose first field is not a procedure code is a header line while no data row
// has been seen, and a malformed row afterwards.
func scanRows(r io.Reader, name string, row func([]string) error) []error {
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	data := false
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if ln == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		f, err := splitRow(line)
		if err != nil {
			if data { // before the first row: a wrapped copyright or header line
				errs = append(errs, fmt.Errorf("%s:%d: %v", name, ln, err))
			}
			continue
		}
		f[0] = strings.ToUpper(f[0])
		if !IsCode(f[0]) {
			if !data {
				continue // CMS header and copyright lines
			}
			errs = append(errs, fmt.Errorf("%s:%d: first field %q is not a procedure code", name, ln, f[0]))
			continue
		}
		data = true
		if err := row(f); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %v", name, ln, err))
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %v", name, err))
	}
	return errs
}

// splitRow splits a tab-separated line, or a comma-separated one (CSV quoting
// allowed) when it has no tab.
func splitRow(line string) ([]string, error) {
	var f []string
	if strings.Contains(line, "\t") {
		f = strings.Split(line, "\t")
	} else {
		cr := csv.NewReader(strings.NewReader(line))
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		var err error
		if f, err = cr.Read(); err != nil {
			return nil, errors.New("unreadable comma-separated row")
		}
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	return f, nil
}

func parseYMD(s string) (time.Time, error) {
	t, err := time.Parse("20060102", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a YYYYMMDD date", s)
	}
	return t, nil
}
