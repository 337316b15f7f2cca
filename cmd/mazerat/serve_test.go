package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeUsage: serve's and watch --connect's flag mistakes exit 2 and
// name the flag.
func TestServeUsage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-socket")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "theseus"}, "serve takes no arguments"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--unix", "/tmp/x.sock"}, "--addr and --unix"},
		{[]string{"serve", "--max-worlds", "0"}, "--max-worlds 0"},
		{[]string{"serve", "--max-message", "10"}, "--max-message 10"},
		{[]string{"serve", "--workers", "-1"}, "--workers -1"},
		{[]string{"serve", "--addr", "localhost"}, "--addr localhost: expected HOST:PORT"},
		{[]string{"serve", "--dir", "/no/such/dir"}, "--dir /no/such/dir"},
		{[]string{"serve", "--unix", file}, "not a socket"},
		{[]string{"watch", "--connect", "127.0.0.1:1", "--seed", "3"}, "--seed cannot be given with --connect"},
		{[]string{"watch", "--connect", "127.0.0.1:1", "theseus"}, "a SCENARIO cannot be given with --connect"},
		{[]string{"watch", "--world", "3"}, "--world goes with --connect"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%d: %v: exit %d, stderr %q; want exit 2 naming %q", i, c.args, code, stderr.String(), c.want)
		}
	}
}
