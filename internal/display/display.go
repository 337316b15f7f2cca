//go:build linux

// Package display stops a windowed mazerat before Ebitengine can panic.
//
// Ebitengine opens the display in a package init and panics when there is
// none, before main runs. Go initialises packages in the order of the
// language spec (Go 1.21 and later): repeatedly the first package, by
// import path, whose imports are all initialised. This package imports
// only syscall, so it is ready long before Ebitengine's (which need os,
// fmt and more, all sorted after it) and its init runs first. Importing it
// for its side effect in the windowed build turns "panic: glfw: X11: The
// DISPLAY environment variable is missing" into one of:
//
//   - exec of the headless build beside the binary (mazerat-headless), with
//     the same arguments, so every command but the window still works;
//   - a one-line message saying what is missing, and exit status 1.
//
// It checks only what can be checked without X: DISPLAY is set, and for a
// local display (":N") its socket exists.
package display

import "syscall"

// Headless is the name of the headless build looked for beside the
// windowed one.
const Headless = "mazerat-headless"

func init() {
	if ok, why := available(); !ok {
		fallback(why)
	}
}

// available reports whether an X display looks reachable, and if not, why.
func available() (bool, string) {
	d, ok := syscall.Getenv("DISPLAY")
	if !ok || d == "" {
		return false, "DISPLAY is not set"
	}
	if d[0] == ':' {
		n := d[1:]
		for i := 0; i < len(n); i++ {
			if n[i] == '.' {
				n = n[:i]
				break
			}
		}
		var st syscall.Stat_t
		if syscall.Stat("/tmp/.X11-unix/X"+n, &st) != nil {
			return false, "DISPLAY is " + d + " but there is no X server at /tmp/.X11-unix/X" + n
		}
	}
	return true, ""
}

// Unavailable is for a later check that finds the display unusable (the
// X server refuses the connection: internal/xcheck): it does what this
// package's init does when DISPLAY is missing, and does not return.
func Unavailable(why string) { fallback(why) }

// fallback execs the headless build beside this binary, or says what is
// missing and exits 1.
func fallback(why string) {
	self, err := executable()
	if err == nil {
		dir := self
		for i := len(dir) - 1; i >= 0; i-- {
			if dir[i] == '/' {
				dir = dir[:i+1]
				break
			}
		}
		headless := dir + Headless
		var st syscall.Stat_t
		if syscall.Stat(headless, &st) == nil && headless != self {
			args := append([]string{headless}, argv()[1:]...)
			if _, set := syscall.Getenv("MAZERAT_NO_DISPLAY"); !set {
				syscall.Setenv("MAZERAT_NO_DISPLAY", why)
			}
			syscall.Exec(headless, args, syscall.Environ())
			// Exec returns only on failure: fall through to the message.
		}
	}
	msg := "mazerat: no display (" + why + "). This mazerat has the window built in and cannot start without one.\n" +
		"Use the headless build beside it (make build makes bin/" + Headless + "), or build one:\n" +
		"  CGO_ENABLED=0 go build -tags headless -o " + Headless + " ./cmd/mazerat\n"
	syscall.Write(2, []byte(msg))
	syscall.Exit(1)
}

// executable returns the path of the running binary (os.Executable cannot
// be used: os is not initialised yet).
func executable() (string, error) {
	buf := make([]byte, 4096)
	n, err := syscall.Readlink("/proc/self/exe", buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}
