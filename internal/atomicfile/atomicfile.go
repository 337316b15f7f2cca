// Package atomicfile is mazerat's one way of writing a file so that a
// reader, a crash or a kill never sees half of it: the data goes to a
// temporary file beside the target, is synced, and is then either renamed
// over the target (replace) or hard-linked to a name that must be free
// (never overwrite); the directory is synced after either. Run outputs,
// checkpoints, sweep tables, saved mazes and snapshots all go through it.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File is a file being written beside its final path. Write to it, then
// Commit (replace whatever is at the path) or CommitNew (only if the path
// is free); Abort, or a failed commit, removes the temporary file.
type File struct {
	f    *os.File
	path string
	done bool
}

// Create starts writing the file that will be at path. The temporary file
// is in path's directory (so the final rename cannot cross file systems)
// and is named after path with a ".tmp-" suffix that RemoveStale finds.
func Create(path string) (*File, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private; results are for sharing.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return &File{f: f, path: path}, nil
}

// Write writes to the temporary file.
func (a *File) Write(p []byte) (int, error) { return a.f.Write(p) }

// Path returns the path the file will have once committed.
func (a *File) Path() string { return a.path }

// Commit syncs the file and renames it over its path, replacing what was
// there, then syncs the directory.
func (a *File) Commit() error {
	return a.finish(func(tmp string) error { return os.Rename(tmp, a.path) })
}

// CommitNew is Commit that never replaces: it fails with an error wrapping
// fs.ErrExist if the path exists. Where the file system has no hard links
// the file is created exclusively and copied instead.
func (a *File) CommitNew() error {
	return a.finish(func(tmp string) error { return linkNew(tmp, a.path) })
}

// linkNew gives the file tmp the name path too, if path is free.
func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	data, rerr := os.ReadFile(tmp)
	if rerr != nil {
		return rerr
	}
	return writeExclusive(path, data)
}

func (a *File) finish(place func(tmp string) error) error {
	if a.done {
		return fmt.Errorf("writing %s: already committed or aborted", a.path)
	}
	a.done = true
	tmp := a.f.Name()
	err := a.f.Sync()
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = place(tmp)
	}
	os.Remove(tmp) // after a rename there is nothing left to remove; after a link, the extra name
	if err != nil {
		return fmt.Errorf("writing %s: %w", a.path, err)
	}
	SyncDir(filepath.Dir(a.path))
	return nil
}

// Abort drops the file. It does nothing after a commit.
func (a *File) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// WriteFile writes data to path atomically, replacing what is there.
func WriteFile(path string, data []byte) error {
	a, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		a.Abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return a.Commit()
}

// WriteNew writes data to path atomically only if nothing is there; it
// fails with an error wrapping fs.ErrExist otherwise.
func WriteNew(path string, data []byte) error {
	a, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		a.Abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return a.CommitNew()
}

// WriteFree writes data to dir/stem+ext, or stem-2+ext, stem-3+ext ...,
// the first name that is free, never replacing a file, and returns the
// path written ("" dir is the working directory).
func WriteFree(dir, stem, ext string, data []byte) (string, error) {
	if dir == "" {
		dir = "." // not os.CreateTemp's default, the system's temporary directory
	}
	name := func(i int) string {
		if i == 1 {
			return filepath.Join(dir, stem+ext)
		}
		return filepath.Join(dir, fmt.Sprintf("%s-%d%s", stem, i, ext))
	}
	a, err := Create(name(1))
	if err != nil {
		return "", err
	}
	if _, err := a.Write(data); err != nil {
		a.Abort()
		return "", fmt.Errorf("writing %s: %w", a.path, err)
	}
	const tries = 10000
	err = a.finish(func(tmp string) error {
		for i := 1; i <= tries; i++ {
			err := linkNew(tmp, name(i))
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			if err == nil {
				a.path = name(i)
			}
			return err
		}
		return fmt.Errorf("no free name for %s%s in %s", stem, ext, dir)
	})
	if err != nil {
		return "", err
	}
	return a.path, nil
}

func writeExclusive(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// SyncDir makes a rename or link in dir durable (best effort: not every
// file system can sync a directory).
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// RemoveStale deletes the temporary files that a process killed while
// writing path may have left beside it.
func RemoveStale(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, m := range matches {
		os.Remove(m)
	}
}
