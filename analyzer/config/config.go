// Package config reads soaplint's configuration: a .soaplint.yaml file found
// upward from a note (or named with --config), or the same keys as JSON from an
// LSP client's workspace/configuration. A File is applied to an analyzer.Config.
//
// The file's shape:
//
//	profile: medicare            # or commercial; a note's own Payer line still wins
//	rules:                       # per rule: off, on, error, warning or info
//	  doc/vague-phrase: off
//	  goal/no-timeframe: warning
//	lexicon:                     # extra terms, added to the built-in lists
//	  functional: [curb stepping, car transfer]
//	  exercise: [clamshells]
//	  skilled: [tactile cues]
//	templates:                   # extra functional-goal templates
//	  - id: clinic-stairs
//	    text: Pt will ascend/descend {n} stairs with {assist} in {weeks} weeks.
//	    region: knee               # each of region, activity, impairment and
//	    activity: stairs           # discipline takes one value or a list
//	    impairment: [rom, strength]
//	ncci: data/ncci-2025q3.txt   # code-pair edit file (replaces the built-in table)
//	mue: data/mue-2025q3.txt     # MUE file (replaces the built-in table)
//	data: cms-2026q2             # data pack from soaplint data import (its tables
//	                             # replace the built-in ones; ncci:/mue: still win)
//	apm: qualifying              # price with the qualifying APM participant
//	                             # conversion factor (default: non-qualifying)
//
// Paths are relative to the configuration file. Unknown keys, unknown rule IDs
// and bad values are errors that name the file, key and line.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/cmsimport"
)

// FileName is the name Find looks for.
const FileName = ".soaplint.yaml"

// validClass reports whether a configuration may extend term list c: the
// documented functional, exercise and skilled lists, or any other term file in
// lexicon/data/terms (such as vague).
func validClass(c lexicon.TermClass) bool {
	switch c {
	case "functional", "exercise", "skilled":
		return true
	}
	return lexicon.Default().Terms.List(c) != nil
}

// RuleSetting is the configured state of one rule.
type RuleSetting struct {
	Off      bool
	Severity *analyzer.Severity // nil keeps the rule's default
}

// File is a parsed configuration.
type File struct {
	Path      string // as given to Load or Parse; "" for settings from a client
	Profile   analyzer.Profile
	Rules     map[string]RuleSetting
	Terms     map[lexicon.TermClass][]string
	Templates []lexicon.Template
	NCCI      string // absolute or relative to the working directory; "" when unset
	MUE       string
	Data      string // data pack directory; "" when unset
	APM       *bool  // qualifying APM participant (true), not (false), or unset
	Pack      *cmsimport.Pack

	// Tables loaded from NCCI and MUE, and the malformed rows skipped in them
	// (each naming its file and line). Loaded once by Load, Parse and FromMap.
	Edits    *lexicon.EditTable
	MUEs     *lexicon.MUETable
	Warnings []error

	ncciLine, mueLine, dataLine int
}

// Error is one configuration problem. Line is 0 when unknown (JSON settings).
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:", e.Line)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Find looks for .soaplint.yaml in dir and its parents.
func Find(dir string) (path string, ok bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Load reads and parses the configuration file at path. known lists the valid rule
// IDs (rules.Catalogue); nil accepts any ID.
func Load(path string, known []string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read configuration: " + unwrapPath(err)}
	}
	return Parse(data, path, known)
}

// unwrapPath drops the path from an *fs.PathError, which Error already names.
func unwrapPath(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse parses configuration data; name is used in errors and to resolve relative
// paths. known lists the valid rule IDs; nil accepts any.
func Parse(data []byte, name string, known []string) (*File, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" { // empty file: all defaults
			return &File{Path: name}, nil
		}
		return nil, &Error{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	return fromNode(&doc, name, known)
}

// clientOnlyKeys are editor-side settings of the "soaplint" section (VS Code's
// serverPath, enable, debounceMs, trace …) that the server ignores.
func clientOnlyKey(k string) bool {
	switch k {
	case "serverPath", "enable", "debounceMs", "trace", "path":
		return true
	}
	return false
}

// FromMap reads settings that arrive as decoded JSON (the LSP's
// workspace/configuration section "soaplint"), with the same keys as the file.
// Relative paths are taken relative to baseDir. name is used in errors.
func FromMap(m map[string]any, name, baseDir string, known []string) (*File, error) {
	// Editor clients commonly send their whole settings section, including keys
	// that only the client uses; those are not configuration errors.
	if len(m) > 0 {
		kept := make(map[string]any, len(m))
		for k, v := range m {
			if !clientOnlyKey(k) {
				kept[k] = v
			}
		}
		m = kept
	}
	data, err := json.Marshal(m)
	if err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil { // JSON is YAML
		return nil, &Error{File: name, Msg: err.Error()}
	}
	f, err := fromNodeLines(&doc, name, known, false)
	if err != nil {
		return nil, err
	}
	if err := f.resolve(baseDir); err != nil {
		return nil, err
	}
	return f, nil
}

func fromNode(doc *yaml.Node, name string, known []string) (*File, error) {
	f, err := fromNodeLines(doc, name, known, true)
	if err != nil {
		return nil, err
	}
	dir := ""
	if name != "" {
		dir = filepath.Dir(name)
	}
	if err := f.resolve(dir); err != nil {
		return nil, err
	}
	return f, nil
}

// resolve makes the table paths relative to dir and loads the tables.
func (f *File) resolve(dir string) error {
	for _, p := range []*string{&f.NCCI, &f.MUE, &f.Data} {
		if *p != "" && !filepath.IsAbs(*p) && dir != "" {
			*p = filepath.Join(dir, *p)
		}
	}
	var err error
	if f.Data != "" {
		if f.Pack, err = cmsimport.Load(f.Data); err != nil {
			return &Error{File: f.Path, Line: f.dataLine, Key: "data", Msg: err.Error()}
		}
	}
	if f.NCCI != "" {
		if f.Edits, f.Warnings, err = LoadEdits(f.NCCI); err != nil {
			return &Error{File: f.Path, Line: f.ncciLine, Key: "ncci", Msg: err.Error()}
		}
	}
	if f.MUE != "" {
		var warn []error
		if f.MUEs, warn, err = LoadMUE(f.MUE); err != nil {
			return &Error{File: f.Path, Line: f.mueLine, Key: "mue", Msg: err.Error()}
		}
		f.Warnings = append(f.Warnings, warn...)
	}
	return nil
}

// decoder collects errors while walking the document.
type decoder struct {
	name  string
	lines bool // report line numbers (false for JSON settings)
	known map[string]bool
	errs  []error
}

func (d *decoder) errorf(n *yaml.Node, key, format string, args ...any) {
	e := &Error{File: d.name, Key: key, Msg: fmt.Sprintf(format, args...)}
	if d.lines && n != nil {
		e.Line = n.Line
	}
	d.errs = append(d.errs, e)
}

func fromNodeLines(doc *yaml.Node, name string, known []string, lines bool) (*File, error) {
	d := &decoder{name: name, lines: lines}
	if known != nil {
		d.known = make(map[string]bool, len(known))
		for _, id := range known {
			d.known[id] = true
		}
	}
	f := &File{Path: name}
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return f, nil
		}
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return f, nil
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "", "configuration must be a mapping of keys (profile, rules, lexicon, templates, ncci, mue, data, apm)")
		return nil, errors.Join(d.errs...)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			d.errorf(k, k.Value, "duplicate key")
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "profile":
			if s, ok := d.scalar(v, "profile"); ok {
				p, err := analyzer.ParseProfile(s)
				if err != nil {
					d.errorf(v, "profile", "unknown profile %q (want medicare or commercial)", s)
				} else {
					f.Profile = p
				}
			}
		case "rules":
			f.Rules = d.rules(v)
		case "lexicon":
			f.Terms = d.terms(v)
		case "templates":
			f.Templates = d.templates(v)
		case "ncci":
			f.NCCI, _ = d.scalar(v, "ncci")
			f.ncciLine = d.line(v)
		case "mue":
			f.MUE, _ = d.scalar(v, "mue")
			f.mueLine = d.line(v)
		case "data":
			f.Data, _ = d.scalar(v, "data")
			f.dataLine = d.line(v)
		case "apm":
			if s, ok := d.scalar(v, "apm"); ok {
				switch strings.ToLower(strings.TrimSpace(s)) {
				case "qualifying", "qp", "true":
					qp := true
					f.APM = &qp
				case "non-qualifying", "nonqualifying", "non-qp", "false":
					qp := false
					f.APM = &qp
				default:
					d.errorf(v, "apm", "unknown value %q (want qualifying or non-qualifying)", s)
				}
			}
		default:
			d.errorf(k, k.Value, "unknown key (want profile, rules, lexicon, templates, ncci, mue, data or apm)")
		}
	}
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return f, nil
}

func (d *decoder) line(n *yaml.Node) int {
	if d.lines {
		return n.Line
	}
	return 0
}

func (d *decoder) scalar(v *yaml.Node, key string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		d.errorf(v, key, "want a single value")
		return "", false
	}
	return v.Value, true
}

func (d *decoder) mapping(v *yaml.Node, key string) bool {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return false // "rules:" with nothing under it
	}
	if v.Kind != yaml.MappingNode {
		d.errorf(v, key, "want a mapping")
		return false
	}
	return true
}

func (d *decoder) rules(v *yaml.Node) map[string]RuleSetting {
	if !d.mapping(v, "rules") {
		return nil
	}
	out := map[string]RuleSetting{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		key := "rules." + k.Value
		if d.known != nil && !d.known[k.Value] {
			d.errorf(k, key, "unknown rule %q (run `soaplint rules` for the list)", k.Value)
			continue
		}
		s, ok := d.scalar(val, key)
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "off", "false", "disable", "disabled":
			out[k.Value] = RuleSetting{Off: true}
		case "on", "true", "enable", "enabled":
			out[k.Value] = RuleSetting{}
		default:
			sev, err := analyzer.ParseSeverity(s)
			if err != nil {
				d.errorf(val, key, "bad value %q (want off, on, error, warning or info)", s)
				continue
			}
			out[k.Value] = RuleSetting{Severity: &sev}
		}
	}
	return out
}

func (d *decoder) strings(v *yaml.Node, key string) []string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.errorf(v, key, "want a list of terms")
		return nil
	}
	var out []string
	for _, item := range v.Content {
		s, ok := d.scalar(item, key)
		if !ok {
			continue
		}
		if s = strings.TrimSpace(s); s == "" {
			d.errorf(item, key, "empty term")
			continue
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) terms(v *yaml.Node) map[lexicon.TermClass][]string {
	if !d.mapping(v, "lexicon") {
		return nil
	}
	out := map[lexicon.TermClass][]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		key := "lexicon." + k.Value
		class := lexicon.TermClass(k.Value)
		if !validClass(class) {
			d.errorf(k, key, "unknown term list (want functional, exercise or skilled)")
			continue
		}
		out[class] = append(out[class], d.strings(val, key)...)
	}
	return out
}

func (d *decoder) templates(v *yaml.Node) []lexicon.Template {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.errorf(v, "templates", "want a list of templates")
		return nil
	}
	var out []lexicon.Template
	for i, item := range v.Content {
		key := fmt.Sprintf("templates[%d]", i)
		if item.Kind != yaml.MappingNode {
			d.errorf(item, key, "want a mapping with id and text")
			continue
		}
		fields := map[string][]string{}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := item.Content[j], item.Content[j+1]
			fk := key + "." + k.Value
			name := strings.TrimSuffix(k.Value, "s")
			switch {
			case k.Value == "id" || k.Value == "text":
				if s, ok := d.scalar(val, fk); ok {
					fields[k.Value] = []string{s}
				}
			case name == "region" || name == "activity" || name == "activitie" || name == "impairment" || name == "discipline":
				if name == "activitie" {
					name = "activity"
				}
				if val.Kind == yaml.ScalarNode {
					if s, ok := d.scalar(val, fk); ok {
						fields[name] = append(fields[name], s)
					}
				} else {
					fields[name] = append(fields[name], d.strings(val, fk)...)
				}
			default:
				d.errorf(k, fk, "unknown key (want id, text, region, activity, impairment or discipline)")
			}
		}
		if len(fields["id"]) == 0 || fields["id"][0] == "" || len(fields["text"]) == 0 || fields["text"][0] == "" {
			d.errorf(item, key, "a template needs an id and a text")
			continue
		}
		out = append(out, newTemplate(fields))
	}
	return out
}

// Apply returns base with the file's settings applied: the default profile,
// disabled rules, severity overrides and the lexicon extended by extra terms,
// templates and code-pair / MUE files. base is not modified.
func (f *File) Apply(base analyzer.Config) (analyzer.Config, error) {
	out := base
	if f == nil {
		return out, nil
	}
	if f.Profile != "" {
		out.Profile = f.Profile
	}
	if len(f.Rules) > 0 {
		out.Disabled = copyMap(base.Disabled)
		out.Severity = copyMap(base.Severity)
		ids := make([]string, 0, len(f.Rules))
		for id := range f.Rules {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			s := f.Rules[id]
			switch {
			case s.Off:
				out.Disabled[id] = true
			default:
				delete(out.Disabled, id)
				if s.Severity != nil {
					out.Severity[id] = *s.Severity
				}
			}
		}
	}
	extra := lexicon.Extra{Terms: f.Terms, Templates: f.Templates, Edits: f.Edits, MUE: f.MUEs, APM: f.APM}
	if f.Pack != nil {
		// The pack's tables, unless ncci:/mue: name a file for that table.
		if extra.Edits == nil {
			extra.Edits = f.Pack.Extra.Edits
		}
		if extra.MUE == nil {
			extra.MUE = f.Pack.Extra.MUE
		}
		extra.Payment = f.Pack.Extra.Payment
	}
	if len(extra.Terms) > 0 || len(extra.Templates) > 0 || extra.Edits != nil || extra.MUE != nil || extra.Payment != nil || extra.APM != nil {
		lex := base.Lexicon
		if lex == nil {
			lex = lexicon.Default()
		}
		out.Lexicon = lex.With(extra)
	}
	return out, nil
}

func copyMap[K comparable, V any](m map[K]V) map[K]V {
	c := make(map[K]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
