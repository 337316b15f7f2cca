package world

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Files reads the mazes a scenario's maze events name.
type Files interface {
	// ReadRef returns the text of the maze that ref names in the scenario
	// called from, and the name it goes by in messages (a path or a
	// built-in's name). ErrSelf means ref names from itself.
	ReadRef(ref, from string) (name string, data []byte, err error)
}

// ErrSelf is returned by Files.ReadRef for a maze event that names its own
// scenario.
var ErrSelf = errors.New("names the scenario's own file")

// DirFiles reads mazes from disk, a relative name taken from the directory
// of the scenario that names it. It is what Load uses.
type DirFiles struct{}

// ReadRef implements Files.
func (DirFiles) ReadRef(ref, from string) (string, []byte, error) {
	path := ref
	if !filepath.IsAbs(ref) {
		path = filepath.Join(filepath.Dir(from), ref)
	}
	if samePath(path, from) {
		return path, nil, ErrSelf
	}
	data, err := ReadFile(path)
	return path, data, err
}

// samePath reports whether a and b name the same file.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 != nil || err2 != nil {
		return false
	}
	if aa == bb {
		return true
	}
	sa, err1 := os.Stat(aa)
	sb, err2 := os.Stat(bb)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// mazeUse is a maze event's name and where it is written.
type mazeUse struct {
	ref *MazeRef
	pos Pos
}

// resolveMazes reads every maze the events name: from the front matter's
// mazes first, then through the parser's Files. Each name is read once;
// events naming it share the result.
func (p *mazeParser) resolveMazes() {
	if len(p.mazeUses) == 0 {
		for _, in := range p.inline {
			p.addf(in.pos, "", "the maze %s is never named by a maze event, expected an event such as {at_step: 1000, maze: %s}", in.name, in.name)
		}
		return
	}
	done := map[string]*MazeRef{}
	used := map[string]bool{}
	for _, u := range p.mazeUses {
		name := u.ref.Name
		if r, ok := done[name]; ok {
			if r != nil {
				*u.ref = *r
			}
			continue
		}
		r := p.readMaze(name, u.pos)
		done[name] = r
		used[name] = true
		if r != nil {
			*u.ref = *r
			p.s.Mazes = append(p.s.Mazes, r)
		}
	}
	for _, in := range p.inline {
		if !used[in.name] {
			p.addf(in.pos, "", "the maze %s is never named by a maze event, expected an event such as {at_step: 1000, maze: %s}", in.name, in.name)
		}
	}
	// An event naming a maze that could not be read is left out, so that
	// Validate does not report its consequences; events share one MazeRef
	// per name.
	p.s.Events = slices.DeleteFunc(p.s.Events, func(e Event) bool {
		if e.Maze != nil && e.Maze.Maze == nil {
			return true
		}
		for _, it := range e.Items {
			if it.Maze != nil && it.Maze.Maze == nil {
				return true
			}
		}
		return false
	})
	share := func(e *Event) {
		if e.Maze != nil {
			for _, r := range p.s.Mazes {
				if r.Name == e.Maze.Name {
					e.Maze = r
				}
			}
		}
	}
	for i := range p.s.Events {
		share(&p.s.Events[i])
		for j := range p.s.Events[i].Items {
			share(&p.s.Events[i].Items[j])
		}
	}
}

// readMaze reads and checks the maze called name, reporting problems at
// pos (where an event names it) and inside it.
func (p *mazeParser) readMaze(name string, pos Pos) *MazeRef {
	for _, in := range p.inline {
		if in.name != name {
			continue
		}
		src := fmt.Sprintf("%s (mazes: %s)", p.s.Source, name)
		sc, err := parseWith(src, []byte(in.text), nil, true)
		if err != nil {
			// The text's lines and columns, moved to where it stands in
			// this file.
			var list ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					c := *e
					c.File = p.s.Source
					if c.Line > 0 {
						c.Line += in.pos.Line - 1
						c.Col += in.pos.Col - 1
					}
					c.Msg += fmt.Sprintf(" (in the maze %s)", name)
					p.add(&c)
				}
			}
			return nil
		}
		return refOf(name, src, sc, []byte(in.text))
	}
	if p.files == nil {
		p.addf(pos, "", "no maze called %q, expected an entry of the front matter's mazes (this scenario was given as text, so it cannot name files)", name)
		return nil
	}
	src, data, err := p.files.ReadRef(name, p.s.Source)
	switch {
	case errors.Is(err, ErrSelf):
		p.addf(pos, "", "the maze event names %s, the scenario's own file, expected another maze", name)
		return nil
	case errors.Is(err, fs.ErrNotExist):
		p.addf(pos, "", "the maze %s does not exist (looked for %s), expected a .maze file (relative to this file), a built-in scenario or an entry of mazes", name, src)
		return nil
	case err != nil:
		p.addf(pos, "", "the maze %s cannot be read: %v", name, err)
		return nil
	}
	sc, err := parseWith(src, data, nil, true)
	if err != nil {
		var list ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				c := *e
				c.Msg += fmt.Sprintf(" (the maze named at %s:%d:%d)", p.s.Source, pos.Line, pos.Col)
				p.add(&c)
			}
		} else {
			p.addf(pos, "", "the maze %s: %v", name, err)
		}
		return nil
	}
	return refOf(name, src, sc, data)
}

func refOf(name, src string, sc *Scenario, text []byte) *MazeRef {
	return &MazeRef{Name: name, Source: src, Maze: sc.Maze, Doors: sc.Doors, Decl: sc.Declared, Text: canonicalMaze(sc), layout: sc.pos[LayoutPos]}
}

// canonicalMaze is the text of what a maze event takes from a maze: its
// door groups and its layout.
func canonicalMaze(sc *Scenario) []byte {
	m := DefaultScenario(sc.Maze)
	m.Doors, m.Declared = sc.Doors, sc.Declared
	return Format(m)
}

// ReadFile reads a scenario file as Load does: a regular file of at most
// MaxFileBytes, checked before it is read (opening a named pipe would
// block). A file that cannot be opened or read gives the error from
// package os (so errors.Is(err, fs.ErrNotExist) works).
func ReadFile(path string) ([]byte, error) {
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
	return data, nil
}
