package sweep

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mazerat/mazerat/internal/racebuild"
	"github.com/mazerat/mazerat/lab"
)

// mergedFiles are the results that must be the same bytes however the
// sweep was run.
var mergedFiles = []string{
	RunsCSV, SummaryCSV, RewardCSV, CriterionCSV, RecoveryCSV,
	LearningPlot + ".png", LearningPlot + ".svg", RewardPlot + ".png", RewardPlot + ".svg",
	CriterionPlot + ".png", CriterionPlot + ".svg",
	MetricsSummaryCSV, MetricsPlot + ".png", MetricsPlot + ".svg",
}

// tinyPlan is testdata/tiny.yaml: 4 short lifetimes in a maze
// whose short way closes at step 60.
func tinyPlan(t testing.TB) *Plan {
	t.Helper()
	s, err := LoadSpec(filepath.Join("testdata", "tiny.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	return p
}

// sweepInto runs the shard of plan into dir with the workers, and merges
// when the shard is the whole sweep.
func sweepInto(t testing.TB, dir string, plan *Plan, sh Shard, workers int) *Out {
	t.Helper()
	o, err := Open(dir, plan, sh)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Run(context.Background(), Options{Workers: workers}); err != nil {
		t.Fatal(err)
	}
	if sh.Whole() {
		if err := o.Merge(); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// sameResults compares the merged results and each run's deterministic
// files of two sweep directories, byte for byte.
func sameResults(t testing.TB, want, got string) {
	t.Helper()
	for _, f := range mergedFiles {
		a, err1 := os.ReadFile(filepath.Join(want, f))
		b, err2 := os.ReadFile(filepath.Join(got, f))
		if err1 != nil || err2 != nil {
			t.Errorf("%s: %v / %v", f, err1, err2)
			continue
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between %s and %s", f, want, got)
		}
	}
	wantRuns, gotRuns := runDirs(t, want), runDirs(t, got)
	if !slices.Equal(wantRuns, gotRuns) {
		t.Errorf("runs\n  %v\nwant\n  %v", gotRuns, wantRuns)
		return
	}
	for _, id := range wantRuns {
		if err := runsAgree(filepath.Join(want, RunsDir, id), filepath.Join(got, RunsDir, id)); err != nil {
			t.Errorf("run %s: %v", id, err)
		}
	}
}

// runDirs lists the entries of dir/runs.
func runDirs(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, RunsDir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestSweep runs one small sweep every way the results may be produced,
// and requires the same bytes each time: one worker (the reference), two
// and three workers, resumed after an interruption with half-written
// runs left behind, and three shards merged. (Shards sharing one
// directory are run as processes in cmd/mazerat.)
func TestSweep(t *testing.T) {
	plan := tinyPlan(t)
	ref := t.TempDir()
	o := sweepInto(t, ref, plan, Shard{}, 1)
	if len(o.Todo) != len(plan.Runs) || len(plan.Runs) != 4 {
		t.Fatalf("the reference ran %d of %d runs, want 4", len(o.Todo), len(plan.Runs))
	}
	for _, f := range append(slices.Clone(mergedFiles), TimingCSV, IdentityFile, SpecCopy) {
		if st, err := os.Stat(filepath.Join(ref, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, r := range plan.Runs {
		if !runComplete(filepath.Join(ref, RunsDir, r.ID)) {
			t.Errorf("run %s is not complete", r.ID)
		}
	}
	// A run of the sweep is the lifetime lab.Run lives alone.
	r := plan.Runs[3]
	res, err := lab.Run(context.Background(), plan.LabConfig(r), lab.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(ref, RunsDir, r.ID, lab.TrialsFile)); !bytes.Equal(lab.Deterministic(lab.TrialsFile, b), lab.Deterministic(lab.TrialsFile, lab.TrialsCSV(res.Lifetime.Trials(), nil))) {
		t.Errorf("run %s in the sweep differs from a lone run:\n%s\nwant\n%s", r.ID, b, lab.TrialsCSV(res.Lifetime.Trials(), nil))
	}

	t.Run("workers", func(t *testing.T) {
		for _, w := range []int{2, 3} {
			dir := t.TempDir()
			sweepInto(t, dir, plan, Shard{}, w)
			sameResults(t, ref, dir)
		}
	})

	t.Run("finished", func(t *testing.T) {
		before, _ := os.ReadFile(filepath.Join(ref, SummaryCSV))
		o, err := Open(ref, plan, Shard{})
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Todo) != 0 {
			t.Errorf("a finished sweep has %d runs to do", len(o.Todo))
		}
		if err := o.Merge(); err != nil {
			t.Fatal(err)
		}
		if after, _ := os.ReadFile(filepath.Join(ref, SummaryCSV)); !bytes.Equal(before, after) {
			t.Errorf("merging again changed summary.csv")
		}
		// A dry run's look writes nothing.
		fresh := filepath.Join(t.TempDir(), "fresh")
		if o, err := Peek(fresh, plan, Shard{2, 2}); err != nil || len(o.Todo) != 2 {
			t.Errorf("peek at a new directory: %v, want shard 2/2's 2 runs to do", err)
		}
		if _, err := os.Stat(fresh); err == nil {
			t.Errorf("Peek created %s", fresh)
		}
		if o, err := Peek(ref, plan, Shard{}); err != nil || len(o.Todo) != 0 {
			t.Errorf("peek at the finished sweep: %v, want nothing to do", err)
		}
	})

	t.Run("resume", func(t *testing.T) {
		dir := t.TempDir()
		o, err := Open(dir, plan, Shard{})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		finished := 0
		err = o.Run(ctx, Options{Workers: 2, Finished: func(int, Run) {
			mu.Lock()
			defer mu.Unlock()
			if finished++; finished == 2 {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, lab.ErrStopped) {
			t.Fatalf("interrupted sweep: %v, want ErrStopped", err)
		}
		o2, err := Open(dir, plan, Shard{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(plan.Runs) - len(o2.Todo); n < 2 || n == len(plan.Runs) {
			t.Fatalf("%d runs finished before the interruption, want 2 or more and fewer than all", n)
		}
		if o2.Merge() == nil {
			t.Errorf("merging an unfinished sweep succeeded")
		}
		// What a kill leaves behind: a temporary directory, and a run
		// directory without all its files.
		halfTmp := filepath.Join(dir, RunsDir, ".tmp-"+o2.Todo[0].ID+"-12345")
		halfRun := filepath.Join(dir, RunsDir, o2.Todo[len(o2.Todo)-1].ID)
		writeFile(t, filepath.Join(halfTmp, lab.TrialsFile), "trial\n1\n")
		writeFile(t, filepath.Join(halfRun, lab.TrialsFile), "garbage")
		o3, err := Open(dir, plan, Shard{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(o3.Todo, o2.Todo) {
			t.Errorf("to do after planting half-written runs %v, want %v", o3.Todo, o2.Todo)
		}
		for _, p := range []string{halfTmp, halfRun} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("%s was not removed", p)
			}
		}
		if err := o3.Run(context.Background(), Options{Workers: 2}); err != nil {
			t.Fatal(err)
		}
		if err := o3.Merge(); err != nil {
			t.Fatal(err)
		}
		sameResults(t, ref, dir)
	})

	t.Run("shards", func(t *testing.T) {
		var dirs []string
		for i := 1; i <= 3; i++ {
			dir := t.TempDir()
			o := sweepInto(t, dir, plan, Shard{i, 3}, 1)
			var want []string
			for _, r := range o.Mine {
				want = append(want, r.ID)
			}
			slices.Sort(want)
			if got := runDirs(t, dir); !slices.Equal(got, want) {
				t.Errorf("shard %d/3 wrote %v, want its runs %v", i, got, want)
			}
			if _, err := os.Stat(filepath.Join(dir, SummaryCSV)); err == nil {
				t.Errorf("shard %d/3 merged", i)
			}
			dirs = append(dirs, dir)
		}
		out := filepath.Join(t.TempDir(), "merged")
		_, rep, err := Merge(out, dirs)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Copied != 4 || rep.Present != 0 || rep.Duplicate != 0 {
			t.Errorf("merge report %+v, want 4 copied", rep)
		}
		sameResults(t, ref, out)

		// Into one of the shards, naming the other shards twice and
		// the reference (whose runs are the same) too.
		_, rep, err = Merge(dirs[0], []string{dirs[1], dirs[0], dirs[2], dirs[1], ref})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Copied != 2 || rep.Present != 2 || rep.Duplicate != 4 {
			t.Errorf("in-place merge report %+v, want 2 copied, 2 present, 4 duplicated", rep)
		}
		sameResults(t, ref, dirs[0])

		// A shard missing: the missing runs are named.
		_, _, err = Merge(t.TempDir(), dirs[1:2])
		if err == nil {
			t.Fatalf("merging one shard of three succeeded")
		}
		for _, r := range plan.Runs {
			in := slices.ContainsFunc(plan.ShardRuns(Shard{2, 3}), func(s Run) bool { return s.ID == r.ID })
			if named := strings.Contains(err.Error(), r.ID+"\n") || strings.HasSuffix(err.Error(), r.ID); named == in {
				t.Errorf("run %s (in shard 2: %v) named missing: %v\n%v", r.ID, in, named, err)
			}
		}
		if !strings.Contains(err.Error(), "3 runs of the sweep are missing") {
			t.Errorf("error %q does not count the missing runs", err)
		}

		// A run whose copies differ.
		bad := t.TempDir()
		if _, _, err := Merge(bad, dirs[2:3]); err == nil || !strings.Contains(err.Error(), "missing") {
			t.Fatalf("merging shard 3 alone: %v", err)
		}
		id := plan.ShardRuns(Shard{3, 3})[0].ID
		// (Replaced, not rewritten: the merge hard-linked it to shard 3's.)
		os.Remove(filepath.Join(bad, RunsDir, id, lab.TrialsFile))
		writeFile(t, filepath.Join(bad, RunsDir, id, lab.TrialsFile), "trial,start_step\n")
		_, _, err = Merge(t.TempDir(), []string{dirs[2], bad})
		if err == nil || !strings.Contains(err.Error(), "run "+id+" is in") || !strings.Contains(err.Error(), "different results") {
			t.Errorf("merging a run with different results: %v", err)
		}

		// Another sweep (its spec is enough: merge checks it first).
		other := mustPlan(t, "testdata", "scenario: event.maze\nagents: [wallfollow]\nsteps: 20\nseeds: 1\n")
		odir := t.TempDir()
		if _, err := Open(odir, other, Shard{}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Merge(t.TempDir(), []string{dirs[0], odir}); err == nil || !strings.Contains(err.Error(), "hold different sweeps") {
			t.Errorf("merging two sweeps: %v", err)
		}
	})

	t.Run("refused", func(t *testing.T) {
		other := mustPlan(t, "testdata", "scenario: event.maze\nagents: [dyna]\nsteps: 120\nseeds: 3\ngrid: {agent.planning: [0, 5]}\n")
		_, err := Open(ref, other, Shard{})
		if err == nil || !strings.Contains(err.Error(), "holds the results of another sweep") {
			t.Errorf("another spec into a sweep's directory: %v", err)
		}
		foreign := t.TempDir()
		writeFile(t, filepath.Join(foreign, "notes.txt"), "mine")
		if _, err := Open(foreign, plan, Shard{}); err == nil || !strings.Contains(err.Error(), "is not empty and holds no sweep") {
			t.Errorf("a sweep into a directory of other files: %v", err)
		}
		if _, err := os.Stat(filepath.Join(foreign, IdentityFile)); err == nil {
			t.Errorf("a refused directory got a %s", IdentityFile)
		}
	})
}

// TestSweepMemory: a sweep of 1000 short lifetimes runs in the memory
// of its workers. The live heap once the runs are done (and again after
// the merge) is that of a sweep a tenth the size plus the plan (a few
// hundred bytes a run), so nothing of a finished run is kept; the peak
// while the two workers live their lifetimes stays within a fixed bound.
// A soak test: skipped with -short and under -race.
//
//	go test -run TestSweepMemory -v ./lab
func TestSweepMemory(t *testing.T) {
	if testing.Short() || racebuild.Enabled {
		t.Skip("soak test")
	}
	type usage struct {
		runs                        int
		peak, afterRuns, afterMerge uint64
		elapsed                     time.Duration
	}
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	measure := func(seeds int) (u usage) {
		plan := mustPlan(t, "testdata", "scenario: event.maze\nagents: [dyna, wallfollow]\nsteps: 30\nseeds: "+strconv.Itoa(seeds)+"\n")
		o, err := Open(t.TempDir(), plan, Shard{})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		n := 0
		start := time.Now()
		err = o.Run(context.Background(), Options{Workers: 2, Finished: func(int, Run) {
			mu.Lock()
			defer mu.Unlock()
			if n++; n%10 == 0 {
				u.peak = max(u.peak, live())
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		u.afterRuns = live()
		if err := o.Merge(); err != nil {
			t.Fatal(err)
		}
		u.afterMerge, u.runs, u.elapsed = live(), len(plan.Runs), time.Since(start)
		return u
	}
	small, large := measure(50), measure(500)
	for _, u := range []usage{small, large} {
		t.Logf("%4d runs in %4.1f s: live heap peak %.2f MiB, after the runs %.2f MiB, after the merge %.2f MiB",
			u.runs, u.elapsed.Seconds(), float64(u.peak)/(1<<20), float64(u.afterRuns)/(1<<20), float64(u.afterMerge)/(1<<20))
	}
	perRun := uint64(1024) // the plan's share of a run, generously; a kept lifetime is hundreds of KiB
	extra := uint64(large.runs-small.runs) * perRun
	if large.afterRuns > small.afterRuns+extra || large.afterMerge > small.afterMerge+extra {
		t.Errorf("live heap after %d runs %d B (after the merge %d B), after %d runs %d B (%d B); allowed %d B more",
			large.runs, large.afterRuns, large.afterMerge, small.runs, small.afterRuns, small.afterMerge, extra)
	}
	if bound := uint64(32 << 20); large.peak > bound {
		t.Errorf("live heap peak %d B while 2 workers ran, want at most %d B", large.peak, bound)
	}
}

// BenchmarkSweep measures lifetimes per second with one worker and with
// two in the same benchmark: each iteration runs the same sweep (8
// lifetimes of dyna in the Dyna maze, 1000 steps each, written to disk
// with every output file, as mazerat sweep does) once with each, in
// alternating order so that a machine that slows down or speeds up
// during the benchmark favours neither. speedup is the ratio; on 2 cores
// the issue asks for at least 1.7. Report the median of a few runs:
//
//	go test -run '^$' -bench Sweep -benchtime 3x -count 5 ./lab
func BenchmarkSweep(b *testing.B) {
	plan := mustPlan(b, ".", "scenario: dyna-maze\nagents: [dyna]\nsteps: 1000\nseeds: 8\n")
	var secs [3]float64 // by number of workers
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		order := []int{1, 2}
		if i%2 == 1 {
			order = []int{2, 1}
		}
		i++
		for _, w := range order {
			b.StopTimer()
			o, err := Open(b.TempDir(), plan, Shard{})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start := time.Now()
			if err := o.Run(context.Background(), Options{Workers: w}); err != nil {
				b.Fatal(err)
			}
			secs[w] += time.Since(start).Seconds()
		}
	}
	n := float64(len(plan.Runs) * b.N)
	b.ReportMetric(n/secs[1], "lifetimes/s(1w)")
	b.ReportMetric(n/secs[2], "lifetimes/s(2w)")
	b.ReportMetric(secs[1]/secs[2], "speedup")
}
