package lsp

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/lexicon"
)

// The add-term command writes a file on behalf of whoever is connected, and
// over --listen that is any local process. Everything it takes from the
// arguments is checked here before anything is read or written:
//
//   - the document must be open in this session and be a plain file: URI
//     (empty or localhost host, no query or fragment, no "." or ".." segment,
//     no percent-encoded separator or NUL);
//   - its directory, with symlinks resolved, must lie inside a workspace folder
//     the client named at initialize (symlinks of the folder resolved too);
//   - the file written is that folder's .soaplint.yaml and nothing else: not a
//     symlink, not a non-regular file, never a file found further up;
//   - the class is one the lexicon has, which is exactly what config accepts;
//   - the term is one short line of printable text;
//   - the result must parse as configuration, so a written file never makes a
//     later lint fail, and stay under maxConfigBytes.
//
// Refusals are InvalidParams errors that quote neither the term nor the URI
// (both may carry note text or a patient's name).

// Limits on the command's input and output.
const (
	maxTermChars   = 64
	maxConfigBytes = 1 << 20 // a project configuration is a few KB; this stops a loop of additions
)

// errRefused marks a refusal caused by the request (InvalidParams) rather than
// by the file system (InternalError).
type errRefused struct{ msg string }

func (e *errRefused) Error() string { return e.msg }

func refuse(format string, args ...any) error {
	return &errRefused{fmt.Sprintf(format, args...)}
}

// workspaceFolders are the folder paths the client named at initialize.
type workspaceFolders struct {
	mu   sync.Mutex
	dirs []string // absolute, cleaned
}

// set records the folders of an initialize request: every workspace folder,
// else rootUri, else rootPath. Entries that are not plain absolute paths are
// skipped.
func (w *workspaceFolders) set(params *protocol.InitializeParams) {
	var dirs []string
	add := func(p string) {
		if p != "" && filepath.IsAbs(p) {
			dirs = append(dirs, filepath.Clean(p))
		}
	}
	switch {
	case len(params.WorkspaceFolders) > 0:
		for _, f := range params.WorkspaceFolders {
			p, _ := filePath(f.URI)
			add(p)
		}
	case params.RootURI != "":
		p, _ := filePath(string(params.RootURI))
		add(p)
	case params.RootPath != "":
		add(params.RootPath)
	}
	w.mu.Lock()
	w.dirs = dirs
	w.mu.Unlock()
}

func (w *workspaceFolders) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.dirs...)
}

// filePath parses a file: URI strictly and returns its path. It refuses what
// could name another file than it seems to: other schemes, a remote host, a
// query or fragment, "." or ".." segments, empty segments, percent-encoded
// separators, NUL or other control characters.
func filePath(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", refuse("the document URI is not a valid URI")
	}
	if !strings.EqualFold(u.Scheme, "file") {
		return "", refuse("the document is not a file: URI")
	}
	if u.Opaque != "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.RawFragment != "" {
		return "", refuse("the document URI is not a plain file: URI")
	}
	if h := u.Host; h != "" && !strings.EqualFold(h, "localhost") {
		return "", refuse("the document URI names a remote host")
	}
	esc := strings.ToLower(u.EscapedPath())
	for _, bad := range []string{"%2f", "%5c", "%00"} {
		if strings.Contains(esc, bad) {
			return "", refuse("the document URI contains an encoded separator or NUL")
		}
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		return "", refuse("the document URI has no absolute path")
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", refuse("the document path has empty, . or .. segments")
		}
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "", refuse("the document path contains a control character or backslash")
		}
	}
	p = filepath.FromSlash(p)
	if p != filepath.Clean(p) || !filepath.IsAbs(p) {
		return "", refuse("the document path is not a clean absolute path")
	}
	return p, nil
}

// validTerm returns term trimmed, or a refusal: one line of at most
// maxTermChars printable characters.
func validTerm(term string) (string, error) {
	if !utf8.ValidString(term) {
		return "", refuse("the term is not valid UTF-8")
	}
	term = strings.TrimSpace(term)
	if term == "" {
		return "", refuse("the term is empty")
	}
	if n := utf8.RuneCountInString(term); n > maxTermChars {
		return "", refuse("the term has %d characters; at most %d are allowed", n, maxTermChars)
	}
	for _, r := range term {
		// Cc (tabs, newlines, NUL), Cf (bidi overrides, zero-width), and the
		// Unicode line and paragraph separators.
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return "", refuse("the term must be one line without control or formatting characters")
		}
	}
	return term, nil
}

// validClass refuses a class the lexicon does not have: config accepts exactly
// the lexicon's term lists, so any other would make the file invalid.
func validClass(class string) error {
	for _, c := range lexicon.Default().Terms.Classes() {
		if string(c) == class {
			return nil
		}
	}
	names := make([]string, 0, 4)
	for _, c := range lexicon.Default().Terms.Classes() {
		names = append(names, string(c))
	}
	if len(class) > 40 {
		class = class[:40] + "…"
	}
	return refuse("unknown term class %q (want one of %s)", class, strings.Join(names, ", "))
}

// insideDir reports whether path (absolute, clean) is dir or lies under it.
func insideDir(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// addTermTarget returns the .soaplint.yaml the term for doc goes into: the one
// in the innermost workspace folder holding doc, after checking every rule
// above. It reads nothing but directory metadata.
func (s *server) addTermTarget(doc string) (string, error) {
	if _, open := s.docs.text(protocol.DocumentURI(doc)); !open {
		return "", refuse("the document is not open in this session")
	}
	path, err := filePath(doc)
	if err != nil {
		return "", err
	}
	var folder string
	for _, f := range s.folders.list() {
		if insideDir(f, filepath.Dir(path)) && len(f) > len(folder) {
			folder = f
		}
	}
	if folder == "" {
		return "", refuse("the document is not inside a workspace folder")
	}
	// Compare real locations: a symlinked directory inside the folder may lead
	// out of it.
	realFolder, err := filepath.EvalSymlinks(folder)
	if err != nil {
		return "", refuse("the workspace folder cannot be resolved")
	}
	realDir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return "", refuse("the document's folder cannot be resolved")
	}
	if !insideDir(realFolder, realDir) {
		return "", refuse("the document's folder leads outside the workspace folder")
	}
	target := filepath.Join(realFolder, configFileName)
	// A nearer .soaplint.yaml governs the note (config.Find stops at the first):
	// a term added to the folder's file would have no effect on it.
	for d := realDir; d != realFolder && insideDir(realFolder, d); d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, configFileName)); err == nil && st.Mode().IsRegular() {
			rel, _ := filepath.Rel(realFolder, filepath.Join(d, configFileName))
			return "", refuse("this note is configured by %s, not by the workspace folder's %s; add the term there by hand", filepath.ToSlash(rel), configFileName)
		}
	}
	if st, err := os.Lstat(target); err == nil && !st.Mode().IsRegular() {
		return "", refuse("the workspace folder's %s is not a regular file (a symlink or directory); it is left alone", configFileName)
	}
	return target, nil
}

// addTermArgs decodes the command's arguments: [class, term, documentURI].
func addTermArgs(args []any) (class, term, doc string, err error) {
	if len(args) != 3 {
		return "", "", "", refuse("%s wants 3 arguments [class, term, documentURI], got %d", cmdAddTerm, len(args))
	}
	var ok [3]bool
	class, ok[0] = args[0].(string)
	term, ok[1] = args[1].(string)
	doc, ok[2] = args[2].(string)
	if !ok[0] || !ok[1] || !ok[2] {
		return "", "", "", refuse("%s wants 3 string arguments [class, term, documentURI]", cmdAddTerm)
	}
	if err := validClass(class); err != nil {
		return "", "", "", err
	}
	if term, err = validTerm(term); err != nil {
		return "", "", "", err
	}
	return class, term, doc, nil
}

// addTermFile adds term to lexicon.<class> in the configuration file at path,
// refusing to write anything that would not load as configuration. The file
// keeps its mode; a new file gets 0644.
func addTermFile(path, class, term string) error {
	mode := os.FileMode(0o644)
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		st, err := os.Lstat(path)
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return refuse("%s is not a regular file; it is left alone", configFileName)
		}
		mode = st.Mode().Perm()
		if _, err := config.Parse(data, path, rules.Catalogue); err != nil {
			return refuse("%s has errors; fix them before adding terms: %v", configFileName, err)
		}
	case errors.Is(err, os.ErrNotExist):
	default:
		return err
	}
	out, err := addTermYAML(data, class, term)
	if err != nil {
		return refuse("%s: %v", configFileName, err)
	}
	if string(out) == string(data) {
		return nil // already there
	}
	if len(out) > maxConfigBytes {
		return refuse("%s would grow past %d bytes; not written", configFileName, maxConfigBytes)
	}
	if _, err := config.Parse(out, path, rules.Catalogue); err != nil {
		return fmt.Errorf("the updated %s would not load (%v); not written", configFileName, err)
	}
	// Write beside and rename, so an editor or linter never reads half a file.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".soaplint.yaml.*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// commandError turns an add-term failure into the JSON-RPC error answered.
func commandError(err error) error {
	var r *errRefused
	if errors.As(err, &r) {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %s", cmdAddTerm, r.msg)
	}
	return jsonrpc2.Errorf(jsonrpc2.InternalError, "could not update the project lexicon: %v", err)
}
