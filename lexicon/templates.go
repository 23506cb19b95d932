package lexicon

import (
	"bufio"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Template is a functional-goal template with placeholders: "___" for the therapist
// to fill in, {side} and {part} carried over from the goal it replaces, and
// [bracketed] segments dropped when {part} is unknown (see Fill).
type Template struct {
	ID          string
	Disciplines []string // PT, OT, SLP
	Regions     []string // body regions: knee, hip, shoulder, hand, spine, swallowing …
	Impairments []string // impairments the template turns into function: rom, strength, pain …
	Activities  []string // activity tags: stairs, walking, transfers, dressing, work …
	Text        string
}

// TemplateSet holds the functional-goal templates, the body-region vocabulary used
// to tag goals, and (built lazily, see index) a bleve index that ranks templates.
type TemplateSet struct {
	list     []Template
	regions  *textmatch.Matcher  // body-part words
	regionOf map[string]string   // body-part word (as listed) → region
	typical  map[string][]string // region → activities it typically limits
	codes    []codeRegion        // ICD-10-CM prefix → region, longest prefix first

	// The bleve index is built by Warm, never at load (it costs ~6–15 ms, a third
	// of the cold-start budget). See Rank.
	once  sync.Once
	ready atomic.Bool // index built successfully
	index *templateIndex
	err   error

	ranks       rankCache // Rank results by query
	suggestions rankCache // Suggest results by query and fill values
	normOnce    sync.Once
	norm        [][]string // normalised activity tags per template (RankByTags)
}

// TypicalActivities returns the activities an impairment of region typically
// limits (knee: stairs, sit to stand …), for ranking templates when a note names
// none of the patient's own activities.
func (s *TemplateSet) TypicalActivities(region string) []string { return s.typical[region] }

// List returns the templates in file order. The slice must not be modified.
func (s *TemplateSet) List() []Template { return s.list }

// Lookup returns the template with the given ID.
func (s *TemplateSet) Lookup(id string) (Template, bool) {
	for _, t := range s.list {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

// Regions returns the body regions named in text, in order of first mention,
// each once ("R knee flex AROM" → ["knee"]).
func (s *TemplateSet) Regions(text string) []string {
	if s.regions == nil {
		return nil
	}
	var out []string
	for _, m := range s.regions.Find(text) {
		if r := s.regionOf[m.Term]; !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// BodyPart returns the first word in text that names a body part, as written
// ("knee", "shoulder", "quad"), and its region; "" when there is none.
func (s *TemplateSet) BodyPart(text string) (part, region string) {
	if s.regions == nil {
		return "", ""
	}
	for _, m := range s.regions.Find(text) {
		if r := s.regionOf[m.Term]; bodyPartRegions[r] {
			return text[m.Start:m.End], r
		}
	}
	return "", ""
}

// bodyPartRegions are the regions named by a body part (the others — balance,
// gait, swallowing, cognition … — by a function or a test).
var bodyPartRegions = map[string]bool{
	"knee": true, "hip": true, "ankle": true, "foot": true, "shoulder": true,
	"elbow": true, "wrist": true, "hand": true, "spine": true, "neck": true,
}

func (s *TemplateSet) with(extra []Template) *TemplateSet {
	return &TemplateSet{
		list:     append(append([]Template(nil), s.list...), extra...),
		regions:  s.regions,
		regionOf: s.regionOf,
		typical:  s.typical,
		codes:    s.codes,
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func loadTemplates(fsys fs.FS) (*TemplateSet, error) {
	const tplFile, regionFile, codeFile = "data/goal_templates.tsv", "data/goal_regions.tsv", "data/goal_icd10_regions.tsv"
	data, err := fs.ReadFile(fsys, tplFile)
	if err != nil {
		return nil, err
	}
	list, err := parseTemplates(tplFile, string(data))
	if err != nil {
		return nil, err
	}
	data, err = fs.ReadFile(fsys, regionFile)
	if err != nil {
		return nil, err
	}
	regionOf, typical, err := parseRegions(regionFile, string(data))
	if err != nil {
		return nil, err
	}
	data, err = fs.ReadFile(fsys, codeFile)
	if err != nil {
		return nil, err
	}
	codes, err := parseCodeRegions(codeFile, string(data), typical)
	if err != nil {
		return nil, err
	}
	words := make([]string, 0, len(regionOf))
	for w := range regionOf {
		words = append(words, w)
	}
	return &TemplateSet{list: list, regions: textmatch.New(words), regionOf: regionOf, typical: typical, codes: codes}, nil
}

// eachRow calls f with the tab-separated fields of each data line of a table that
// must name its source in a "# source:" comment.
func eachRow(name, data string, f func(line int, fields []string) error) error {
	sourced := false
	sc := bufio.NewScanner(strings.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "#") {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(trim[1:])), "source:") {
				sourced = true
			}
			continue
		}
		if trim == "" {
			continue
		}
		if err := f(n, strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %v", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if !sourced {
		return fmt.Errorf("%s: no \"# source:\" line", name)
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func parseTemplates(name, data string) ([]Template, error) {
	var list []Template
	seen := map[string]bool{}
	err := eachRow(name, data, func(_ int, f []string) error {
		if len(f) != 6 {
			return fmt.Errorf("want 6 tab-separated columns, got %d", len(f))
		}
		t := Template{
			ID:          strings.TrimSpace(f[0]),
			Disciplines: splitList(f[1]),
			Regions:     splitList(f[2]),
			Impairments: splitList(f[3]),
			Activities:  splitList(f[4]),
			Text:        strings.TrimSpace(f[5]),
		}
		if t.ID == "" || t.Text == "" || len(t.Disciplines) == 0 {
			return fmt.Errorf("template needs an id, a discipline and a text")
		}
		if seen[t.ID] {
			return fmt.Errorf("duplicate template id %q", t.ID)
		}
		seen[t.ID] = true
		list = append(list, t)
		return nil
	})
	return list, err
}

func parseRegions(name, data string) (map[string]string, map[string][]string, error) {
	regionOf := map[string]string{}
	typical := map[string][]string{}
	err := eachRow(name, data, func(_ int, f []string) error {
		if len(f) != 3 {
			return fmt.Errorf("want 3 tab-separated columns, got %d", len(f))
		}
		region := strings.TrimSpace(f[0])
		typical[region] = splitList(f[2])
		for _, w := range splitList(f[1]) {
			if r, dup := regionOf[w]; dup {
				return fmt.Errorf("%q listed under both %s and %s", w, r, region)
			}
			regionOf[w] = region
		}
		return nil
	})
	return regionOf, typical, err
}

// Fill instantiates t for a goal: {side} and {part} become the goal's side ("R",
// "L", "bilat") and body part ("knee"); a [bracketed] segment is kept only when part
// is known. A non-empty timeframe ("6 wks", "by 08/01/2025", "within 3 wks") is
// appended as " within 6 wks" / " by 08/01/2025"; pass "" when the goal's label
// already carries it.
func Fill(t Template, side, part, timeframe string) string {
	text := t.Text
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '[')
		if i < 0 {
			b.WriteString(text)
			break
		}
		j := strings.IndexByte(text[i:], ']')
		if j < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		if part != "" {
			b.WriteString(text[i+1 : i+j])
		}
		text = text[i+j+1:]
	}
	out := strings.NewReplacer("{side}", side, "{part}", part).Replace(b.String())
	out = strings.Join(strings.Fields(out), " ")
	out = strings.ReplaceAll(out, "( ", "(")
	if tf := strings.TrimSpace(timeframe); tf != "" {
		low := strings.ToLower(tf)
		switch {
		case strings.HasPrefix(low, "by "), strings.HasPrefix(low, "within "), strings.HasPrefix(low, "in "):
			// "In 4 wks" led the old goal; it now ends the new one.
			i := strings.IndexByte(tf, ' ')
			tf = low[:i] + tf[i:]
		default:
			tf = "within " + tf
		}
		out += " " + tf
	}
	return out
}
