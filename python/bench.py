"""Speed of the Python client against the Go-native loop (docs/serve.md).

    make headless && /usr/bin/python3 python/bench.py [--rounds 5] [--seconds 5]

In each round, one after the other on the same machine: the Go-native
random agent living theseus (wheels control) in `mazerat run`, the Python
random agent over make_vec with --worlds worlds (64) against `mazerat
serve`, and the Python random agent on one world. It prints steps per
second of each and the ratio vec/Go per round, and their medians.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mazerat  # noqa: E402


def go_native(binary, steps, out):
    subprocess.run([binary, "run", "theseus", "--agent", "random", "--steps", str(steps), "--out", out, "--force"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)["timing"]["steps_per_second"]


def python_loop(env, seconds, per_step):
    for _ in range(20):  # warm up
        env.step(env.action_space.sample())
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        env.step(env.action_space.sample())
        n += per_step
    return n / (time.perf_counter() - t0)


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
    rows = []
    try:
        vec = mazerat.make_vec("theseus", args.worlds, address=addr, seed=1)
        one = mazerat.make("theseus", address=addr, seed=1)
        vec.reset()
        one.reset()
        vec.action_space.seed(1)
        one.action_space.seed(1)
        with tempfile.TemporaryDirectory() as out:
            for r in range(args.rounds):
                go = go_native(args.bin, args.go_steps, out)
                v = python_loop(vec, args.seconds, args.worlds)
                s = python_loop(one, args.seconds / 2, 1)
                rows.append((go, v, s))
                print(f"round {r + 1}: Go-native {go:9.0f} steps/s   Python make_vec({args.worlds}) {v:9.0f} steps/s"
                      f"   Python one world {s:7.0f} steps/s   vec/Go {v / go:.2f}", flush=True)
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


if __name__ == "__main__":
    main()
