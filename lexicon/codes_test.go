package lexicon

import (
	"strings"
	"testing"
)

func TestCodesTimed(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	timed := strings.Fields("97110 97112 97113 97116 97140 97530 97533 97535 97537 97542 97750 97755 97760 97761 97763 97032 97033 97034 97035 97036 97039 97129 97130")
	untimed := strings.Fields("97161 97162 97163 97164 97165 97166 97167 97168 97150 97010 97012 97014 97016 97018 97022 97024 97026 97028 G0283 92507 92508 92521 92522 92523 92524 92526 92610 92597 97597 97598 97605 97606")
	for _, c := range timed {
		if l.Codes.Lookup(c) == nil || !l.Codes.IsTimed(c) {
			t.Errorf("%s: want a timed code", c)
		}
	}
	for _, c := range untimed {
		if l.Codes.Lookup(c) == nil || l.Codes.IsTimed(c) {
			t.Errorf("%s: want an untimed code", c)
		}
	}
	if l.Codes.IsTimed("12345") || l.Codes.Lookup("12345") != nil {
		t.Errorf("unknown code 12345 resolved")
	}
	all := l.Codes.All()
	if len(all) != len(timed)+len(untimed) {
		t.Errorf("All() has %d codes, want %d", len(all), len(timed)+len(untimed))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Code >= all[i].Code {
			t.Errorf("All() not sorted at %s, %s", all[i-1].Code, all[i].Code)
		}
	}
}

func TestCodesByAlias(t *testing.T) {
	l := Default()
	for name, want := range map[string]string{
		"TherAct": "97530", "Ther Act": "97530", "ther-act": "97530", "therapeutic activities": "97530",
		"TherEx": "97110", "Ther Ex": "97110", "therapeutic exercise": "97110",
		"NMR": "97112", "neuromuscular re-ed": "97112", "Neuromuscular re-education": "97112",
		"manual therapy": "97140", "Manual": "97140",
		"gait training": "97116", "self-care": "97535", "Self care": "97535", "ADL training": "97535",
		"home management": "97535", "e-stim unattended": "97014", "ultrasound": "97035",
		"aquatic therapy": "97113", "orthotic": "97760",
	} {
		c := l.Codes.ByAlias(name)
		if c == nil || c.Code != want {
			t.Errorf("ByAlias(%q) = %v, want %s", name, c, want)
		}
	}
	for _, name := range []string{"US", "group", "functional activities", "exercise", ""} {
		if c := l.Codes.ByAlias(name); c != nil {
			t.Errorf("ByAlias(%q) = %s, want nil", name, c.Code)
		}
	}
}

func TestCodesMatchPrefix(t *testing.T) {
	l := Default()
	for _, tc := range []struct {
		text, code string
		end        int
	}{
		{"TherAct (97530): step-ups", "97530", 7},
		{"  Ther Act: car transfer", "97530", 10},
		{"Therapeutic activities 97530 - 23 min", "97530", 22},
		{"Manual therapy (97140)", "97140", 14},
		{"Manual: STM", "97140", 6},
		{"Self-care/ADL training (97535)", "97535", 22},
		{"Neuromuscular re-ed: tandem", "97112", 19},
		{"Gait training 97116", "97116", 13},
		{"Gait: 45 ft", "97116", 4},
		{"Therapist: J. Doe", "", 0},
		{"Theraband rows", "", 0},
		{"the TherAct", "", 0},
		{"", "", 0},
		{"- TherEx", "", 0},
	} {
		c, end := l.Codes.MatchPrefix(tc.text)
		got := ""
		if c != nil {
			got = c.Code
		}
		if got != tc.code || end != tc.end {
			t.Errorf("MatchPrefix(%q) = %q, %d; want %q, %d", tc.text, got, end, tc.code, tc.end)
		}
	}
}

func TestCodesAliasMatcher(t *testing.T) {
	l := Default()
	ms := l.Codes.AliasMatcher().Find("Pt did TherEx then ther act and self care")
	var got []string
	for _, m := range ms {
		got = append(got, l.Codes.ByAlias(m.Term).Code)
	}
	if strings.Join(got, " ") != "97110 97530 97535" {
		t.Errorf("aliases found = %v", got)
	}
}

func TestModifiersLoaded(t *testing.T) {
	l := Default()
	want := map[string]bool{"GP": true, "GO": true, "GN": true, "59": true, "XU": true, "CQ": true, "CO": true, "KX": true}
	for _, m := range l.Modifiers {
		if m.Meaning == "" {
			t.Errorf("modifier %s has no meaning", m.Code)
		}
		delete(want, m.Code)
	}
	if len(want) > 0 {
		t.Errorf("modifiers missing from data/modifiers.tsv: %v", want)
	}
}
