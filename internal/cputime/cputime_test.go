//go:build unix || windows

package cputime

import (
	"testing"
	"time"
)

// TestProcessCounts: busy work shows as CPU time, and the reading never
// goes back.
func TestProcessCounts(t *testing.T) {
	before := Process()
	x := 1.0
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		for i := 0; i < 1000; i++ {
			x = x*1.0000001 + 1e-9
		}
	}
	after := Process()
	if after <= before || after-before < 10*time.Millisecond {
		t.Errorf("CPU time %v then %v over 50 ms of busy work (x %v)", before, after, x)
	}
}
