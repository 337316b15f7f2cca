// Package cputime reads the CPU time this process has used, user and
// system, which other processes on a shared machine do not inflate as they
// do wall time. It serves the window's frame measurement and the agents'
// benchmarks. Where the system offers no reading, Process returns 0 and
// callers report wall time only.
package cputime
