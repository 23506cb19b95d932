package lsp

import (
	"context"
	"encoding/json"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/analyzer/rules"
)

const configFileName = config.FileName

// configSection is the workspace/configuration section the server reads.
const configSection = "soaplint"

// loadConfig is the default Options.LoadConfig: the client's settings (same
// keys as .soaplint.yaml) over the defaults, then the .soaplint.yaml found
// upward from dir over those — the project's file wins over editor settings.
func loadConfig(dir string, settings []byte) (analyzer.Config, error) {
	return loadConfigFrom(analyzer.Config{}, dir, settings)
}

// loadConfigFrom is loadConfig over base (a data pack's lexicon).
func loadConfigFrom(base analyzer.Config, dir string, settings []byte) (analyzer.Config, error) {
	if len(settings) > 0 {
		var m map[string]any
		if err := json.Unmarshal(settings, &m); err != nil {
			return base, err
		}
		if len(m) > 0 {
			f, err := config.FromMap(m, "soaplint settings", dir, rules.Catalogue)
			if err != nil {
				return base, err
			}
			if base, err = f.Apply(base); err != nil {
				return analyzer.Config{}, err
			}
		}
	}
	res := config.NewResolver(config.Options{Base: base, Known: rules.Catalogue}).ForDir(dir)
	return res.Config, res.Err
}

// configForDir returns the configuration for notes in dir, loading it once per
// configuration change.
func (s *server) configForDir(dir string) analyzer.Config {
	cfg, err := s.config.forDir(dir)
	if err != nil {
		// Configuration errors name the file, key and line, never note text.
		s.logf(protocol.MessageTypeWarning, "configuration: %v", err)
	}
	return cfg
}

// configChanged drops cached configuration and re-lints every open note.
func (s *server) configChanged() {
	s.config.invalidate()
	s.files.clear()
	s.relintAll()
	if pull, refresh := s.life.pulls(); pull && refresh {
		// A pulling client asks again when told: its reports are stale.
		s.goOwned(func() {
			ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
			defer cancel()
			_, _ = s.conn.Call(ctx, methodWorkspaceDiagnosticRefresh, nil, nil)
		})
	}
}

// fetchConfig asks the client for the "soaplint" section when it supports
// workspace/configuration, then applies it.
func (s *server) fetchConfig() {
	can, root := s.config.pullable()
	if !can {
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	item := protocol.ConfigurationItem{Section: configSection}
	if root != "" {
		item.ScopeURI = uri.File(root)
	}
	res, err := s.client.Configuration(ctx, &protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{item}})
	if err != nil || len(res) == 0 {
		return
	}
	s.setSettings(res[0])
}

// setSettings replaces the client settings and re-lints when they changed.
func (s *server) setSettings(v any) {
	var data []byte
	if v != nil {
		data, _ = json.Marshal(v)
	}
	if string(data) == "null" || string(data) == "{}" {
		data = nil
	}
	if s.config.setSettings(data) {
		s.configChanged()
	}
}

func (s *server) DidChangeConfiguration(ctx context.Context, params *protocol.DidChangeConfigurationParams) error {
	// Clients either push the settings ({"soaplint": {...}}) or send null and
	// expect the server to pull them.
	if m, ok := params.Settings.(map[string]any); ok {
		if v, ok := m[configSection]; ok {
			s.setSettings(v)
			return nil
		}
	}
	s.flow.refetch.trigger(s.goOwned, func() {
		s.fetchConfig()
		s.configChanged() // .soaplint.yaml may have changed too
	})
	return nil
}
