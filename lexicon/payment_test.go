package lexicon

import (
	"strings"
	"testing"
	"time"
)

func TestPaymentEmbedded(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	p := l.Payment
	for _, tc := range []struct {
		code string
		year int
		want float64
	}{
		{"97530", 2025, 34.61}, // 1.07 × 32.3465
		{"97530", 2026, 35.07}, // 1.05 × 33.4009
	} {
		got, ok := p.UnitPayment(tc.code, tc.year)
		if !ok || got != tc.want {
			t.Errorf("UnitPayment(%s, %d) = %v, %v; want %v", tc.code, tc.year, got, ok, tc.want)
		}
	}
	if cf, ok := p.ConversionFactor(2025); !ok || cf != 32.3465 {
		t.Errorf("CF 2025 = %v, %v", cf, ok)
	}
	if r, ok := p.RVU("97530", 2025); !ok || r.Unverified {
		t.Errorf("97530 2025 RVU = %+v, %v; want a verified value", r, ok)
	}
	if _, ok := p.UnitPayment("99999", 2025); ok {
		t.Error("unknown code priced")
	}
}

func TestUnitPaymentOn(t *testing.T) {
	p, err := parsePayment("t.tsv", "# source: test\ncf\t2025\t30\ncf\t2026\t40\n2025\t97110\t1\n2025\t97530\t1.5\n2026\t97530\t2\n")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int) time.Time { return time.Date(y, 3, 1, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		code     string
		dos      time.Time
		want     float64
		wantYear int
		ok       bool
	}{
		{"97530", day(2025), 45, 2025, true},
		{"97530", day(2026), 80, 2026, true},
		{"97530", time.Time{}, 80, 2026, true}, // zero date: latest year
		{"97530", day(2030), 80, 2026, true},   // after the table: latest year
		{"97530", day(2019), 45, 2025, true},   // before the table: first year
		{"97110", day(2026), 30, 2025, true},   // missing in 2026: nearest earlier year
		{"97112", day(2026), 0, 0, false},
	} {
		got, y, ok := p.UnitPaymentOn(tc.code, tc.dos)
		if got != tc.want || y != tc.wantYear || ok != tc.ok {
			t.Errorf("UnitPaymentOn(%s, %v) = %v, %d, %v; want %v, %d, %v", tc.code, tc.dos.Format("2006"), got, y, ok, tc.want, tc.wantYear, tc.ok)
		}
	}
}

func TestParsePaymentErrors(t *testing.T) {
	for _, data := range []string{
		"cf\t2025\t32\n",                  // no source line
		"# source: x\n2025\t97530\tabc\n", // bad RVU
		"# source: x\ncf\t2025\n",         // short row
		"# source: x\n2025\t9753\t1.0\n",  // bad code
		"# source: x\ncf\tnext\t32\n",     // bad year
	} {
		if _, err := parsePayment("rvu.tsv", data); err == nil {
			t.Errorf("parsePayment(%q) succeeded", data)
		} else if !strings.HasPrefix(err.Error(), "rvu.tsv") {
			t.Errorf("error %q does not name the file", err)
		}
	}
}
