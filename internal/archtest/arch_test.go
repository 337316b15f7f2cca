// Package archtest keeps mazerat's architecture: the import direction
// world ← sim ← agent ← lab ← {lab/sweep, lab/repro} ← render ← cmd, with the physics engine and
// the window library each confined to the packages that own them.
package archtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/mazerat/mazerat"

// rule forbids a package from depending (directly or not) on any import
// path under one of forbidden, and from importing directly any under
// direct.
type rule struct {
	pkg       string
	forbidden []string
	direct    []string
}

var (
	cp     = "github.com/jakecoffman/cp"
	ebiten = "github.com/hajimehoshi/ebiten"
)

var rules = []rule{
	{mod + "/world", []string{mod + "/sim", mod + "/agent", mod + "/lab", mod + "/render", mod + "/cmd", mod + "/scenarios", mod + "/assets", cp, ebiten}, nil},
	{mod + "/scenarios", []string{mod + "/sim", mod + "/agent", mod + "/lab", mod + "/render", mod + "/cmd", mod + "/assets", cp, ebiten}, nil},
	{mod + "/sim", []string{mod + "/agent", mod + "/lab", mod + "/render", mod + "/cmd", mod + "/assets", ebiten}, nil},
	// agent sees the world only through sim's Observation and Action
	// types: it may depend on cp through sim, never import it.
	{mod + "/agent", []string{mod + "/lab", mod + "/render", mod + "/cmd", mod + "/assets", ebiten}, []string{cp}},
	// lab is the lifetime; sweeps and reproductions are built on it, side
	// by side, and nothing below them knows of them.
	{mod + "/lab", []string{mod + "/lab/sweep", mod + "/lab/repro", mod + "/serve", mod + "/render", mod + "/cmd", mod + "/assets", ebiten}, nil},
	{mod + "/lab/sweep", []string{mod + "/lab/repro", mod + "/render", mod + "/cmd", mod + "/assets", ebiten}, nil},
	{mod + "/lab/repro", []string{mod + "/lab/sweep", mod + "/render", mod + "/cmd", mod + "/assets", ebiten}, nil},
	// The server of worlds is its own package above lab, wired by cmd; the
	// conformance suite for agents stands beside agent, below lab.
	{mod + "/serve", []string{mod + "/lab/sweep", mod + "/lab/repro", mod + "/render", mod + "/cmd", mod + "/assets", ebiten}, nil},
	{mod + "/agent/agenttest", []string{mod + "/lab", mod + "/serve", mod + "/render", mod + "/cmd", mod + "/assets", ebiten}, nil},
	// assets is files: the window's fonts, sprites and icon. It depends
	// on nothing of mazerat, and only the window's side (render, cmd)
	// depends on it.
	{mod + "/assets", []string{mod + "/world", mod + "/scenarios", mod + "/sim", mod + "/agent", mod + "/lab", mod + "/serve", mod + "/render", mod + "/cmd", mod + "/internal", cp, ebiten}, nil},
}

// under reports whether import path d is f or inside it.
func under(d, f string) bool { return d == f || strings.HasPrefix(d, f+"/") }

// graph is what go list says of a package.
type graph struct {
	deps    map[string][]string // transitive
	imports map[string][]string // direct
}

// violations returns every broken rule in g.
func violations(rules []rule, g graph) []string {
	var out []string
	for _, r := range rules {
		for _, d := range g.deps[r.pkg] {
			for _, f := range r.forbidden {
				if under(d, f) {
					out = append(out, fmt.Sprintf("%s depends on %s", r.pkg, d))
				}
			}
		}
		for _, d := range g.imports[r.pkg] {
			for _, f := range r.direct {
				if under(d, f) {
					out = append(out, fmt.Sprintf("%s imports %s", r.pkg, d))
				}
			}
		}
	}
	return out
}

// goListDeps returns every package of the module with its transitive
// dependencies, for the given build tags.
func goListDeps(t *testing.T, tags string) graph {
	t.Helper()
	args := []string{"list", "-json=ImportPath,Deps,Imports"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	args = append(args, "./...")
	cmd := exec.Command("go", args...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	g := graph{deps: map[string][]string{}, imports: map[string][]string{}}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct {
			ImportPath    string
			Deps, Imports []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		g.deps[p.ImportPath] = p.Deps
		g.imports[p.ImportPath] = p.Imports
	}
	return g
}

func TestImportDirection(t *testing.T) {
	for _, tags := range []string{"", "headless"} {
		g := goListDeps(t, tags)
		for _, r := range rules {
			if _, ok := g.deps[r.pkg]; !ok {
				t.Errorf("tags %q: package %s not found by go list", tags, r.pkg)
			}
		}
		for _, v := range violations(rules, g) {
			t.Errorf("tags %q: %s", tags, v)
		}
		// Only render (and cmd through it) may link Ebitengine.
		for pkg, ds := range g.deps {
			if strings.HasPrefix(pkg, mod+"/render") || strings.HasPrefix(pkg, mod+"/cmd") {
				continue
			}
			for _, d := range ds {
				if strings.HasPrefix(d, ebiten) {
					t.Errorf("tags %q: %s links %s; only render may", tags, pkg, d)
				}
			}
		}
		// The headless build of the command must not link the window.
		if tags == "headless" {
			for _, d := range g.deps[mod+"/cmd/mazerat"] {
				if strings.HasPrefix(d, ebiten) {
					t.Errorf("headless mazerat links %s", d)
				}
			}
		}
	}
}

// TestViolationsCanFail checks the checker itself on made-up graphs.
func TestViolationsCanFail(t *testing.T) {
	tests := []struct {
		g    graph
		want int
	}{
		{graph{deps: map[string][]string{mod + "/world": {"fmt", "strings"}}}, 0},
		{graph{deps: map[string][]string{mod + "/world": {"fmt", mod + "/sim"}}}, 1},
		{graph{deps: map[string][]string{mod + "/agent": {cp + "/v2"}}}, 0}, // through sim: allowed
		{graph{imports: map[string][]string{mod + "/agent": {cp + "/v2"}}}, 1},
		{graph{deps: map[string][]string{mod + "/lab": {ebiten + "/v2", mod + "/render"}}}, 2},
		{graph{deps: map[string][]string{mod + "/sim": {mod + "/simulation"}}}, 0}, // a prefix of a name is not the package
		{graph{deps: map[string][]string{mod + "/lab": {mod + "/lab/sweep"}}}, 1},
		{graph{deps: map[string][]string{mod + "/lab/sweep": {mod + "/lab"}}}, 0},
		{graph{deps: map[string][]string{mod + "/assets": {"embed", "image/png"}}}, 0},
		{graph{deps: map[string][]string{mod + "/assets": {"embed", mod + "/render"}}}, 1},
		{graph{deps: map[string][]string{mod + "/lab": {mod + "/assets"}}}, 1},
	}
	for i, tc := range tests {
		if got := violations(rules, tc.g); len(got) != tc.want {
			t.Errorf("%d: %d violations %v, want %d", i, len(got), got, tc.want)
		}
	}
}
