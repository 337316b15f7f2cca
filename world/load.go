package world

import (
	"fmt"
	"io"
	"os"
)

// Load reads and parses a .maze file. It refuses anything but a regular
// file, and files over MaxFileBytes, before reading them. Problems in the
// file come back as an ErrorList; a file that cannot be opened or read
// gives the error from package os (so errors.Is(err, fs.ErrNotExist)
// works).
func Load(path string) (*Scenario, error) {
	// Stat before opening: opening a named pipe would block.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkFileInfo(path, fi); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The path may have changed between the two looks.
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkFileInfo(path, fi); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(path, int64(len(data)))
	}
	return Parse(path, data)
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
