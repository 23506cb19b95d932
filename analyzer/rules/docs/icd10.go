package docs

import (
	"fmt"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
)

// InvalidICD10 flags malformed ICD-10-CM codes on diagnosis lines.
var InvalidICD10 = &analyzer.Rule{
	ID:       "doc/invalid-icd10",
	Severity: analyzer.Warning,
	Doc: `Flags a diagnosis code that cannot be an ICD-10-CM code. A code is a letter, a digit and ` +
		`a letter or digit (the category), then optionally a dot and up to four more letters or ` +
		`digits: M17.11, G20.A1, S06.2X9S, M80.08XD and F82 are well formed; "169.351" (digit 1 for ` +
		`letter I), "MI8.11" (letter I for digit 1) and "S83.241DD" (eight characters) are not. A ` +
		`malformed code is rejected by the payer, so the claim comes back unpaid. Spinal levels ` +
		`(L4-5, C6, T12) are not codes and are not checked.`,
	Source:  "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A (code structure: 3-character categories, up to 7 characters); CMS ICD-10-CM code files",
	Run:     runInvalidICD10,
	Scoring: analyzer.Scoring{PerLine: true},
}

func runInvalidICD10(pass *analyzer.Pass) {
	n := pass.Note
	for _, c := range n.ICDCodes {
		code := c.Code
		if code == "" && !c.Range.Empty() && c.Range.End <= len(n.Text) {
			code = n.Text[c.Range.Start:c.Range.End]
		}
		if spinalLevel(code) {
			continue
		}
		problem, suggest := checkICD10(code)
		if problem == "" {
			continue
		}
		msg := fmt.Sprintf("%q is not a valid ICD-10-CM code: %s.", code, problem)
		var fixes []analyzer.Fix
		if suggest != "" {
			msg += fmt.Sprintf(" Did you mean %s?", suggest)
			if !c.Range.Empty() && n.Text[c.Range.Start:c.Range.End] == code {
				fixes = append(fixes, analyzer.Fix{Title: "Replace with " + suggest,
					Edits: []analyzer.TextEdit{{Start: c.Range.Start, End: c.Range.End, NewText: suggest}}})
			}
		} else {
			msg += " Check the code against the ICD-10-CM code set."
		}
		pass.Report(analyzer.Diagnostic{Start: c.Range.Start, End: c.Range.End, Message: msg, Fixes: fixes})
	}
}

// spinalLevel reports whether s is a vertebral level or range (C6, L5, L4-5,
// L4-S1, C4-C5) rather than a code. Three-character levels such as T12 are
// well formed as codes anyway, so they need no exception.
func spinalLevel(s string) bool {
	level := func(p string, letter bool) bool {
		if letter {
			if p == "" || !strings.ContainsRune("CTLS", rune(upper(p[0]))) {
				return false
			}
			p = p[1:]
		}
		if len(p) < 1 || len(p) > 2 {
			return false
		}
		for i := 0; i < len(p); i++ {
			if !isDigit(p[i]) {
				return false
			}
		}
		return true
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return len(a) == 2 && level(a, true)
	}
	return level(a, true) && (level(b, true) || level(b, false))
}

// checkICD10 returns what is wrong with code ("" when it is well formed) and, for a
// letter/digit mix-up, the likely intended code.
func checkICD10(code string) (problem, suggest string) {
	c := strings.ToUpper(code)
	cat, ext, dotted := strings.Cut(c, ".")
	if !dotted && len(cat) > 3 {
		cat, ext = c[:3], c[3:]
	}
	switch {
	case len(cat) < 3:
		return fmt.Sprintf("the category before the dot must have 3 characters, not %d", len(cat)), ""
	case len(cat) > 3:
		return fmt.Sprintf("the category before the dot must have 3 characters, not %d", len(cat)), ""
	}
	if dotted && ext == "" {
		return "nothing follows the dot", ""
	}
	if len(ext) > 4 {
		return fmt.Sprintf("it has %d characters; ICD-10-CM codes have at most 7 (3 before the dot, up to 4 after)", len(cat)+len(ext)), ""
	}
	for i := 0; i < len(ext); i++ {
		if !isAlnum(ext[i]) {
			return fmt.Sprintf("%q after the dot is not a letter or digit", ext[i]), ""
		}
	}
	if icd9(cat, ext) {
		return "it looks like an ICD-9-CM code (digits only); claims need the ICD-10-CM code, which starts with a letter", ""
	}
	fixed := []byte(cat)
	switch {
	case !isLetter(cat[0]):
		problem = fmt.Sprintf("it starts with %q; codes start with a letter", cat[0])
		fixed[0] = digitToLetter(cat[0])
	case !isDigit(cat[1]):
		problem = fmt.Sprintf("the second character is %q; it must be a digit", cat[1])
		fixed[1] = letterToDigit(cat[1])
	case !isAlnum(cat[2]):
		return fmt.Sprintf("the third character %q is not a letter or digit", cat[2]), ""
	default:
		return "", ""
	}
	if fixed[0] != 0 && fixed[1] != 0 && isLetter(fixed[0]) && isDigit(fixed[1]) && isAlnum(fixed[2]) {
		suggest = string(fixed)
		if dotted {
			suggest += "." + ext
		} else {
			suggest += ext
		}
	}
	return problem, suggest
}

// icd9 reports whether cat.ext has the shape of an ICD-9-CM diagnosis code: three
// digits and up to two more.
func icd9(cat, ext string) bool {
	for i := 0; i < len(cat); i++ {
		if !isDigit(cat[i]) {
			return false
		}
	}
	for i := 0; i < len(ext); i++ {
		if !isDigit(ext[i]) {
			return false
		}
	}
	return len(ext) <= 2
}

func digitToLetter(c byte) byte {
	switch c {
	case '1':
		return 'I'
	case '0':
		return 'O'
	case '5':
		return 'S'
	}
	return 0
}

func letterToDigit(c byte) byte {
	switch c {
	case 'I', 'L':
		return '1'
	case 'O':
		return '0'
	case 'S':
		return '5'
	}
	return 0
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { c = upper(c); return c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }
