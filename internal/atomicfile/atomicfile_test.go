package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// names lists a directory's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	for _, content := range []string{"one", "two, longer", ""} {
		if err := WriteFile(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		if got := read(t, p); got != content {
			t.Errorf("file holds %q, want %q", got, content)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"f.txt"}) {
		t.Errorf("directory holds %v, want only f.txt (no temporary files left)", got)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644 (results are for sharing)", st.Mode().Perm())
	}
	if err := WriteFile(filepath.Join(dir, "no", "such", "dir", "f"), nil); err == nil {
		t.Errorf("writing into a missing directory succeeded")
	}
}

func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mine.maze")
	if err := WriteNew(p, []byte("first")); err != nil {
		t.Fatal(err)
	}
	err := WriteNew(p, []byte("second"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("writing over an existing file: %v, want an error wrapping fs.ErrExist", err)
	}
	if got := read(t, p); got != "first" {
		t.Errorf("the existing file holds %q after a refused write, want %q", got, "first")
	}
	if got := names(t, dir); !slices.Equal(got, []string{"mine.maze"}) {
		t.Errorf("directory holds %v, want only mine.maze", got)
	}
}

func TestWriteFree(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, content := range []string{"a", "b", "c"} {
		p, err := WriteFree(dir, "snap", ".png", []byte(content))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Base(p))
		if got := read(t, p); got != content {
			t.Errorf("%s holds %q, want %q", p, got, content)
		}
	}
	if want := []string{"snap.png", "snap-2.png", "snap-3.png"}; !slices.Equal(paths, want) {
		t.Errorf("names %v, want %v", paths, want)
	}
	if got := names(t, dir); len(got) != 3 {
		t.Errorf("directory holds %v, want the three files and nothing else", got)
	}
	// "" is the working directory, not the system's temporary one.
	t.Chdir(dir)
	p, err := WriteFree("", "here", ".txt", []byte("x"))
	if err != nil || p != "here.txt" {
		t.Errorf("WriteFree in the working directory: %q, %v", p, err)
	}
}

func TestAbortAndStale(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	a, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	a.Write([]byte("half"))
	a.Abort()
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("after Abort the directory holds %v, want nothing", got)
	}
	if err := a.Commit(); err == nil {
		t.Errorf("Commit after Abort succeeded")
	}
	// A writer killed mid-way leaves its temporary file: RemoveStale
	// clears it and nothing else.
	b, _ := Create(p)
	b.Write([]byte("killed"))
	os.WriteFile(filepath.Join(dir, "other.csv"), nil, 0o644)
	RemoveStale(p)
	if got := names(t, dir); !slices.Equal(got, []string{"other.csv"}) {
		t.Errorf("after RemoveStale the directory holds %v, want only other.csv", got)
	}
}
