// Package sweep runs many lifetimes across agents, parameters and seeds:
// a Spec (read from YAML with positioned errors) becomes a Plan of Runs;
// Open claims an output directory and finds what is still to do; Out.Run
// lives the runs on a pool of workers, each written whole or not at all,
// so a sweep resumes after a kill; Merge gathers shards run on several
// machines. The merged results (runs.csv, summary.csv with 95 %
// confidence intervals, reward and criterion tables, plots) are
// byte-identical for any number of workers, after a restart, and when
// sharded; only timing.csv depends on the machine.
//
// Start with LoadSpec, then Spec.Plan, Open and Out.Run.
package sweep
