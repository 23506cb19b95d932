package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"gopkg.in/yaml.v3"
)

func (s *server) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (any, error) {
	switch params.Command {
	case cmdAddTerm:
		// Every argument is checked before anything is read or written
		// (addterm.go); a refusal writes nothing.
		class, term, doc, err := addTermArgs(params.Arguments)
		if err != nil {
			return nil, commandError(err)
		}
		path, err := s.addTermTarget(doc)
		if err != nil {
			return nil, commandError(err)
		}
		if err := addTermFile(path, class, term); err != nil {
			return nil, commandError(err)
		}
		s.configChanged()
		return map[string]string{"path": path}, nil
	}
	name := params.Command
	if len(name) > 64 {
		name = name[:64] + "…"
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", name)
}

// addTermYAML returns data with term appended to lexicon.<class> (created as
// needed); data is returned unchanged in content when the term is present.
func addTermYAML(data []byte, class, term string) ([]byte, error) {
	var doc yaml.Node
	if len(bytes.TrimSpace(data)) > 0 {
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, err
		}
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the file is not a YAML mapping")
	}
	lex := child(root, "lexicon", yaml.MappingNode)
	if lex == nil {
		return nil, errors.New("lexicon is not a mapping")
	}
	list := child(lex, class, yaml.SequenceNode)
	if list == nil {
		return nil, fmt.Errorf("lexicon.%s is not a list", class)
	}
	for _, n := range list.Content {
		if strings.EqualFold(n.Value, term) {
			return data, nil
		}
	}
	list.Style = 0 // block style keeps one term per line readable in diffs
	list.Content = append(list.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: term})
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// child returns m's value for key, adding an empty node of kind when absent;
// nil when the key holds another kind.
func child(m *yaml.Node, key string, kind yaml.Kind) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v := m.Content[i+1]
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				v.Kind, v.Tag, v.Value = kind, "", ""
			}
			if v.Kind != kind {
				return nil
			}
			return v
		}
	}
	v := &yaml.Node{Kind: kind}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v
}
