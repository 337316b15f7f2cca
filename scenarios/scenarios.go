// Package scenarios is mazerat's built-in scenario library: the .maze files
// in this directory, embedded in the binary. `mazerat scenarios` lists them;
// any command that takes a SCENARIO accepts their names.
package scenarios

import (
	"embed"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/mazerat/mazerat/world"
)

// Default is the scenario used when none is named.
const Default = "theseus"

//go:embed *.maze
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
	return world.Parse(name+".maze", b)
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
		return world.Load(arg)
	}
	return nil, fmt.Errorf("scenario %q is neither a file nor a built-in scenario, expected a .maze path or one of %s", arg, strings.Join(Names(), ", "))
}
