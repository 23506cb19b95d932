package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"gopkg.in/yaml.v3"

	"github.com/soaplint/soaplint/analyzer/config"
)

func (s *server) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (any, error) {
	switch params.Command {
	case cmdAddTerm:
		if len(params.Arguments) < 2 {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s wants [class, term, documentURI]", cmdAddTerm)
		}
		class, _ := params.Arguments[0].(string)
		term, _ := params.Arguments[1].(string)
		var doc string
		if len(params.Arguments) > 2 {
			doc, _ = params.Arguments[2].(string)
		}
		term = strings.TrimSpace(term)
		if class == "" || term == "" || strings.ContainsAny(term, "\r\n") {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: class and term must be non-empty single-line strings", cmdAddTerm)
		}
		path, err := s.addTerm(protocol.DocumentURI(doc), class, term)
		if err != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "could not update the project lexicon: %v", err)
		}
		s.configChanged()
		return map[string]string{"path": path}, nil
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", params.Command)
}

// addTerm adds term to the lexicon class in the .soaplint.yaml that applies to
// doc (found upward from it), or creates one in the workspace root. The file is
// edited as a YAML tree so its comments and other keys survive.
func (s *server) addTerm(doc protocol.DocumentURI, class, term string) (string, error) {
	dir := s.dirOf(doc)
	path, ok := "", false
	if dir != "" {
		path, ok = config.Find(dir)
	}
	if !ok {
		root := s.config.rootDir()
		if root == "" {
			root = dir
		}
		if root == "" {
			return "", errors.New("no workspace folder to hold .soaplint.yaml")
		}
		path = filepath.Join(root, configFileName)
	}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	out, err := addTermYAML(data, class, term)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	// Write beside and rename, so an editor or linter never reads half a file.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".soaplint.yaml.*")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return path, nil
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
