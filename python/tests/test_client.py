"""Tests of the Python client against a real `mazerat serve`.

Run by `make python-test` (part of `make test`): MAZERAT_BIN names the
mazerat binary, MAZERAT_GOLIFE the Go program that lives a lifetime from a
list of actions (serve/internal/golife).
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

import grpc
import numpy as np

import mazerat

BIN = os.environ.get("MAZERAT_BIN", "bin/mazerat-headless")
GOLIFE = os.environ.get("MAZERAT_GOLIFE", "bin/golife")
HERE = os.path.dirname(os.path.abspath(__file__))


def start_server(*flags):
    """Starts mazerat serve on a free loopback port; returns the process
    and its address."""
    p = subprocess.Popen([BIN, "serve", "--addr", "127.0.0.1:0", *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line.startswith("listening on "):
        p.kill()
        raise RuntimeError(f"mazerat serve did not start: {line!r} {p.stderr.read()}")
    return p, line.split()[-1]


def stop_server(p):
    p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    p.stdout.close()
    p.stderr.close()


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.proc, cls.addr = start_server("--dir", cls.dir.name, "--max-worlds", "300")

    @classmethod
    def tearDownClass(cls):
        stop_server(cls.proc)
        cls.dir.cleanup()

    def make(self, scenario, **kw):
        env = mazerat.make(scenario, address=self.addr, **kw)
        self.addCleanup(env.close)
        return env

    def alive(self):
        c = mazerat.Connection(self.addr)
        try:
            return c.info().worlds
        finally:
            c.close()


class TestRandomAgents(ServerTest):
    def test_two_scenarios_both_controls(self):
        for scenario in ["dyna-maze", "theseus"]:
            for control in ["moves", "wheels"]:
                with self.subTest(scenario=scenario, control=control):
                    env = self.make(scenario, seed=3, control=control)
                    env.action_space.seed(1)
                    obs, info = env.reset()
                    self.assertTrue(env.observation_space.contains(obs), obs)
                    total, steps = 0.0, 0
                    for _ in range(300):
                        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
                        steps += 1
                        self.assertTrue(env.observation_space.contains(obs), obs)
                        self.assertIsInstance(reward, float)
                        self.assertIsInstance(terminated, bool)
                        self.assertIsInstance(truncated, bool)
                        self.assertEqual(info["step"], steps)
                        total += reward
                        if terminated or truncated:
                            obs, info = env.reset()
                    self.assertGreaterEqual(total, 0)

    def test_specs_and_shapes(self):
        env = self.make("dyna-maze", control="moves", sensors__rays=16, settings={"sensors.compass": False})
        names = [o.name for o in env.specs.observations]
        self.assertEqual(names, ["rays", "touch", "touch_angle", "odometry", "place", "reward"])
        rays = env.specs.observations[0]
        self.assertEqual((list(rays.shape), rays.min, rays.max), ([16], 0.0, 1.0))
        self.assertEqual(env.action_space.n, 4)
        self.assertEqual(env.observation_space["place"].n, 9 * 6)
        obs, _ = env.reset()
        self.assertEqual(obs["rays"].shape, (16,))
        self.assertEqual(obs["rays"].dtype, np.float64)
        self.assertEqual(obs["odometry"].shape, (3,))
        self.assertTrue(0 <= obs["place"] < 54)

        wheels = self.make("theseus")
        a = wheels.specs.action
        self.assertEqual((a.name, list(a.shape), a.min, a.max), ("wheels", [2], -1.0, 1.0))
        self.assertEqual(wheels.action_space.shape, (2,))
        self.assertEqual(wheels.specs.control, "wheels")

    def test_vector(self):
        vec = mazerat.make_vec("theseus", 8, address=self.addr, seed=10)
        self.addCleanup(vec.close)
        obs, info = vec.reset()
        self.assertEqual(obs["rays"].shape, (8, 9))
        self.assertEqual(obs["place"].shape, (8,))
        vec.action_space.seed(0)
        for _ in range(50):
            obs, reward, terminated, truncated, info = vec.step(vec.action_space.sample())
        self.assertEqual(reward.shape, (8,))
        self.assertEqual(terminated.dtype, bool)
        self.assertEqual(list(info["step"]), [50] * 8)
        # World i has seed 10+i: world 3 equals a lone world of seed 13.
        lone = self.make("theseus", seed=13)
        self.assertNotEqual(obs["rays"][2].tobytes(), obs["rays"][3].tobytes())
        moves = mazerat.make_vec("dyna-maze", 4, address=self.addr, control="moves")
        self.addCleanup(moves.close)
        self.assertEqual(moves.action_space.shape, (4,))
        obs, *_ = moves.step(np.array([0, 1, 2, 3]))
        self.assertEqual(obs["place"].shape, (4,))
        with self.assertRaises(ValueError):
            moves.step(np.array([0, 1]))
        del lone


class TestLifetimeMapping(ServerTest):
    def test_terminated_truncated_reset(self):
        env = self.make("dyna-maze", seed=4, control="moves", max_episode_steps=25)
        env.action_space.seed(2)
        env.reset()
        steps, since, terms, truncs = 0, 0, 0, 0
        while terms < 2 and steps < 30000:
            obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
            steps += 1
            since += 1
            self.assertEqual(info["step"], steps, "reset never interrupts the lifetime")
            if terminated:
                terms += 1
                self.assertGreater(reward, 0)
                self.assertEqual(info["discount"], 0.0)
            if truncated:
                truncs += 1
                self.assertEqual(since, 25)
                self.assertFalse(terminated)
            if terminated or truncated:
                before = obs
                obs, info = env.reset()
                self.assertEqual(info["step"], steps, "reset continues the lifetime")
                np.testing.assert_array_equal(obs["rays"], before["rays"])
                since = 0
        self.assertEqual(terms, 2)
        self.assertGreater(truncs, 0)
        # reset(seed=...) starts a new lifetime.
        obs, info = env.reset(seed=4)
        self.assertEqual(info["step"], 0)
        first = self.make("dyna-maze", seed=4, control="moves").reset()[0]
        np.testing.assert_array_equal(obs["rays"], first["rays"])


class TestDeterminism(ServerTest):
    def actions(self, control, n, seed):
        rng = np.random.default_rng(seed)
        if control == "moves":
            return [[int(m)] for m in rng.integers(0, 4, n)]
        return [[float(x), float(y)] for x, y in rng.uniform(-1, 1, (n, 2))]

    def served(self, scenario, control, seed, actions):
        env = self.make(scenario, seed=seed, control=control)
        env.reset()
        out = []
        for a in actions:
            obs, reward, *_ = env.step(a[0] if control == "moves" else a)
            out.append((obs, reward))
        return out

    def test_same_seed_same_lifetime(self):
        acts = self.actions("wheels", 200, 1)
        a = self.served("theseus", "wheels", 7, acts)
        b = self.served("theseus", "wheels", 7, acts)
        c = self.served("theseus", "wheels", 8, acts)
        def same(x, y):
            return all(x[0][k].tobytes() == y[0][k].tobytes() for k in x[0]) and x[1] == y[1]

        self.assertTrue(all(same(x, y) for x, y in zip(a, b)))
        # The seed draws the odometry's noise (the maze and the body are the seed's too).
        self.assertFalse(all(same(x, y) for x, y in zip(a, c)))

    def test_served_equals_go(self):
        for scenario, control in [("dyna-maze", "moves"), ("theseus", "wheels")]:
            with self.subTest(scenario=scenario, control=control):
                acts = self.actions(control, 400, 5)
                served = self.served(scenario, control, 9, acts)
                inp = json.dumps({"scenario": scenario, "settings": {"control": control}, "seed": 9, "actions": acts})
                out = subprocess.run([GOLIFE], input=inp, capture_output=True, text=True, check=True)
                golife = json.loads(out.stdout)
                self.assertEqual(len(golife["steps"]), len(served))
                for i, ((obs, reward), want, want_r) in enumerate(zip(served, golife["steps"], golife["reward"])):
                    self.assertEqual(reward, want_r, f"step {i}: reward")
                    for name, value in want.items():
                        got = np.asarray(obs[name], np.float64).ravel().tolist()
                        self.assertEqual(got, np.asarray(value, np.float64).ravel().tolist(), f"step {i}: {name}")


class TestBadInput(ServerTest):
    def code(self, fn):
        with self.assertRaises(mazerat.MazeratError) as cm:
            fn()
        return cm.exception

    def test_bad_inputs(self):
        e = self.code(lambda: self.make("no-such-maze"))
        self.assertEqual(e.code, grpc.StatusCode.NOT_FOUND)
        self.assertIn("no-such-maze", e.message)
        e = self.code(lambda: self.make("dyna-maze", settings={"sensors.rays": "lots"}))
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("sensors.rays", e.message)
        e = self.code(lambda: self.make("mine", scenario_text="---\ncontrol: hop\n---\n#####\n#S.G#\n#####\n"))
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("mine:2:", e.message)
        e = self.code(lambda: self.make("dyna-maze", resume="../../etc/passwd"))
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)

        env = self.make("theseus")
        e = self.code(lambda: env.step([1.5, 0]))
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("out of range", e.message)
        e = self.code(lambda: env.step([float("nan"), 0]))
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        with self.assertRaises(ValueError):
            env.step([1, 0, 0])
        moves = self.make("dyna-maze", control="moves")
        e = self.code(lambda: moves.step(7))
        self.assertIn("move 7", e.message)
        obs, *_ = env.step([0.5, 0.5])  # the session goes on after each mistake
        self.assertEqual(env.step([0, 0])[4]["step"], 2)
        env.close()
        e = self.code(lambda: env.step([0, 0]))  # its own connection is closed with it
        self.assertEqual(e.code, grpc.StatusCode.FAILED_PRECONDITION)
        # On a shared connection the server answers: the world is gone.
        conn = mazerat.Connection(self.addr)
        self.addCleanup(conn.close)
        shared = mazerat.make("dyna-maze", address=self.addr, connection=conn, control="moves")
        wid = shared.world
        shared.close()
        e = self.code(lambda: shared.step(1))
        self.assertEqual(e.code, grpc.StatusCode.NOT_FOUND)
        self.assertIn(f"world {wid}", e.message)

    def test_limits(self):
        p, addr = start_server("--max-worlds", "2", "--max-message", "4096")
        try:
            a = mazerat.make("dyna-maze", address=addr)
            b = mazerat.make("dyna-maze", address=addr)
            e = self.code(lambda: mazerat.make("dyna-maze", address=addr))
            self.assertEqual(e.code, grpc.StatusCode.RESOURCE_EXHAUSTED)
            a.close()
            c = mazerat.make("dyna-maze", address=addr)  # a world closed makes room
            e = self.code(lambda: mazerat.make("big", address=addr, scenario_text="#" * 10000))
            self.assertEqual(e.code, grpc.StatusCode.RESOURCE_EXHAUSTED)
            b.close()
            c.close()
        finally:
            stop_server(p)

    def test_vanished_client_frees_its_worlds(self):
        before = self.alive()
        script = textwrap.dedent(f"""
            import sys, mazerat
            vec = mazerat.make_vec("theseus", 20, address="{self.addr}")
            print("ready", flush=True)
            while True:
                vec.step(vec.action_space.sample())
        """)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
        self.addCleanup(child.stdout.close)
        self.assertEqual(child.stdout.readline().strip(), "ready")
        self.assertEqual(self.alive(), before + 20)
        time.sleep(0.2)
        child.kill()  # mid-stream, without a word
        child.wait()
        deadline = time.time() + 10
        while self.alive() != before and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.alive(), before)


class TestFiles(ServerTest):
    def test_save_resume_record(self):
        env = self.make("dyna-maze", seed=2, control="moves", agent="pyq", record="py.mazerec")
        for i in range(100):
            env.step(i % 4)
        written = env.save(out="run", checkpoint="py.mazerat")
        self.assertIn("py.mazerat", written)
        self.assertIn(os.path.join("run", "summary.json"), written)
        with open(os.path.join(self.dir.name, "run", "summary.json")) as f:
            summary = json.load(f)
        self.assertEqual((summary["agent"], summary["steps"]), ("pyq", 100))
        e = self.assertRaises(mazerat.MazeratError, env.save, checkpoint="py.mazerat")
        tail = [env.step(i % 4)[0]["rays"].tobytes() for i in range(30)]
        again = self.make(None, resume="py.mazerat", agent="pyq")
        obs, info = again.reset()
        self.assertEqual(info["step"], 100)
        self.assertEqual([again.step(i % 4)[0]["rays"].tobytes() for i in range(30)], tail)
        env.close()
        out = subprocess.run([BIN, "replay", os.path.join(self.dir.name, "py.mazerec"), "--verify"], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        del e


class TestWithoutAndWithGymnasium(unittest.TestCase):
    def test_stub_gymnasium_is_subclassed(self):
        # A stand-in gymnasium: the client must subclass its Env and
        # VectorEnv and use its spaces when it is importable.
        stub = os.path.join(HERE, "stubs")
        code = "import mazerat, gymnasium; print(issubclass(mazerat.Env, gymnasium.Env), issubclass(mazerat.VectorEnv, gymnasium.vector.VectorEnv), mazerat.spaces.Box is gymnasium.spaces.Box)"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([stub] + sys.path))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        self.assertEqual(out.stdout.split(), ["True", "True", "True"], out.stderr)

    def test_without_gymnasium(self):
        import importlib.util

        if importlib.util.find_spec("gymnasium") is None:
            self.assertIs(mazerat.env._EnvBase, object)
        self.assertTrue(hasattr(mazerat.spaces.Box(0, 1, shape=(2,)), "sample"))


if __name__ == "__main__":
    unittest.main()
