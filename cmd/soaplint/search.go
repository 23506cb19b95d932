package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/soaplint/soaplint/cmd/soaplint/internal/search"
)

const searchUsage = `usage: soaplint search [flags] --db DIR QUERY...

Searches an index built by soaplint index. Every term must match:

  rule:goal/impairment-based      a finding of this rule (rule:goal/* by prefix)
  severity:error                  a finding of this severity
  code:97530  modifier:GP         billed codes and modifiers
  provider:"J. Doe"  provider:doe the signer (whole name, or words of it)
  discipline:OT  payer:medicare  profile:commercial
  date:2024-03-05  date:2024-03  date:>=2024-01-01  date:2024-01-01..2024-03-31
  path:n003.txt  path:notes/*  id:visit-17   file (relative: matches its end), JSONL id
  stairs  "car transfer"          words or phrases in the note or a finding message
  -rule:goal/no-timeframe         exclude (also NOT rule:goal/no-timeframe)
  rule:a OR rule:b                either (OR binds tighter than AND)

Terms are ANDed; AND may be written (Lucene style, upper case) but need not be.
Parentheses are not supported, so AND and OR together are refused.
rule: and severity: select findings: a note is listed with the findings that
satisfy all of them.

flags:
`

func runSearch(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("search", searchUsage, e.Stderr)
	db := fs.String("db", "", "index directory (required)")
	formatFlag := fs.String("format", "text", "output format: text or json")
	limit := fs.Int("limit", 50, "notes listed at most (0 for all)")
	terms, err := parseInterleaved(fs, args)
	if err != nil {
		return usageError("search", err, e)
	}
	if err := oneOf("format", *formatFlag, "text", "json"); err != nil {
		return usageError("search", err, e)
	}
	if *db == "" {
		return usageError("search", errors.New("--db DIR is required"), e)
	}
	qs := strings.Join(terms, " ")
	q, err := search.ParseQuery(qs)
	if err != nil {
		return usageError("search", err, e)
	}
	x, err := search.Open(*db, false)
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint search: %v\n", err)
		return 2
	}
	defer x.Close()
	res, err := x.Search(ctx, q, *limit)
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint search: %v\n", err)
		return 2
	}
	res.Query = qs
	w := bufio.NewWriter(e.Stdout)
	if *formatFlag == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	} else {
		err = writeSearchText(w, res)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint search: %v\n", err)
		return 2
	}
	if res.Total == 0 {
		return 1
	}
	return 0
}

// writeSearchText lists each note (name, date, provider) and under it its
// matching findings as name:line:col: severity rule: message.
func writeSearchText(w *bufio.Writer, res *search.Results) error {
	for _, h := range res.Hits {
		name := h.Path
		if h.Line > 0 {
			if h.ID != "" {
				name += "#" + h.ID
			} else {
				name += fmt.Sprintf("#line%d", h.Line)
			}
		}
		fmt.Fprintf(w, "%s  %s  %s\n", name, orDash(h.Date), orDash(h.Provider))
		for _, f := range h.Findings {
			fmt.Fprintf(w, "  %s:%d:%d: %s %s: %s\n", name, f.Line, f.Column, f.Severity, f.Rule, f.Message)
		}
	}
	switch {
	case res.Total == 0:
		fmt.Fprintln(w, "no matching notes")
	case res.Total > len(res.Hits):
		fmt.Fprintf(w, "%d matching %s (%d shown; use --limit)\n", res.Total, notesWord(res.Total), len(res.Hits))
	default:
		fmt.Fprintf(w, "%d matching %s\n", res.Total, notesWord(res.Total))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// notesWord is "note" for one, "notes" otherwise.
func notesWord(n int) string {
	if n == 1 {
		return "note"
	}
	return "notes"
}
