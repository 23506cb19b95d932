package lsp

import (
	"sync"
	"time"

	"github.com/soaplint/soaplint/analyzer"
)

// configStore holds what the client told the server about configuration — the
// workspace root, its "soaplint" settings, whether it answers
// workspace/configuration, the debounce — and the configurations loaded from
// them, one per directory, until they change.
type configStore struct {
	load func(root string, settings []byte) (analyzer.Config, error)

	mu         sync.Mutex
	root       string   // workspace root directory; "" when the client gave none
	folders    []string // workspace folders (root when the client named none), for workspace/diagnostic
	debounce   time.Duration
	settings   []byte // the client's "soaplint" settings as JSON; nil when none
	canConfig  bool   // the client answers workspace/configuration
	cache      map[string]configEntry
	gen        uint64        // bumped by invalidate; a config loaded under an older one is not cached
	configured chan struct{} // closed once the client's settings were first fetched (or not)
}

type configEntry struct {
	cfg analyzer.Config
	err error
}

func newConfigStore(load func(string, []byte) (analyzer.Config, error), debounce time.Duration) *configStore {
	return &configStore{load: load, debounce: debounce, cache: map[string]configEntry{}, configured: make(chan struct{})}
}

// initialize records what the initialize request said. debounce < 0 and nil
// settings leave the defaults.
func (c *configStore) initialize(root string, folders []string, debounce time.Duration, settings []byte, canConfig bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.root, c.folders = root, folders
	if debounce >= 0 {
		c.debounce = debounce
	}
	if settings != nil {
		c.settings = settings
	}
	c.canConfig = canConfig
}

func (c *configStore) rootDir() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.root
}

// workspaceFolders are the folders workspace/diagnostic walks.
func (c *configStore) workspaceFolders() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.folders...)
}

func (c *configStore) debounceDelay() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.debounce
}

// pullable reports whether the client answers workspace/configuration, and the root.
func (c *configStore) pullable() (bool, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.canConfig, c.root
}

// markConfigured closes configured once.
func (c *configStore) markConfigured() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.configured:
	default:
		close(c.configured)
	}
}

// setSettings replaces the client settings; it reports whether they changed.
func (c *configStore) setSettings(data []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	same := string(c.settings) == string(data)
	c.settings = data
	return !same
}

// generation names the configuration in effect; invalidate changes it.
func (c *configStore) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// invalidate drops every loaded configuration.
func (c *configStore) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.cache = map[string]configEntry{}
}

// forDir returns the configuration for notes in dir, loading it once per
// configuration change; err is set only by the call that loaded it, so that
// an error is logged once.
func (c *configStore) forDir(dir string) (analyzer.Config, error) {
	c.mu.Lock()
	e, ok := c.cache[dir]
	settings, gen := c.settings, c.gen
	c.mu.Unlock()
	if ok {
		return e.cfg, nil
	}
	loadDir := dir
	if dir == "" {
		// No file system location (untitled buffer, no workspace): settings only.
		loadDir = emptyDir
	}
	cfg, err := c.load(loadDir, settings)
	c.mu.Lock()
	// Settings that changed while this was loading make it stale: don't cache it
	// (invalidate's caller has already scheduled a re-lint with the new settings).
	if c.gen == gen {
		c.cache[dir] = configEntry{cfg: cfg, err: err}
	}
	c.mu.Unlock()
	return cfg, err
}

// emptyDir is searched for .soaplint.yaml when a note has no directory; the
// root of the file system holds none in practice.
const emptyDir = "/"
