package lexicon

import (
	"bufio"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PaymentTable holds non-facility total RVUs per code and the Medicare physician
// fee schedule conversion factor per calendar year (data/rvu.tsv). It answers "what
// is one unit of this code worth" for dollars-at-risk figures; it is national and
// unadjusted (no GPCI), which is what a reviewer's estimate needs.
type PaymentTable struct {
	cf    map[int]float64
	rvu   map[int]map[string]RVU
	years []int // sorted ascending, years with a conversion factor
}

// RVU is one code's total non-facility RVU for one year.
type RVU struct {
	Code  string
	Year  int
	Total float64
	// Unverified marks a value the table's maintainers could not check against
	// the CMS addendum (flagged "?" in the data file).
	Unverified bool
}

// ConversionFactor returns the conversion factor for year.
func (t *PaymentTable) ConversionFactor(year int) (float64, bool) {
	cf, ok := t.cf[year]
	return cf, ok
}

// RVU returns code's total non-facility RVU for year.
func (t *PaymentTable) RVU(code string, year int) (RVU, bool) {
	r, ok := t.rvu[year][code]
	return r, ok
}

// Years lists the years the table covers, ascending.
func (t *PaymentTable) Years() []int { return append([]int(nil), t.years...) }

// UnitPayment is the national payment for one unit of code in year: total RVU ×
// conversion factor, rounded to cents.
func (t *PaymentTable) UnitPayment(code string, year int) (float64, bool) {
	cf, ok := t.cf[year]
	if !ok {
		return 0, false
	}
	r, ok := t.rvu[year][code]
	if !ok {
		return 0, false
	}
	return roundCents(r.Total * cf), true
}

// UnitPaymentOn is UnitPayment for the year of a date of service (the latest year
// the table has when dos is zero or later than the table). When that year lacks
// the code, the nearest earlier year that has it is used; a date before the
// table uses its first year. The year used is returned.
func (t *PaymentTable) UnitPaymentOn(code string, dos time.Time) (amount float64, year int, ok bool) {
	if len(t.years) == 0 {
		return 0, 0, false
	}
	want := t.years[len(t.years)-1]
	if !dos.IsZero() && dos.Year() < want {
		want = max(dos.Year(), t.years[0])
	}
	for i := len(t.years) - 1; i >= 0; i-- {
		if y := t.years[i]; y <= want {
			if amount, ok = t.UnitPayment(code, y); ok {
				return amount, y, true
			}
		}
	}
	return 0, 0, false
}

func roundCents(x float64) float64 {
	return float64(int64(x*100+0.5)) / 100
}

func loadPayment(fsys fs.FS) (*PaymentTable, error) {
	data, err := fs.ReadFile(fsys, "data/rvu.tsv")
	if err != nil {
		return nil, err
	}
	return parsePayment("data/rvu.tsv", string(data))
}

// parsePayment reads rvu.tsv: "#" comments (a "# source:" line is required),
// "cf<TAB>year<TAB>factor" rows and "year<TAB>code<TAB>total RVU[?]" rows, where a
// trailing "?" marks an unverified value.
func parsePayment(name, data string) (*PaymentTable, error) {
	t := &PaymentTable{cf: map[int]float64{}, rvu: map[int]map[string]RVU{}}
	sourced := false
	sc := bufio.NewScanner(strings.NewReader(data))
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(line[1:])), "source:") {
				sourced = true
			}
			continue
		}
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			return nil, fmt.Errorf("%s:%d: want 3 tab-separated fields, have %d", name, ln, len(f))
		}
		if f[0] == "cf" {
			year, err1 := strconv.Atoi(f[1])
			cf, err2 := strconv.ParseFloat(f[2], 64)
			if err1 != nil || err2 != nil || cf <= 0 {
				return nil, fmt.Errorf("%s:%d: bad conversion-factor row", name, ln)
			}
			t.cf[year] = cf
			continue
		}
		year, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad year", name, ln)
		}
		val, unverified := strings.CutSuffix(strings.TrimSpace(f[2]), "?")
		total, err := strconv.ParseFloat(val, 64)
		if err != nil || total < 0 || !isCode(f[1]) {
			return nil, fmt.Errorf("%s:%d: bad RVU row", name, ln)
		}
		if t.rvu[year] == nil {
			t.rvu[year] = map[string]RVU{}
		}
		t.rvu[year][f[1]] = RVU{Code: f[1], Year: year, Total: total, Unverified: unverified}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !sourced {
		return nil, fmt.Errorf("%s: no \"# source:\" line", name)
	}
	for y := range t.cf {
		t.years = append(t.years, y)
	}
	sort.Ints(t.years)
	return t, nil
}

// isCode reports whether s looks like a CPT/HCPCS code: five letters or digits.
func isCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
