// Package xcheck connects to the X server once before Ebitengine does, and
// quiets the X protocol library Ebitengine uses on Linux and the BSDs
// (github.com/jezek/xgb).
//
// internal/display checks only that DISPLAY names a server whose socket
// exists. A server that refuses the connection (no or a wrong X authority
// cookie) made Ebitengine panic in its package init; connecting here
// first turns that into internal/display's fallback: the headless build,
// or a one-line message.
//
// xgb also printed two warnings per connection when the server needs no
// authority file ("XGB: conn.go:47: Could not get authority info ..."),
// and Ebitengine connects twice while it initialises: four lines on
// stderr at every start, although the window then works. Those two lines
// are dropped; xgb's other messages still reach stderr.
//
// Both must happen before Ebitengine's init: Go initialises packages in
// import-path order among those whose imports are ready (Go 1.21 and
// later), and this package needs only what xgb needs and internal/display,
// all of which Ebitengine's ui package needs too (or is ready earlier), so
// it goes first. TestXCheck (cmd/mazerat) checks it in the built binary.
// Import it for its side effect from the windowed build only; off Linux
// and the BSDs it does nothing.
package xcheck
