//go:build !unix

package main

import (
	"io/fs"
	"os"
)

// linkCount is 1: this platform's FileInfo does not say.
func linkCount(fs.FileInfo) uint64 { return 1 }

// writable: a file without the owner's write bit is read-only.
func writable(_ string, fi fs.FileInfo) bool { return fi.Mode().Perm()&0o200 != 0 }

// keepOwner has nothing to keep where files have no POSIX owner.
func keepOwner(*os.File, fs.FileInfo) error { return nil }
