package search

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// fieldName maps a query's field name (or alias) to the indexed field.
func fieldName(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "rule":
		return fRule, true
	case "severity", "sev":
		return fSeverity, true
	case "code", "cpt":
		return fCode, true
	case "modifier", "mod":
		return fModifier, true
	case "provider", "signer":
		return fProvider, true
	case "discipline":
		return fDiscipline, true
	case "payer":
		return fPayer, true
	case "profile":
		return fProfile, true
	case "date", "dos":
		return fDate, true
	case "path", "file":
		return fPath, true
	case "id":
		return fID, true
	case "text":
		return fText, true
	case "message":
		return fMessage, true
	}
	return "", false
}

// Clause is one term of a query.
type Clause struct {
	Field  string // canonical field name; "" for free text
	Value  string
	Op     string // date: "", ">=", ">", "<=", "<", ".."; others: ""
	Value2 string // upper bound of a ".." range
	Phrase bool   // value was quoted
	Not    bool   // prefixed with '-' or NOT
	// Group numbers the query's conjuncts: clauses joined by OR share one, and
	// one of them must hold; every group must hold.
	Group int
}

// Query is a parsed search. Every group of clauses must hold (AND); within a
// group (joined by OR) one clause must; '-' or NOT negates a clause.
type Query struct {
	Clauses []Clause
}

// ParseQuery reads the search syntax:
//
//	rule:goal/impairment-based provider:"J. Doe" date:>=2024-01-01 stairs
//
// field:value and field:"quoted value" match a field (keyword fields exactly and
// case-insensitively, value* by prefix); date takes YYYY-MM-DD, YYYY-MM or YYYY,
// with >=, >, <=, < or a range a..b; bare words and "quoted phrases" search the
// note text and the finding messages; -clause excludes.
//
// Lucene's operators work as Lucene users type them (upper case only; "and",
// "or" and "not" are words): terms are ANDed, so AND (&&) may be written or
// left out; NOT (!) excludes the next term like '-'; a OR b (||) needs one of
// the two, and binds tighter than AND: "provider:doe rule:a OR rule:b" is doe
// and either rule. Parentheses are not supported, so a query that writes both
// AND and OR is refused as ambiguous, with a message saying how to write it.
func ParseQuery(s string) (*Query, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	q := &Query{}
	var sawAnd, sawOr, or, not bool
	group := 0
	for i, tok := range toks {
		switch tok {
		case "AND", "&&":
			if len(q.Clauses) == 0 || i == len(toks)-1 || or || not {
				return nil, fmt.Errorf("%s needs a search term on each side (terms are ANDed anyway: %q is the same as %q)", tok, "a AND b", "a b")
			}
			sawAnd = true
			continue
		case "OR", "||":
			if len(q.Clauses) == 0 || i == len(toks)-1 || or || not {
				return nil, fmt.Errorf("%s needs a search term on each side, e.g. %q", tok, "rule:goal/impairment-based OR rule:goal/not-measurable")
			}
			if q.Clauses[len(q.Clauses)-1].Not {
				return nil, fmt.Errorf("a negated term cannot be one side of %s: write the alternatives with OR and exclude with -term (or NOT term) on its own", tok)
			}
			or, sawOr = true, true
			continue
		case "NOT", "!":
			if i == len(toks)-1 || not {
				return nil, fmt.Errorf("%s needs a search term after it, e.g. %q", tok, "NOT rule:goal/no-timeframe")
			}
			if or {
				return nil, fmt.Errorf("a negated term cannot be one side of OR: write the alternatives with OR and exclude with -term (or NOT term) on its own")
			}
			not = true
			continue
		}
		if sawAnd && sawOr {
			return nil, fmt.Errorf("AND and OR in one query are ambiguous without parentheses, which search does not support: terms are ANDed by default, so write %q for a and (b or c)", "a b OR c")
		}
		var c Clause
		c.Not, not = not, false
		if strings.HasPrefix(tok, "-") && len(tok) > 1 {
			c.Not, tok = true, tok[1:]
		} else if strings.HasPrefix(tok, "+") && len(tok) > 1 {
			tok = tok[1:]
		} else if strings.HasPrefix(tok, "!") && len(tok) > 1 {
			c.Not, tok = true, tok[1:]
		}
		if or {
			if c.Not {
				return nil, fmt.Errorf("a negated term cannot be one side of OR: write the alternatives with OR and exclude with -term (or NOT term) on its own")
			}
			c.Group = q.Clauses[len(q.Clauses)-1].Group
			or = false
		} else {
			group++
			c.Group = group
		}
		if name, val, ok := strings.Cut(tok, ":"); ok && isFieldName(name) {
			f, known := fieldName(name)
			if !known {
				return nil, fmt.Errorf("unknown field %q in query (fields: rule, severity, code, modifier, provider, discipline, payer, profile, date, path, id, text, message)", name)
			}
			c.Field = f
			tok = val
		}
		if c.Field == fDate {
			if err := parseDate(&c, tok); err != nil {
				return nil, err
			}
		} else {
			c.Value, c.Phrase = unquote(tok)
		}
		if c.Value == "" && c.Op == "" {
			return nil, fmt.Errorf("empty value in query term %q", tok)
		}
		q.Clauses = append(q.Clauses, c)
	}
	if len(q.Clauses) == 0 {
		return nil, fmt.Errorf("empty query")
	}
	return q, nil
}

func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

// tokenize splits on white space outside double quotes.
func tokenize(s string) ([]string, error) {
	var toks []string
	var b strings.Builder
	inQuote := false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
			b.WriteRune(r)
		case !inQuote && (r == ' ' || r == '\t' || r == '\n' || r == '\r'):
			if b.Len() > 0 {
				toks = append(toks, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if inQuote {
		return nil, fmt.Errorf("unbalanced quote in query")
	}
	if b.Len() > 0 {
		toks = append(toks, b.String())
	}
	return toks, nil
}

func unquote(s string) (string, bool) {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1], true
	}
	return strings.ReplaceAll(s, `"`, ""), false
}

func parseDate(c *Clause, tok string) error {
	for _, op := range []string{">=", "<=", ">", "<", "="} {
		if strings.HasPrefix(tok, op) {
			c.Op, tok = op, tok[len(op):]
			break
		}
	}
	if c.Op == "=" {
		c.Op = ""
	}
	if a, b, ok := strings.Cut(tok, ".."); ok && c.Op == "" {
		c.Op = ".."
		c.Value, _ = unquote(a)
		c.Value2, _ = unquote(b)
		if _, _, err := dateSpan(c.Value); err != nil {
			return err
		}
		_, _, err := dateSpan(c.Value2)
		return err
	}
	c.Value, _ = unquote(tok)
	_, _, err := dateSpan(c.Value)
	return err
}

// dateSpan reads YYYY-MM-DD, YYYY-MM or YYYY (also MM/DD/YYYY) as a half-open span.
func dateSpan(s string) (time.Time, time.Time, error) {
	for _, l := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"01/02/2006", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if t, err := time.Parse(l.layout, s); err == nil {
			return t, l.next(t), nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY, optionally after >=, >, <=, < or as FROM..TO", s)
}

// groups returns q's clauses by group, in order.
func (q *Query) groups() [][]Clause {
	var out [][]Clause
	for _, c := range q.Clauses {
		if n := len(out); n > 0 && out[n-1][0].Group == c.Group {
			out[n-1] = append(out[n-1], c)
		} else {
			out = append(out, []Clause{c})
		}
	}
	return out
}

// bleveQuery converts q.
func (q *Query) bleveQuery() query.Query {
	b := bleve.NewBooleanQuery()
	hasMust := false
	for _, g := range q.groups() {
		if len(g) > 1 { // alternatives: never negated (ParseQuery refuses it)
			var qs []query.Query
			for _, c := range g {
				qs = append(qs, c.bleveQuery())
			}
			b.AddMust(bleve.NewDisjunctionQuery(qs...))
			hasMust = true
			continue
		}
		c := g[0]
		qq := c.bleveQuery()
		if c.Not {
			b.AddMustNot(qq)
		} else {
			b.AddMust(qq)
			hasMust = true
		}
	}
	if !hasMust {
		b.AddMust(bleve.NewMatchAllQuery())
	}
	return b
}

func (c Clause) bleveQuery() query.Query {
	switch c.Field {
	case fDate:
		t := true
		f := false
		var lo, hi time.Time
		loIn, hiIn := &t, &f
		a, b, _ := dateSpan(c.Value)
		switch c.Op {
		case "":
			lo, hi = a, b
		case ">=":
			lo = a
		case ">":
			lo = b
		case "<":
			hi = a
		case "<=":
			hi = b
		case "..":
			_, b2, _ := dateSpan(c.Value2)
			lo, hi = a, b2
		}
		dq := bleve.NewDateRangeInclusiveQuery(lo, hi, loIn, hiIn)
		dq.SetField(fDate)
		return dq
	case "", fText, fMessage:
		fields := []string{fText, fMessage}
		if c.Field != "" {
			fields = []string{c.Field}
		}
		var qs []query.Query
		for _, f := range fields {
			if c.Phrase {
				m := bleve.NewMatchPhraseQuery(c.Value)
				m.SetField(f)
				qs = append(qs, m)
			} else {
				m := bleve.NewMatchQuery(c.Value)
				m.SetField(f)
				m.SetOperator(query.MatchQueryOperatorAnd)
				qs = append(qs, m)
			}
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	v := strings.ToLower(c.Value)
	var exact query.Query
	if c.Field == fPath && !strings.HasPrefix(v, "/") {
		// Paths are stored absolute; a relative one matches as a suffix
		// (path:n003.txt, path:notes/*).
		wq := bleve.NewWildcardQuery("*" + v)
		wq.SetField(fPath)
		exact = wq
	} else if p, ok := strings.CutSuffix(v, "*"); ok && !c.Phrase {
		pq := bleve.NewPrefixQuery(p)
		pq.SetField(c.Field)
		exact = pq
	} else {
		tq := bleve.NewTermQuery(v)
		tq.SetField(c.Field)
		exact = tq
	}
	// Names also match by words: provider:doe, payer:medicare.
	var textField string
	switch c.Field {
	case fProvider:
		textField = fProviderText
	case fPayer:
		textField = fPayerText
	case fPath:
		textField = fPathText
	}
	if textField == "" || strings.HasSuffix(v, "*") {
		return exact
	}
	words := bleve.NewMatchPhraseQuery(c.Value)
	words.SetField(textField)
	return bleve.NewDisjunctionQuery(exact, words)
}

// findingLevel reports whether a clause constrains individual findings.
func (c Clause) findingLevel() bool { return c.Field == fRule || c.Field == fSeverity }

func (c Clause) matchFinding(f Finding) bool {
	var v string
	switch c.Field {
	case fRule:
		v = f.Rule
	case fSeverity:
		v = f.Severity
	}
	want := strings.ToLower(c.Value)
	if p, ok := strings.CutSuffix(want, "*"); ok && !c.Phrase {
		return strings.HasPrefix(strings.ToLower(v), p)
	}
	return strings.ToLower(v) == want
}

// Hit is one matching note, as the index stored it, with only its matching
// findings and the query's score.
type Hit struct {
	record
	Score float64 `json:"score"`
}

// Results of a search.
type Results struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	Hits  []Hit  `json:"notes"`
}

// maxCandidates bounds the notes fetched before finding-level filtering.
const maxCandidates = 100000

// Search runs q and returns up to limit notes, best match first (then newest).
// A note matches when all clauses hold for it; its listed findings are those that
// satisfy every rule: and severity: clause (so rule:X severity:error needs one
// finding that is both; of rule:X OR rule:Y, one), or all its findings when the
// query names neither. An OR group that mixes finding clauses with note clauses
// (rule:X OR stairs) does not filter findings.
func (x *Index) Search(ctx context.Context, q *Query, limit int) (*Results, error) {
	req := bleve.NewSearchRequestOptions(q.bleveQuery(), maxCandidates, 0, false)
	req.Fields = []string{fRecord}
	req.SortBy([]string{"-_score", "-" + fDate, "_id"})
	sr, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("%s: search: %v", x.dir, err)
	}
	var pos [][]Clause // finding-level groups: one clause of each must match a finding
	var neg []Clause
	for _, g := range q.groups() {
		if slices.ContainsFunc(g, func(c Clause) bool { return !c.findingLevel() }) {
			continue
		}
		if len(g) == 1 && g[0].Not {
			neg = append(neg, g[0])
		} else {
			pos = append(pos, g)
		}
	}
	anyMatch := func(g []Clause, f Finding) bool {
		return slices.ContainsFunc(g, func(c Clause) bool { return c.matchFinding(f) })
	}
	res := &Results{Hits: []Hit{}}
	for _, h := range sr.Hits {
		raw, _ := h.Fields[fRecord].(string)
		var rec record
		if err := json.Unmarshal([]byte(raw), &rec); err != nil {
			return nil, fmt.Errorf("%s: stored record for %s is damaged; re-index", x.dir, h.ID)
		}
		var fs []Finding
		for _, f := range rec.Findings {
			ok := !slices.ContainsFunc(pos, func(g []Clause) bool { return !anyMatch(g, f) }) &&
				!slices.ContainsFunc(neg, func(c Clause) bool { return c.matchFinding(f) })
			if ok {
				fs = append(fs, f)
			}
		}
		if len(pos) > 0 && len(fs) == 0 {
			continue // the clauses held for different findings
		}
		res.Total++
		if limit > 0 && len(res.Hits) >= limit {
			continue
		}
		if fs == nil {
			fs = []Finding{}
		}
		rec.Findings = fs
		res.Hits = append(res.Hits, Hit{record: rec, Score: h.Score})
	}
	return res, nil
}
