package lexicon

import "testing"

func TestKXThreshold(t *testing.T) {
	l := Default()
	for year, want := range map[int]float64{2025: 2410, 2026: 2480} {
		got, ok := l.KXThreshold(year)
		if !ok || got.Amount != want || got.Year != year || got.Status == "" {
			t.Errorf("KXThreshold(%d) = %+v, %v; want %.2f", year, got, ok, want)
		}
	}
	if _, ok := l.KXThreshold(1999); ok {
		t.Error("KXThreshold(1999) found a threshold the table does not have")
	}
}

func TestParseKXErrors(t *testing.T) {
	for _, data := range []string{
		"2025\t2410\tsecondary\n",                         // no source
		"# source: x\n2025\t2410\n",                       // short row
		"# source: x\n2025\tabc\tcms\n",                   // bad amount
		"# source: x\n2025\t2410\tmaybe\n",                // bad status
		"# source: x\n2025\t2410\tcms\n2025\t2410\tcms\n", // duplicate
	} {
		if _, err := parseKX("t.tsv", data); err == nil {
			t.Errorf("parseKX(%q) succeeded; want an error", data)
		}
	}
}
