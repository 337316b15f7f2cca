//go:build freebsd || (linux && !android) || netbsd || openbsd

package xcheck

import (
	"bytes"
	"io"
	"log"
	"os"
	"strings"

	"github.com/jezek/xgb"

	"github.com/mazerat/mazerat/internal/display"
)

func init() {
	xgb.Logger = log.New(filter{os.Stderr}, "XGB: ", log.Lshortfile)
	d := os.Getenv("DISPLAY")
	if d == "" {
		return // internal/display has dealt with it
	}
	c, err := xgb.NewConn()
	if err != nil {
		display.Unavailable("the X server on DISPLAY " + d + " refused the connection: " + strings.TrimSpace(err.Error()))
	}
	c.Close()
}

// filter drops xgb's lines about a missing authority file and passes the
// rest to w. The logger writes one whole line per call.
type filter struct{ w io.Writer }

func (f filter) Write(p []byte) (int, error) {
	if Quiet(p) {
		return len(p), nil
	}
	return f.w.Write(p)
}

// Quiet reports whether an xgb log line is one this package drops.
func Quiet(line []byte) bool {
	return bytes.Contains(line, []byte("Could not get authority info")) ||
		bytes.Contains(line, []byte("Trying connection without authority info"))
}
