// Package repro reproduces classic results (Sutton & Barto's Dyna maze,
// blocking and shortcut mazes, Shannon's Theseus, Tolman & Honzik's latent
// learning and detour, Olton & Samuelson's radial-arm maze, Deacon &
// Rawlins's rewarded alternation in a T-maze, Morris's water maze, compute
// scaling) and the project's own (the rat's own map, foraging, the
// curriculum of five mazes that dyna's several maps remember): each
// Experiment lives its lifetimes in
// parallel and returns a Report with the measured figures, the published
// ones and a verdict per Check, a table, curves and plots.
//
// All lists the experiments; Lookup finds one by name.
package repro
