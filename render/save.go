package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/world"
)

// EditedScenario returns the scenario as its world stands now: the maze
// with every wall change, the door groups as they are now (as the
// starting state), the cheese spots where they are now, every setting of
// the lived scenario (after --set), and no event schedule (the events
// that made this world have happened; a new schedule is the author's to
// write). The text Print writes for it loads back Equal.
func (a *App) EditedScenario() *world.Scenario {
	w := a.life.World()
	sc := a.sc.Clone()
	sc.Maze = w.Maze().Clone()
	spots := slices.Clone(a.spots)
	slices.SortFunc(spots, func(p, q world.Cell) int {
		if p.Row != q.Row {
			return p.Row - q.Row
		}
		return p.Col - q.Col
	})
	sc.Maze.Cheese = slices.Compact(spots)
	sc.Doors = w.Doors() & sc.Declared
	sc.Events = nil
	if !strings.HasSuffix(sc.Name, "(edited)") {
		sc.Name = strings.TrimSpace(sc.Name + " (edited)")
	}
	from := sc.Source
	if from == "" {
		from = a.sc.Name
	}
	sc.Description = fmt.Sprintf("Saved from the mazerat window at step %d of a lifetime of %s (seed %d) after %d changes by hand; the door groups start as they stood then.",
		w.StepCount(), filepath.Base(from), a.life.Seed(), a.edits)
	sc.Source = ""
	return sc
}

// SaveMaze writes EditedScenario to <scenario>-edited-<step>.maze in the
// App's directory, never over an existing file, and returns the path.
// It first checks that the text loads back identical.
func (a *App) SaveMaze() (string, error) {
	sc := a.EditedScenario()
	var b bytes.Buffer
	if err := world.Print(&b, sc); err != nil {
		return "", err
	}
	back, err := world.Parse("saved.maze", b.Bytes())
	if err == nil {
		err = back.Validate()
	}
	if err != nil {
		return "", fmt.Errorf("the edited maze does not check: %v", explain(err))
	}
	if !back.Equal(sc) {
		return "", fmt.Errorf("the edited maze does not read back as written (please report this)")
	}
	name := fmt.Sprintf("%s-edited-%d", scenarioSlug(a.sc), a.life.World().StepCount())
	return atomicfile.WriteFree(a.opt.Dir, name, ".maze", b.Bytes())
}

// scenarioSlug names files after the scenario: its file's base name, or
// its name in lower case with dashes.
func scenarioSlug(sc *world.Scenario) string {
	if sc.Source != "" {
		base := filepath.Base(sc.Source)
		return strings.TrimSuffix(base, filepath.Ext(base))
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(sc.Name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		s = "maze"
	}
	return s
}

// freePath returns dir/name+ext, or dir/name-2+ext and so on, the first
// that does not exist.
func freePath(dir, name, ext string) (string, error) {
	for i := 1; i < 10000; i++ {
		n := name
		if i > 1 {
			n = fmt.Sprintf("%s-%d", name, i)
		}
		p := filepath.Join(dir, n+ext)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("no free file name for %s%s in %q", name, ext, dir)
}
