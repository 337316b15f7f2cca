package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/mazerat/mazerat/world"
)

// mazeFile writes text to a .maze file in a temporary directory.
func mazeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCommand(t *testing.T) {
	good := mazeFile(t, "good.maze", "---\ncontrol: moves\n---\nS..\n..G\n")
	bad := mazeFile(t, "bad.maze", "---\ncell: fast\nsensors: {rays: 100}\n---\nS.X\n...\n")
	existing := mazeFile(t, "exists.maze", "keep me\n")
	prose := mazeFile(t, "prose.txt", strings.Repeat("A text file is not a maze, and every character of it is a problem.\n", 30))
	outDir := t.TempDir()
	os.WriteFile(filepath.Join(outDir, "trials.csv"), []byte("mine\n"), 0o644)
	// Maze switches to a file that is missing, to the scenario's own file,
	// to a maze of another size; an inline maze whose own events name it
	// (they are not read) and a file naming back the scenario that names it.
	switchDir := t.TempDir()
	inDir := func(name, text string) string {
		p := filepath.Join(switchDir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const rooms = "---\ncontrol: moves\ntrial: {max_steps: 50}\nevents:\n  - {at_step: 20, maze: %s}\n---\nS..\n..G\n"
	missing := inDir("missing.maze", fmt.Sprintf(rooms, "nope.maze"))
	self := inDir("self.maze", fmt.Sprintf(rooms, "self.maze"))
	inDir("small.maze", "S.G\n")
	otherSize := inDir("size.maze", fmt.Sprintf(rooms, "small.maze"))
	inlineSelf := inDir("inline.maze", "---\ncontrol: moves\nmazes:\n  b: |\n    ---\n    events: [{at_step: 1, maze: b}]\n    ---\n    G..\n    ..S\nevents:\n  - {at_step: 20, every: 20, cycle: [{maze: b}, {maze: back.maze}]}\n---\nS..\n..G\n")
	inDir("back.maze", "---\nevents: [{at_step: 1, maze: inline.maze}]\n---\n.S.\n..G\n")
	tiledMap := filepath.Join("..", "..", "scenarios", "tiled", "two-rooms.tmx")
	badMap := mazeFile(t, "bad.tmx", "<?xml version=\"1.0\"?>\n<map orientation=\"isometric\" width=\"3\" height=\"3\" tilewidth=\"8\" tileheight=\"8\"/>\n")
	// A watch that wrongly opened its window would take a picture and
	// close, not live for ever.
	shotDir := t.TempDir()
	quick := func(args ...string) []string {
		return append(args, "--screenshot", filepath.Join(shotDir, filepath.Base(args[1])+".png"), "--after-ticks", "1")
	}
	probeOut := filepath.Join(t.TempDir(), "probes")
	converted := filepath.Join(t.TempDir(), "conv.maze")
	os.WriteFile(converted, []byte("keep me\n"), 0o644)

	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings
		stderr     []string
		notStdout  []string
		checkAfter func(t *testing.T)
	}{
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"Usage:", "mazerat run", "mazerat check"}},
		{name: "help run", args: []string{"help", "run"}, code: 0, stdout: []string{"--steps", "--set"}},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: []string{`unknown command "frobnicate"`}},
		{name: "flag before command", args: []string{"--steps", "3"}, code: 2, stderr: []string{"flags come after a command"}},
		{name: "run moves", args: []string{"run", good, "--steps", "50", "--agent", "wallfollow"}, code: 0, stdout: []string{"scenario", "good.maze", "50 steps", "hash"}},
		{name: "run flags first", args: []string{"run", "--trials", "2", "--agent", "dyna", good}, code: 0, stdout: []string{"2 trials"}},
		{name: "run builtin", args: []string{"run", "dyna-maze", "--trials", "3", "--seed", "4"}, code: 0, stdout: []string{"Dyna maze", "seed       4", "3 trials"}},
		{name: "run probes", args: []string{"run", "blocking-maze", "--steps", "1200", "--probe-every", "600", "--probe-at", "100", "--probe-configs", "all", "--probe-steps", "50", "--out", probeOut},
			code: 0, stdout: []string{"probes     4 probe trials with learning frozen", "probes.csv"}, checkAfter: func(t *testing.T) {
				b, err := os.ReadFile(filepath.Join(probeOut, "probes.csv"))
				// After steps 100 and 600 the birth configuration; after 1200 it
				// and the one the change at 1000 made.
				if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); err != nil || len(lines) != 5 || !strings.HasPrefix(lines[1], "100,") || !strings.HasPrefix(lines[4], "1200,") {
					t.Errorf("probes.csv (%v):\n%s", err, b)
				}
			}},
		{name: "run probe every 0", args: []string{"run", good, "--probe-every", "0"}, code: 2, stderr: []string{"--probe-every 0: expected a positive number of steps"}},
		{name: "run probe at bad", args: []string{"run", good, "--probe-at", "10,-4"}, code: 2, stderr: []string{`--probe-at 10,-4: "-4" is not a positive step`}},
		{name: "run probe configs", args: []string{"run", good, "--probe-every", "5", "--probe-configs", "mine"}, code: 2, stderr: []string{"--probe-configs mine: expected current or all"}},
		{name: "run probe steps alone", args: []string{"run", good, "--probe-steps", "5"}, code: 2, stderr: []string{"--probe-steps needs --probe-every or --probe-at"}},
		{name: "run set", args: []string{"run", "dyna-maze", "--steps", "20", "--set", "sensors.rays=3", "--set", "agent.planning=5"}, code: 0, stdout: []string{"planning=5"}},
		{name: "run steps and trials", args: []string{"run", "--steps", "5", "--trials", "5"}, code: 2, stderr: []string{"--steps and --trials both given"}},
		{name: "run zero steps", args: []string{"run", "--steps", "0"}, code: 2, stderr: []string{"--steps 0: expected a positive number"}},
		{name: "run bad steps", args: []string{"run", "--steps", "many"}, code: 2, stderr: []string{`invalid value "many" for flag -steps`}},
		{name: "run unknown agent", args: []string{"run", "--agent", "hal"}, code: 2, stderr: []string{"--agent hal: unknown agent", "dyna"}},
		{name: "run bad set", args: []string{"run", "--set", "sensors.rays=many", "--steps", "5"}, code: 2, stderr: []string{`--set sensors.rays=many`, "not an integer"}},
		{name: "run set no equals", args: []string{"run", "--set", "rays"}, code: 2, stderr: []string{`"rays" is not key=value`}},
		{name: "run unknown key", args: []string{"run", "--set", "sensors.eyes=2", "--steps", "5"}, code: 2, stderr: []string{`unknown key "sensors.eyes"`}},
		{name: "run unknown agent param", args: []string{"run", "--set", "agent.speed=2", "--steps", "5"}, code: 2, stderr: []string{`agent dyna has no parameter "agent.speed"`}},
		{name: "run tabular in wheels", args: []string{"run", "theseus", "--agent", "dynaq", "--steps", "5"}, code: 2, stderr: []string{"needs moves control", "--set control=moves"}},
		{name: "run tabular without place", args: []string{"run", "dyna-maze", "--agent", "qlearn", "--steps", "5", "--set", "sensors.place=false"}, code: 2, stderr: []string{"--set sensors.place=true"}},
		{name: "run without place", args: []string{"run", "theseus", "--steps", "300", "--set", "sensors.place=false"}, code: 0, stdout: []string{"300 steps", "lost"}},
		{name: "run without place or odometry", args: []string{"run", "theseus", "--steps", "5", "--set", "sensors.place=false", "--set", "sensors.odometry=false"}, code: 2, stderr: []string{"--set sensors.odometry=true"}},
		{name: "run unknown scenario", args: []string{"run", "labyrinth"}, code: 2, stderr: []string{`"labyrinth" is neither a file nor a built-in`}},
		{name: "run missing file", args: []string{"run", "nope/missing.maze"}, code: 1, stderr: []string{"missing.maze"}},
		{name: "run bad file", args: []string{"run", bad}, code: 1, stderr: []string{"bad.maze:2:7:", "bad.maze:3:17:"}},
		{name: "run two scenarios", args: []string{"run", "theseus", "dyna-maze"}, code: 2, stderr: []string{"one SCENARIO at most"}},
		{name: "run out exists", args: []string{"run", good, "--steps", "5", "--out", outDir}, code: 1, stderr: []string{"already holds the results of a run", "--force"},
			checkAfter: func(t *testing.T) {
				if b, _ := os.ReadFile(filepath.Join(outDir, "trials.csv")); string(b) != "mine\n" {
					t.Errorf("the earlier trials.csv was changed to %q", b)
				}
			}},
		{name: "check good and builtin", args: []string{"check", good, "theseus"}, code: 0, stdout: []string{"good.maze: ok (3x2 blocks, moves control", "theseus (built-in): ok"}},
		{name: "check bad", args: []string{"check", good, bad}, code: 1, stdout: []string{"good.maze: ok", "bad.maze:2:7:", "bad.maze:3:17:", "bad.maze:5:3:", "problems"}},
		{name: "check nothing", args: []string{"check"}, code: 2, stderr: []string{"no FILE given"}},
		{name: "new", args: []string{"new", "--gen", "prim", "--size", "4x3", "--seed", "2"}, code: 0, stdout: []string{"+--+--+--+--+"}},
		{name: "new blocks braid", args: []string{"new", "--gen", "kruskal", "--size", "5x5", "--braid", "1", "--style", "blocks"}, code: 0, stdout: []string{"S"}},
		{name: "new bad size", args: []string{"new", "--size", "300x2"}, code: 2, stderr: []string{"--size: a width of 300 out of range", "2..256"}},
		{name: "new size syntax", args: []string{"new", "--size", "big"}, code: 2, stderr: []string{"--size big: expected WIDTHxHEIGHT"}},
		{name: "new bad gen", args: []string{"new", "--gen", "bfs"}, code: 2, stderr: []string{`"bfs"`, "dfs, kruskal, prim"}},
		{name: "new bad style", args: []string{"new", "--style", "round"}, code: 2, stderr: []string{"--style round: expected thin or blocks"}},
		{name: "new no overwrite", args: []string{"new", "-o", existing}, code: 1, stderr: []string{"already exists", "--force"},
			checkAfter: func(t *testing.T) {
				if b, _ := os.ReadFile(existing); string(b) != "keep me\n" {
					t.Errorf("new overwrote %s: %q", existing, b)
				}
			}},
		{name: "help watch", args: []string{"help", "watch"}, code: 0, stdout: []string{"mazerat watch [SCENARIO]", "--agent"}},
		{name: "watch screenshot without ticks", args: []string{"watch", "--screenshot", "x.png"}, code: 2, stderr: []string{"--screenshot and --after-ticks go together"}},
		{name: "watch bad speed", args: []string{"watch", "--speed", "3"}, code: 2, stderr: []string{"--speed 3: expected one of 1, 2, 4"}},
		{name: "watch bad overlay", args: []string{"watch", "--overlays", "value,heat"}, code: 2, stderr: []string{`unknown overlay "heat"`}},
		{name: "watch resume missing", args: []string{"watch", "--resume", "nowhere.mazerat"}, code: 2, stderr: []string{"--resume nowhere.mazerat"}},
		{name: "watch resume with seed", args: []string{"watch", "--resume", "x", "--seed", "3"}, code: 2, stderr: []string{"--seed cannot be given with --resume"}},
		{name: "watch bad flag", args: []string{"watch", "--steps", "5"}, code: 2, stderr: []string{"flag provided but not defined: -steps"}},
		{name: "watch bad set", args: []string{"watch", "--set", "sensors.rays=x"}, code: 2, stderr: []string{"--set sensors.rays=x", "not an integer"}},
		{name: "watch unknown scenario", args: []string{"watch", "labyrinth"}, code: 2, stderr: []string{`"labyrinth" is neither a file nor a built-in`}},
		{name: "run missing maze file", args: []string{"run", missing, "--steps", "50"}, code: 1, stderr: []string{"missing.maze:5:25: the maze nope.maze does not exist (looked for " + filepath.Join(switchDir, "nope.maze") + ")"}},
		{name: "watch missing maze file", args: quick("watch", missing), code: 1, stderr: []string{"missing.maze:5:25: the maze nope.maze does not exist"}},
		{name: "run maze naming itself", args: []string{"run", self, "--steps", "50"}, code: 1, stderr: []string{"self.maze:5:25: the maze event names self.maze, the scenario's own file, expected another maze"}},
		{name: "watch maze naming itself", args: quick("watch", self), code: 1, stderr: []string{"self.maze:5:25: the maze event names self.maze"}},
		{name: "run maze of another size", args: []string{"run", otherSize, "--steps", "50"}, code: 1, stderr: []string{"size.maze:5:5: the maze small.maze is 3x1 cells (" + filepath.Join(switchDir, "small.maze") + ":1:1), expected 3x2 like this scenario's layout (" + otherSize + ":7:1)"}},
		{name: "watch maze of another size", args: quick("watch", otherSize), code: 1, stderr: []string{"size.maze:5:5: the maze small.maze is 3x1 cells"}},
		{name: "run inline maze naming itself", args: []string{"run", inlineSelf, "--steps", "100"}, code: 0, stdout: []string{"100 steps"}},
		{name: "check tiled", args: []string{"check", tiledMap}, code: 0, stdout: []string{"two-rooms.tmx: ok (9x5 blocks, moves control, 2 door groups, 1 event)"}},
		{name: "run tiled", args: []string{"run", tiledMap, "--steps", "50"}, code: 0, stdout: []string{"Two rooms (Tiled)", "50 steps"}},
		{name: "run bad tiled", args: []string{"run", badMap}, code: 1, stderr: []string{"bad.tmx:2:1: the map is isometric, expected an orthogonal map (one cell per tile)"}},
		{name: "watch bad tiled", args: quick("watch", badMap), code: 1, stderr: []string{"bad.tmx:2:1: the map is isometric"}},
		{name: "check bad tiled", args: []string{"check", badMap}, code: 1, stdout: []string{"bad.tmx:2:1: the map is isometric", "bad.tmx: 1 problem"}},
		{name: "convert", args: []string{"convert", tiledMap}, code: 0, stdout: []string{"name: Two rooms (Tiled)", "doors: {a: open, b: open}", "  - {at_step: 3000, close: [a]}", "#S..a..G#\n#...#...#\n#...b...#"}},
		{name: "convert bad", args: []string{"convert", badMap}, code: 1, stderr: []string{"bad.tmx:2:1: the map is isometric", "bad.tmx: 1 problem"}},
		{name: "convert nothing", args: []string{"convert"}, code: 2, stderr: []string{"no MAP given, expected a Tiled .tmx file"}},
		{name: "convert two", args: []string{"convert", tiledMap, tiledMap}, code: 2, stderr: []string{"convert takes one MAP"}},
		{name: "convert missing", args: []string{"convert", "nowhere.tmx"}, code: 1, stderr: []string{"nowhere.tmx"}},
		{name: "convert no overwrite", args: []string{"convert", tiledMap, "-o", converted}, code: 1, stderr: []string{converted + " already exists; pass --force to overwrite it"},
			checkAfter: func(t *testing.T) {
				if b, _ := os.ReadFile(converted); string(b) != "keep me\n" {
					t.Errorf("convert overwrote %s: %q", converted, b)
				}
			}},
		{name: "convert force", args: []string{"convert", tiledMap, "-o", converted, "--force"}, code: 0, stderr: []string{"wrote " + converted},
			checkAfter: func(t *testing.T) {
				want, err := world.Load(tiledMap)
				if err != nil {
					t.Fatal(err)
				}
				got, err := world.Load(converted)
				if err != nil || !got.Equal(want) {
					t.Errorf("the converted file reads as %v, %v; want the map's scenario", got, err)
				}
			}},
		{name: "watch missing maze", args: []string{"watch", "nosuch.maze"}, code: 1, stderr: []string{"nosuch.maze: no such file; expected a .maze file, a Tiled .tmx map or a built-in scenario", "braid12"}},
		{name: "watch text file", args: []string{"watch", prose}, code: 1, stderr: []string{"prose.txt:1:", "… and ", " more problems", "YAML front matter", "mazerat check"}},
		{name: "help scenarios no flags", args: []string{"help", "scenarios"}, code: 0, stdout: []string{"Usage: mazerat scenarios\n"}},
		{name: "scenarios", args: []string{"scenarios"}, code: 0, stdout: []string{"theseus (default)", "dyna-maze", "blocking-maze", "shortcut-maze", "braid12"}},
		{name: "agents", args: []string{"agents"}, code: 0, stdout: []string{"dyna (default)", "agent.planning=25", "dynaq", "qlearn", "wallfollow", "random"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout.String(), stderr.String())
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
			if tc.checkAfter != nil {
				tc.checkAfter(t)
			}
		})
	}
}

// TestNewRoundTrip: what new writes checks clean and loads back equal.
func TestNewRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "gen.maze")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "--gen", "dfs", "--size", "7x5", "--braid", "0.5", "--seed", "3", "-o", p}, &stdout, &stderr); code != 0 {
		t.Fatalf("new: exit %d: %s", code, stderr.String())
	}
	sc, err := world.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := world.Generate(world.GenConfig{Algorithm: "dfs", W: 7, H: 5, Braid: 0.5, Seed: 3, Style: world.ThinWalls})
	if !sc.Equal(want) {
		t.Errorf("the written maze differs from the generator's")
	}
}

// TestRunOutputs: --out writes parseable files that agree with the summary.
func TestRunOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "blocking-maze", "--steps", "1500", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var sum struct {
		Steps  int64 `json:"steps"`
		Trials int   `json:"trials"`
		Events []struct {
			Step int64 `json:"step"`
		} `json:"events"`
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(out, "trials.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Steps != 1500 || len(rows)-1 != sum.Trials || sum.Trials == 0 {
		t.Errorf("summary steps %d trials %d, trials.csv has %d rows", sum.Steps, sum.Trials, len(rows)-1)
	}
	if len(sum.Events) != 1 || sum.Events[0].Step != 1000 {
		t.Errorf("events %+v, want the door change at step 1000", sum.Events)
	}
	for _, f := range []string{"reward.csv", "events.csv", "learning.png", "maze.png"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// --force overwrites.
	if code := run([]string{"run", "blocking-maze", "--steps", "10", "--out", out, "--force"}, &stdout, &stderr); code != 0 {
		t.Errorf("--force: exit %d: %s", code, stderr.String())
	}
}

// TestHeadlessBinary builds the headless command without cgo and runs it
// for real: exit codes, and no progress-bar escape codes when piped.
func TestHeadlessBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := headlessBinary(t)
	tests := []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"run", "dyna-maze", "--trials", "2"}, 0, "2 trials"},
		{nil, 0, "Theseus"}, // no window in this build: the default scenario headless
		{[]string{"watch"}, 1, ""},
		{[]string{"run", "--steps", "-1"}, 2, ""},
	}
	for i, tc := range tests {
		cmd := exec.Command(bin, tc.args...)
		cmd.Dir = t.TempDir() // the bare command writes a snapshot here
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code {
			t.Errorf("%d: %v: exit %d, want %d\n%s", i, tc.args, code, tc.code, stderr.String())
		}
		if !strings.Contains(stdout.String(), tc.stdout) {
			t.Errorf("%d: %v: stdout lacks %q:\n%s", i, tc.args, tc.stdout, stdout.String())
		}
		if strings.ContainsRune(stdout.String()+stderr.String(), 0x1b) {
			t.Errorf("%d: %v: escape codes in piped output:\n%q", i, tc.args, stderr.String())
		}
	}
}

var (
	headlessOnce sync.Once
	headlessBin  string
	headlessErr  error
	headlessOut  []byte
)

// headlessBinary builds the headless command once for the tests that run
// it as separate processes.
func headlessBinary(t *testing.T) string {
	t.Helper()
	headlessOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mazerat-test-")
		if err != nil {
			headlessErr = err
			return
		}
		headlessBin = filepath.Join(dir, "mazerat")
		if runtime.GOOS == "windows" {
			headlessBin += ".exe"
		}
		build := exec.Command("go", "build", "-tags", "headless", "-o", headlessBin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		headlessOut, headlessErr = build.CombinedOutput()
	})
	if headlessErr != nil {
		t.Fatalf("go build -tags headless: %v\n%s", headlessErr, headlessOut)
	}
	return headlessBin
}

// startMazerat starts the binary with args, its output piped.
func startMazerat(bin string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// lifeMazerat runs the binary and fails the test unless it exits 0.
func lifeMazerat(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd, out := startMazerat(bin, args...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("mazerat %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out.String()
}
