package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/lab"
)

// Names in a sweep's output directory.
const (
	IdentityFile = "sweep.json" // the sweep's identity: its canonical spec and hash
	SpecCopy     = "sweep.yaml" // the spec file as first given, for people
	RunsDir      = "runs"       // runs/<run id>/: each run's outputs
)

// sweepFormat names the layout of sweep.json and the output directory.
const sweepFormat = "mazerat sweep 1"

type sweepFileJSON struct {
	Format string        `json:"format"`
	Hash   string        `json:"hash"`
	Spec   canonicalSpec `json:"spec"`
}

// Out is a sweep's output directory opened for one shard: which of
// the shard's runs are finished and which are still to run.
type Out struct {
	Dir   string
	Plan  *Plan
	Shard Shard
	Mine  []Run // the shard's runs
	Todo  []Run // those not finished yet, in plan order
}

// Open prepares dir for plan's sweep (or the shard of it): it stores
// the spec there, or refuses if dir holds another sweep or other files,
// and finds which runs are finished. A run is finished when its directory
// runs/<id> exists with every output file: runs are written into a
// temporary directory that is renamed into place only when complete, so
// a run killed halfway leaves only a temporary directory, which is
// removed and the run redone. Several shards may share dir (on a shared
// volume); two processes must not run the same shard into it at once.
func Open(dir string, plan *Plan, shard Shard) (*Out, error) {
	return openSweep(dir, plan, shard, true)
}

// Peek is Open without writing or removing anything: what
// Open would find (or refuse) in dir, which need not exist.
func Peek(dir string, plan *Plan, shard Shard) (*Out, error) {
	return openSweep(dir, plan, shard, false)
}

func openSweep(dir string, plan *Plan, shard Shard, write bool) (*Out, error) {
	claimed, err := checkSweepDir(dir, plan.Spec)
	if err != nil {
		return nil, err
	}
	if write {
		if err := claimSweepDir(dir, plan.Spec, claimed); err != nil {
			return nil, err
		}
	}
	o := &Out{Dir: dir, Plan: plan, Shard: shard, Mine: plan.ShardRuns(shard)}
	runs := filepath.Join(dir, RunsDir)
	if write {
		if err := os.MkdirAll(runs, 0o755); err != nil {
			return nil, err
		}
	}
	mine := make(map[string]bool, len(o.Mine))
	for _, r := range o.Mine {
		mine[r.ID] = true
	}
	entries, err := os.ReadDir(runs)
	if err != nil && !(errors.Is(err, os.ErrNotExist) && !write) {
		return nil, err
	}
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if id, ok := tempRunID(name); ok {
			if mine[id] && write {
				if err := os.RemoveAll(filepath.Join(runs, name)); err != nil {
					return nil, fmt.Errorf("removing a half-written run: %w", err)
				}
			}
			continue
		}
		present[name] = true
	}
	for _, r := range o.Mine {
		if present[r.ID] {
			if runComplete(filepath.Join(runs, r.ID)) {
				continue
			}
			// Not written by a sweep (which renames only complete runs):
			// damaged by hand or by a copy. Redo it.
			if write {
				if err := os.RemoveAll(filepath.Join(runs, r.ID)); err != nil {
					return nil, fmt.Errorf("removing the incomplete run %s: %w", r.ID, err)
				}
			}
		}
		o.Todo = append(o.Todo, r)
	}
	return o, nil
}

// tempRunID returns the run a temporary directory belongs to:
// ".tmp-<id>-<random digits>".
func tempRunID(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, ".tmp-")
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, '-')
	if i < 0 {
		return "", false
	}
	return rest[:i], true
}

// runComplete reports whether dir holds every output file of a run.
func runComplete(dir string) bool {
	for _, f := range lab.OutputFiles {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// checkSweepDir reports whether dir already holds spec's sweep, and
// refuses a directory that holds another sweep or other files. A missing
// dir is fine.
func checkSweepDir(dir string, spec *Spec) (claimed bool, err error) {
	hash := spec.Hash()
	stored, err := readSweepFile(dir)
	switch {
	case err == nil && stored.Hash != hash:
		return false, fmt.Errorf("%s holds the results of another sweep (spec hash %.12s, this spec %.12s; its spec is in %s): choose another --out, or delete %s to start over",
			dir, stored.Hash, hash, filepath.Join(dir, SpecCopy), dir)
	case err == nil:
		return true, nil
	case !errors.Is(err, os.ErrNotExist):
		return false, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		// Dot files may be another shard's temporary files, written into
		// a shared directory at the same moment.
		if n := e.Name(); !strings.HasPrefix(n, ".") && n != SpecCopy && n != RunsDir {
			return false, fmt.Errorf("%s is not empty and holds no sweep (no %s; it has %s): choose a new or empty --out", dir, IdentityFile, n)
		}
	}
	return false, nil
}

// claimSweepDir makes dir the home of spec's sweep: it stores sweep.json
// and the spec's text as sweep.yaml, unless already claimed.
func claimSweepDir(dir string, spec *Spec, claimed bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if !claimed {
		b, err := json.MarshalIndent(sweepFileJSON{Format: sweepFormat, Hash: spec.Hash(), Spec: spec.canonical()}, "", "  ")
		if err != nil {
			return err
		}
		if err := atomicfile.WriteFile(filepath.Join(dir, IdentityFile), append(b, '\n')); err != nil {
			return err
		}
	}
	if len(spec.Raw) > 0 {
		if _, err := os.Stat(filepath.Join(dir, SpecCopy)); errors.Is(err, os.ErrNotExist) {
			return atomicfile.WriteFile(filepath.Join(dir, SpecCopy), spec.Raw)
		}
	}
	return nil
}

// readSweepFile reads dir's sweep.json.
func readSweepFile(dir string) (*sweepFileJSON, error) {
	p := filepath.Join(dir, IdentityFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var f sweepFileJSON
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: not a sweep file (%v)", p, err)
	}
	if f.Format != sweepFormat {
		return nil, fmt.Errorf("%s: format %q, expected %q (written by another version of mazerat)", p, f.Format, sweepFormat)
	}
	return &f, nil
}

// ReadSpec returns the spec of the sweep stored in dir.
func ReadSpec(dir string) (*Spec, error) {
	f, err := readSweepFile(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s holds no sweep (no %s)", dir, IdentityFile)
	}
	if err != nil {
		return nil, err
	}
	s, err := specFromCanonical(f.Spec, filepath.Join(dir, IdentityFile))
	if err != nil {
		return nil, err
	}
	if h := s.Hash(); h != f.Hash {
		return nil, fmt.Errorf("%s: the stored hash %.12s does not match its spec (%.12s); the file was changed", filepath.Join(dir, IdentityFile), f.Hash, h)
	}
	s.Raw, _ = os.ReadFile(filepath.Join(dir, SpecCopy))
	return s, nil
}

// Options say how a sweep runs and reports. The callbacks are called
// from the workers (worker is 0..Workers-1), never at once for one worker.
type Options struct {
	Workers  int // lifetimes at once (0: one per CPU)
	Started  func(worker int, r Run)
	Progress func(worker int, done, total int64) // as lab.Options.Progress
	Finished func(worker int, r Run)
}

// Workers returns how many workers a sweep with this many workers asked
// for (0: one per CPU) uses for its runs to do.
func (o *Out) Workers(asked int) int { return lab.Workers(asked, len(o.Todo)) }

// Run lives every run still to do on the workers (lab.ForEach), each
// written to runs/<id> and dropped, so memory is bounded by the number of
// workers, not of runs. It stops at the first failure, or when ctx is
// cancelled (then with an error wrapping ErrStopped; the runs under way are
// discarded, the finished ones kept for the next start).
func (o *Out) Run(ctx context.Context, opt Options) error {
	if len(o.Todo) == 0 {
		return nil
	}
	err := lab.ForEach(ctx, len(o.Todo), opt.Workers, func(ctx context.Context, w, i int) error {
		r := o.Todo[i]
		if opt.Started != nil {
			opt.Started(w, r)
		}
		var progress func(done, total int64)
		if opt.Progress != nil {
			progress = func(done, total int64) { opt.Progress(w, done, total) }
		}
		if err := o.runOne(ctx, r, progress); err != nil {
			return err
		}
		if opt.Finished != nil {
			opt.Finished(w, r)
		}
		return nil
	})
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %v", lab.ErrStopped, context.Cause(ctx))
	}
	return err
}

// runOne lives one run into a temporary directory and renames it into
// place when every file is written.
func (o *Out) runOne(ctx context.Context, r Run, progress func(done, total int64)) error {
	runs := filepath.Join(o.Dir, RunsDir)
	tmp, err := os.MkdirTemp(runs, ".tmp-"+r.ID+"-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it private
		return err
	}
	_, err = lab.Run(ctx, o.Plan.LabConfig(r), lab.Options{Out: tmp, Progress: progress})
	if err == nil {
		err = os.Rename(tmp, filepath.Join(runs, r.ID))
		if err != nil && runComplete(filepath.Join(runs, r.ID)) {
			err = nil // finished meanwhile by another process of the same shard
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		if errors.Is(err, lab.ErrStopped) {
			return err
		}
		return fmt.Errorf("run %s: %w", r.ID, err)
	}
	atomicfile.SyncDir(runs)
	return nil
}

// Missing returns the runs of the whole sweep not finished in the
// directory.
func (o *Out) Missing() []Run {
	var out []Run
	for _, r := range o.Plan.Runs {
		if !runComplete(filepath.Join(o.Dir, RunsDir, r.ID)) {
			out = append(out, r)
		}
	}
	return out
}

// Merge writes the merged results of the whole sweep (runs.csv,
// summary.csv, the curves and plots) from the runs in the directory; every
// run must be finished.
func (o *Out) Merge() error {
	if miss := o.Missing(); len(miss) > 0 {
		return missingError(o.Dir, miss)
	}
	return writeSweepResults(o.Dir, o.Plan)
}

// missingError names the missing runs (the first 20 of them).
func missingError(dir string, miss []Run) error {
	var ids []string
	for _, r := range miss[:min(len(miss), 20)] {
		ids = append(ids, r.ID)
	}
	more := ""
	if len(miss) > 20 {
		more = fmt.Sprintf("\n  ... and %d more", len(miss)-20)
	}
	return fmt.Errorf("%s: %d runs of the sweep are missing:\n  %s%s", dir, len(miss), strings.Join(ids, "\n  "), more)
}
