package world

import (
	"fmt"
	"os"
)

// Load reads and parses a .maze file; the mazes its events name are read
// relative to it (DirFiles). It refuses anything but a regular
// file, and files over MaxFileBytes, before reading them. Problems in the
// file come back as an ErrorList; a file that cannot be opened or read
// gives the error from package os (so errors.Is(err, fs.ErrNotExist)
// works).
func Load(path string) (*Scenario, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseFiles(path, data, DirFiles{})
}

func checkFileInfo(path string, fi os.FileInfo) error {
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		if fi.IsDir() {
			what = "a directory"
		}
		return ErrorList{{File: path, Msg: fmt.Sprintf("the path is %s, expected a .maze file", what)}}
	}
	if fi.Size() > MaxFileBytes {
		return tooLarge(path, fi.Size())
	}
	return nil
}

func tooLarge(path string, size int64) error {
	return ErrorList{{File: path, Msg: fmt.Sprintf("the file is %d bytes or more, expected at most %d (1 MiB)", size, MaxFileBytes)}}
}
