package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// This file is --fix's file-system layer: it reads a note with enough about it
// to tell later whether it changed, and replaces it only when that is safe.
//
// A note is replaced atomically: the fixed text goes to a temporary file in the
// same folder, which gets the note's mode and owner, and is renamed over the
// note, so a reader sees the old note or the new one, never half of one. A note
// is left alone, with a message naming it (never quoting it), when
//   - it is read-only (no write permission for the user; for root, no write bit);
//   - it is a symlink whose target lies outside the folder being linted;
//   - it has more than one hard link: renaming over one name would split the
//     links (the other names keep the old text), and rewriting in place is not
//     atomic — an interrupted write would lose the note. Skipping is the only
//     choice that can lose nothing;
//   - its owner or group cannot be kept (a user who may write someone else's
//     note cannot give the new file that owner);
//   - it changed since it was read (size, modification time, identity or
//     content), which would otherwise lose the edit made meanwhile;
//   - it was already fixed in this run under another name (a symlink to it).
// The caller does not write at all when the note's configuration had errors.

// snapshot is what --fix knows about a note file as it was read.
type snapshot struct {
	path string      // the note as given
	real string      // the file written: path with symlinks resolved
	info fs.FileInfo // the file read (after symlinks)
	sum  [sha256.Size]byte
}

// readSnapshot reads the note at path and records what its replacement must
// check and keep.
func readSnapshot(path string) ([]byte, *snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, err
	}
	return data, &snapshot{path: path, info: info, sum: sha256.Sum256(data)}, nil
}

// errSkip is a note --fix leaves alone on purpose; its text says why.
type errSkip struct{ why string }

func (e *errSkip) Error() string { return e.why }

func skip(format string, args ...any) error { return &errSkip{fmt.Sprintf(format, args...)} }

// check decides whether the note may be replaced, given the folder it was
// linted under; it resolves s.real.
func (s *snapshot) check(root string) error {
	lst, err := os.Lstat(s.path)
	if err != nil {
		return err
	}
	s.real = s.path
	if lst.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(s.path)
		if err != nil {
			return err
		}
		if !insideTree(root, real) {
			return skip("symlink to a file outside %s, not fixed", displayRoot(root))
		}
		s.real = real
	}
	if !s.info.Mode().IsRegular() {
		return skip("not a regular file, not fixed")
	}
	if n := linkCount(s.info); n > 1 {
		return skip("has %d hard links, not fixed (replacing it would split them; rewriting it in place is not atomic)", n)
	}
	if !writable(s.real, s.info) {
		return skip("read-only, not fixed")
	}
	return nil
}

// insideTree reports whether file lies inside the folder root, both with
// symlinks resolved.
func insideTree(root, file string) bool {
	r, err := filepath.EvalSymlinks(root)
	if err != nil {
		return false
	}
	if r, err = filepath.Abs(r); err != nil {
		return false
	}
	f, err := filepath.Abs(file)
	return err == nil && within(f, r)
}

func displayRoot(root string) string {
	if root == "" || root == "." {
		return "the linted folder"
	}
	return "the linted folder " + root
}

// unchanged reports whether the file at s.real is still the one read: same
// file, size, modification time and content.
func (s *snapshot) unchanged() error {
	f, err := os.Open(s.real)
	if err != nil {
		return err
	}
	defer f.Close()
	now, err := f.Stat()
	if err != nil {
		return err
	}
	changed := skip("changed while linting, not fixed")
	if !os.SameFile(now, s.info) || now.Size() != s.info.Size() || !now.ModTime().Equal(s.info.ModTime()) {
		return changed
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if !bytes.Equal(h.Sum(nil), s.sum[:]) {
		return changed
	}
	return nil
}

// write replaces the note checked by check with text (after a BOM when the
// note had one), atomically, keeping its mode and owner, unless it changed
// since it was read.
func (s *snapshot) write(text string, bom bool) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(s.real), ".soaplint-fix-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if bom {
		if _, err := tmp.WriteString("\xef\xbb\xbf"); err != nil {
			return err
		}
	}
	if _, err := tmp.WriteString(text); err != nil {
		return err
	}
	if err := keepOwner(tmp, s.info); err != nil {
		return skip("owned by another user or group, not fixed (the new file could not keep its owner)")
	}
	// After chown, which may clear set-id bits.
	if err := tmp.Chmod(s.info.Mode().Perm()); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := s.unchanged(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.real)
}

// isSkip reports whether err is a deliberate skip rather than a failure.
func isSkip(err error) bool {
	var s *errSkip
	return errors.As(err, &s)
}
