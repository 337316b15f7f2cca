package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/mazerat/mazerat/lab/sweep"
)

// sweepMerged are the files a sweep's results must agree on byte for
// byte, however it was run.
var sweepMerged = []string{
	sweep.RunsCSV, sweep.SummaryCSV, sweep.RewardCSV, sweep.CriterionCSV, sweep.RecoveryCSV,
	sweep.LearningPlot + ".png", sweep.LearningPlot + ".svg", sweep.RewardPlot + ".png", sweep.RewardPlot + ".svg",
	sweep.CriterionPlot + ".png", sweep.CriterionPlot + ".svg",
}

// sameSweep compares the merged results of two sweep directories (files
// absent from both, such as the criterion plot of a sweep that does not
// vary K, are skipped).
func sameSweep(t *testing.T, want, got string) {
	t.Helper()
	compared := 0
	for _, f := range sweepMerged {
		a, err1 := os.ReadFile(filepath.Join(want, f))
		b, err2 := os.ReadFile(filepath.Join(got, f))
		if os.IsNotExist(err1) && os.IsNotExist(err2) {
			continue
		}
		if err1 != nil || err2 != nil {
			t.Errorf("%s: %v / %v", f, err1, err2)
			continue
		}
		compared++
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between %s and %s", f, want, got)
		}
	}
	if compared < 9 {
		t.Errorf("only %d merged files compared", compared)
	}
}

func spec(name string) string { return filepath.Join("testdata", "sweep", name) }

// TestSweepCommand: usage errors exit 2, spec errors 1 with file:line:col,
// and a sweep piped to buffers runs, prints its plan and no progress bar,
// does nothing but merge when run again, and refuses another spec.
func TestSweepCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	notSweep := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		code      int
		stdout    []string
		stderr    []string
		notStdout []string
	}{
		{name: "no spec", args: []string{"sweep"}, code: 2, stderr: []string{"expected one SPEC.yaml, got 0 arguments", "mazerat help sweep"}},
		{name: "two specs", args: []string{"sweep", spec("tiny.yaml"), spec("bad.yaml")}, code: 2, stderr: []string{"expected one SPEC.yaml, got 2 arguments"}},
		{name: "bad workers", args: []string{"sweep", spec("tiny.yaml"), "--workers", "-1"}, code: 2, stderr: []string{"--workers -1: expected a positive number"}},
		{name: "shard zero", args: []string{"sweep", spec("tiny.yaml"), "--shard", "0/2"}, code: 2, stderr: []string{"--shard 0/2: expected 1 ≤ I ≤ N"}},
		{name: "shard past", args: []string{"sweep", spec("tiny.yaml"), "--shard", "3/2"}, code: 2, stderr: []string{"--shard 3/2: expected 1 ≤ I ≤ N"}},
		{name: "shard syntax", args: []string{"sweep", spec("tiny.yaml"), "--shard", "half"}, code: 2, stderr: []string{"--shard half: expected I/N such as 2/8"}},
		{name: "unknown flag", args: []string{"sweep", spec("tiny.yaml"), "--steps", "5"}, code: 2, stderr: []string{"flag provided but not defined: -steps"}},
		{name: "missing spec", args: []string{"sweep", spec("none.yaml")}, code: 1, stderr: []string{"none.yaml: no such file"}},
		{name: "bad spec", args: []string{"sweep", spec("bad.yaml")}, code: 1, stderr: []string{
			spec("bad.yaml") + `:2:16: unknown agent "hal"`, spec("bad.yaml") + ":4:12: the seed 1 is listed twice (first at 4:9)"}},
		{name: "help", args: []string{"help", "sweep"}, code: 0, stdout: []string{"Usage: mazerat sweep SPEC.yaml", "--shard", "grid: {agent.planning: [0, 5, 50]}"}},
		{name: "dry run", args: []string{"sweep", spec("tiny.yaml"), "--dry-run", "--out", out}, code: 0,
			stdout: []string{"agents     wallfollow, dyna", "seeds      2 (1..2)", "runs       2 configurations x 2 seeds = 4 runs", "config     dyna", "out        " + out + ": 0 finished earlier, 4 to run", "dry run    nothing written"}},
		{name: "run", args: []string{"sweep", spec("tiny.yaml"), "--out", out, "--workers", "2"}, code: 0,
			stdout: []string{"out        " + out + ": 0 finished earlier, 4 to run on 2 workers", "ran        4 runs", "results    " + out + ": runs.csv, summary.csv"}},
		{name: "again", args: []string{"sweep", spec("tiny.yaml"), "--out", out}, code: 0,
			stdout: []string{"4 finished earlier, nothing to run", "ran        0 runs", "results"}},
		{name: "again dry", args: []string{"sweep", spec("tiny.yaml"), "--out", out, "--dry-run"}, code: 0, stdout: []string{"4 finished earlier, nothing to run"}},
		{name: "another spec dry", args: []string{"sweep", spec("procs.yaml"), "--out", out, "--dry-run"}, code: 1, stderr: []string{"holds the results of another sweep"}},
		{name: "another spec refused", args: []string{"sweep", spec("procs.yaml"), "--out", out}, code: 1, stderr: []string{"holds the results of another sweep"}, notStdout: []string{"ran"}},
		{name: "merge no out", args: []string{"merge", out}, code: 2, stderr: []string{"no --out given"}},
		{name: "merge no dirs", args: []string{"merge", "--out", out}, code: 2, stderr: []string{"no DIR given"}},
		{name: "merge not a sweep", args: []string{"merge", notSweep, "--out", out}, code: 1, stderr: []string{notSweep + " holds no sweep (no sweep.json)"}},
		{name: "merge in place", args: []string{"merge", out, "--out", out}, code: 0, stdout: []string{"merge      4 runs: 0 copied, 4 already in " + out}},
	}
	for i, tc := range tests {
		// In order: later cases use the sweep of "run".
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		if code != tc.code {
			t.Errorf("%d %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", i, tc.name, code, tc.code, stdout.String(), stderr.String())
		}
		for _, s := range tc.stdout {
			if !strings.Contains(stdout.String(), s) {
				t.Errorf("%d %s: stdout lacks %q:\n%s", i, tc.name, s, stdout.String())
			}
		}
		for _, s := range tc.stderr {
			if !strings.Contains(stderr.String(), s) {
				t.Errorf("%d %s: stderr lacks %q:\n%s", i, tc.name, s, stderr.String())
			}
		}
		for _, s := range tc.notStdout {
			if strings.Contains(stdout.String(), s) {
				t.Errorf("%d %s: stdout has %q:\n%s", i, tc.name, s, stdout.String())
			}
		}
		if strings.ContainsRune(stdout.String()+stderr.String(), 0x1b) {
			t.Errorf("%d %s: escape codes in output to a buffer:\n%q", i, tc.name, stderr.String())
		}
		if tc.name == "dry run" {
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a dry run created %s", out)
			}
		}
		if tc.name == "run" && stderr.Len() > 0 {
			t.Errorf("a piped sweep wrote to stderr:\n%s", stderr.String())
		}
	}
}

var (
	sweepBinOnce sync.Once
	sweepBin     string
	sweepBinErr  error
)

// buildHeadless builds the headless command once for the tests that run
// it as separate processes.
func buildHeadless(t *testing.T) string {
	t.Helper()
	sweepBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mazerat-sweep-test-")
		if err != nil {
			sweepBinErr = err
			return
		}
		sweepBin = filepath.Join(dir, "mazerat")
		if runtime.GOOS == "windows" {
			sweepBin += ".exe"
		}
		sweepBinErr = buildHeadlessTo(sweepBin)
	})
	if sweepBinErr != nil {
		t.Fatalf("go build -tags headless: %v", sweepBinErr)
	}
	return sweepBin
}

// buildHeadlessTo builds the headless command, without cgo, at path.
func buildHeadlessTo(path string) error {
	build := exec.Command("go", "build", "-tags", "headless", "-o", path, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return &buildError{err, out}
	}
	return nil
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

// mazerat starts the binary with args, its output piped.
func mazerat(bin string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// runMazerat runs the binary and fails the test unless it exits 0
// without escape codes in its piped output.
func runMazerat(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd, out := mazerat(bin, args...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("mazerat %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if strings.ContainsRune(out.String(), 0x1b) {
		t.Errorf("mazerat %s: escape codes in piped output:\n%q", strings.Join(args, " "), out)
	}
	return out.String()
}

// TestSweepProcesses runs the sweep contract with real processes: shards
// as separate mazerat processes (in their own directories and in one
// shared directory) merged by another, and a sweep killed with SIGKILL
// halfway and started again, each compared byte for byte with one
// uninterrupted sweep.
func TestSweepProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary and runs it")
	}
	bin := buildHeadless(t)
	defer os.RemoveAll(filepath.Dir(bin))
	specPath := spec("procs.yaml")
	root := t.TempDir()
	ref := filepath.Join(root, "ref")
	runMazerat(t, bin, "sweep", specPath, "--out", ref, "--workers", "2")

	t.Run("shards", func(t *testing.T) {
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		var dirs []string
		for i := 1; i <= 3; i++ {
			dir := filepath.Join(root, fmt.Sprintf("shard%d", i))
			cmd, out := mazerat(bin, "sweep", specPath, "--shard", fmt.Sprintf("%d/3", i), "--out", dir, "--workers", "1")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs, dirs = append(cmds, cmd), append(outs, out), append(dirs, dir)
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("shard %d/3: %v\n%s", i+1, err, outs[i])
			}
			if !strings.Contains(outs[i].String(), "finished; when every shard has: mazerat merge") {
				t.Errorf("shard %d/3 output:\n%s", i+1, outs[i])
			}
		}
		merged := filepath.Join(root, "merged")
		out := runMazerat(t, bin, append(append([]string{"merge"}, dirs...), "--out", merged)...)
		if !strings.Contains(out, "merge      32 runs: 32 copied") {
			t.Errorf("merge output:\n%s", out)
		}
		sameSweep(t, ref, merged)
	})

	t.Run("shared directory", func(t *testing.T) {
		dir := filepath.Join(root, "shared")
		var wg sync.WaitGroup
		for i := 1; i <= 3; i++ {
			wg.Go(func() {
				cmd, out := mazerat(bin, "sweep", specPath, "--shard", fmt.Sprintf("%d/3", i), "--out", dir, "--workers", "1")
				if err := cmd.Run(); err != nil {
					t.Errorf("shard %d/3: %v\n%s", i, err, out)
				}
			})
		}
		wg.Wait()
		runMazerat(t, bin, "merge", dir, "--out", dir)
		sameSweep(t, ref, dir)
	})

	t.Run("slurm", func(t *testing.T) {
		// deploy/slurm/sweep.sh against stand-ins for sinfo (partition
		// debug, the default, with nodes of 2 and 1 CPUs; big with one of
		// 8) and sbatch (each job at once, the array's tasks one after
		// another).
		if _, err := exec.LookPath("bash"); err != nil {
			t.Skip("no bash")
		}
		fake := t.TempDir()
		for name, text := range map[string]string{"sbatch": fakeSbatch, "sinfo": fakeSinfo} {
			if err := os.WriteFile(filepath.Join(fake, name), []byte(text), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		dir := filepath.Join(root, "slurm")
		log := filepath.Join(root, "sbatch.log")
		env := append(os.Environ(), "PATH="+fake+string(os.PathListSeparator)+os.Getenv("PATH"), "FAKE_SBATCH_LOG="+log, "FAKE_SINFO=debug*:2,1 big:8")
		script := filepath.Join("..", "..", "deploy", "slurm", "sweep.sh")

		// Requests no node can hold, and bad CPUS, are refused before
		// anything is submitted.
		for _, c := range []struct {
			env  []string
			want []string
		}{
			{nil, []string{"CPUS=4: no node of partition debug has 4 CPUs (the largest has 2)", "set CPUS=2 or fewer"}},
			{[]string{"CPUS=3"}, []string{"CPUS=3: no node of partition debug has 3 CPUs (the largest has 2)"}},
			{[]string{"CPUS=9", "SBATCH_PARTITION=debug,big"}, []string{"CPUS=9: no node of partition debug,big has 9 CPUs (the largest has 8)", "set CPUS=8 or fewer"}},
			{[]string{"CPUS=0"}, []string{"CPUS=0: expected a positive whole number"}},
			{[]string{"CPUS=two"}, []string{"CPUS=two: expected a positive whole number"}},
		} {
			os.Remove(log)
			cmd := exec.Command("bash", script, specPath, dir, "5")
			cmd.Env = append(append(slices.Clone(env), "MAZERAT="+bin), c.env...)
			out, err := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); err == nil || code != 2 {
				t.Errorf("%v: exit %d (%v), want 2\n%s", c.env, code, err, out)
			}
			for _, w := range c.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("%v: the message lacks %q:\n%s", c.env, w, out)
				}
			}
			if b, _ := os.ReadFile(log); strings.Contains(string(b), "sbatch") {
				t.Errorf("%v: submitted although refused:\n%s", c.env, b)
			}
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("a refused submit created %s", dir)
		}

		os.Remove(log)
		cmd := exec.Command("bash", script, specPath, dir, "5")
		cmd.Env = append(slices.Clone(env), "MAZERAT="+bin, "THROTTLE=2", "CPUS=2")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b, _ := os.ReadFile(log)
			t.Fatalf("sweep.sh: %v\n%s\nsbatch log:\n%s", err, out, b)
		}
		b, _ := os.ReadFile(log)
		for _, want := range []string{"sinfo --noheader --Node --partition=debug --format=%c", "--array=1-5%2", "--cpus-per-task=2", "MAZERAT_SWEEP_STEP=shard", "on 2 workers", "shard      5/5: 6 runs", "--dependency=afterok:", "MAZERAT_SWEEP_STEP=merge", "merge      32 runs: 0 copied, 32 already in"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("the sbatch log lacks %q:\n%s", want, b)
			}
		}
		if !strings.Contains(string(out), "(5 tasks of 2 CPUs)") {
			t.Errorf("sweep.sh output:\n%s", out)
		}
		sameSweep(t, ref, dir)

		// The recovery recipe of the script's comment, as written: shard
		// 2's runs lost, resubmitted alone, merged by hand.
		dropShard(t, dir, specPath, 2, 5)
		cmd = exec.Command("bash", "-c", recoveryRecipe(t, script, bin, specPath, dir, 5, 2, 1))
		cmd.Env = append(withoutSweepVars(env), "FAKE_SBATCH_LOG="+log)
		if out, err := cmd.CombinedOutput(); err != nil {
			b, _ := os.ReadFile(log)
			t.Fatalf("the recovery recipe: %v\n%s\nsbatch log:\n%s", err, out, b)
		}
		runMazerat(t, bin, "merge", dir, "--out", dir)
		sameSweep(t, ref, dir)
	})

	t.Run("killed", func(t *testing.T) {
		dir := filepath.Join(root, "killed")
		cmd, out := mazerat(bin, "sweep", specPath, "--out", dir, "--workers", "2")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		finished := func() int {
			n := 0
			entries, _ := os.ReadDir(filepath.Join(dir, sweep.RunsDir))
			for _, e := range entries {
				if !strings.HasPrefix(e.Name(), ".") {
					n++
				}
			}
			return n
		}
		deadline := time.Now().Add(time.Minute)
		for finished() < 8 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		n := finished()
		entries, _ := os.ReadDir(filepath.Join(dir, sweep.RunsDir))
		half := len(entries) - n // temporary directories of the runs under way
		if n < 8 || n >= 32 {
			t.Fatalf("%d of 32 runs finished when the sweep was killed, want 8 or more and not all; output:\n%s", n, out)
		}
		if _, err := os.Stat(filepath.Join(dir, sweep.SummaryCSV)); err == nil {
			t.Errorf("the killed sweep merged")
		}
		again := runMazerat(t, bin, "sweep", specPath, "--out", dir)
		if want := fmt.Sprintf("%d finished earlier, %d to run", n, 32-n); !strings.Contains(again, want) {
			t.Errorf("resumed output lacks %q:\n%s", want, again)
		}
		t.Logf("killed after %d of 32 runs, leaving %d half-written", n, half)
		sameSweep(t, ref, dir)
	})
}

// fakeSbatch stands in for sbatch: it runs the job at once (an array's
// tasks one after another, each with SLURM_ARRAY_TASK_ID, and
// SLURM_CPUS_PER_TASK when --cpus-per-task is given) with the variables
// of --export, logs it, and prints a job id.
const fakeSbatch = `#!/usr/bin/env bash
set -euo pipefail
array= exports= script= cpus=()
for a in "$@"; do
	case $a in
	--array=*) array=${a#--array=} ;;
	--export=*) exports=${a#--export=} ;;
	--cpus-per-task=*) cpus=(SLURM_CPUS_PER_TASK=${a#--cpus-per-task=}) ;;
	--*) ;;
	*) script=$a ;;
	esac
done
echo "sbatch $*" >>"$FAKE_SBATCH_LOG"
vars=()
IFS=, read -ra kv <<<"$exports"
for v in "${kv[@]}"; do [ "$v" = ALL ] || vars+=("$v"); done
if [ -n "$array" ]; then
	range=${array%%%*}
	for ((i = ${range%-*}; i <= ${range#*-}; i++)); do
		env "${vars[@]}" "${cpus[@]}" SLURM_ARRAY_TASK_ID=$i bash "$script" >>"$FAKE_SBATCH_LOG" 2>&1
	done
else
	env "${vars[@]}" "${cpus[@]}" bash "$script" >>"$FAKE_SBATCH_LOG" 2>&1
fi
echo "$$;cluster"
`

// fakeSinfo stands in for sinfo: FAKE_SINFO holds partitions and their
// nodes' CPUs ("debug*:2,1 big:8", the default partition starred); it
// answers --format=%P with the partitions and --Node --partition=P,...
// --format=%c with the CPUs of their nodes, one a line.
const fakeSinfo = `#!/usr/bin/env bash
set -euo pipefail
part= format=
for a in "$@"; do
	case $a in
	--partition=*) part=${a#--partition=} ;;
	--format=*) format=${a#--format=} ;;
	esac
done
echo "sinfo $*" >>"$FAKE_SBATCH_LOG"
for p in $FAKE_SINFO; do
	name=${p%%:*}
	case $format in
	%P) echo "$name" ;;
	%c) case ",$part," in *",${name%\*},"*) tr , '\n' <<<"${p#*:}" ;; esac ;;
	esac
done
`

// TestK8sManifest: the Kubernetes manifest is valid YAML whose Indexed
// Job turns JOB_COMPLETION_INDEX into --shard, with as many completions
// as SHARDS, a shared volume every pod may write, and a merge Job on the
// same directory.
func TestK8sManifest(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "deploy", "k8s", "sweep-job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	docs := map[string]map[string]any{}
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if doc == nil {
			continue
		}
		name, _ := get(doc, "metadata", "name").(string)
		docs[get(doc, "kind").(string)+"/"+name] = doc
	}
	sweep, merge, pvc := docs["Job/mazerat-sweep"], docs["Job/mazerat-sweep-merge"], docs["PersistentVolumeClaim/mazerat-results"]
	if sweep == nil || merge == nil || pvc == nil {
		t.Fatalf("documents %v, want the sweep and merge Jobs and the volume claim", keys(docs))
	}
	env := func(job map[string]any, name string) string {
		for _, e := range get(job, "spec", "template", "spec", "containers", 0, "env").([]any) {
			if e.(map[string]any)["name"] == name {
				v, _ := e.(map[string]any)["value"].(string)
				return v
			}
		}
		return ""
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"completion mode", get(sweep, "spec", "completionMode"), "Indexed"},
		{"completions = SHARDS", fmt.Sprint(get(sweep, "spec", "completions")), env(sweep, "SHARDS")},
		{"the sweep's shard", strings.Contains(fmt.Sprint(get(sweep, "spec", "template", "spec", "containers", 0, "args")), `--shard "$((JOB_COMPLETION_INDEX + 1))/$SHARDS"`), true},
		{"the same NAME", env(merge, "NAME"), env(sweep, "NAME")},
		{"merge", strings.Contains(fmt.Sprint(get(merge, "spec", "template", "spec", "containers", 0, "args")), `mazerat merge "/results/$NAME" --out "/results/$NAME"`), true},
		{"access", fmt.Sprint(get(pvc, "spec", "accessModes")), "[ReadWriteMany]"},
		{"sweep volume", get(sweep, "spec", "template", "spec", "volumes", 1, "persistentVolumeClaim", "claimName"), "mazerat-results"},
		{"merge volume", get(merge, "spec", "template", "spec", "volumes", 1, "persistentVolumeClaim", "claimName"), "mazerat-results"},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("%d: %s: %v, want %v", i, c.what, c.got, c.want)
		}
	}
}

// get walks maps (by string keys) and lists (by int indices); nil if
// the path is not there.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func keys(m map[string]map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
