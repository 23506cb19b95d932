// Package format renders lint results in soaplint's output formats: text, json,
// jsonl, sarif, checkstyle and github. Writers stream: a note is written as soon
// as it is handed over, so a batch of any size runs in bounded memory.
package format

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/soaplint/soaplint/analyzer"
)

// Names lists the formats New accepts.
var Names = []string{"text", "json", "jsonl", "sarif", "checkstyle", "github"}

// Edit is a text edit with its byte range and its 1-based character positions.
type Edit struct {
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

// Fix is a titled set of edits.
type Fix struct {
	Title string `json:"title"`
	// Kind is "safe" (what --fix applies), "suggestion" (a billing or clinical
	// decision, or text with blanks) or "disable" (switches the rule off).
	Kind  string `json:"kind"`
	Edits []Edit `json:"edits"`
}

// Diagnostic is one finding with 1-based lines and character columns.
type Diagnostic struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Fixes     []Fix  `json:"fixes"`
	// Related are other places the finding rests on (an episode finding's
	// earlier note), as go/analysis's Related.
	Related []Related `json:"related,omitempty"`

	sev analyzer.Severity
}

// Related is a location in another (or the same) note with its positions.
type Related struct {
	Path      string `json:"path"`         // the note's file as given
	ID        string `json:"id,omitempty"` // a JSONL record's id
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Message   string `json:"message"`
}

// Name is how text formats name the related note: path, or path#id.
func (r Related) Name() string {
	if r.ID != "" {
		return r.Path + "#" + r.ID
	}
	return r.Path
}

// NewDiagnostic is a positioned diagnostic made outside Diagnostics (the
// episode pass places its findings without the note's text).
func NewDiagnostic(rule string, sev analyzer.Severity, msg string, line, col, endLine, endCol int) Diagnostic {
	return Diagnostic{Rule: rule, Severity: sev.String(), Message: msg, Line: line, Column: col, EndLine: endLine, EndColumn: endCol, sev: sev}
}

// Sev is the diagnostic's severity as a value.
func (d *Diagnostic) Sev() analyzer.Severity { return d.sev }

// Field is one carried-through field of a JSONL record, in input order.
type Field struct {
	Key   string
	Value json.RawMessage
}

// Note is the result for one input note, ready to render.
type Note struct {
	Path   string          // file as given ("-" for stdin)
	Record int             // 1-based line of a JSONL record; 0 for a whole file
	ID     json.RawMessage // a JSONL record's id as written; nil otherwise
	Fields []Field         // a JSONL record's other fields (not id, not text)

	Diagnostics []Diagnostic
	// Err is an input error (missing file, binary, invalid UTF-8, malformed
	// record); it names the file and line and never the note's text.
	Err *InputError
}

// Fail records an input error at line (0 for the whole input), drops any
// diagnostics and returns n.
func (n *Note) Fail(line int, msg string) *Note {
	n.Err = &InputError{Path: n.Path, Line: line, Msg: msg}
	n.Diagnostics = nil
	return n
}

// InputError is a problem reading one input.
type InputError struct {
	Path string
	Line int // 0 when the problem is the whole file
	Msg  string
}

// Error names the file as DisplayPath does: it is printed on stderr, one line
// per error.
func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", DisplayPath(e.Path), e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", DisplayPath(e.Path), e.Msg)
}

// IDString is the record's id for display: a JSON string's value, else the raw JSON.
func (n *Note) IDString() string {
	if len(n.ID) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(n.ID, &s) == nil {
		return s
	}
	return string(n.ID)
}

// Name is how text-like formats name the note: the path, or path#id for a JSONL
// record (path:line when the record has no id).
func (n *Note) Name() string {
	if n.Record == 0 {
		return n.Path
	}
	if id := n.IDString(); id != "" {
		return n.Path + "#" + id
	}
	return fmt.Sprintf("%s#line%d", n.Path, n.Record)
}

// Diagnostics converts an analyzer result into positioned diagnostics. It
// consumes res: each analyzer diagnostic's fixes are dropped once converted, so
// a note with a hundred thousand findings does not hold both forms at once.
func Diagnostics(res *analyzer.Result) []Diagnostic {
	if len(res.Diagnostics) == 0 {
		return nil
	}
	out := make([]Diagnostic, len(res.Diagnostics))
	// A note with very many findings (a file of pasted visits) is converted in
	// two halves side by side; each half writes only its own part of out.
	if n := len(res.Diagnostics); n >= parallelConvertFrom && runtime.GOMAXPROCS(0) > 1 {
		var wg sync.WaitGroup
		wg.Go(func() { convert(res, out, 0, n/2) })
		convert(res, out, n/2, n)
		wg.Wait()
		return out
	}
	convert(res, out, 0, len(out))
	return out
}

// parallelConvertFrom is the finding count from which Diagnostics converts on
// two goroutines (a 20 MB note of pasted visits has about 100,000).
const parallelConvertFrom = 20000

// convert fills out[a:b] from res.Diagnostics[a:b] and drops their fixes.
func convert(res *analyzer.Result, out []Diagnostic, a, b int) {
	m := res.Note.Mapper()
	// The engine gives all findings of a rule one "disable" fix: its edits are
	// converted once and shared too (nothing modifies them after conversion).
	// Other fixes are each a finding's own, and are not remembered.
	type key struct {
		first *analyzer.TextEdit
		n     int
	}
	converted := map[key][]Edit{}
	for i := a; i < b; i++ {
		d := res.Diagnostics[i]
		fd := Diagnostic{Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message, sev: d.Severity}
		fd.Line, fd.Column = m.Position(d.Start)
		fd.EndLine, fd.EndColumn = m.Position(d.End)
		fd.Fixes = make([]Fix, 0, len(d.Fixes))
		for _, f := range d.Fixes {
			var k key
			if f.Kind == analyzer.Disable && len(f.Edits) > 0 {
				k = key{&f.Edits[0], len(f.Edits)}
				if edits, ok := converted[k]; ok {
					fd.Fixes = append(fd.Fixes, Fix{Title: f.Title, Kind: f.Kind.String(), Edits: edits})
					continue
				}
			}
			ff := Fix{Title: f.Title, Kind: f.Kind.String(), Edits: make([]Edit, 0, len(f.Edits))}
			for _, e := range f.Edits {
				fe := Edit{Start: e.Start, End: e.End, NewText: e.NewText}
				fe.Line, fe.Column = m.Position(e.Start)
				fe.EndLine, fe.EndColumn = m.Position(e.End)
				ff.Edits = append(ff.Edits, fe)
			}
			if k.first != nil {
				converted[k] = ff.Edits
			}
			fd.Fixes = append(fd.Fixes, ff)
		}
		res.Diagnostics[i].Fixes = nil
		out[i] = fd
	}
}

// Summary counts a run's results.
type Summary struct {
	Notes             int            `json:"notes"`
	NotesWithFindings int            `json:"notesWithFindings"`
	Diagnostics       int            `json:"diagnostics"`
	Errors            int            `json:"errors"`
	Warnings          int            `json:"warnings"`
	Infos             int            `json:"infos"`
	InputErrors       int            `json:"inputErrors"`
	ByRule            map[string]int `json:"byRule"`
}

// Add counts one note.
func (s *Summary) Add(n *Note) {
	if s.ByRule == nil {
		s.ByRule = map[string]int{}
	}
	if n.Err != nil {
		s.InputErrors++
		return
	}
	s.Notes++
	if len(n.Diagnostics) > 0 {
		s.NotesWithFindings++
	}
	for i := range n.Diagnostics {
		d := &n.Diagnostics[i]
		s.Diagnostics++
		s.ByRule[d.Rule]++
		switch d.sev {
		case analyzer.Error:
			s.Errors++
		case analyzer.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
}

// Writer renders a stream of notes.
type Writer interface {
	// Note writes one note's result (or its input error).
	Note(n *Note) error
	// Close finishes the output (closing brackets, summary).
	Close(s *Summary) error
}

// New returns a writer for the named format. rules are described in formats
// that carry rule metadata (SARIF).
func New(name string, w io.Writer, rules []*analyzer.Rule, version string) (Writer, error) {
	switch name {
	case "text":
		return &textWriter{w: w}, nil
	case "json":
		return &jsonWriter{w: w}, nil
	case "jsonl":
		return &jsonlWriter{w: w}, nil
	case "sarif":
		return &sarifWriter{w: w, rules: rules, version: version}, nil
	case "checkstyle":
		return &checkstyleWriter{w: w}, nil
	case "github":
		return &githubWriter{w: w}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(Names, ", "))
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
