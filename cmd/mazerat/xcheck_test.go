//go:build !headless && linux

package main

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// xserver starts an Xvfb of its own (with an X authority cookie when auth
// is set) and returns its DISPLAY once its socket accepts a connection.
// Without Xvfb it skips, unless the window tests are asked for. When the
// test fails, the server's own output is logged.
func xserver(t *testing.T, auth bool) string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		if os.Getenv("MAZERAT_WINDOW_TESTS") != "" {
			t.Fatal("MAZERAT_WINDOW_TESTS is set but Xvfb is not installed (scripts/deps.sh installs it)")
		}
		t.Skip("no Xvfb")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "1024x768x24"}
	if auth {
		cookie := filepath.Join(t.TempDir(), "xauth")
		// xauth writes the file; the server reads it (and refuses clients
		// without the cookie).
		if out, err := exec.Command("xauth", "-f", cookie, "add", ":0", ".", "0123456789abcdef0123456789abcdef").CombinedOutput(); err != nil {
			t.Skipf("xauth: %v %s", err, out)
		}
		args = append(args, "-auth", cookie)
	}
	cmd := exec.Command("Xvfb", args...)
	cmd.ExtraFiles = []*os.File{w}
	logPath := filepath.Join(t.TempDir(), "xvfb.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logFile.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("Xvfb's output:\n%s", b)
		}
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatal("Xvfb did not say which display it took")
		}
		// The server says its display once it listens; still, a client
		// that cannot connect must be the server's fault, not the test's
		// (seen once in CI: "Failed to open display"), so wait for the
		// socket to answer.
		sock := "/tmp/.X11-unix/X" + n
		for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
			c, err := net.Dial("unix", sock)
			if err == nil {
				c.Close()
				break
			}
			if time.Since(start) > 10*time.Second {
				t.Fatalf("Xvfb took display :%s but %s does not answer: %v", n, sock, err)
			}
		}
		return ":" + n
	case <-time.After(30 * time.Second):
		t.Fatal("Xvfb did not start in 30 s")
	}
	return ""
}

// TestXCheck: against an X server that needs no authority file, the
// window starts without xgb's four warnings on stderr; against one that
// refuses the connection, mazerat says so in a line and exits 1 instead
// of panicking inside Ebitengine's init.
func TestXCheck(t *testing.T) {
	needDisplay(t)
	bin := windowBinary(t)
	t.Run("no authority file", func(t *testing.T) {
		dir := t.TempDir()
		cmd, out := startMazerat(bin, "watch", "--screenshot", filepath.Join(dir, "s.png"), "--after-ticks", "30", "--no-checkpoint")
		cmd.Env = append(os.Environ(), "DISPLAY="+xserver(t, false), "XAUTHORITY="+filepath.Join(dir, "none"))
		if err := cmd.Run(); err != nil {
			t.Fatalf("watch: %v\n%s", err, out)
		}
		if s := out.String(); strings.Contains(s, "XGB") || strings.Contains(s, "authority info") {
			t.Errorf("stderr has X authority warnings:\n%s", s)
		}
	})
	t.Run("refused", func(t *testing.T) {
		dir := t.TempDir()
		cmd, out := startMazerat(bin, "watch", "--no-checkpoint")
		cmd.Env = append(os.Environ(), "DISPLAY="+xserver(t, true), "XAUTHORITY="+filepath.Join(dir, "none"))
		err := cmd.Run()
		s := out.String()
		if code := cmd.ProcessState.ExitCode(); code != 1 || strings.Contains(s, "panic") || !strings.Contains(s, "refused the connection") {
			t.Errorf("watch against a server that refuses: exit %d (%v), want 1 and a line saying the server refused; output:\n%s", code, err, s)
		}
	})
}
