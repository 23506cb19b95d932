// Package report builds soaplint's reviewer report: one self-contained HTML page
// (inline CSS and SVG, no script, no network) summarising findings over a batch of
// notes, with the dollars they put at risk and the worst notes first.
package report

import (
	"cmp"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/soaplint/soaplint/analyzer"
)

// Entry is one linted note.
type Entry struct {
	Path string // file as given on the command line (or the JSONL file)
	ID   string // the JSONL record's id; "" for plain files
	Line int    // the JSONL record's line in Path; 0 for plain files
	// Result is the lint result; nil when the note could not be read (Err says why).
	Result *analyzer.Result
	Err    string // input error, naming the file and line only (never note text)
	// Tables price this note (the tables its configuration uses: a data pack,
	// --mue, --ncci); nil means Options.Tables.
	Tables *Tables
}

// Options control a report.
type Options struct {
	Title     string
	Generated time.Time
	Profile   analyzer.Profile // the default profile the batch ran under
	Tables    Tables
	Policies  map[string]Policy // nil means Policies()
	Rules     []*analyzer.Rule  // the rule set, for severity and docs; may be nil
	Worst     int               // notes in the worst-notes table; 0 means 25
	// Sources lists the reference data used (name and where it comes from), shown in
	// the method section.
	Sources []Source
	// Absolute turns relative paths into absolute ones for file:// links; nil
	// resolves them against the working directory.
	Absolute func(string) (string, error)
}

// Source is one reference table named in the method section.
type Source struct {
	Name, From string
}

// Report is the computed content of a report, independent of its rendering.
type Report struct {
	Title     string
	Generated string
	Profile   string

	Notes, NotesWithFindings, Findings int
	BySeverity                         []Count
	InputErrors                        []string

	Billed, AtRisk float64 // dollars, note totals deduplicated per charge
	UnitsAtRisk    int     // units, each billed charge counted once
	AtRiskPct      string
	// MPPRNotes: notes whose always-therapy units were priced with the therapy
	// MPPR; MPPRUnknown: notes with several units where it could not be applied
	// (the RVU table lacks PE components); AssistantLines: charges priced at the
	// CQ/CO share.
	MPPRNotes, MPPRUnknown, AssistantLines int
	RiskByRule                             []Money
	Prices                                 []PriceRow // RVU × CF used, per code and year
	AnyUnverified                          bool
	PriceSummary                           string // "the CY2025 conversion factor $32.3465 and …"

	ByRule, ByProvider, ByCode, ByWeek Chart

	Worst      []NoteRow
	WorstTotal int // notes with findings (the table shows the first len(Worst))

	Method  []PolicyRow
	Sources []Source

	Episodes *Episodes // per-patient timelines (episodes.go); nil when no note has patient and date
}

// Count is a labelled number.
type Count struct {
	Label string
	N     int
}

// Money is dollars at risk for one rule. Units and Dollars are the rule's share
// of the note totals (each billed charge goes to the rule that puts the most on
// it), so the rules add up to the totals; Gross is what the rule's findings put
// at risk before that.
type Money struct {
	Rule     string
	Findings int
	Units    int
	Dollars  float64
	Gross    float64

	cents int64
}

// PriceRow is one price used.
type PriceRow struct {
	Code   string
	Year   int
	RVU    string
	CF     string
	Amount string
	Units  int // units billed at this price across the batch
	// Unverified: no source confirmed the RVU. Status is cms, secondary or unverified.
	Unverified bool
	Status     string

	cf float64
}

// PolicyRow documents how one rule is priced.
type PolicyRow struct {
	Rule, Share, Why string
}

// NoteRow is one note of the worst-notes table.
type NoteRow struct {
	Rank     int
	Label    string // path, or path#id for JSONL records
	Link     string // file:// URL to the note (line of the first finding); "" when none
	Date     string
	Provider string
	Errors   int
	Findings []FindingRow
	AtRisk   float64
}

// FindingRow is one finding of a worst note.
type FindingRow struct {
	Where    string // "path:line:col"
	Link     string
	Severity string
	Rule     string
	Message  string
	Codes    string
	Dollars  float64
}

// Build computes a report over entries.
func Build(entries []Entry, opt Options) *Report {
	pol := opt.Policies
	if pol == nil {
		pol = Policies()
	}
	abs := opt.Absolute
	if abs == nil {
		// filepath.Abs asks the OS for the working directory on every call.
		wd, err := os.Getwd()
		abs = func(p string) (string, error) {
			if filepath.IsAbs(p) {
				return filepath.Clean(p), nil
			}
			if err != nil {
				return "", err
			}
			return filepath.Join(wd, p), nil
		}
	}
	worstN := opt.Worst
	if worstN <= 0 {
		worstN = 25
	}
	r := &Report{
		Title:     cmp.Or(opt.Title, "soaplint report"),
		Generated: opt.Generated.Format("2006-01-02 15:04 MST"),
		Profile:   string(cmp.Or(opt.Profile, analyzer.Medicare)),
		Sources:   opt.Sources,
	}
	sev := map[string]int{}
	byRule := map[string]int{}
	byProv := map[string]int{}
	byCode := map[string]int{}
	byWeek := map[string]int{}
	money := map[string]*Money{}
	type priceKey struct {
		code string
		year int
	}
	prices := map[priceKey]*PriceRow{}
	var cands []candidate
	untied, undated := 0, 0
	order := map[string]int{}
	for i, rl := range opt.Rules {
		order[rl.ID] = i + 1
	}

	for _, e := range entries {
		label := e.Path
		if e.ID != "" {
			label = e.Path + "#" + e.ID
		}
		if e.Result == nil {
			if e.Err != "" {
				r.InputErrors = append(r.InputErrors, e.Err)
			}
			continue
		}
		r.Notes++
		res := e.Result
		n := res.Note
		tables := opt.Tables
		if e.Tables != nil {
			tables = *e.Tables
		}
		nr := assess(res, tables, pol, order)
		risks, total := nr.risks, nr.total
		r.Billed += nr.billed
		r.AtRisk += total
		r.UnitsAtRisk += nr.units
		r.AssistantLines += nr.assistant
		if nr.mppr {
			r.MPPRNotes++
		}
		if nr.mpprUnknown {
			r.MPPRUnknown++
		}
		for rule, cl := range nr.byRule {
			mm := money[rule]
			if mm == nil {
				mm = &Money{Rule: rule}
				money[rule] = mm
			}
			mm.Units += cl.units
			mm.cents += cl.cents
		}
		for i, p := range nr.prices {
			k := priceKey{n.Charges[i].Code, p.Year}
			pr := prices[k]
			if pr == nil {
				pr = &PriceRow{Code: k.code, Year: p.Year, RVU: fmt.Sprintf("%.2f", p.RVU), CF: fmt.Sprintf("$%.4f", p.CF), Amount: dollars(p.Amount), Unverified: p.Unverified, Status: p.Status, cf: p.CF}
				prices[k] = pr
			}
			pr.Units += units(n.Charges[i])
			r.AnyUnverified = r.AnyUnverified || p.Unverified
		}
		if len(res.Diagnostics) == 0 {
			continue
		}
		r.NotesWithFindings++
		prov := provider(res)
		week := "" // no date of service
		date := ""
		if dos := n.Header.DateOfService; !dos.IsZero() {
			date = dos.Format("2006-01-02")
			week = monday(dos).Format("2006-01-02")
		}
		c := candidate{entry: e, label: label, date: date, provider: prov, risks: risks, total: total}
		for k, d := range res.Diagnostics {
			r.Findings++
			sev[d.Severity.String()]++
			byRule[d.Rule]++
			byProv[prov]++
			if week != "" {
				byWeek[week]++
			} else {
				undated++
			}
			if len(risks[k].Codes) == 0 {
				untied++
			}
			for _, c := range risks[k].Codes {
				byCode[c]++
			}
			// Every finding of a priced rule counts, also one whose units the
			// rule's other findings already put at risk.
			if p, ok := pol[d.Rule]; ok && p.Basis != NoDollars {
				mm := money[d.Rule]
				if mm == nil {
					mm = &Money{Rule: d.Rule}
					money[d.Rule] = mm
				}
				mm.Findings++
				mm.Gross += risks[k].Dollars
			}
			if d.Severity == analyzer.Error {
				c.errors++
			}
		}
		cands = append(cands, c)
	}

	for _, s := range []string{"error", "warning", "info"} {
		r.BySeverity = append(r.BySeverity, Count{s, sev[s]})
	}
	if r.Billed > 0 {
		r.AtRiskPct = fmt.Sprintf("%.1f%%", 100*r.AtRisk/r.Billed)
	}
	for _, mm := range money {
		mm.Dollars = float64(mm.cents) / 100
		r.RiskByRule = append(r.RiskByRule, *mm)
	}
	sort.Slice(r.RiskByRule, func(i, j int) bool {
		a, b := r.RiskByRule[i], r.RiskByRule[j]
		if a.Dollars != b.Dollars {
			return a.Dollars > b.Dollars
		}
		return a.Rule < b.Rule
	})
	for _, p := range prices {
		r.Prices = append(r.Prices, *p)
	}
	sort.Slice(r.Prices, func(i, j int) bool {
		a, b := r.Prices[i], r.Prices[j]
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Year < b.Year
	})

	r.ByRule = barChart("Findings by rule", "rule", byRule, 24, byCount)
	r.ByProvider = barChart("Findings by provider (signer)", "provider", byProv, 15, byCount)
	r.ByCode = barChart("Findings by CPT code", "code", byCode, 15, byCount)
	if untied > 0 {
		r.ByCode.Caption = fmt.Sprintf("%d findings concern the note as a whole (goals, wording, sections) and are not tied to a code.", untied)
	}
	r.ByWeek = barChart("Findings by week of date of service", "week", byWeek, 60, byLabel)
	r.ByWeek.Caption = "Weeks start on Monday."
	if undated > 0 {
		r.ByWeek.Caption += fmt.Sprintf(" %d findings are on notes with no date of service and are not shown.", undated)
	}

	// Rank every note, then lay out rows only for those shown.
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.total != b.total {
			return a.total > b.total
		}
		if a.errors != b.errors {
			return a.errors > b.errors
		}
		return len(a.entry.Result.Diagnostics) > len(b.entry.Result.Diagnostics)
	})
	r.WorstTotal = len(cands)
	for i, c := range cands[:min(len(cands), worstN)] {
		r.Worst = append(r.Worst, c.row(i+1, abs))
	}

	cfs := map[int]float64{}
	var years []int
	for _, p := range prices {
		if _, ok := cfs[p.Year]; !ok {
			years = append(years, p.Year)
		}
		cfs[p.Year] = p.cf
	}
	sort.Ints(years)
	var parts []string
	for _, y := range years {
		parts = append(parts, fmt.Sprintf("CY%d conversion factor $%.4f", y, cfs[y]))
	}
	r.PriceSummary = strings.Join(parts, " and ")

	ids := make([]string, 0, len(pol))
	for id := range pol {
		// The method lists the rules that ran (all of them when none are given).
		if _, ran := order[id]; ran || len(opt.Rules) == 0 {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		if c := cmp.Compare(order[a], order[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, id := range ids {
		p := pol[id]
		if p.Basis == NoDollars {
			continue
		}
		r.Method = append(r.Method, PolicyRow{Rule: id, Share: fmt.Sprintf("%.0f%%", 100*p.Share), Why: p.Why})
	}
	return r
}

// candidate is a note with findings, ranked for the worst-notes table.
type candidate struct {
	entry                 Entry
	label, date, provider string
	risks                 []Risk
	total                 float64
	errors                int
}

// row lays out c for the worst-notes table.
func (c candidate) row(rank int, abs func(string) (string, error)) NoteRow {
	e := c.entry
	row := NoteRow{Rank: rank, Label: c.label, Date: c.date, Provider: c.provider, AtRisk: c.total, Errors: c.errors}
	m := e.Result.Note.Mapper()
	for k, d := range e.Result.Diagnostics {
		line, col := m.Position(d.Start)
		fileLine := line
		if e.Line > 0 { // a JSONL record: link to the record's line
			fileLine = e.Line
		}
		row.Findings = append(row.Findings, FindingRow{
			Where:    fmt.Sprintf("%s:%d:%d", c.label, line, col),
			Link:     fileURL(abs, e.Path, fileLine),
			Severity: d.Severity.String(),
			Rule:     d.Rule,
			Message:  d.Message,
			Codes:    strings.Join(c.risks[k].Codes, ", "),
			Dollars:  c.risks[k].Dollars,
		})
	}
	if len(row.Findings) > 0 {
		row.Link = row.Findings[0].Link
	}
	return row
}

// provider names the note's signer: name and credentials as signed.
func provider(res *analyzer.Result) string {
	s := res.Note.Signature
	if s == nil || strings.TrimSpace(s.Name) == "" {
		return "unsigned"
	}
	name := strings.TrimSpace(s.Name)
	if len(s.Credentials) > 0 {
		name += ", " + strings.Join(s.Credentials, "/")
	}
	return name
}

// monday returns the Monday of t's week.
func monday(t time.Time) time.Time {
	wd := (int(t.Weekday()) + 6) % 7 // Monday = 0
	y, m, d := t.AddDate(0, 0, -wd).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// fileURL is a file:// link to path at line (browsers ignore the fragment for
// text files but editors and viewers that understand #L honour it).
func fileURL(abs func(string) (string, error), path string, line int) string {
	if path == "" || path == "-" {
		return ""
	}
	p, err := abs(path)
	if err != nil {
		return ""
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(p)}
	if line > 0 {
		u.Fragment = fmt.Sprintf("L%d", line)
	}
	return u.String()
}

func dollars(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := "$" + b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}
