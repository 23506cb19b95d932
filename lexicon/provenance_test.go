package lexicon

import (
	"testing"
	"time"
)

// The corrections issue #13 asks for, and a status on every reference row.
func TestBuiltinProvenance(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	now := date("2026-03-02")
	if e, ok := l.Edits.Lookup("97530", "97116", now); ok {
		t.Errorf("pair 97530 with 97116 is a current edit: %+v", e)
	}
	if _, ok := l.Edits.Lookup("97530", "97116", time.Time{}); ok {
		t.Error("pair 97530 with 97116 applies with no date of service")
	}
	if e, ok := l.Edits.Lookup("97116", "97530", date("2020-02-03")); !ok || e.Prov.Status != Unverified {
		t.Errorf("pair 97530 with 97116 in February 2020 = %+v, %v; want the unverified row", e, ok)
	}
	if e, ok := l.Edits.Lookup("97530", "97150", now); !ok || e.Prov.Status != Unverified {
		t.Errorf("97530/97150 = %+v, %v; want unverified", e, ok)
	}
	if e, ok := l.Edits.Lookup("97140", "97124", now); !ok || e.Prior1996 || e.Prov.Status != Unverified {
		t.Errorf("97140/97124 = %+v, %v; want unverified, no prior-1996 flag", e, ok)
	}
	for _, p := range [][2]string{{"97161", "97140"}, {"97162", "97140"}, {"97163", "97140"}, {"97164", "97530"}, {"97164", "97150"}, {"97530", "97140"}} {
		e, ok := l.Edits.Lookup(p[1], p[0], now)
		if !ok || e.Modifier != 1 || e.Prov.Status != Secondary || e.Prov.Source == "" {
			t.Errorf("%s/%s = %+v, %v; want a secondary edit with modifier indicator 1 and its sources", p[0], p[1], e, ok)
		}
	}
	if m, ok := l.MUE.Lookup("92526"); !ok || m.MAI != 2 {
		t.Errorf("92526 MUE = %+v, %v; want MAI 2", m, ok)
	}
	if s := l.MUE.Stats(); s.Unverified != s.Rows || s.Rows == 0 {
		t.Errorf("MUE stats = %+v; every built-in MUE is unverified", s)
	}
	for _, r := range l.Payment.RVUs() {
		if r.Prov.Status != Unverified {
			t.Errorf("%d %s RVU is %v; no built-in RVU has a source", r.Year, r.Code, r.Prov)
		}
	}
	for _, c := range l.Codes.All() {
		if c.Prov.Status != Unverified && c.Prov.Source == "" {
			t.Errorf("code %s: %v without sources", c.Code, c.Prov)
		}
	}
	for _, m := range l.Modifiers {
		if m.Prov.Status != Unverified && m.Prov.Source == "" {
			t.Errorf("modifier %s: %v without sources", m.Code, m.Prov)
		}
	}
	for _, ti := range l.Tables() {
		if ti.Origin.String() != "built-in" || ti.Stats.Rows == 0 {
			t.Errorf("%s: origin %v, %+v", ti.Name, ti.Origin, ti.Stats)
		}
	}
}

func TestProvenanceText(t *testing.T) {
	cms := Provenance{Status: CMS, Source: "ccipra-v321r0-f1.txt", Quarter: "2026Q2"}
	if got := cms.String(); got != "cms: ccipra-v321r0-f1.txt, 2026Q2" {
		t.Errorf("String = %q", got)
	}
	if got := cms.Basis("code-pair edit"); got != "code-pair edit from the CMS file ccipra-v321r0-f1.txt, 2026Q2" {
		t.Errorf("Basis = %q", got)
	}
	sec := Provenance{Status: Secondary, Source: "APTA"}
	if got := sec.Basis("edit"); got != "edit from secondary sources (APTA), not a CMS file" {
		t.Errorf("Basis = %q", got)
	}
	if got := (Provenance{}).Basis("MUE"); got != "MUE is unverified: verify against the current quarter's CMS file" {
		t.Errorf("Basis = %q", got)
	}
	p, err := parseProvenance("cms", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv, 2026Q2")
	if err != nil || p.Source != "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv" || p.Quarter != "2026Q2" {
		t.Errorf("parseProvenance = %+v, %v", p, err)
	}
	for _, bad := range [][2]string{{"secondary", ""}, {"cms", ""}, {"verified", "x"}} {
		if _, err := parseProvenance(bad[0], bad[1]); err == nil {
			t.Errorf("parseProvenance(%q, %q) succeeded", bad[0], bad[1])
		}
	}
}

func TestQuarterFromName(t *testing.T) {
	for name, want := range map[string]string{
		"medicare-ncci-2026q2-practitioner-ptp-edits-ccipra-v321r0-f1.zip": "2026Q2",
		"ccipra-v321r0-f1.TXT":                            "2026Q2",
		"ccipra-v313r0-f4.txt":                            "2025Q4",
		"MCR_MUE_PractitionerServices_Eff_07-01-2026.csv": "2026Q3",
		"/tmp/x/PPRRVU26_JAN.csv":                         "2026Q1",
		"PPRRVU2026_Apr_nonQPP.csv":                       "2026Q2",
		"RVU26D.zip":                                      "2026Q4",
		"notes.txt":                                       "",
		"ptp.txt":                                         "",
	} {
		if got := QuarterFromName(name); got != want {
			t.Errorf("QuarterFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestStale(t *testing.T) {
	for _, tc := range []struct {
		q    string
		dos  string
		want bool
	}{
		{"2026Q1", "2026-03-31", false},
		{"2026Q1", "2026-06-30", false}, // one quarter later: not yet stale
		{"2026Q1", "2026-07-01", true},
		{"2025Q4", "2026-07-01", true},
		{"2026Q3", "2026-01-05", false}, // a pack newer than the note
		{"", "2026-07-01", false},
	} {
		if got := Stale(tc.q, date(tc.dos)); got != tc.want {
			t.Errorf("Stale(%q, %s) = %v, want %v", tc.q, tc.dos, got, tc.want)
		}
	}
	if QuarterOf(date("2026-11-30")) != "2026Q4" {
		t.Error("QuarterOf")
	}
}
