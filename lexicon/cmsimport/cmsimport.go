// Package cmsimport turns CMS's own quarterly files — the practitioner PTP edit
// files, the practitioner MUE table and the PFS relative value file (PPRRVU) —
// into a data pack: soaplint's tables holding only the therapy codes, each row
// marked cms with its file and quarter, and a manifest naming every file read
// with its SHA-256. lint, lsp, report and index load a pack in place of the
// built-in tables.
package cmsimport

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/soaplint/soaplint/lexicon"
)

// Kind is what a CMS file holds.
type Kind string

const (
	PTP Kind = "ptp" // practitioner procedure-to-procedure edits
	MUE Kind = "mue" // practitioner medically unlikely edits
	RVU Kind = "rvu" // PFS relative value file (PPRRVU)
)

// maxMember bounds what is read from one file or zip member (CMS's largest
// practitioner PTP part is a few hundred MB), so a hostile archive cannot make
// an import read without end.
const maxMember = 2 << 30

// maxErrors bounds the malformed rows reported per file; the rest are counted.
const maxErrors = 50

// File is one CMS file read (a zip member is its own File).
type File struct {
	Name    string `json:"name"`             // the file as given (base name)
	Member  string `json:"member,omitempty"` // the file inside a zip
	Kind    Kind   `json:"kind"`
	Quarter string `json:"quarter,omitempty"`
	SHA256  string `json:"sha256"` // of the file as given (the zip for members)
	QP      bool   `json:"qp,omitempty"`
	// Read is the rows read, Kept the therapy rows kept, Skipped the malformed
	// rows skipped, Deleted the edits dropped as deleted before the quarter.
	Read    int `json:"read"`
	Kept    int `json:"kept"`
	Skipped int `json:"skipped"`
	Deleted int `json:"deleted,omitempty"`
}

// Source is how a row names its file: the member, else the file.
func (f File) Source() string {
	if f.Member != "" {
		return filepath.Base(f.Member)
	}
	return f.Name
}

// Options control an import.
type Options struct {
	// Therapy reports whether a code is kept; nil means IsTherapy over the
	// built-in code table.
	Therapy func(code string) bool
	// Quarter, when set ("2026Q2"), is used for files whose names carry none.
	Quarter string
}

// Result is what an import read.
type Result struct {
	Files    []File
	Edits    []lexicon.Edit
	MUEs     []lexicon.MUE
	RVUs     []lexicon.RVU
	Factors  []lexicon.Factor
	Warnings []error // malformed rows (file and line) and other problems; the import went on
}

// Has reports whether the result holds rows of kind k.
func (r *Result) Has(k Kind) bool {
	for _, f := range r.Files {
		if f.Kind == k {
			return true
		}
	}
	return false
}

// IsTherapy reports whether code is a PT/OT/SLP code a pack keeps: 92507–92610,
// 97010–97799, G0283, or a code the built-in code table names.
func IsTherapy(codes *lexicon.CodeTable) func(string) bool {
	return func(code string) bool {
		if codes != nil && codes.Lookup(code) != nil {
			return true
		}
		if code == "G0283" {
			return true
		}
		if n, err := strconv.Atoi(code); err == nil && len(code) == 5 {
			return n >= 92507 && n <= 92610 || n >= 97010 && n <= 97799
		}
		return false
	}
}

// Import reads each path: a CMS zip archive (its PTP, MUE or PPRRVU members) or
// a file inside one. A file it cannot read or recognise is an error; malformed
// rows are warnings naming the file and line, and the import goes on.
func Import(paths []string, opt Options) (*Result, error) {
	if opt.Therapy == nil {
		opt.Therapy = IsTherapy(lexicon.Default().Codes)
	}
	res := &Result{}
	for _, p := range paths {
		if err := res.importPath(p, opt); err != nil {
			return nil, err
		}
	}
	if len(res.Files) == 0 {
		return nil, errors.New("no CMS PTP, MUE or PPRRVU file among the inputs")
	}
	return res, nil
}

func (res *Result) importPath(path string, opt Options) error {
	sum, err := hashFile(path)
	if err != nil {
		return err
	}
	base := filepath.Base(path)
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return fmt.Errorf("%s: not a readable zip archive: %v", path, err)
		}
		defer zr.Close()
		n := 0
		for _, m := range zr.File {
			if m.FileInfo().IsDir() {
				continue
			}
			kind := kindFromName(m.Name)
			if kind == "" {
				continue // PDFs, spreadsheets, GPCI and locality files, read-me files
			}
			rc, err := m.Open()
			if err != nil {
				return fmt.Errorf("%s: %s: %v", path, m.Name, err)
			}
			f := File{Name: base, Member: m.Name, Kind: kind, SHA256: sum}
			err = res.read(io.LimitReader(rc, maxMember), path+":"+m.Name, &f, opt)
			rc.Close()
			if err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return fmt.Errorf("%s: no practitioner PTP (ccipra…), MUE or PPRRVU .txt/.csv file inside", path)
		}
		return nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %v", path, unwrap(err))
	}
	defer fh.Close()
	br := bufio.NewReaderSize(io.LimitReader(fh, maxMember), 64<<10)
	kind := kindFromName(base)
	if kind == "" {
		head, _ := br.Peek(16 << 10)
		kind = sniff(head)
	}
	if kind == "" {
		return fmt.Errorf("%s: cannot tell which CMS file this is (want a practitioner PTP file, the MUE practitioner table or a PPRRVU csv)", path)
	}
	f := File{Name: base, Kind: kind, SHA256: sum}
	return res.read(br, path, &f, opt)
}

// kindFromName recognises CMS's file names; "" when the name says nothing or
// names a file soaplint does not read.
func kindFromName(name string) Kind {
	b := strings.ToLower(filepath.Base(name))
	ext := filepath.Ext(b)
	switch {
	case strings.Contains(b, "ccioph") || strings.Contains(b, "outpatienthospital"):
		return "" // hospital outpatient edits: soaplint checks practitioner claims
	case strings.Contains(b, "ccipra") && (ext == ".txt" || ext == ".csv"):
		return PTP
	case strings.Contains(b, "mue") && strings.Contains(b, "practitioner") && (ext == ".csv" || ext == ".txt"):
		return MUE
	case strings.Contains(b, "pprrvu") && ext == ".csv": // the .txt is fixed-width
		return RVU
	}
	return ""
}

// sniff recognises a file by its header lines.
func sniff(head []byte) Kind {
	h := strings.ToUpper(string(head))
	switch {
	case strings.Contains(h, "COLUMN 1") || strings.Contains(h, "COLUMN1"):
		return PTP
	case strings.Contains(h, "MUE VALUE") || strings.Contains(h, "ADJUDICATION INDICATOR"):
		return MUE
	case strings.Contains(h, "HCPCS") && strings.Contains(h, "WORK") && strings.Contains(h, "CONV"):
		return RVU
	}
	return ""
}

func (res *Result) read(r io.Reader, name string, f *File, opt Options) error {
	f.Quarter = lexicon.QuarterFromName(f.Source())
	if f.Quarter == "" {
		f.Quarter = lexicon.QuarterFromName(f.Name)
	}
	if f.Quarter == "" {
		f.Quarter = opt.Quarter
	}
	if f.Quarter == "" {
		return fmt.Errorf("%s: the file name does not say which quarter it is for; give --quarter YYYYQn", name)
	}
	prov := lexicon.Provenance{Status: lexicon.CMS, Source: f.Source(), Quarter: f.Quarter}
	var errs []error
	switch f.Kind {
	case PTP:
		start, _ := lexicon.QuarterStart(f.Quarter)
		errs = lexicon.ScanEdits(r, name, func(e lexicon.Edit) {
			f.Read++
			if !opt.Therapy(e.Column1) || !opt.Therapy(e.Column2) {
				return
			}
			if !e.Deleted.IsZero() && !e.Deleted.After(start) {
				f.Deleted++ // deleted before the file's quarter: not an active edit
				return
			}
			e.Prov = prov
			res.Edits = append(res.Edits, e)
			f.Kept++
		})
	case MUE:
		errs = lexicon.ScanMUE(r, name, func(m lexicon.MUE) {
			f.Read++
			if !opt.Therapy(m.Code) {
				return
			}
			m.Prov = prov
			res.MUEs = append(res.MUEs, m)
			f.Kept++
		})
	case RVU:
		b := strings.ToLower(f.Source())
		f.QP = strings.Contains(b, "qp") && !strings.Contains(b, "nonqp")
		var err error
		errs, err = res.readPPRRVU(r, name, f, prov, opt)
		if err != nil {
			return err
		}
	}
	f.Skipped = len(errs)
	if len(errs) > maxErrors {
		errs = append(errs[:maxErrors], fmt.Errorf("%s: %d more malformed rows not listed", name, f.Skipped-maxErrors))
	}
	res.Warnings = append(res.Warnings, errs...)
	if f.Read == 0 {
		return fmt.Errorf("%s: no data rows found (is this the %s file CMS publishes?)", name, describe(f.Kind))
	}
	res.Files = append(res.Files, *f)
	return nil
}

func describe(k Kind) string {
	switch k {
	case PTP:
		return "practitioner PTP edit"
	case MUE:
		return "MUE practitioner services"
	}
	return "PPRRVU"
}

// column matchers for the PPRRVU header, whose labels CMS spreads over several
// lines above the first row ("NON-FAC" over "PE RVU").
var rvuColumns = []struct {
	key   string
	match func(h string) bool
}{
	{"hcpcs", func(h string) bool { return strings.Contains(h, "HCPCS") }},
	{"mod", func(h string) bool { return h == "MOD" || strings.HasSuffix(h, " MOD") }},
	{"work", func(h string) bool { return strings.Contains(h, "WORK") && strings.Contains(h, "RVU") }},
	{"pe", func(h string) bool {
		return strings.Contains(h, "PE RVU") && strings.Contains(h, "NON-FAC")
	}},
	{"mp", func(h string) bool { return strings.Contains(h, "MP RVU") || h == "MP" }},
	{"total", func(h string) bool { return strings.Contains(h, "NON-FAC") && strings.Contains(h, "TOTAL") }},
	{"mult", func(h string) bool { return strings.Contains(h, "MULT") }},
	{"cf", func(h string) bool { return strings.Contains(h, "CONV") }},
}

// readPPRRVU reads the PPRRVU csv: header lines, then one row per code and
// modifier. Only rows without a modifier (the global service) are kept.
func (res *Result) readPPRRVU(r io.Reader, name string, f *File, prov lexicon.Provenance, opt Options) ([]error, error) {
	year, _ := strconv.Atoi(f.Quarter[:4])
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	var header [][]string
	var col map[string]int
	var errs []error
	cf := 0.0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			if col == nil {
				continue
			}
			errs = append(errs, fmt.Errorf("%s:%d: unreadable row", name, line))
			continue
		}
		code := ""
		if len(rec) > 0 {
			code = strings.ToUpper(strings.TrimSpace(rec[0]))
		}
		if col == nil {
			if !lexicon.IsCode(code) {
				header = append(header, rec)
				continue
			}
			if col, err = headerColumns(header); err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
		}
		if !lexicon.IsCode(code) {
			if strings.TrimSpace(strings.Join(rec, "")) == "" {
				continue
			}
			errs = append(errs, fmt.Errorf("%s:%d: first field %q is not a procedure code", name, line, rec[0]))
			continue
		}
		f.Read++
		if cell(rec, col["mod"]) != "" || !opt.Therapy(code) {
			continue
		}
		num := func(k string) (float64, error) {
			v := cell(rec, col[k])
			if v == "" || v == "NA" {
				return 0, nil
			}
			return strconv.ParseFloat(v, 64)
		}
		work, e1 := num("work")
		pe, e2 := num("pe")
		mp, e3 := num("mp")
		total, e4 := num("total")
		rowCF, e5 := num("cf")
		if err := errors.Join(e1, e2, e3, e4, e5); err != nil || total < 0 {
			errs = append(errs, fmt.Errorf("%s:%d: %s: RVUs and conversion factor must be numbers", name, line, code))
			continue
		}
		if rowCF > 0 {
			cf = rowCF
		}
		mult := cell(rec, col["mult"])
		res.RVUs = append(res.RVUs, lexicon.RVU{Code: code, Year: year, Total: total, Work: work, PE: pe, MP: mp, HasParts: true,
			AlwaysTherapy: mult == "5", TherapyKnown: mult != "", Prov: prov})
		f.Kept++
	}
	if col == nil {
		return nil, fmt.Errorf("%s: no HCPCS rows after the header lines", name)
	}
	if cf > 0 {
		res.Factors = append(res.Factors, lexicon.Factor{Year: year, Value: cf, QP: f.QP, Prov: prov})
	}
	return errs, nil
}

// headerColumns finds the PPRRVU columns, joining each column's labels over the
// header lines.
func headerColumns(header [][]string) (map[string]int, error) {
	width := 0
	for _, h := range header {
		width = max(width, len(h))
	}
	names := make([]string, width)
	for _, h := range header {
		for i, v := range h {
			if v = strings.ToUpper(strings.Join(strings.Fields(v), " ")); v != "" {
				names[i] = strings.TrimSpace(names[i] + " " + v)
			}
		}
	}
	col := map[string]int{}
	var missing []string
	for _, c := range rvuColumns {
		for i, n := range names {
			if c.match(n) {
				col[c.key] = i
				break
			}
		}
		if _, ok := col[c.key]; !ok {
			missing = append(missing, c.key)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("header lines lack the columns %s (want HCPCS, MOD, WORK RVU, NON-FAC PE RVU, MP RVU, NON-FACILITY TOTAL, MULT PROC, CONV FACTOR)", strings.Join(missing, ", "))
	}
	return col, nil
}

func cell(rec []string, i int) string {
	if i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func hashFile(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, unwrap(err))
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("%s: %v", path, unwrap(err))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sortRows orders rows so packs written from the same files are identical.
func (res *Result) sortRows() {
	sort.SliceStable(res.Edits, func(i, j int) bool {
		a, b := res.Edits[i], res.Edits[j]
		if a.Column1 != b.Column1 {
			return a.Column1 < b.Column1
		}
		if a.Column2 != b.Column2 {
			return a.Column2 < b.Column2
		}
		return a.Effective.Before(b.Effective)
	})
	sort.SliceStable(res.MUEs, func(i, j int) bool { return res.MUEs[i].Code < res.MUEs[j].Code })
	sort.SliceStable(res.RVUs, func(i, j int) bool {
		if res.RVUs[i].Year != res.RVUs[j].Year {
			return res.RVUs[i].Year < res.RVUs[j].Year
		}
		return res.RVUs[i].Code < res.RVUs[j].Code
	})
}
