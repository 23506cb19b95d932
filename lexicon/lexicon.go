// Package lexicon holds soaplint's domain vocabulary as embedded data files (CPT
// codes and their names, exercise-only, functional-task and skilled-intervention
// terms, impairment measures, functional-goal templates, RVUs, code-pair edits and
// MUE values), each table naming its source in its header comment and each
// reference row (code pair, MUE, RVU, conversion factor, threshold) carrying its
// own status and sources (provenance.go). A data pack (package cmsimport)
// replaces the code-pair, MUE and RVU tables with rows read from CMS's files.
//
// The tables are small and parsed eagerly when a Lexicon is built; the bleve index
// over the goal templates is built lazily on first use.
package lexicon

import (
	"embed"
	"sync"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

//go:embed data
var dataFS embed.FS

// Lexicon is the complete vocabulary. A Lexicon is immutable once built and safe
// for concurrent use; With returns a copy extended by configuration.
type Lexicon struct {
	Codes     *CodeTable    // CPT/HCPCS codes: names, aliases, timed or not (codes.go)
	Terms     *TermTable    // term lists by class (terms.go)
	Templates *TemplateSet  // functional-goal templates and their search index (templates.go)
	Payment   *PaymentTable // RVUs and conversion factors by year (payment.go)
	Edits     *EditTable    // code-pair edits (ncci.go)
	MUE       *MUETable     // medically unlikely edits (ncci.go)
	Modifiers []Modifier    // therapy billing modifiers and their meaning (modifiers.go)
	// Context classifies mentions as negated, historical or hypothetical
	// (data/context.tsv); term matchers use it for FindAffirmed.
	Context *textmatch.Context
	// Credentials are the clinician credentials signatures carry (data/credentials.tsv).
	Credentials *Credentials
	// Recodes are the heading names a re-code swaps (data/recode.tsv).
	Recodes []Recode

	modSet      map[string]bool // Modifiers by code
	vagueAdvice []advice        // data/vague_advice.tsv
}

// Load parses the embedded data files. It fails only if the embedded data are
// corrupt, which the package's tests rule out.
func Load() (*Lexicon, error) {
	codes, err := loadCodes(dataFS)
	if err != nil {
		return nil, err
	}
	ctx, err := loadContext(dataFS)
	if err != nil {
		return nil, err
	}
	terms, err := loadTerms(dataFS, ctx)
	if err != nil {
		return nil, err
	}
	tpl, err := loadTemplates(dataFS)
	if err != nil {
		return nil, err
	}
	pay, err := loadPayment(dataFS)
	if err != nil {
		return nil, err
	}
	edits, err := loadEdits(dataFS)
	if err != nil {
		return nil, err
	}
	mue, err := loadMUE(dataFS)
	if err != nil {
		return nil, err
	}
	mods, other, err := loadModifiers(dataFS)
	if err != nil {
		return nil, err
	}
	creds, err := loadCredentials(dataFS)
	if err != nil {
		return nil, err
	}
	recodes, err := loadRecodes(dataFS)
	if err != nil {
		return nil, err
	}
	adv, err := loadAdvice(dataFS)
	if err != nil {
		return nil, err
	}
	modSet := make(map[string]bool, len(mods)+len(other))
	for _, m := range append(append([]Modifier(nil), mods...), other...) {
		modSet[m.Code] = true
	}
	return &Lexicon{Codes: codes, Terms: terms, Templates: tpl, Payment: pay, Edits: edits, MUE: mue, Modifiers: mods,
		Context: ctx, Credentials: creds, Recodes: recodes, modSet: modSet, vagueAdvice: adv}, nil
}

var defaultLexicon = sync.OnceValue(func() *Lexicon {
	l, err := Load()
	if err != nil {
		// The embedded data are part of the binary and covered by tests.
		panic("lexicon: embedded data: " + err.Error())
	}
	return l
})

// Default returns the built-in lexicon, parsed once per process.
func Default() *Lexicon { return defaultLexicon() }

// Extra is what configuration adds to (or replaces in) the built-in lexicon.
type Extra struct {
	Terms     map[TermClass][]string // added to the built-in lists
	Templates []Template             // added to the built-in templates
	Edits     *EditTable             // replaces the built-in code-pair edits when set
	MUE       *MUETable              // replaces the built-in MUE values when set
	// Payment, when set, replaces the RVUs and conversion factors of the years
	// it covers (a data pack's PPRRVU import); the payment rules stay.
	Payment *PaymentTable
	// APM, when set, chooses the conversion factor: true for a qualifying APM
	// participant, false for everyone else (the default).
	APM *bool
}

// With returns a lexicon extended by extra. l is not modified.
func (l *Lexicon) With(extra Extra) *Lexicon {
	c := *l
	if len(extra.Terms) > 0 {
		c.Terms = l.Terms.with(extra.Terms)
	}
	if len(extra.Templates) > 0 {
		c.Templates = l.Templates.with(extra.Templates)
	}
	if extra.Edits != nil {
		c.Edits = extra.Edits
	}
	if extra.MUE != nil {
		c.MUE = extra.MUE
	}
	if extra.Payment != nil {
		c.Payment = l.Payment.Overlay(extra.Payment)
	}
	if extra.APM != nil {
		c.Payment = c.Payment.WithAPM(*extra.APM)
	}
	return &c
}

// TableInfo describes one reference table in use, for `soaplint data status`.
type TableInfo struct {
	Name   string // "code-pair edits", "MUE", "RVU and conversion factors"
	Origin Origin
	Stats  Stats
}

// Tables describes the code-pair, MUE and RVU tables the lexicon uses.
func (l *Lexicon) Tables() []TableInfo {
	return []TableInfo{
		{"code-pair edits (PTP)", l.Edits.Origin(), l.Edits.Stats()},
		{"medically unlikely edits (MUE)", l.MUE.Origin(), l.MUE.Stats()},
		{"RVUs and conversion factors (PFS)", l.Payment.Origin(), l.Payment.Stats()},
	}
}
