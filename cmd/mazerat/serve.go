package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"

	"github.com/mazerat/mazerat/serve"
)

// serveCmd runs the gRPC server of worlds driven by remote agents.
func serveCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "[--addr HOST:PORT | --unix PATH] [flags]",
		"Serve worlds to agents in other processes over gRPC (proto/mazerat/v1/worlds.proto;\n"+
			"the Python client is in python/mazerat). Each client session creates worlds from a\n"+
			"scenario, settings and a seed, and steps them; a session's worlds are freed when it\n"+
			"ends. It listens on loopback unless --addr names another address. It prints\n"+
			"\"listening on ADDR\" once ready; Ctrl-C stops it. See docs/serve.md.", stderr)
	addr := fs.String("addr", "127.0.0.1:50051", "listen on `HOST:PORT` (port 0: any free port)")
	unix := fs.String("unix", "", "listen on a unix socket at `PATH` instead of --addr")
	maxWorlds := fs.Int("max-worlds", serve.DefaultMaxWorlds, "most worlds alive at once, over all clients")
	maxMsg := fs.Int("max-message", 16<<20, "largest message either way, in `bytes`")
	dir := fs.String("dir", "", "the directory whose files clients may name for outputs, checkpoints and recordings (default: none, every file refused)")
	workers := fs.Int("workers", 0, "goroutines stepping the worlds of one call (0: one per CPU)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("serve takes no arguments, got %q", pos)
	case *unix != "" && flagSet(fs, "addr"):
		return usagef("--addr and --unix: give one of them")
	case *maxWorlds <= 0:
		return usagef("--max-worlds %d: expected a positive number of worlds", *maxWorlds)
	case *maxMsg < 4096:
		return usagef("--max-message %d: expected at least 4096 bytes", *maxMsg)
	case *workers < 0:
		return usagef("--workers %d: expected 0 (one per CPU) or more", *workers)
	}
	if *dir != "" {
		if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
			return usagef("--dir %s: expected an existing directory", *dir)
		}
	}
	lis, shown, err := listen(*addr, *unix, stderr)
	if err != nil {
		return err
	}
	srv := serve.New(serve.Options{MaxWorlds: *maxWorlds, Dir: *dir, Workers: *workers})
	g := grpc.NewServer(grpc.MaxRecvMsgSize(*maxMsg), grpc.MaxSendMsgSize(*maxMsg))
	srv.Register(g)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		// Sessions end with their clients; give them a moment, then cut.
		t := time.AfterFunc(2*time.Second, g.Stop)
		g.GracefulStop()
		t.Stop()
	}()
	fmt.Fprintf(stdout, "listening on %s\n", shown)
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	if err := g.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	if *unix != "" {
		os.Remove(*unix)
	}
	return nil
}

// listen opens the listener --addr or --unix asks for and returns it with
// the address a client dials. A stale socket file (no server answers on
// it) is removed; a live one is refused.
func listen(addr, unix string, stderr io.Writer) (net.Listener, string, error) {
	if unix != "" {
		if st, err := os.Stat(unix); err == nil {
			if st.Mode()&os.ModeSocket == 0 {
				return nil, "", usagef("--unix %s: the file exists and is not a socket", unix)
			}
			if c, err := net.Dial("unix", unix); err == nil {
				c.Close()
				return nil, "", fmt.Errorf("--unix %s: a server is already listening there", unix)
			}
			os.Remove(unix)
		}
		lis, err := net.Listen("unix", unix)
		if err != nil {
			return nil, "", fmt.Errorf("--unix %s: %w", unix, err)
		}
		return lis, "unix:" + unix, nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, "", usagef("--addr %s: expected HOST:PORT, e.g. 127.0.0.1:50051", addr)
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("--addr %s: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "mazerat serve: %s is reachable from other machines, and the protocol has no authentication\n", addr)
	}
	return lis, lis.Addr().String(), nil
}
