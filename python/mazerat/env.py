"""Gymnasium-style environments over worlds served by ``mazerat serve``.

One Env is one world: one unbroken lifetime of the rat. An episode is a
stretch of that lifetime, never a reset of the world:

- ``terminated`` is true on the step the rat eats the cheese: a trial
  ends. The world carries the rat on as in any lifetime (with the
  scenario's ``on_cheese``, usually back to the start), so the observation
  returned with it is already where the next trial begins.
- ``truncated`` is true when the episode has run ``max_episode_steps``
  steps without the cheese. Nothing in the world changes.
- ``reset()`` after either continues the same lifetime: a new episode
  begins where the rat stands, and reset returns the current observation.
  The usual Gymnasium loop therefore works and the lifetime is never
  broken.
- ``reset(seed=...)`` (or ``options={"new_lifetime": True}``) starts a new
  lifetime: the world is born again with that seed.

The vector env steps its worlds in one call and resets in place: after a
terminated or truncated step the observation returned already begins the
world's next episode (no step is spent on a reset); ``info["final_obs"]``
holds the same observation, for code that expects one.
"""

import struct

import numpy as np

from mazerat import spaces
from mazerat._rpc import Connection, MazeratError
from mazerat.v1 import worlds_pb2 as pb

_DTYPES = {
    pb.FLOAT64: np.dtype("<f8"),
    pb.INT64: np.dtype("<i8"),
    pb.INT32: np.dtype("<i4"),
    pb.UINT8: np.dtype("u1"),
    pb.FLOAT32: np.dtype("<f4"),
}

DEFAULT_ADDRESS = "127.0.0.1:50051"

if spaces.gymnasium is not None:  # pragma: no cover - depends on the machine
    import gymnasium

    _EnvBase = gymnasium.Env
    try:
        from gymnasium.vector import VectorEnv as _VecBase
    except ImportError:
        _VecBase = object
else:
    gymnasium = None
    _EnvBase = _VecBase = object


def _settings(settings, kwargs):
    """Scenario settings as `--set` takes them: keys by front-matter path
    ("sensors.rays"; a keyword argument writes the dot as "__"), values as
    text (booleans as true and false)."""
    out = {}
    for k, v in list((settings or {}).items()) + [(k.replace("__", "."), v) for k, v in kwargs.items()]:
        if isinstance(v, bool):
            v = "true" if v else "false"
        out[str(k)] = str(v)
    return out


def _space(ts):
    """The space of a TensorSpec."""
    shape = tuple(ts.shape)
    if ts.dtype in (pb.INT64, pb.INT32) and shape == () and ts.min == 0 and np.isfinite(ts.max):
        return spaces.Discrete(int(ts.max) + 1)
    return spaces.Box(ts.min, ts.max, shape=shape, dtype=_DTYPES[ts.dtype])


def _decode(tensor):
    return np.frombuffer(bytearray(tensor.data), dtype=_DTYPES[tensor.dtype]).reshape(tuple(tensor.shape))


class _Worlds:
    """The worlds of one env on one connection: creating, stepping,
    resetting, closing."""

    def __init__(self, n, scenario, address, seed, max_episode_steps, agent, settings, scenario_text, record, resume, connection):
        if n < 1:
            raise ValueError(f"n={n}: expected at least one world")
        self.n = n
        self.owns = connection is None
        self.conn = connection or Connection(address)
        self.ids = []
        try:
            for i in range(n):
                req = pb.CreateRequest(
                    scenario=scenario or "",
                    scenario_text=scenario_text or "",
                    settings=settings,
                    max_episode_steps=max_episode_steps or 0,
                    agent=agent or "",
                    resume=resume or "",
                    record=(record if n == 1 else f"{record}.{i}") if record else "",
                )
                if seed is not None:
                    req.seed = seed + i
                elif i > 0:
                    req.seed = self.seed + i  # distinct lifetimes
                r = self.conn.call(pb.Request(create=req))
                if i == 0:
                    self.specs, self.first, self.seed, self.scenario = r.specs, r.first, r.seed, r.scenario
                self.ids.append(r.world)
        except BaseException:
            self.close()
            raise
        self.wheels = self.specs.control == "wheels"
        self.names = [o.name for o in self.specs.observations]
        self.views = None
        self._step = pb.Request(step=pb.StepRequest(worlds=self.ids))
        t = self._step.step.actions
        if self.wheels:
            t.dtype, t.shape[:] = pb.FLOAT64, [n, 2]
        else:
            t.dtype, t.shape[:] = pb.INT64, [n]

    def step(self, actions):
        """Steps every world once; actions has shape (n, 2) or (n,)."""
        req = self._step
        if self.wheels:
            a = np.ascontiguousarray(actions, dtype="<f8")
            if a.shape != (self.n, 2):
                raise ValueError(f"actions of shape {a.shape}: expected ({self.n}, 2) wheel commands in [-1, 1]")
        else:
            a = np.ascontiguousarray(actions, dtype="<i8")
            if a.shape != (self.n,):
                raise ValueError(f"actions of shape {a.shape}: expected ({self.n},) moves in 0..3")
        req.step.actions.data = a.tobytes()
        if self.views is not None:
            del req.step.views[:]
            req.step.views.extend(self.views)
            self.views = None
        elif len(req.step.views):
            del req.step.views[:]
        return self.conn.call(req)

    def reset(self, new_lifetime, seed):
        req = pb.ResetRequest(worlds=self.ids, new_lifetime=new_lifetime)
        if seed is not None:
            req.seed = seed
        return self.conn.call(pb.Request(reset=req))

    def reset_each(self, seeds):
        """A new lifetime for world i with seeds[i]."""
        for wid, s in zip(self.ids, seeds):
            self.conn.call(pb.Request(reset=pb.ResetRequest(worlds=[wid], new_lifetime=True, seed=int(s))))
        return self.conn.call(pb.Request(reset=pb.ResetRequest(worlds=self.ids)))

    def observations(self, resp):
        return {name: _decode(t) for name, t in zip(self.names, resp.observations)}

    def close(self):
        try:
            if self.ids and not self.conn._closed:
                self.conn.call(pb.Request(close=pb.CloseRequest(worlds=self.ids)))
        except MazeratError:
            pass  # the server is gone: nothing is left to free
        finally:
            self.ids = []
            if self.owns:
                self.conn.close()


def _view(values, plan):
    v = pb.View()
    if values is not None:
        v.value.extend(np.asarray(values, np.float64).ravel().tolist())
    if plan is not None:
        v.plan.extend(int(p) for p in plan)
    return v


class Env(_EnvBase):
    """One served world, Gymnasium-style (see the module's docstring for
    how episodes map onto the lifetime). Build it with ``mazerat.make``."""

    metadata = {"render_modes": []}
    render_mode = None

    def __init__(self, scenario, address=DEFAULT_ADDRESS, seed=None, max_episode_steps=None, agent=None,
                 settings=None, scenario_text=None, record=None, resume=None, connection=None, **kwargs):
        self._w = _Worlds(1, scenario, address, seed, max_episode_steps, agent, _settings(settings, kwargs),
                          scenario_text, record, resume, connection)
        s = self._w.specs
        self.observation_space = spaces.Dict({o.name: _space(o) for o in s.observations})
        self.action_space = _space(s.action)
        self._fresh = True  # nothing stepped since the world was created

    @property
    def specs(self):
        """The world's Specs message: observation and action TensorSpecs
        (names, shapes, bounds), the control mode, the grid of places."""
        return self._w.specs

    @property
    def world(self):
        """The world's id on the server."""
        return self._w.ids[0]

    @property
    def seed_used(self):
        """The seed of the lifetime as created."""
        return self._w.seed

    def _obs(self, resp):
        # The tensors have a leading axis of one world.
        return {name: arr[0] for name, arr in self._w.observations(resp).items()}

    def reset(self, *, seed=None, options=None):
        if gymnasium is not None:  # pragma: no cover
            super().reset(seed=seed)
        new = seed is not None or bool((options or {}).get("new_lifetime"))
        if self._fresh and not new:
            resp = self._w.first
        else:
            resp = self._w.reset(new, seed)
        self._fresh = False
        return self._obs(resp), self._info(resp, 0)

    def step(self, action):
        self._fresh = False
        if self._w.wheels:
            a = np.asarray(action, np.float64).reshape(1, 2)
        else:
            a = np.asarray([int(action)], np.int64)
        resp = self._w.step(a)
        terminated = resp.step_type[0] == pb.LAST and resp.discount[0] == 0
        return self._obs(resp), float(resp.reward[0]), bool(terminated), bool(resp.truncated[0]), self._info(resp, 0)

    @staticmethod
    def _info(resp, i):
        return {"step": resp.step[i], "trial": resp.trial[i], "discount": resp.discount[i]}

    def set_view(self, values=None, plan=None):
        """Sends a picture of the agent's memory with the next step, for
        ``mazerat watch --connect``: a value per place (NaN where unknown,
        row*width + col) and the places of its plan."""
        self._w.views = [_view(values, plan)]

    def save(self, out=None, checkpoint=None, force=False):
        """Writes the lifetime's outputs (a directory) and/or a checkpoint
        (a file), both relative to the server's --dir; returns the files
        written."""
        r = self._w.conn.call(pb.Request(save=pb.SaveRequest(world=self.world, out=out or "", checkpoint=checkpoint or "", force=force)))
        return list(r.written)

    def close(self):
        self._w.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class VectorEnv(_VecBase):
    """n served worlds stepped in one call. Observations are dicts of
    arrays with a leading axis of n; rewards, terminated and truncated are
    arrays of n. Build it with ``mazerat.make_vec``."""

    metadata = {"render_modes": [], "autoreset_mode": "same-step"}
    render_mode = None

    def __init__(self, scenario, n, address=DEFAULT_ADDRESS, seed=None, max_episode_steps=None, agent=None,
                 settings=None, scenario_text=None, connection=None, **kwargs):
        self._w = _Worlds(n, scenario, address, seed, max_episode_steps, agent, _settings(settings, kwargs),
                          scenario_text, None, None, connection)
        if gymnasium is not None:  # pragma: no cover
            try:
                from gymnasium.vector import AutoresetMode

                self.metadata = dict(self.metadata, autoreset_mode=AutoresetMode.SAME_STEP)
            except ImportError:
                pass
        s = self._w.specs
        self.num_envs = n
        self.single_observation_space = spaces.Dict({o.name: _space(o) for o in s.observations})
        self.single_action_space = _space(s.action)
        self.observation_space = spaces.Dict({o.name: self._batched(o) for o in s.observations})
        if self._w.wheels:
            self.action_space = spaces.Box(-1.0, 1.0, shape=(n, 2), dtype=np.float64)
        else:
            self.action_space = spaces.MultiDiscrete(np.full(n, int(s.action.max) + 1))
        self._fresh = True

    def _batched(self, ts):
        sp = _space(ts)
        if isinstance(sp, spaces.Discrete):
            return spaces.MultiDiscrete(np.full(self.num_envs, sp.n))
        return spaces.Box(np.broadcast_to(sp.low, (self.num_envs,) + sp.shape), np.broadcast_to(sp.high, (self.num_envs,) + sp.shape),
                          dtype=sp.dtype)

    @property
    def specs(self):
        return self._w.specs

    @property
    def worlds(self):
        return list(self._w.ids)

    def reset(self, *, seed=None, options=None):
        """Begins a new episode in every world where its rat stands; with
        seed (an int: seed+i for world i, or a list) or
        ``options={"new_lifetime": True}``, every world is born again."""
        new = seed is not None or bool((options or {}).get("new_lifetime"))
        if isinstance(seed, (list, tuple, np.ndarray)):
            resp = self._w.reset_each(seed)
        elif seed is not None:
            resp = self._w.reset_each([seed + i for i in range(self.num_envs)])
        elif self._fresh and not new:
            resp = self._w.reset(False, None)
        else:
            resp = self._w.reset(new, None)
        self._fresh = False
        return self._w.observations(resp), self._infos(resp)

    def step(self, actions):
        self._fresh = False
        resp = self._w.step(actions)
        obs = self._w.observations(resp)
        discount = np.array(resp.discount)
        last = np.array(resp.step_type) == pb.LAST
        terminated = last & (discount == 0)
        truncated = np.array(resp.truncated, dtype=bool)
        infos = self._infos(resp, discount)
        if last.any():
            infos["final_obs"] = obs
        return obs, np.array(resp.reward), terminated, truncated, infos

    @staticmethod
    def _infos(resp, discount=None):
        return {
            "step": np.array(resp.step),
            "trial": np.array(resp.trial),
            "discount": np.array(resp.discount) if discount is None else discount,
        }

    def set_views(self, views):
        """One (values, plan) pair per world, sent with the next step."""
        self._w.views = [_view(v, p) for v, p in views]

    def close(self, **kwargs):
        self._w.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make(scenario, address=DEFAULT_ADDRESS, seed=None, **kwargs):
    """One served world as a Gymnasium-style Env.

    scenario is a built-in name (``mazerat scenarios``), or with
    ``scenario_text=`` the name of that text in errors. Keyword arguments:
    ``seed``; ``max_episode_steps`` (truncation, default none);
    ``settings={"sensors.rays": 16}`` or ``control="moves"``,
    ``sensors__rays=16`` (a double underscore for the dot); ``agent`` (your
    agent's name in outputs); ``record`` and ``resume`` (files under the
    server's --dir); ``connection`` (share one Connection between envs).
    """
    return Env(scenario, address=address, seed=seed, **kwargs)


def make_vec(scenario, n, address=DEFAULT_ADDRESS, seed=None, **kwargs):
    """n served worlds stepped together, as a Gymnasium-style vector env.
    World i's seed is seed+i (or the scenario's seed + i). Keyword
    arguments as for make (but record and resume)."""
    return VectorEnv(scenario, n, address=address, seed=seed, **kwargs)
