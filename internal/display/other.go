//go:build !linux

package display

// Off Linux the window's display is not checked here.
