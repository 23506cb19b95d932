package lexicon

import (
	"context"
	"strings"
	"testing"
)

func mustLoad(t *testing.T) *Lexicon {
	t.Helper()
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestTemplatesData(t *testing.T) {
	s := mustLoad(t).Templates
	if n := len(s.List()); n < 40 {
		t.Fatalf("%d templates, want at least 40", n)
	}
	per := map[string]int{}
	for _, tp := range s.List() {
		for _, d := range tp.Disciplines {
			if d != "PT" && d != "OT" && d != "SLP" {
				t.Errorf("%s: discipline %q", tp.ID, d)
			}
			per[d]++
		}
		for _, r := range tp.Regions {
			if s.TypicalActivities(r) == nil {
				t.Errorf("%s: region %q is not in goal_regions.tsv", tp.ID, r)
			}
		}
		if len(tp.Activities) == 0 || len(tp.Impairments) == 0 {
			t.Errorf("%s: needs activity and impairment tags", tp.ID)
		}
		if !strings.Contains(tp.Text, "___") {
			t.Errorf("%s: no ___ placeholder for the therapist", tp.ID)
		}
		if strings.Count(tp.Text, "[") != strings.Count(tp.Text, "]") {
			t.Errorf("%s: unbalanced [ ]", tp.ID)
		}
	}
	for _, d := range []string{"PT", "OT", "SLP"} {
		if per[d] < 5 {
			t.Errorf("%d %s templates, want at least 5", per[d], d)
		}
	}
}

func TestParseTemplatesErrors(t *testing.T) {
	for name, data := range map[string]string{
		"no source": "a\tPT\tknee\trom\tstairs\tPt will ___\n",
		"columns":   "# source: x\na\tPT\tknee\n",
		"duplicate": "# source: x\na\tPT\tknee\trom\tstairs\tPt will ___\na\tPT\tknee\trom\tstairs\tPt will ___\n",
	} {
		if _, err := parseTemplates("t.tsv", data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestBodyPartAndRegions(t *testing.T) {
	s := mustLoad(t).Templates
	for _, c := range []struct{ text, part, region string }{
		{"R knee flex AROM to 110 deg", "knee", "knee"},
		{"Increase L quad strength to 5/5.", "quad", "knee"},
		{"The patient will demonstrate 3/5 strength of the left ankle.", "ankle", "ankle"},
		{"Decrease LBP to 2/10", "LBP", "spine"},
		{"Pain will be less than 4/10", "", ""},
	} {
		part, region := s.BodyPart(c.text)
		if part != c.part || region != c.region {
			t.Errorf("BodyPart(%q) = %q, %q; want %q, %q", c.text, part, region, c.part, c.region)
		}
	}
	if got := s.Regions("SLS on R x10 s, hip abd strength"); strings.Join(got, ",") != "balance,hip" {
		t.Errorf("Regions = %v", got)
	}
}

func TestFill(t *testing.T) {
	tp := Template{Text: "Pt will ascend/descend ___ stairs w/ ___ rail(s)[ using {side} {part}] to access ___"}
	for _, c := range []struct{ side, part, tf, want string }{
		{"R", "knee", "", "Pt will ascend/descend ___ stairs w/ ___ rail(s) using R knee to access ___"},
		{"", "knee", "", "Pt will ascend/descend ___ stairs w/ ___ rail(s) using knee to access ___"},
		{"L", "", "", "Pt will ascend/descend ___ stairs w/ ___ rail(s) to access ___"},
		{"bilat", "hip", "6 wks", "Pt will ascend/descend ___ stairs w/ ___ rail(s) using bilat hip to access ___ within 6 wks"},
		{"R", "knee", "by 08/01/2025", "Pt will ascend/descend ___ stairs w/ ___ rail(s) using R knee to access ___ by 08/01/2025"},
		{"R", "knee", "In 4 wks", "Pt will ascend/descend ___ stairs w/ ___ rail(s) using R knee to access ___ in 4 wks"},
	} {
		if got := Fill(tp, c.side, c.part, c.tf); got != c.want {
			t.Errorf("Fill(%q, %q, %q)\n got %q\nwant %q", c.side, c.part, c.tf, got, c.want)
		}
	}
}

func ids(ts []Template) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

func hasTag(list []string, tag string) bool {
	for _, x := range list {
		if x == tag {
			return true
		}
	}
	return false
}

func TestRankWithIndex(t *testing.T) {
	s := mustLoad(t).Templates
	if s.Indexed() {
		t.Fatal("index built at load")
	}
	if err := s.Warm(); err != nil {
		t.Fatal(err)
	}
	if !s.Indexed() {
		t.Fatal("Warm did not build the index")
	}
	ctx := context.Background()

	// A knee ROM goal with no stated activities: knee templates, stairs first.
	got := s.Rank(ctx, TemplateQuery{Discipline: "PT", Regions: []string{"knee"}, Impairments: []string{"rom"},
		Activities: s.TypicalActivities("knee")}, 3)
	if len(got) != 3 {
		t.Fatalf("Rank returned %v", ids(got))
	}
	if !hasTag(got[0].Activities, "stairs") {
		t.Errorf("first template for a knee ROM goal = %s, want a stairs template (all: %v)", got[0].ID, ids(got))
	}
	for _, tp := range got {
		if !hasTag(tp.Regions, "knee") {
			t.Errorf("%s is not a knee template (all: %v)", tp.ID, ids(got))
		}
	}

	// The patient's own activity wins among knee templates.
	got = s.Rank(ctx, TemplateQuery{Discipline: "PT", Regions: []string{"knee"}, Impairments: []string{"rom"},
		Activities: []string{"garden", "kneel"}}, 3)
	if got[0].ID != "kneel-rise" {
		t.Errorf("knee goal, patient gardens: got %v, want kneel-rise first", ids(got))
	}

	// SLP: swallowing templates only, never a PT one.
	got = s.Rank(ctx, TemplateQuery{Discipline: "SLP", Regions: []string{"swallowing"}, Impairments: []string{"swallowing"}}, 3)
	if len(got) != 3 || !hasTag(got[0].Regions, "swallowing") || !hasTag(got[1].Regions, "swallowing") {
		t.Errorf("SLP swallowing: %v", ids(got))
	}
	for _, tp := range got {
		if !hasTag(tp.Disciplines, "SLP") {
			t.Errorf("SLP query returned %s (%v)", tp.ID, tp.Disciplines)
		}
	}

	// Shoulder + stated overhead reaching.
	got = s.Rank(ctx, TemplateQuery{Discipline: "OT", Regions: []string{"shoulder"}, Impairments: []string{"rom"},
		Activities: []string{"reaching overhead"}}, 3)
	if got[0].ID != "overhead-reach" {
		t.Errorf("shoulder/overhead: %v", ids(got))
	}
}

func TestRankWithoutIndex(t *testing.T) {
	s := mustLoad(t).Templates
	got := s.Rank(context.Background(), TemplateQuery{Discipline: "PT", Regions: []string{"knee"},
		Impairments: []string{"rom"}, Activities: s.TypicalActivities("knee")}, 3)
	if s.Indexed() {
		t.Error("Rank built the index; only Warm may")
	}
	if len(got) != 3 || !hasTag(got[0].Regions, "knee") || !hasTag(got[0].Activities, "stairs") {
		t.Errorf("tag ranking for a knee ROM goal: %v", ids(got))
	}
	// Always n templates when the set has them, even for an empty query.
	if got := s.Rank(context.Background(), TemplateQuery{}, 3); len(got) != 3 {
		t.Errorf("empty query: %v", ids(got))
	}
}

func TestWithTemplatesGetsOwnIndex(t *testing.T) {
	l := mustLoad(t)
	if err := l.Templates.Warm(); err != nil {
		t.Fatal(err)
	}
	l2 := l.With(Extra{Templates: []Template{{ID: "x-custom", Disciplines: []string{"PT"}, Regions: []string{"knee"},
		Impairments: []string{"rom"}, Activities: []string{"bicycling"}, Text: "Pt will ride a bicycle ___ miles"}}})
	if l2.Templates.Indexed() {
		t.Fatal("extended set shares the old index")
	}
	if err := l2.Templates.Warm(); err != nil {
		t.Fatal(err)
	}
	got := l2.Templates.Rank(context.Background(), TemplateQuery{Regions: []string{"knee"}, Activities: []string{"bicycling"}}, 3)
	if got[0].ID != "x-custom" {
		t.Errorf("custom template not ranked first: %v", ids(got))
	}
}

func BenchmarkWarm(b *testing.B) {
	for i := 0; i < b.N; i++ {
		l, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		if err := l.Templates.Warm(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRank(b *testing.B) {
	s := Default().Templates
	if err := s.Warm(); err != nil {
		b.Fatal(err)
	}
	q := TemplateQuery{Discipline: "PT", Regions: []string{"knee"}, Impairments: []string{"rom"}, Activities: []string{"stairs", "garden"}}
	for i := 0; i < b.N; i++ {
		s.Rank(context.Background(), q, 3)
	}
}
