package cmsimport

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/soaplint/soaplint/lexicon"
)

// ManifestName is the file that makes a directory a data pack.
const ManifestName = "pack.json"

// Table files of a pack, in the built-in tables' layouts (with status columns).
const (
	ptpFile = "ncci.tsv"
	mueFile = "mue.tsv"
	rvuFile = "rvu.tsv"
)

// Manifest lists the CMS files a pack was made from.
type Manifest struct {
	Format  int    `json:"format"`
	Created string `json:"created"` // RFC 3339
	Files   []File `json:"files"`
}

// Quarter is the newest quarter among the files of kind k; "" when none.
func (m *Manifest) Quarter(k Kind) string {
	q := ""
	for _, f := range m.Files {
		if f.Kind == k && f.Quarter > q {
			q = f.Quarter
		}
	}
	return q
}

// Sources lists the files (members) of kind k.
func (m *Manifest) Sources(k Kind) []string {
	var out []string
	for _, f := range m.Files {
		if f.Kind == k {
			out = append(out, f.Source())
		}
	}
	return out
}

// Pack is a loaded data pack.
type Pack struct {
	Dir      string
	Manifest Manifest
	Extra    lexicon.Extra // the tables the pack holds (nil fields for those it lacks)
}

// IsPack reports whether dir holds a data pack.
func IsPack(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, ManifestName))
	return err == nil && st.Mode().IsRegular()
}

// Write writes res into the pack in dir (created when missing, owner-only). The
// tables of the kinds res holds replace the pack's; the pack's other tables stay.
// Each file is written to a temporary name and renamed, so a reader never sees
// half a table.
func Write(dir string, res *Result, now time.Time) (*Manifest, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var old Manifest
	if data, err := os.ReadFile(filepath.Join(dir, ManifestName)); err == nil {
		if err := json.Unmarshal(data, &old); err != nil {
			return nil, fmt.Errorf("%s: %v", filepath.Join(dir, ManifestName), err)
		}
	}
	res.sortRows()
	m := Manifest{Format: 1, Created: now.UTC().Format(time.RFC3339)}
	for _, f := range old.Files {
		if !res.Has(f.Kind) {
			m.Files = append(m.Files, f)
		}
	}
	m.Files = append(m.Files, res.Files...)
	sort.SliceStable(m.Files, func(i, j int) bool { return m.Files[i].Kind < m.Files[j].Kind })
	header := func(k Kind, layout string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "# soaplint data pack: %s rows kept for therapy codes, written %s by soaplint data import.\n", describe(k), m.Created)
		for _, f := range res.Files {
			if f.Kind == k {
				fmt.Fprintf(&b, "# source: %s%s, %s, sha256 %s\n", f.Name, member(f), f.Quarter, f.SHA256)
			}
		}
		b.WriteString("# " + layout + "\n")
		return b.String()
	}
	if res.Has(PTP) {
		var b strings.Builder
		b.WriteString(header(PTP, "Column 1, Column 2, prior-1996, effective, deletion, modifier indicator, rationale, status, source"))
		for _, e := range res.Edits {
			prior, del := "", "*"
			if e.Prior1996 {
				prior = "*"
			}
			if !e.Deleted.IsZero() {
				del = e.Deleted.Format("20060102")
			}
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%d\t%s\tcms\t%s\n", e.Column1, e.Column2, prior, e.Effective.Format("20060102"), del, e.Modifier, clean(e.Rationale), source(e.Prov))
		}
		if err := writeAtomic(dir, ptpFile, b.String()); err != nil {
			return nil, err
		}
	}
	if res.Has(MUE) {
		var b strings.Builder
		b.WriteString(header(MUE, "HCPCS/CPT code, MUE value, MUE adjudication indicator, rationale, status, source"))
		for _, r := range res.MUEs {
			fmt.Fprintf(&b, "%s\t%d\t%s\t%s\tcms\t%s\n", r.Code, r.Value, clean(r.Adjudication), clean(r.Rationale), source(r.Prov))
		}
		if err := writeAtomic(dir, mueFile, b.String()); err != nil {
			return nil, err
		}
	}
	if res.Has(RVU) {
		var b strings.Builder
		b.WriteString(header(RVU, "cf/cfqp rows: year, factor, status, source; RVU rows: year, code, total, work, pe, mp, therapy (MULT PROC 5), status, source"))
		for _, f := range res.Factors {
			kind := "cf"
			if f.QP {
				kind = "cfqp"
			}
			fmt.Fprintf(&b, "%s\t%d\t%s\tcms\t%s\n", kind, f.Year, strconv.FormatFloat(f.Value, 'f', -1, 64), source(f.Prov))
		}
		// One row per code and year: the default (non-QP) file's when both
		// variants were read; their RVUs are the same, only the factor differs.
		seen := map[string]bool{}
		for _, pass := range []bool{false, true} {
			for _, r := range res.RVUs {
				key := fmt.Sprint(r.Year, r.Code)
				if seen[key] || qpSource(res, r.Prov.Source) != pass {
					continue
				}
				seen[key] = true
				therapy := "0"
				if !r.TherapyKnown {
					therapy = "-"
				} else if r.AlwaysTherapy {
					therapy = "1"
				}
				fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\t%s\t%s\tcms\t%s\n", r.Year, r.Code, num(r.Total), num(r.Work), num(r.PE), num(r.MP), therapy, source(r.Prov))
			}
		}
		if err := writeAtomic(dir, rvuFile, b.String()); err != nil {
			return nil, err
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(dir, ManifestName, string(data)+"\n"); err != nil {
		return nil, err
	}
	return &m, nil
}

func qpSource(res *Result, src string) bool {
	for _, f := range res.Files {
		if f.Source() == src {
			return f.QP
		}
	}
	return false
}

func member(f File) string {
	if f.Member != "" {
		return ":" + f.Member
	}
	return ""
}

func source(p lexicon.Provenance) string {
	if p.Quarter != "" {
		return clean(p.Source) + ", " + p.Quarter
	}
	return clean(p.Source)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// clean keeps a field on its line and in its column.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\t", " ", ",", " ").Replace(s)), " ")
}

func writeAtomic(dir, name, data string) error {
	tmp, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.WriteString(tmp, data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// Load reads the pack in dir.
func Load(dir string) (*Pack, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s is not a soaplint data pack (no %s; make one with soaplint data import --dir %s FILE…)", dir, ManifestName, dir)
		}
		return nil, fmt.Errorf("%s: %v", dir, unwrap(err))
	}
	p := &Pack{Dir: dir}
	if err := json.Unmarshal(data, &p.Manifest); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, ManifestName), err)
	}
	if p.Manifest.Format != 1 {
		return nil, fmt.Errorf("%s: pack format %d is not one this soaplint reads (1)", filepath.Join(dir, ManifestName), p.Manifest.Format)
	}
	origin := func(k Kind) lexicon.Origin {
		return lexicon.Origin{Kind: "pack", Path: dir, Files: p.Manifest.Sources(k), Quarter: p.Manifest.Quarter(k)}
	}
	open := func(name string) (*os.File, bool, error) {
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		return f, err == nil, err
	}
	one := func(errs []error) error {
		if len(errs) > 0 {
			return fmt.Errorf("data pack damaged: %v (re-import the CMS files)", errs[0])
		}
		return nil
	}
	if f, ok, err := open(ptpFile); err != nil {
		return nil, err
	} else if ok {
		t, errs := lexicon.ParseEditRows(f, filepath.Join(dir, ptpFile), origin(PTP))
		f.Close()
		if err := one(errs); err != nil {
			return nil, err
		}
		p.Extra.Edits = t
	}
	if f, ok, err := open(mueFile); err != nil {
		return nil, err
	} else if ok {
		t, errs := lexicon.ParseMUERows(f, filepath.Join(dir, mueFile), origin(MUE))
		f.Close()
		if err := one(errs); err != nil {
			return nil, err
		}
		p.Extra.MUE = t
	}
	if f, ok, err := open(rvuFile); err != nil {
		return nil, err
	} else if ok {
		t, errs := lexicon.ParsePaymentRows(f, filepath.Join(dir, rvuFile), origin(RVU))
		f.Close()
		if err := one(errs); err != nil {
			return nil, err
		}
		p.Extra.Payment = t
	}
	return p, nil
}

// Stale reports the pack's tables whose quarter is more than a quarter older
// than dos ("code-pair edits 2025Q4").
func (p *Pack) Stale(dos time.Time) []string {
	var out []string
	for _, k := range []Kind{PTP, MUE, RVU} {
		if q := p.Manifest.Quarter(k); q != "" && staleFor(k, q, dos) {
			out = append(out, describe(k)+" "+q)
		}
	}
	return out
}

// staleFor: PTP and MUE files are quarterly; a PFS file is for its calendar
// year (later quarters only correct it), so it is stale in a later year.
func staleFor(k Kind, q string, dos time.Time) bool {
	if k == RVU {
		y, _ := strconv.Atoi(q[:4])
		return !dos.IsZero() && dos.Year() > y
	}
	return lexicon.Stale(q, dos)
}
