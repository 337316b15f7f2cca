package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mazerat/mazerat/render"
)

// runIn runs mazerat in-process and returns the exit code and output.
func runIn(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// checkPNG fails unless path holds a PNG of the window's default size.
func checkPNG(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	if cfg.Width != render.DefaultWidth || cfg.Height != render.DefaultHeight {
		t.Errorf("%s is %dx%d, want %dx%d", path, cfg.Width, cfg.Height, render.DefaultWidth, render.DefaultHeight)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("%s does not decode: %v", path, err)
	}
	return b
}

// noTemps fails if dir holds a temporary file left by an atomic write.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if len(names) > 0 {
		t.Errorf("temporary files left in %s: %v", dir, names)
	}
}

func TestRunSnapshot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "end.png")
	// The named file is replaced: the flag names it.
	if err := os.WriteFile(p, []byte("an older picture"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn("run", "theseus", "--steps", "120", "--snapshot", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkPNG(t, p)
	if !strings.Contains(stdout, "snapshot   "+p) {
		t.Errorf("stdout does not say where the snapshot went:\n%s", stdout)
	}
	noTemps(t, dir)
	// Upper-case extension is a .png too; no --out, no snapshot.png.
	q := filepath.Join(dir, "END2.PNG")
	if code, _, stderr := runIn("run", "dyna-maze", "--steps", "30", "--snapshot", q); code != 0 {
		t.Fatalf("%s: exit %d: %s", q, code, stderr)
	}
	checkPNG(t, q)
	if _, err := os.Stat(filepath.Join(dir, "snapshot.png")); err == nil {
		t.Errorf("snapshot.png written without --out")
	}
}

func TestRunOutSnapshot(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runIn("run", "theseus", "--steps", "120", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first := checkPNG(t, filepath.Join(out, "snapshot.png"))
	if !strings.Contains(stdout, filepath.Join(out, "snapshot.png")) {
		t.Errorf("stdout does not list snapshot.png:\n%s", stdout)
	}
	noTemps(t, out)
	// A second run into it is refused, and the picture kept.
	if code, _, stderr := runIn("run", "theseus", "--steps", "60", "--out", out); code != 1 || !strings.Contains(stderr, "--force") {
		t.Errorf("a second run into %s: exit %d, %s; want a refusal naming --force", out, code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "snapshot.png")); !bytes.Equal(b, first) {
		t.Errorf("a refused run changed snapshot.png")
	}
	// A directory holding only an earlier snapshot.png is refused too.
	lone := t.TempDir()
	os.WriteFile(filepath.Join(lone, "snapshot.png"), []byte("mine"), 0o644)
	if code, _, stderr := runIn("run", "theseus", "--steps", "10", "--out", lone); code != 1 || !strings.Contains(stderr, "snapshot.png") {
		t.Errorf("--out over a lone snapshot.png: exit %d, %s; want a refusal", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(lone, "snapshot.png")); string(b) != "mine" {
		t.Errorf("a refused run changed the lone snapshot.png")
	}
	// --force replaces it; --snapshot naming the same file writes it once.
	same := filepath.Join(out, "snapshot.png")
	code, stdout, stderr = runIn("run", "theseus", "--steps", "60", "--out", out, "--force", "--snapshot", same)
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b := checkPNG(t, same); bytes.Equal(b, first) {
		t.Errorf("--force left the earlier snapshot.png (a 120-step picture for a 60-step run)")
	}
	if n := strings.Count(stdout, "snapshot   "); n != 1 {
		t.Errorf("%d snapshot lines for one file:\n%s", n, stdout)
	}
}

// TestRunSnapshotResume: a lifetime resumed to step 200 draws the same
// picture as one lived straight to step 200, into --snapshot and the
// resumed directory.
func TestRunSnapshotResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	straight := filepath.Join(dir, "straight.png")
	if code, _, stderr := runIn("run", "theseus", "--steps", "200", "--snapshot", straight); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "run")
	if code, _, stderr := runIn("run", "theseus", "--steps", "100", "--checkpoint-every", "50", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	half := checkPNG(t, filepath.Join(out, "snapshot.png"))
	resumed := filepath.Join(dir, "resumed.png")
	code, stdout, stderr := runIn("run", "--resume", out, "--steps", "200", "--snapshot", resumed)
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	want := checkPNG(t, straight)
	if got := checkPNG(t, resumed); !bytes.Equal(got, want) {
		t.Errorf("the resumed lifetime's snapshot differs from the straight one's")
	}
	if got := checkPNG(t, filepath.Join(out, "snapshot.png")); !bytes.Equal(got, want) || bytes.Equal(got, half) {
		t.Errorf("the resumed directory's snapshot.png is not the picture at step 200")
	}
	if !strings.Contains(stdout, "snapshot   "+resumed) {
		t.Errorf("stdout does not say where the snapshot went:\n%s", stdout)
	}
}

func TestRunSnapshotBadValues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "plain.png")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		name, value, want string
	}{
		{"directory", dir, "is a directory"},
		{"not png", filepath.Join(dir, "end.jpg"), "ending in .png"},
		{"no extension", filepath.Join(dir, "end"), "ending in .png"},
		{"empty", "", "ending in .png"},
		{"missing directory", filepath.Join(dir, "nope", "end.png"), "does not exist"},
		{"parent is a file", filepath.Join(file, "end.png"), "is not a directory"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		tests = append(tests, struct{ name, value, want string }{"unwritable", filepath.Join(ro, "end.png"), "cannot write"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := runIn("run", "theseus", "--steps", "10", "--out", out, "--snapshot", tc.value)
			if code != 2 {
				t.Errorf("exit %d, want 2 (a usage error)\n%s", code, stderr)
			}
			if !strings.Contains(stderr, "--snapshot "+tc.value) && !(tc.value == "" && strings.Contains(stderr, `--snapshot ""`)) ||
				!strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q, want it to name --snapshot %s and say %q", stderr, tc.value, tc.want)
			}
			if stdout != "" {
				t.Errorf("the run went ahead:\n%s", stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("--out %s was created before the flags were checked", out)
			}
		})
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Errorf("%s changed", file)
	}
}

// TestHeadlessSnapshot: the headless build writes --snapshot, and with no
// arguments lives the default scenario and leaves a new snapshot in the
// working directory each time, never over an existing file.
func TestHeadlessSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := headlessBinary(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "h.png")
	if out := lifeMazerat(t, bin, "run", "dyna-maze", "--steps", "30", "--snapshot", p); !strings.Contains(out, "snapshot   "+p) {
		t.Errorf("output does not say where the snapshot went:\n%s", out)
	}
	checkPNG(t, p)

	work := t.TempDir()
	os.WriteFile(filepath.Join(work, "theseus-snapshot-2.png"), []byte("mine"), 0o644)
	var shots []string
	for i, env := range []string{"", "MAZERAT_NO_DISPLAY=DISPLAY is not set"} {
		cmd := exec.Command(bin)
		cmd.Dir = work
		if env != "" {
			cmd.Env = append(os.Environ(), env)
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%d: mazerat: %v\n%s", i, err, stderr.String())
		}
		if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "headless") {
			t.Errorf("%d: stderr %q, want one line saying it runs headless", i, stderr.String())
		}
		if env != "" && !strings.Contains(stderr.String(), "no display (DISPLAY is not set)") {
			t.Errorf("%d: stderr %q does not say the display is missing", i, stderr.String())
		}
		if !strings.Contains(stdout.String(), "Theseus") || !strings.Contains(stdout.String(), "hash") {
			t.Errorf("%d: no summary of the default scenario:\n%s", i, stdout.String())
		}
		_, shot, ok := strings.Cut(stdout.String(), "snapshot   ")
		shot, _, _ = strings.Cut(shot, "\n")
		if !ok {
			t.Fatalf("%d: stdout does not say where the snapshot went:\n%s", i, stdout.String())
		}
		shots = append(shots, shot)
		checkPNG(t, filepath.Join(work, shot))
	}
	if want := []string{"theseus-snapshot.png", "theseus-snapshot-3.png"}; strings.Join(shots, " ") != strings.Join(want, " ") {
		t.Errorf("snapshots went to %v, want %v", shots, want)
	}
	if b, _ := os.ReadFile(filepath.Join(work, "theseus-snapshot-2.png")); string(b) != "mine" {
		t.Errorf("an existing file was overwritten")
	}
	noTemps(t, work)
}
