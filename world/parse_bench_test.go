package world

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// events1000 is a scenario with 1000 events of every kind on a 12x12 grid
// with a door, trials without a time limit (so every firing's cheese is
// searched for).
func events1000() []byte {
	var b strings.Builder
	b.WriteString("---\nname: A thousand events\ncontrol: moves\ndoors: {a: open}\nevents:\n")
	for i := 0; i < 1000; i++ {
		step := 100 * (i + 1)
		switch i % 8 {
		case 0:
			fmt.Fprintf(&b, "  - {at_step: %d, close: [a]}\n", step)
		case 1:
			fmt.Fprintf(&b, "  - {at_step: %d, open: [a]}\n", step)
		case 2:
			fmt.Fprintf(&b, "  - {at_step: %d, cheese: [[0, 11], [11, 0]]}\n", step)
		case 3:
			fmt.Fprintf(&b, "  - {at_step: %d, cheese: [[11, 11]]}\n", step)
		case 4:
			fmt.Fprintf(&b, "  - {at_step: %d, add_walls: [[5, 5], [6, 6]], reward: {step: -0.01}}\n", step)
		case 5:
			fmt.Fprintf(&b, "  - {at_step: %d, remove_walls: [[5, 5], [6, 6]], reward: {step: 0}}\n", step)
		case 6:
			fmt.Fprintf(&b, "  - {at_step: %d, rat: [1, 1]}\n", step)
		case 7:
			fmt.Fprintf(&b, "  - {at_trial: %d, reward: {cheese: %d}}\n", i+2, 1+i%3)
		}
	}
	b.WriteString("---\n")
	for r := 0; r < 12; r++ {
		row := []byte(strings.Repeat(".", 12))
		switch r {
		case 0:
			row[0] = 'S'
		case 3:
			row[3] = 'a'
		case 11:
			row[11] = 'G'
		}
		b.Write(row)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// BenchmarkParseEvents: a scenario with 1000 events loads (parse, validate,
// the schedule played against the maze) in well under 100 ms.
func BenchmarkParseEvents(b *testing.B) {
	text := events1000()
	if s, err := Parse("events.maze", text); err != nil || len(s.Events) != 1000 {
		b.Fatalf("the scenario does not load: %v", err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Parse("events.maze", text); err != nil {
			b.Fatal(err)
		}
	}
}

// fillMiB repeats unit between head and tail to make a file of just under
// MaxFileBytes.
func fillMiB(head, unit, tail string) []byte {
	var b strings.Builder
	b.WriteString(head)
	for b.Len()+len(unit)+len(tail) < MaxFileBytes {
		b.WriteString(unit)
	}
	b.WriteString(tail)
	return []byte(b.String())
}

// openGrid draws an n x n block grid with S and door a in its first row
// and G in its last corner.
func openGrid(n int) string {
	var b strings.Builder
	for r := 0; r < n; r++ {
		row := []byte(strings.Repeat(".", n))
		if r == 0 {
			row[0], row[1] = 'S', 'a'
		}
		if r == n-1 {
			row[n-1] = 'G'
		}
		b.Write(row)
		b.WriteByte('\n')
	}
	return b.String()
}

// hostileSchedules returns an event choosing among MaxItems changes at
// every step, one cycling through MaxItems switches to the maze b, and a
// front-matter mazes entry b holding a MaxSide x MaxSide open grid.
func hostileSchedules() (choose, cycle, other string) {
	items := strings.Repeat("{open: [a]}, ", MaxItems-1) + "{open: [a]}"
	choose = "  - {at_step: 1, every: 1, choose: [" + items + "]}\n"
	cycle = "  - {at_step: 1, every: 1, cycle: [" + strings.Repeat("{maze: b}, ", MaxItems-1) + "{maze: b}]}\n"
	grid := strings.TrimSpace(strings.Replace(openGrid(MaxSide), "a", ".", 1))
	other = "mazes:\n  b: |\n    " + strings.ReplaceAll(grid, "\n", "\n    ") + "\n"
	return choose, cycle, other
}

// BenchmarkParseWorst reads the slowest files the parse bounds allow that
// we know of, each a megabyte: the most events, block mappings of 1000
// keys (go-yaml's work grows with the square of a mapping's keys), the
// largest maze with as many events as fit (each firing a search of 65 536
// cells), and random choices of 1024 changes (every one checked at every
// firing), in a large and in a small maze, and cycles of 1024 switches to
// a maze as large (each a copy of it), and a Tiled map of that size full
// of objects. The parser's limits and the
// schedule check's work bound (maxScheduleWork) hold each to about a
// second.
func BenchmarkParseWorst(b *testing.B) {
	keys := func() string {
		var s strings.Builder
		s.WriteString("  - ")
		for i := 0; i < 1000; i++ {
			if i > 0 {
				s.WriteString("    ")
			}
			fmt.Fprintf(&s, "k%d: 1\n", i)
		}
		return s.String()
	}()
	choose, cycle, other := hostileSchedules()
	big := openGrid(MaxSide)
	for _, tc := range []struct {
		name string
		text []byte
	}{
		{"events", fillMiB("---\ndoors: {a: open}\nevents:\n", "  - {at_step: 1, open: [a]}\n", "---\nSa.G\n")},
		{"mapping-keys", fillMiB("---\nevents:\n", keys, "---\nSa.G\n")},
		{"events-256x256", fillMiB("---\ndoors: {a: open}\nevents:\n", "  - {at_step: 1, open: [a]}\n", "---\n"+big)},
		{"choose-256x256", fillMiB("---\ndoors: {a: open}\nevents:\n", choose, "---\n"+big)},
		{"choose-small", fillMiB("---\ndoors: {a: open}\ntrial: {max_steps: 100}\nevents:\n", choose, "---\nSa.G\n")},
		{"maze-switches-256x256", fillMiB("---\ndoors: {a: open}\ntrial: {max_steps: 100}\n"+other+"events:\n", cycle, "---\n"+big)},
		{"tiled-256x256", tiledWorst()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(tc.text)))
			for b.Loop() {
				Parse("worst.maze", tc.text)
			}
		})
	}
}

// TestScheduleCheckBounded: the schedule check's work is bounded whatever
// the schedule, counting the copies of the maze a random choice makes and
// every firing, not only the searches. A choice among 1024 changes that
// fires 1025 times makes a million copies of the maze: of a 256x256 maze
// that took more than five minutes before the copies were counted, and a
// megabyte of such events in a small maze half a minute. Each must load
// in a second or two; the deadline, far above that, only catches a hang.
func TestScheduleCheckBounded(t *testing.T) {
	choose, cycle, other := hostileSchedules()
	for _, tc := range []struct {
		name string
		text []byte
	}{
		{"one choice, 256x256", []byte("---\ndoors: {a: open}\ntrial: {max_steps: 100}\nevents:\n" + choose + "---\n" + openGrid(MaxSide))},
		{"a megabyte of choices, 2x2", fillMiB("---\ndoors: {a: open}\ntrial: {max_steps: 100}\nevents:\n", choose, "---\nSa.G\n")},
		{"a megabyte of maze switches, 256x256", fillMiB("---\ndoors: {a: open}\ntrial: {max_steps: 100}\n"+other+"events:\n", cycle, "---\n"+openGrid(MaxSide))},
	} {
		done := make(chan error, 1)
		go func() {
			_, err := Parse("bounded.maze", tc.text)
			done <- err
		}()
		var s *Scenario
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("%s: still checking after 60 s: the schedule check's work is not bounded", tc.name)
		}
		s, _ = Parse("bounded.maze", tc.text)
		var w scheduleWork
		s.playSchedule(func(*Error) {}, &w)
		if limit := maxScheduleWork + s.Maze.NumCells() + fireCost; w.copied > limit || w.cells > limit+s.Maze.NumCells() {
			t.Errorf("%s: the check copied %d cells and counted %d, want at most %d (maxScheduleWork and one more copy)", tc.name, w.copied, w.cells, limit)
		}
	}
}

// tiledWorst is a Tiled map of 256x256 tiles whose objects fill the rest
// of a megabyte, each covering a quarter of the map (the reader stops at
// four times the map's cells in all).
func tiledWorst() []byte {
	rows := make([]string, MaxSide)
	for r := range rows {
		rows[r] = strings.Repeat(".", MaxSide)
	}
	rows[0] = "S" + rows[0][1:]
	sp := tmxSpec{layout: strings.Join(rows, "\n")}
	text := sp.text()
	var obj strings.Builder
	for i := 0; len(text)+obj.Len() < MaxFileBytes-200; i++ {
		fmt.Fprintf(&obj, "  <object id=\"%d\" type=\"cheese\" x=\"0\" y=\"16\" width=\"2048\" height=\"2048\"/>\n", 100+i)
	}
	sp.objects = obj.String()
	return []byte(sp.text())
}
