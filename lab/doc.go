// Package lab runs experiments: the lifetime loop shared by the command
// line and the window (Lifetime), trial metrics and world-event recovery,
// run outputs (trials.csv, reward.csv, events.csv, summary.json, a
// learning-curve PNG, the maze with the last trial's path), written
// atomically.
//
// Start with Run(ctx, Config{...}, Options{Out: dir}); front ends that
// animate a lifetime build a Lifetime with NewLifetime and call Tick.
package lab
