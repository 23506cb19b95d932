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
	// No built-in RVU has a source yet (issue #13): 97530's is as unverified as the rest.
	if r, ok := p.RVU("97530", 2025); !ok || r.Prov.Status != Unverified {
		t.Errorf("97530 2025 RVU = %+v, %v; want an unverified value", r, ok)
	}
	if f, ok := p.Factor(2026); !ok || f.Value != 33.4009 || f.QP || f.Prov.Status != Secondary {
		t.Errorf("CY2026 default factor = %+v, %v", f, ok)
	}
	qp := p.WithAPM(true)
	if cf, _ := qp.ConversionFactor(2026); cf != 33.5675 {
		t.Errorf("CY2026 QP factor = %v, want 33.5675", cf)
	}
	if cf, _ := qp.ConversionFactor(2025); cf != 32.3465 {
		t.Errorf("CY2025 has one factor; QP table gives %v", cf)
	}
	if got, _ := qp.UnitPayment("97530", 2026); got != 35.25 { // 1.05 × 33.5675
		t.Errorf("QP 97530 2026 = %v, want 35.25", got)
	}
	for _, tc := range []struct {
		year int
		want float64
	}{{2025, 2410}, {2026, 2480}} {
		k, ok := p.KXThreshold(tc.year)
		if !ok || k.PTSLP != tc.want || k.OT != tc.want || k.Prov.Status != Secondary || k.Prov.Source == "" {
			t.Errorf("KXThreshold(%d) = %+v, %v; want %v for PT+SLP and for OT, secondary", tc.year, k, ok, tc.want)
		}
	}
	if _, ok := p.KXThreshold(2019); ok {
		t.Error("KX threshold for a year the table lacks")
	}
	if r, ok := p.Rate(RateMPPR, date("2026-01-05")); !ok || r.Value != 0.5 {
		t.Errorf("MPPR = %+v, %v", r, ok)
	}
	if r, ok := p.Rate(RateAssistant, date("2026-01-05")); !ok || r.Value != 0.85 {
		t.Errorf("CQ/CO share = %+v, %v", r, ok)
	}
	if _, ok := p.Rate(RateAssistant, date("2021-12-31")); ok {
		t.Error("CQ/CO reduction before 2022")
	}
	if _, ok := p.UnitPayment("99999", 2025); ok {
		t.Error("unknown code priced")
	}
}

func TestUnitPaymentOn(t *testing.T) {
	p, err := parsePayment("t.tsv", "# source: test\ncf\t2025\t30\tunverified\t\ncf\t2026\t40\tunverified\t\n"+
		"2025\t97110\t1\t-\t-\t-\t-\tunverified\t\n2025\t97530\t1.5\t-\t-\t-\t-\tunverified\t\n2026\t97530\t2\t-\t-\t-\t-\tunverified\t\n")
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
		"cf\t2025\t32\tunverified\t\n",                                  // no source line
		"# source: x\n2025\t97530\tabc\t-\t-\t-\t-\tunverified\t\n",     // bad RVU
		"# source: x\ncf\t2025\n",                                       // short row
		"# source: x\n2025\t9753\t1.0\t-\t-\t-\t-\tunverified\t\n",      // bad code
		"# source: x\ncf\tnext\t32\tunverified\t\n",                     // bad year
		"# source: x\ncf\t2025\t32\tsecondary\t\n",                      // secondary row without sources
		"# source: x\n2025\t97530\t1.0\t0.5\t-\t0.1\t-\tunverified\t\n", // partial components
		"# source: x\n2025\t97530\t1.0\t-\t-\t-\t-\tmaybe\t\n",          // bad status
	} {
		if _, err := parsePayment("rvu.tsv", data); err == nil {
			t.Errorf("parsePayment(%q) succeeded", data)
		} else if !strings.HasPrefix(err.Error(), "rvu.tsv") {
			t.Errorf("error %q does not name the file", err)
		}
	}
}
