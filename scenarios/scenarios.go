// Package scenarios is mazerat's built-in scenario library: the .maze files
// in this directory, embedded in the binary. `mazerat scenarios` lists them;
// any command that takes a SCENARIO accepts their names.
package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/mazerat/mazerat/world"
)

// Default is the scenario used when none is named.
const Default = "theseus"

//go:embed *.maze curriculum/*.maze
var files embed.FS

// Names returns the names of the built-in scenarios, sorted.
func Names() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		panic(err) // the embedded directory always reads
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".maze"); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// Source returns the text of a built-in scenario.
func Source(name string) ([]byte, bool) {
	b, err := files.ReadFile(name + ".maze")
	return b, err == nil
}

// Load parses the named built-in scenario.
func Load(name string) (*world.Scenario, error) {
	b, ok := Source(name)
	if !ok {
		return nil, fmt.Errorf("no built-in scenario %q, expected one of %s", name, strings.Join(Names(), ", "))
	}
	return world.ParseFiles(name+".maze", b, Files{})
}

// Files reads the mazes that maze events name: from a built-in scenario,
// a name relative to the built-ins' directory (curriculum/a.maze) or a
// built-in's name; from a file, a path relative to it on disk, or a
// built-in's name when no such file exists.
type Files struct{}

// ReadRef implements world.Files.
func (Files) ReadRef(ref, from string) (string, []byte, error) {
	if isBuiltin(from) {
		if b, err := files.ReadFile(path.Clean(ref)); err == nil && path.Clean(ref) != from {
			return ref + " (built-in)", b, nil
		} else if path.Clean(ref) == from {
			return ref, nil, world.ErrSelf
		}
		if b, ok := Source(strings.TrimSuffix(ref, ".maze")); ok && !strings.Contains(ref, "/") {
			return ref + " (built-in)", b, nil
		}
		return ref + " (built-in)", nil, fs.ErrNotExist
	}
	name, data, err := world.DirFiles{}.ReadRef(ref, from)
	if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(ref, `/\`) {
		if b, ok := Source(strings.TrimSuffix(ref, ".maze")); ok {
			return ref + " (built-in)", b, nil
		}
	}
	return name, data, err
}

// isBuiltin reports whether a scenario's source names a built-in one.
func isBuiltin(source string) bool {
	_, ok := Source(strings.TrimSuffix(source, ".maze"))
	return ok && !strings.ContainsAny(source, `/\`) && source == strings.TrimSuffix(source, ".maze")+".maze"
}

// Resolve loads a SCENARIO argument: the name of a built-in scenario, or
// the path of a .maze file. A name that is both a built-in and a file in
// the working directory means the built-in unless written as a path
// ("./theseus").
func Resolve(arg string) (*world.Scenario, error) {
	if arg == "" {
		arg = Default
	}
	if _, ok := Source(arg); ok && !strings.ContainsAny(arg, `/\`) {
		return Load(arg)
	}
	if _, err := os.Stat(arg); err == nil || strings.ContainsAny(arg, `/\`) || path.Ext(arg) == ".maze" {
		return LoadFile(arg)
	}
	return nil, fmt.Errorf("scenario %q is neither a file nor a built-in scenario, expected a .maze path or one of %s", arg, strings.Join(Names(), ", "))
}

// LoadFile reads a scenario file; its maze events may name files relative
// to it or built-in scenarios.
func LoadFile(p string) (*world.Scenario, error) {
	data, err := world.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return world.ParseFiles(p, data, Files{})
}
