package lexicon

import "testing"

func TestCodeRegion(t *testing.T) {
	tpl := Default().Templates
	for code, want := range map[string]string{
		"M17.11": "knee", "m1711": "knee", "M25.561": "knee", "M25.511": "shoulder", "M75.101": "shoulder",
		"S83.511A": "knee", "Z96.651": "knee", "Z96.641": "hip", "M54.50": "spine", "M54.2": "neck",
		"R26.81": "balance", // longer prefix than R26 (gait)
		"R26.2":  "gait", "R13.12": "swallowing", "I69.391": "swallowing", "I69.351": "neuro",
		"Z47.1": "", "M62.81": "", "R53.1": "", "": "",
	} {
		if got := tpl.CodeRegion(code); got != want {
			t.Errorf("CodeRegion(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestNoteRegion(t *testing.T) {
	tpl := Default().Templates
	for _, tc := range []struct {
		name  string
		codes []string
		s, o  string
		want  string
	}{
		{"diagnosis decides", []string{"M17.11"}, "Pt reports difficulty with stairs.", "Gait with SPC.", "knee"},
		{"S and O name the same part", nil, "R knee pain 4/10 on stairs.", "Knee flex AROM 95 deg.", "knee"},
		{"one section only is not enough", nil, "Pt reports difficulty with stairs.", "Knee flex AROM 95 deg.", ""},
		{"S and O disagree", nil, "L shoulder pain reaching.", "Knee flex AROM 95 deg.", ""},
		{"diagnosis beats both sections", []string{"M17.11"}, "Shoulder sore.", "Shoulder flex 120.", "knee"},
		{"two diagnoses of two regions", []string{"M17.11", "M75.101"}, "", "", ""},
		{"the same code twice counts once", []string{"M17.11", "M17.11", "M75.101"}, "", "", ""},
		{"function words do not decide", nil, "Poor balance, memory problems.", "Berg 41/56, balance training.", ""},
		{"a diagnosis of a function region", []string{"R26.81"}, "", "", "balance"},
		{"nothing", nil, "", "", ""},
	} {
		if got := tpl.NoteRegion(tc.codes, tc.s, tc.o); got != tc.want {
			t.Errorf("%s: NoteRegion = %q, want %q", tc.name, got, tc.want)
		}
	}
}
