//go:build !race

package main

// raceDetector: the test binary was built with -race.
const raceDetector = false
