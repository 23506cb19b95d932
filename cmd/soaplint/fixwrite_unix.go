//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// linkCount is the number of hard links to the file (1 when unknown).
func linkCount(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// writable reports whether the user may write the file: by access(2) for
// others; root may write anything, so for root a file without any write bit is
// read-only, as `chmod a-w` meant it.
func writable(path string, fi fs.FileInfo) bool {
	if os.Geteuid() == 0 {
		return fi.Mode().Perm()&0o222 != 0
	}
	const wOK = 2 // W_OK
	return syscall.Access(path, wOK) == nil
}

// keepOwner gives f the owner and group of fi when they differ from f's, which
// only root (or a member of the group, for the group) may do.
func keepOwner(f *os.File, fi fs.FileInfo) error {
	want, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	cur, err := f.Stat()
	if err != nil {
		return err
	}
	if have, ok := cur.Sys().(*syscall.Stat_t); ok && have.Uid == want.Uid && have.Gid == want.Gid {
		return nil
	}
	return f.Chown(int(want.Uid), int(want.Gid))
}
