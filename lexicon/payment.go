package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PaymentTable holds non-facility RVUs per code and the Medicare physician fee
// schedule conversion factors per calendar year (data/rvu.tsv, or a data pack's
// PPRRVU import), and the payment rules dollars-at-risk arithmetic needs (data/
// payment_rules.tsv: KX thresholds, the therapy MPPR, the CQ/CO reduction). It
// answers "what is one unit of this code worth" for dollars-at-risk figures; it
// is national and unadjusted (no GPCI), which is what a reviewer's estimate
// needs. A PaymentTable is immutable; WithAPM returns a copy.
type PaymentTable struct {
	cf, cfQP map[int]Factor
	qp       bool // price with the qualifying APM participant factor
	rvu      map[int]map[string]RVU
	years    []int // sorted ascending, years with a conversion factor
	kx       map[int]KX
	rates    map[string]Rate
	origin   Origin
}

// Factor is one year's conversion factor, dollars per RVU.
type Factor struct {
	Year  int
	Value float64
	// QP: the factor for qualifying APM participants (from CY2026 CMS sets two;
	// the other, the default, is for everyone else).
	QP   bool
	Prov Provenance
}

// RVU is one code's non-facility RVUs for one year.
type RVU struct {
	Code  string
	Year  int
	Total float64
	// Work, PE (non-facility practice expense) and MP are the components, when
	// known (HasParts). The therapy MPPR reduces only PE.
	Work, PE, MP float64
	HasParts     bool
	// AlwaysTherapy: the code is subject to the therapy multiple procedure
	// payment reduction (PPRRVU MULT PROC indicator 5); meaningful only when
	// TherapyKnown.
	AlwaysTherapy, TherapyKnown bool
	Prov                        Provenance
}

// KX is one year's KX modifier thresholds: PT and SLP services count together
// toward PTSLP, OT services separately toward OT.
type KX struct {
	Year      int
	PTSLP, OT float64
	Prov      Provenance
}

// ForOT is the threshold of the OT group when ot is true, else of PT+SLP.
func (k KX) ForOT(ot bool) float64 {
	if ot {
		return k.OT
	}
	return k.PTSLP
}

// Rate is a payment rule's factor: the share of PE the therapy MPPR removes from
// second and later units (0.50), or the share Medicare pays for services an
// assistant furnished in whole or in part (0.85).
type Rate struct {
	Value float64
	Since time.Time // first date of service it applies to
	Prov  Provenance
}

// Rate names.
const (
	RateMPPR      = "mppr-pe"   // PE reduction on second and later always-therapy units the same day
	RateAssistant = "assistant" // share paid for CQ/CO services
)

// Origin says where the RVUs and conversion factors come from.
func (t *PaymentTable) Origin() Origin { return t.origin }

// Stats counts RVU and conversion-factor rows by status.
func (t *PaymentTable) Stats() Stats {
	var s Stats
	for _, m := range t.rvu {
		for _, r := range m {
			s.add(r.Prov)
		}
	}
	for _, f := range t.cf {
		s.add(f.Prov)
	}
	for _, f := range t.cfQP {
		s.add(f.Prov)
	}
	return s
}

// WithAPM returns the table pricing with the qualifying APM participant
// conversion factor (qp) or the default one. Years with a single factor use it.
func (t *PaymentTable) WithAPM(qp bool) *PaymentTable {
	c := *t
	c.qp = qp
	return &c
}

// QP reports whether the table prices with the qualifying APM participant factor.
func (t *PaymentTable) QP() bool { return t.qp }

// Factor returns the conversion factor the table prices year with.
func (t *PaymentTable) Factor(year int) (Factor, bool) {
	if t.qp {
		if f, ok := t.cfQP[year]; ok {
			return f, true
		}
	}
	f, ok := t.cf[year]
	return f, ok
}

// Factors returns every conversion factor (default and QP), by year.
func (t *PaymentTable) Factors() []Factor {
	var out []Factor
	for _, m := range []map[int]Factor{t.cf, t.cfQP} {
		for _, f := range m {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return !out[i].QP
	})
	return out
}

// ConversionFactor returns the conversion factor the table prices year with.
func (t *PaymentTable) ConversionFactor(year int) (float64, bool) {
	f, ok := t.Factor(year)
	return f.Value, ok
}

// RVU returns code's non-facility RVUs for year.
func (t *PaymentTable) RVU(code string, year int) (RVU, bool) {
	r, ok := t.rvu[year][code]
	return r, ok
}

// RVUs returns every RVU row, by year and code.
func (t *PaymentTable) RVUs() []RVU {
	var out []RVU
	for _, m := range t.rvu {
		for _, r := range m {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// KXThreshold returns year's KX modifier thresholds (PT+SLP combined, OT
// separately): the yearly therapy amount above which claims need the KX modifier.
func (t *PaymentTable) KXThreshold(year int) (KX, bool) {
	k, ok := t.kx[year]
	return k, ok
}

// KXThresholds returns every year's thresholds, ascending.
func (t *PaymentTable) KXThresholds() []KX {
	out := make([]KX, 0, len(t.kx))
	for _, k := range t.kx {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// Rate returns a payment rule's factor (RateMPPR, RateAssistant) in effect on
// dos (a zero dos: as of now).
func (t *PaymentTable) Rate(name string, dos time.Time) (Rate, bool) {
	r, ok := t.rates[name]
	if !ok || (!dos.IsZero() && dos.Before(r.Since)) {
		return Rate{}, false
	}
	return r, true
}

// Years lists the years the table covers, ascending.
func (t *PaymentTable) Years() []int { return append([]int(nil), t.years...) }

// UnitPayment is the national payment for one unit of code in year: total RVU ×
// conversion factor, rounded to cents.
func (t *PaymentTable) UnitPayment(code string, year int) (float64, bool) {
	cf, ok := t.ConversionFactor(year)
	if !ok {
		return 0, false
	}
	r, ok := t.rvu[year][code]
	if !ok {
		return 0, false
	}
	return roundCents(r.Total * cf), true
}

// YearFor is the table year that prices code on dos: the year of dos (the
// latest year the table has when dos is zero or later than the table), or the
// nearest earlier year that has the code; a date before the table uses its
// first year.
func (t *PaymentTable) YearFor(code string, dos time.Time) (int, bool) {
	if len(t.years) == 0 {
		return 0, false
	}
	want := t.years[len(t.years)-1]
	if !dos.IsZero() && dos.Year() < want {
		want = max(dos.Year(), t.years[0])
	}
	for i := len(t.years) - 1; i >= 0; i-- {
		if y := t.years[i]; y <= want {
			if _, ok := t.rvu[y][code]; ok {
				return y, true
			}
		}
	}
	return 0, false
}

// UnitPaymentOn is UnitPayment for the table year that prices code on dos
// (YearFor). The year used is returned.
func (t *PaymentTable) UnitPaymentOn(code string, dos time.Time) (amount float64, year int, ok bool) {
	y, ok := t.YearFor(code, dos)
	if !ok {
		return 0, 0, false
	}
	amount, ok = t.UnitPayment(code, y)
	return amount, y, ok
}

func roundCents(x float64) float64 {
	return float64(int64(x*100+0.5)) / 100
}

func loadPayment(fsys fs.FS) (*PaymentTable, error) {
	const rvuName, rulesName = "data/rvu.tsv", "data/payment_rules.tsv"
	t, err := loadTable(fsys, rvuName, func(r io.Reader, name string) (*PaymentTable, []error) {
		return ParsePaymentRows(r, name, builtIn)
	})
	if err != nil {
		return nil, err
	}
	rules, err := fs.ReadFile(fsys, rulesName)
	if err != nil {
		return nil, err
	}
	if err := t.parseRules(rulesName, string(rules)); err != nil {
		return nil, err
	}
	return t, nil
}

// parsePayment parses rvu.tsv-format data as a built-in table (tests).
func parsePayment(name, data string) (*PaymentTable, error) {
	if !strings.Contains(strings.ToLower(data), "# source:") {
		return nil, fmt.Errorf("%s: no \"# source:\" line", name)
	}
	t, errs := ParsePaymentRows(strings.NewReader(data), name, builtIn)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return t, nil
}

// ParsePaymentRows reads soaplint's RVU table (built-in rvu.tsv or a pack's):
// "cf<TAB>year<TAB>factor<TAB>status<TAB>source" (the default conversion
// factor), "cfqp<TAB>…" (the qualifying APM participant factor) and
// "year<TAB>code<TAB>total<TAB>work<TAB>pe<TAB>mp<TAB>therapy<TAB>status<TAB>source"
// rows, where work, pe and mp are "-" when unknown and therapy is 1 for an
// "always therapy" code (subject to the MPPR), 0 for another, "-" when unknown.
// A malformed row is skipped and reported with its file and line.
func ParsePaymentRows(r io.Reader, name string, origin Origin) (*PaymentTable, []error) {
	t := &PaymentTable{cf: map[int]Factor{}, cfQP: map[int]Factor{}, rvu: map[int]map[string]RVU{}, kx: map[int]KX{}, rates: map[string]Rate{}, origin: origin}
	var errs []error
	sc := bufio.NewScanner(r)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if s := strings.TrimSpace(line); s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if err := t.row(strings.Split(line, "\t")); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %v", name, ln, err))
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %v", name, err))
	}
	t.index()
	return t, errs
}

func (t *PaymentTable) index() {
	t.years = t.years[:0]
	for y := range t.cf {
		t.years = append(t.years, y)
	}
	sort.Ints(t.years)
}

func (t *PaymentTable) row(f []string) error {
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	if f[0] == "cf" || f[0] == "cfqp" {
		if len(f) < 5 {
			return fmt.Errorf("want 5 tab-separated fields (cf, year, factor, status, source), have %d", len(f))
		}
		year, err1 := strconv.Atoi(f[1])
		cf, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil || cf <= 0 {
			return fmt.Errorf("bad conversion-factor row")
		}
		prov, err := parseProvenance(f[3], f[4])
		if err != nil {
			return err
		}
		fac := Factor{Year: year, Value: cf, QP: f[0] == "cfqp", Prov: prov}
		if fac.QP {
			t.cfQP[year] = fac
		} else {
			t.cf[year] = fac
		}
		return nil
	}
	if len(f) < 9 {
		return fmt.Errorf("want 9 tab-separated fields (year, code, total, work, pe, mp, therapy, status, source), have %d", len(f))
	}
	year, err := strconv.Atoi(f[0])
	if err != nil {
		return fmt.Errorf("bad year %q", f[0])
	}
	total, err := strconv.ParseFloat(f[2], 64)
	if err != nil || total < 0 || !IsCode(f[1]) {
		return fmt.Errorf("bad RVU row")
	}
	r := RVU{Code: f[1], Year: year, Total: total}
	if f[3] != "-" || f[4] != "-" || f[5] != "-" {
		var e1, e2, e3 error
		r.Work, e1 = strconv.ParseFloat(f[3], 64)
		r.PE, e2 = strconv.ParseFloat(f[4], 64)
		r.MP, e3 = strconv.ParseFloat(f[5], 64)
		if e1 != nil || e2 != nil || e3 != nil {
			return fmt.Errorf("work, PE and MP RVUs: want three numbers or three \"-\"")
		}
		r.HasParts = true
	}
	switch f[6] {
	case "1":
		r.AlwaysTherapy, r.TherapyKnown = true, true
	case "0":
		r.TherapyKnown = true
	case "-":
	default:
		return fmt.Errorf("therapy flag %q: want 1, 0 or -", f[6])
	}
	if r.Prov, err = parseProvenance(f[7], f[8]); err != nil {
		return err
	}
	if t.rvu[year] == nil {
		t.rvu[year] = map[string]RVU{}
	}
	t.rvu[year][r.Code] = r
	return nil
}

// parseRules reads payment_rules.tsv: "kx<TAB>year<TAB>amount<TAB>status<TAB>source"
// and "<rate><TAB>since YYYY-MM-DD<TAB>value<TAB>status<TAB>source".
func (t *PaymentTable) parseRules(name, data string) error {
	if !strings.Contains(strings.ToLower(data), "# source:") {
		return fmt.Errorf("%s: no \"# source:\" line", name)
	}
	for ln, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if s := strings.TrimSpace(line); s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 5 {
			return fmt.Errorf("%s:%d: want 5 tab-separated fields, have %d", name, ln+1, len(f))
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil || v <= 0 {
			return fmt.Errorf("%s:%d: bad value %q", name, ln+1, f[2])
		}
		prov, err := parseProvenance(f[3], f[4])
		if err != nil {
			return fmt.Errorf("%s:%d: %v", name, ln+1, err)
		}
		switch f[0] {
		case "kx":
			y, err := strconv.Atoi(f[1])
			if err != nil {
				return fmt.Errorf("%s:%d: bad year %q", name, ln+1, f[1])
			}
			t.kx[y] = KX{Year: y, PTSLP: v, OT: v, Prov: prov}
		case RateMPPR, RateAssistant:
			since, err := time.Parse("2006-01-02", f[1])
			if err != nil {
				return fmt.Errorf("%s:%d: bad date %q", name, ln+1, f[1])
			}
			t.rates[f[0]] = Rate{Value: v, Since: since, Prov: prov}
		default:
			return fmt.Errorf("%s:%d: unknown rule %q (want kx, %s or %s)", name, ln+1, f[0], RateMPPR, RateAssistant)
		}
	}
	return nil
}

// Overlay returns t with o's RVUs and conversion factors in place of t's for
// each year o has them (a pack's PPRRVU import covers one year; the others stay
// built-in); t's payment rules (KX, MPPR, CQ/CO) stay. The result's origin is o's.
func (t *PaymentTable) Overlay(o *PaymentTable) *PaymentTable {
	c := &PaymentTable{cf: map[int]Factor{}, cfQP: map[int]Factor{}, rvu: map[int]map[string]RVU{}, kx: t.kx, rates: t.rates, qp: t.qp, origin: o.origin}
	for _, src := range []*PaymentTable{t, o} { // o's years overwrite t's
		for y, f := range src.cf {
			c.cf[y] = f
		}
		for y, f := range src.cfQP {
			c.cfQP[y] = f
		}
		for y, m := range src.rvu {
			c.rvu[y] = m
		}
	}
	c.index()
	return c
}

// IsCode reports whether s looks like a CPT/HCPCS code: five letters or digits,
// at least four of them digits.
func IsCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
		case 'A' <= c && c <= 'Z':
		default:
			return false
		}
	}
	return digits >= 4 // CPT 97530, HCPCS G0283, category III 0591T; not a header's "HCPCS"
}
