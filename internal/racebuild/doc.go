// Package racebuild tells tests whether they run under the race detector,
// which slows cp's physics tenfold or more: long soaks shorten themselves
// under -race and run at full length in `make soak` without it.
package racebuild
