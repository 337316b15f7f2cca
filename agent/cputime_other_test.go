//go:build !unix

package agent

import "time"

// processCPU is unknown here: benchmarks report wall time only.
func processCPU() time.Duration { return 0 }
