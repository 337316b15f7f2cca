//go:build race

package sim

// raceEnabled shortens the long physics soaks under the race detector,
// which slows cp twentyfold and has nothing to find inside one world; the
// Makefile runs them at full length without it.
const raceEnabled = true
