package lexicon

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TemplateQuery describes the goal a functional template should replace.
type TemplateQuery struct {
	Discipline  string   // PT, OT, SLP; "" for any
	Regions     []string // body regions of the goal ("knee")
	Impairments []string // impairment kinds of the goal ("rom", "strength", "pain")
	// Activities are the patient's stated activities and participation goals, as
	// words or phrases from the note ("stairs", "garden", "return to work").
	Activities []string
}

// Field boosts: the body region decides most, the patient's own activities next,
// then the impairment being converted, then the discipline.
const (
	boostRegion     = 4
	boostActivity   = 3
	boostImpairment = 2
	boostDiscipline = 1.5
	boostText       = 0.5
)

// activityWeight discounts later activities of a query: the first one a patient
// names (or the most typical one for a region) counts most.
func activityWeight(i int) float64 { return 1 / (1 + float64(i)) }

// templateIndex is an in-memory bleve index over the templates.
type templateIndex struct {
	idx  bleve.Index
	byID map[string]Template
}

// templateDoc is what is indexed per template.
type templateDoc struct {
	Text        string   `json:"text"`
	Regions     []string `json:"regions"`
	Impairments []string `json:"impairments"`
	Activities  string   `json:"activities"`
	Disciplines []string `json:"disciplines"`
}

func buildTemplateIndex(list []Template) (*templateIndex, error) {
	// Index only what ranking needs: no stored values, term vectors, doc values or
	// _all field (they triple the build time and nothing reads them).
	field := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw, txt := field(keyword.Name), field(en.AnalyzerName)
	doc := bleve.NewDocumentMapping()
	doc.AddFieldMappingsAt("text", txt)
	doc.AddFieldMappingsAt("activities", txt)
	doc.AddFieldMappingsAt("regions", kw)
	doc.AddFieldMappingsAt("impairments", kw)
	doc.AddFieldMappingsAt("disciplines", kw)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, err
	}
	b := idx.NewBatch()
	byID := make(map[string]Template, len(list))
	for _, t := range list {
		byID[t.ID] = t
		d := templateDoc{
			Text:        t.Text,
			Regions:     t.Regions,
			Impairments: t.Impairments,
			Activities:  strings.Join(t.Activities, " "),
			Disciplines: upper(t.Disciplines),
		}
		if err := b.Index(t.ID, d); err != nil {
			return nil, err
		}
	}
	if err := idx.Batch(b); err != nil {
		return nil, err
	}
	return &templateIndex{idx: idx, byID: byID}, nil
}

func upper(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToUpper(s)
	}
	return out
}

func (ti *templateIndex) search(ctx context.Context, q TemplateQuery, n int) ([]Template, error) {
	var should []query.Query
	addTerm := func(field, term string, boost float64) {
		tq := bleve.NewTermQuery(term)
		tq.SetField(field)
		tq.SetBoost(boost)
		should = append(should, tq)
	}
	addMatch := func(field, text string, boost float64) {
		mq := bleve.NewMatchQuery(text)
		mq.SetField(field)
		mq.SetBoost(boost)
		should = append(should, mq)
	}
	for _, r := range q.Regions {
		addTerm("regions", strings.ToLower(r), boostRegion)
	}
	for _, i := range q.Impairments {
		addTerm("impairments", strings.ToLower(i), boostImpairment)
	}
	for i, a := range q.Activities {
		if strings.TrimSpace(a) == "" {
			continue
		}
		w := activityWeight(i)
		addMatch("activities", a, boostActivity*w)
		addMatch("text", a, boostText*w)
	}
	if q.Discipline != "" {
		addTerm("disciplines", strings.ToUpper(q.Discipline), boostDiscipline)
	}
	if len(should) == 0 {
		return nil, nil
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(should...)
	bq.SetMinShould(1)
	req := bleve.NewSearchRequestOptions(bq, n, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := ti.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make([]Template, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, ti.byID[h.ID])
	}
	return out, nil
}

// Warm builds the bleve template index once; later calls return at once. The LSP
// server calls it in the background at startup, and the CLI when it will print
// fixes (JSON and SARIF output), so that Rank ranks with bleve.
func (s *TemplateSet) Warm() error {
	s.once.Do(func() {
		s.index, s.err = buildTemplateIndex(s.list)
		s.ready.Store(s.err == nil)
	})
	return s.err
}

// Indexed reports whether Warm has built the bleve index.
func (s *TemplateSet) Indexed() bool { return s.ready.Load() }

// Rank returns up to n templates ranked for q, best first (results are cached per
// query; the returned slice must not be modified). Templates of another
// discipline are never returned when q names one.
//
// Rank never builds the index itself: building costs ~6–15 ms, too much for the
// 50 ms cold-start budget of a one-note `soaplint lint` whose text output shows no
// fixes. Once Warm has run, Rank ranks with the bleve index (BM25 over the template
// text and activity tags, keyword match on region, impairment and discipline);
// before that, and to fill up when the index ranks fewer than n, it uses
// RankByTags (the same field weights over exact tag overlaps). Both put the
// goal's region and the patient's activities first.
func (s *TemplateSet) Rank(ctx context.Context, q TemplateQuery, n int) []Template {
	if n <= 0 {
		return nil
	}
	indexed := s.ready.Load()
	key := rankKey(q, n, indexed)
	if r, ok := s.ranks.get(key); ok {
		return r.([]Template)
	}
	ranked := s.rank(ctx, q, n, indexed)
	if ctx.Err() == nil {
		s.ranks.put(key, ranked)
	}
	return ranked
}

func (s *TemplateSet) rank(ctx context.Context, q TemplateQuery, n int, indexed bool) []Template {
	var ranked []Template
	if indexed {
		// Ask for extra hits: other disciplines' templates are filtered out below.
		if hits, err := s.index.search(ctx, q, n+len(s.list)); err == nil {
			for _, t := range hits {
				if len(ranked) < n && fitsDiscipline(t, q.Discipline) {
					ranked = append(ranked, t)
				}
			}
		}
	}
	if len(ranked) < n {
		for _, t := range s.RankByTags(q, len(s.list)) {
			if len(ranked) == n {
				break
			}
			if !containsTemplate(ranked, t.ID) {
				ranked = append(ranked, t)
			}
		}
	}
	return ranked
}

// RankByTags is a cheap ranking without the index: the same field weights applied
// to exact tag overlaps, ties broken by file order. It is the fallback of Rank.
func (s *TemplateSet) RankByTags(q TemplateQuery, n int) []Template {
	acts := make([]string, 0, len(q.Activities))
	for _, a := range q.Activities {
		acts = append(acts, normActivity(a))
	}
	// actScore is the weight of the first query activity that contains the tag's
	// words or is contained in them ("stairs" ~ "stair climbing").
	actScore := func(nt string) float64 {
		for i, a := range acts {
			if a != "  " && (strings.Contains(a, nt) || strings.Contains(nt, a)) {
				return activityWeight(i)
			}
		}
		return 0
	}
	type scored struct {
		score float64
		pos   int
	}
	all := make([]scored, 0, len(s.list))
	for i, t := range s.list {
		if !fitsDiscipline(t, q.Discipline) {
			continue
		}
		sc := 0.0
		for _, r := range q.Regions {
			if containsFold(t.Regions, r) {
				sc += boostRegion
			}
		}
		for _, im := range q.Impairments {
			if containsFold(t.Impairments, im) {
				sc += boostImpairment
			}
		}
		for _, nt := range s.normActs(i) {
			sc += boostActivity * actScore(nt)
		}
		all = append(all, scored{sc, i})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	out := make([]Template, 0, min(n, len(all)))
	for _, x := range all {
		if len(out) == n {
			break
		}
		out = append(out, s.list[x.pos])
	}
	return out
}

// normActivity lower-cases an activity and strips "-ing" and plural "-s" from each
// word, padded with spaces so Contains matches whole words.
func normActivity(a string) string {
	ws := strings.Fields(strings.ToLower(a))
	for i, w := range ws {
		ws[i] = strings.TrimSuffix(strings.TrimSuffix(w, "ing"), "s")
	}
	return " " + strings.Join(ws, " ") + " "
}

// normActs returns the normalised activity tags of template i, computed once.
func (s *TemplateSet) normActs(i int) []string {
	s.normOnce.Do(func() {
		s.norm = make([][]string, len(s.list))
		for k, t := range s.list {
			for _, a := range t.Activities {
				s.norm[k] = append(s.norm[k], normActivity(a))
			}
		}
	})
	return s.norm[i]
}

// Suggestion is a template filled in for one goal.
type Suggestion struct {
	ID   string // template ID
	Text string // the filled-in goal text
}

// Suggest ranks templates for q like Rank and fills the best n with the goal's
// side, body part and timeframe (see Fill). Results are cached per query and fill
// values, so a goal copied forward through a patient's notes is filled once.
func (s *TemplateSet) Suggest(ctx context.Context, q TemplateQuery, n int, side, part, timeframe string) []Suggestion {
	key := rankKey(q, n, s.ready.Load()) + side + "|" + part + "|" + timeframe
	if r, ok := s.suggestions.get(key); ok {
		return r.([]Suggestion)
	}
	var out []Suggestion
	for _, t := range s.Rank(ctx, q, n) {
		out = append(out, Suggestion{ID: t.ID, Text: Fill(t, side, part, timeframe)})
	}
	if ctx.Err() == nil {
		s.suggestions.put(key, out)
	}
	return out
}

// rankKey identifies a ranking request: goals are copied forward from visit to
// visit, so the same query recurs across a patient's notes.
func rankKey(q TemplateQuery, n int, indexed bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%t|%s|", n, indexed, q.Discipline)
	for _, l := range [][]string{q.Regions, q.Impairments, q.Activities} {
		b.WriteString(strings.Join(l, ","))
		b.WriteByte('|')
	}
	return b.String()
}

// rankCache is a bounded FIFO map from a request key to its result (ranked
// templates or suggestions). Results are shared and must not be modified.
type rankCache struct {
	mu    sync.Mutex
	m     map[string]any
	order []string
	next  int
}

const rankCacheSize = 1024

func (c *rankCache) get(k string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[k]
	return r, ok
}

func (c *rankCache) put(k string, r any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]any)
	}
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) < rankCacheSize {
		c.order = append(c.order, k)
	} else {
		delete(c.m, c.order[c.next])
		c.order[c.next] = k
		c.next = (c.next + 1) % rankCacheSize
	}
	c.m[k] = r
}

func fitsDiscipline(t Template, d string) bool {
	return d == "" || len(t.Disciplines) == 0 || containsFold(t.Disciplines, d)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func containsTemplate(list []Template, id string) bool {
	for _, t := range list {
		if t.ID == id {
			return true
		}
	}
	return false
}

// codeRegion maps an ICD-10-CM code prefix (dots removed) to a body region.
type codeRegion struct {
	prefix, region string
}

// parseCodeRegions reads goal_icd10_regions.tsv; every region must be one of
// goal_regions.tsv's.
func parseCodeRegions(name, data string, known map[string][]string) ([]codeRegion, error) {
	var out []codeRegion
	err := eachRow(name, data, func(_ int, f []string) error {
		if len(f) != 3 {
			return fmt.Errorf("want 3 tab-separated columns, got %d", len(f))
		}
		prefix, region := normCode(f[0]), strings.TrimSpace(f[1])
		if prefix == "" {
			return fmt.Errorf("empty code prefix")
		}
		if _, ok := known[region]; !ok {
			return fmt.Errorf("unknown region %q", region)
		}
		out = append(out, codeRegion{prefix, region})
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].prefix) > len(out[j].prefix) })
	return out, err
}

func normCode(code string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), ".", ""))
}

// CodeRegion returns the body region of an ICD-10-CM diagnosis code ("M17.11"
// → "knee") by its longest listed prefix; "" when no prefix is listed.
func (s *TemplateSet) CodeRegion(code string) string {
	c := normCode(code)
	for _, cr := range s.codes {
		if strings.HasPrefix(c, cr.prefix) {
			return cr.region
		}
	}
	return ""
}

// NoteRegion decides the one body region a note is about, for a goal that
// names none: each diagnosis code's region scores 3, each section text
// (Subjective, Objective) that names a body part scores 1 for its region. Only
// body parts count in free text: the words of the other regions ("balance",
// "memory", "problem", "oral") are too common in a note to decide it. The best
// region wins if it scores at least 2 (a diagnosis, or both sections) and beats
// every other; otherwise the note has no clear region and "" is returned, so a
// goal keeps the generic templates rather than another body part's.
func (s *TemplateSet) NoteRegion(codes []string, sections ...string) string {
	score := map[string]int{}
	seenCode := map[string]bool{}
	for _, c := range codes {
		if r := s.CodeRegion(c); r != "" && !seenCode[normCode(c)] {
			seenCode[normCode(c)] = true
			score[r] += 3
		}
	}
	for _, text := range sections {
		for _, r := range s.Regions(text) {
			if bodyPartRegions[r] {
				score[r]++
			}
		}
	}
	best, bestScore, tie := "", 0, false
	for r, n := range score {
		switch {
		case n > bestScore:
			best, bestScore, tie = r, n, false
		case n == bestScore:
			tie = true
		}
	}
	if bestScore < 2 || tie {
		return ""
	}
	return best
}
