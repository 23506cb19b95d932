package format

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html).
// The document is streamed: the run's tool (with every rule's metadata) first,
// then results as notes arrive, then invocations with input errors.

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion  `json:"deletedRegion"`
	InsertedContent sarifMessage `json:"insertedContent"`
}

type sarifChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifFix struct {
	Description     sarifMessage  `json:"description"`
	ArtifactChanges []sarifChange `json:"artifactChanges"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
	Fixes     []sarifFix      `json:"fixes,omitempty"`
	// RelatedLocations are the related notes (SARIF 2.1.0 §3.27.22).
	RelatedLocations []sarifRelated `json:"relatedLocations,omitempty"`
}

type sarifRelated struct {
	ID               int           `json:"id"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          sarifMessage  `json:"message"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifMessage   `json:"shortDescription"`
	FullDescription      sarifMessage   `json:"fullDescription"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration map[string]any `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifWriter struct {
	w       io.Writer
	rules   []*analyzer.Rule
	version string
	index   map[string]int
	started bool
	count   int
	notes   []sarifNotification
}

// Level maps a severity to a SARIF level.
func sarifLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "error"
	case analyzer.Warning:
		return "warning"
	}
	return "note"
}

// FirstSentence is the rule's one-line summary: its doc up to the first full stop.
func FirstSentence(doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	for i := 0; i+1 < len(doc); i++ {
		if doc[i] == '.' && doc[i+1] == ' ' {
			return doc[:i+1]
		}
	}
	return doc
}

func (s *sarifWriter) begin() error {
	s.started = true
	s.index = map[string]int{}
	rules := make([]sarifRule, 0, len(s.rules))
	for i, r := range s.rules {
		s.index[r.ID] = i
		doc := strings.Join(strings.Fields(r.Doc), " ")
		sr := sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifMessage{FirstSentence(r.Doc)},
			FullDescription:      sarifMessage{doc},
			DefaultConfiguration: map[string]any{"level": sarifLevel(r.Severity)},
		}
		props := map[string]any{}
		if len(r.Profiles) > 0 {
			props["profiles"] = r.Profiles
		}
		if r.Source != "" {
			props["source"] = r.Source
		}
		if len(props) > 0 {
			sr.Properties = props
		}
		rules = append(rules, sr)
	}
	driver := map[string]any{
		"name":           "soaplint",
		"informationUri": "https://github.com/soaplint/soaplint",
		"rules":          rules,
	}
	if s.version != "" {
		driver["version"] = s.version
	}
	tool, err := json.Marshal(map[string]any{"driver": driver})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.w, `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":%s,"columnKind":"unicodeCodePoints","results":[`, tool)
	return err
}

// sarifURI names a note as a relative URI reference; a JSONL record gets its id
// (or line) as the fragment.
// sarifRelatedURI names a related note as sarifURI names a note.
func sarifRelatedURI(r Related) string {
	u := (&url.URL{Path: filepath.ToSlash(r.Path)}).String()
	if r.ID != "" {
		u += "#" + url.PathEscape(r.ID)
	}
	return u
}

func sarifURI(n *Note) string {
	p := n.Path
	if p == "-" {
		p = "stdin"
	}
	u := (&url.URL{Path: filepath.ToSlash(p)}).String()
	if n.Record > 0 {
		frag := n.IDString()
		if frag == "" {
			frag = fmt.Sprintf("line%d", n.Record)
		}
		u += "#" + url.PathEscape(frag)
	}
	return u
}

func (s *sarifWriter) Note(n *Note) error {
	if !s.started {
		if err := s.begin(); err != nil {
			return err
		}
	}
	uri := sarifURI(n)
	if n.Err != nil {
		nt := sarifNotification{Level: "error", Message: sarifMessage{n.Err.Error()}}
		loc := sarifPhysical{ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(n.Err.Path)}).String()}}
		if n.Err.Line > 0 {
			loc.Region = &sarifRegion{StartLine: n.Err.Line, StartColumn: 1, EndLine: n.Err.Line, EndColumn: 1}
		}
		nt.Locations = []sarifLocation{{loc}}
		s.notes = append(s.notes, nt)
		return nil
	}
	for _, d := range n.Diagnostics {
		r := sarifResult{
			RuleID:    d.Rule,
			RuleIndex: -1,
			Level:     sarifLevel(d.sev),
			Message:   sarifMessage{d.Message},
			Locations: []sarifLocation{{sarifPhysical{
				ArtifactLocation: sarifArtifact{uri},
				Region:           &sarifRegion{d.Line, d.Column, d.EndLine, d.EndColumn},
			}}},
		}
		if i, ok := s.index[d.Rule]; ok {
			r.RuleIndex = i
		}
		for k, rel := range d.Related {
			r.RelatedLocations = append(r.RelatedLocations, sarifRelated{ID: k, Message: sarifMessage{rel.Message},
				PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifact{sarifRelatedURI(rel)},
					Region:           &sarifRegion{rel.Line, rel.Column, rel.EndLine, rel.EndColumn},
				}})
		}
		for _, f := range d.Fixes {
			ch := sarifChange{ArtifactLocation: sarifArtifact{uri}}
			for _, e := range f.Edits {
				ch.Replacements = append(ch.Replacements, sarifReplacement{
					DeletedRegion:   sarifRegion{e.Line, e.Column, e.EndLine, e.EndColumn},
					InsertedContent: sarifMessage{e.NewText},
				})
			}
			r.Fixes = append(r.Fixes, sarifFix{Description: sarifMessage{f.Title}, ArtifactChanges: []sarifChange{ch}})
		}
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		sep := ","
		if s.count == 0 {
			sep = ""
		}
		s.count++
		if _, err := io.WriteString(s.w, sep+"\n"+string(data)); err != nil {
			return err
		}
	}
	return nil
}

func (s *sarifWriter) Close(sum *Summary) error {
	if !s.started {
		if err := s.begin(); err != nil {
			return err
		}
	}
	inv := map[string]any{"executionSuccessful": sum.InputErrors == 0}
	if len(s.notes) > 0 {
		inv["toolExecutionNotifications"] = s.notes
	}
	data, err := json.Marshal([]any{inv})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.w, "\n],\"invocations\":%s}]}\n", data)
	return err
}
