//go:build !headless && !unix && !windows

package window

import "time"

// cpuTime is unknown on this system: --measure-frames then reports wall
// times only (its CPU figures read 0).
func cpuTime() time.Duration { return 0 }
