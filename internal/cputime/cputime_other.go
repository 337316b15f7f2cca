//go:build !unix && !windows

package cputime

import "time"

// Process is unknown on this system: 0.
func Process() time.Duration { return 0 }
