package main

import (
	"fmt"
	"io"
)

// sweepCmd and mergeCmd are being built (issue 5).
func sweepCmd(args []string, stdout, stderr io.Writer) error {
	return fmt.Errorf("sweep is not built yet")
}

func mergeCmd(args []string, stdout, stderr io.Writer) error {
	return fmt.Errorf("merge is not built yet")
}
