package config

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/soaplint/soaplint/analyzer"
)

// Resolver finds, loads and applies the configuration for notes, caching the
// upward search per directory and the loaded result per file, so a batch of
// thousands of notes reads each .soaplint.yaml once. Safe for concurrent use.
type Resolver struct {
	base     analyzer.Config
	known    []string
	override string // --config: used for every note when set
	after    func(analyzer.Config) analyzer.Config

	mu    sync.Mutex
	dirs  map[string]string    // absolute directory -> config path ("" for none)
	given map[string]string    // directory as given -> config path
	files map[string]*Resolved // config path -> result
}

// Resolved is the configuration that applies to a note.
type Resolved struct {
	Path     string          // the configuration file; "" when none applies
	Config   analyzer.Config // base with the file applied
	Warnings []error         // malformed rows skipped in code-pair / MUE files
	Err      error           // the file could not be loaded; Config is then base
}

// Options configure a Resolver.
type Options struct {
	Base     analyzer.Config // what applies with no configuration file
	Override string          // when set, this file applies to every note and no search is made
	Known    []string        // valid rule IDs (rules.Catalogue); nil accepts any
	// After, when set, adjusts every resolved configuration (command-line flags
	// that must win over files). It is called once per configuration file.
	After func(analyzer.Config) analyzer.Config
}

// NewResolver returns a resolver applying configuration files over opts.Base.
func NewResolver(opts Options) *Resolver {
	after := opts.After
	if after == nil {
		after = func(c analyzer.Config) analyzer.Config { return c }
	}
	return &Resolver{base: opts.Base, known: opts.Known, override: opts.Override, after: after,
		dirs: map[string]string{}, given: map[string]string{}, files: map[string]*Resolved{}}
}

// ForDir returns the configuration for a note in dir ("" for stdin: the working
// directory).
func (r *Resolver) ForDir(dir string) *Resolved {
	r.mu.Lock()
	defer r.mu.Unlock()
	path := r.override
	if path == "" {
		if dir == "" {
			dir = "."
		}
		// Notes arrive by the thousand from a few folders: remember each folder as
		// given, so filepath.Abs (a getwd system call) runs once per folder.
		var ok bool
		if path, ok = r.given[dir]; !ok {
			abs, err := filepath.Abs(dir)
			if err != nil {
				abs = dir
			}
			path = r.find(abs)
			r.given[dir] = path
		}
	}
	if res, ok := r.files[path]; ok {
		return res
	}
	res := &Resolved{Path: path, Config: r.base}
	if path != "" {
		f, err := Load(path, r.known)
		if err == nil {
			res.Warnings = f.Warnings
			res.Config, err = f.Apply(r.base)
		}
		if err != nil {
			res.Err, res.Config = err, r.base
		}
	}
	res.Config = r.after(res.Config)
	r.files[path] = res
	return res
}

// find walks upward from dir, caching every directory it passes.
func (r *Resolver) find(dir string) string {
	if p, ok := r.dirs[dir]; ok {
		return p
	}
	p := filepath.Join(dir, FileName)
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		p = ""
		if parent := filepath.Dir(dir); parent != dir {
			p = r.find(parent)
		}
	}
	r.dirs[dir] = p
	return p
}
