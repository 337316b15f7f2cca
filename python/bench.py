"""Speed of the Python client against the Go-native loop (docs/serve.md).

    make headless && /usr/bin/python3 python/bench.py [--rounds 5] [--seconds 5]

In each round, one after the other on the same machine: the Go-native
random agent living theseus (wheels control) in `mazerat run`, the Python
random agent over make_vec with --worlds worlds (64) against `mazerat
serve`, and the Python random agent on one world. It prints steps per
second of each and the ratio vec/Go per round, and their medians; and
the CPU time each spends per step (the Go-native process; the server and
the Python process), which a shared machine disturbs less than the
rates.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mazerat  # noqa: E402


def go_native(binary, steps, out):
    """Steps per second of the Go-native loop, and its CPU time per step
    (the whole process: building the world too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "run", "theseus", "--agent", "random", "--steps", str(steps), "--out", out, "--force"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)["timing"]["steps_per_second"], cpu / steps


def cpu_of(pid):
    """CPU seconds a process has used (user + system)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def python_loop(env, seconds, per_step, server):
    """Steps per second of a Python loop, and the CPU time per step of the
    server and of this process (every thread of it)."""
    for _ in range(20):  # warm up
        env.step(env.action_space.sample())
    s0, c0 = cpu_of(server), time.process_time()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        env.step(env.action_space.sample())
        n += per_step
    rate = n / (time.perf_counter() - t0)
    return rate, (cpu_of(server) - s0) / n, (time.process_time() - c0) / n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="bin/mazerat-headless", help="the mazerat binary")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=5, help="how long each Python loop runs")
    ap.add_argument("--worlds", type=int, default=64)
    ap.add_argument("--go-steps", type=int, default=300000, help="steps of the Go-native lifetime")
    args = ap.parse_args()

    server = subprocess.Popen([args.bin, "serve", "--addr", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
    addr = server.stdout.readline().split()[-1]
    rows, cpus = [], []
    try:
        vec = mazerat.make_vec("theseus", args.worlds, address=addr, seed=1)
        one = mazerat.make("theseus", address=addr, seed=1)
        vec.reset()
        one.reset()
        vec.action_space.seed(1)
        one.action_space.seed(1)
        with tempfile.TemporaryDirectory() as out:
            for r in range(args.rounds):
                go, go_cpu = go_native(args.bin, args.go_steps, out)
                v, v_srv, v_cli = python_loop(vec, args.seconds, args.worlds, server.pid)
                s, _, _ = python_loop(one, args.seconds / 2, 1, server.pid)
                rows.append((go, v, s))
                cpus.append((go_cpu, v_srv, v_cli))
                print(f"round {r + 1}: Go-native {go:9.0f} steps/s   Python make_vec({args.worlds}) {v:9.0f} steps/s"
                      f"   Python one world {s:7.0f} steps/s   vec/Go {v / go:.2f}"
                      f"   CPU µs/step: Go {1e6 * go_cpu:.1f}, vec server {1e6 * v_srv:.1f} + client {1e6 * v_cli:.1f}", flush=True)
        vec.close()
        one.close()
    finally:
        server.terminate()
        server.wait()
        server.stdout.close()
    med = [statistics.median(c) for c in zip(*rows)]
    ratio = statistics.median(v / go for go, v, _ in rows)
    print(f"median:  Go-native {med[0]:9.0f} steps/s   Python make_vec({args.worlds}) {med[1]:9.0f} steps/s"
          f"   Python one world {med[2]:7.0f} steps/s   vec/Go {ratio:.2f} (median of the rounds' ratios)")
    c = [1e6 * statistics.median(x) for x in zip(*cpus)]
    print(f"median CPU per step: Go-native {c[0]:.1f} µs; Python make_vec: server {c[1]:.1f} µs + client {c[2]:.1f} µs")


if __name__ == "__main__":
    main()
