"""Spaces: gymnasium's when gymnasium is importable, else these small
stand-ins with the same names and the parts an agent uses (shape, dtype,
low, high, n, nvec, spaces, sample, contains, seed)."""

import numpy as np

try:  # pragma: no cover - depends on the machine
    import gymnasium
    from gymnasium import spaces as _gs
except ImportError:  # the client works without gymnasium
    gymnasium = None
    _gs = None


class _Space:
    def __init__(self, shape, dtype, seed=None):
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self._rng = np.random.default_rng(seed)

    def seed(self, seed=None):
        self._rng = np.random.default_rng(seed)
        return [seed]

    @property
    def np_random(self):
        return self._rng


class Box(_Space):
    """Values in [low, high] (inclusive; infinite bounds allowed)."""

    def __init__(self, low, high, shape=None, dtype=np.float64, seed=None):
        if shape is None:
            shape = np.shape(low)
        super().__init__(shape, dtype, seed)
        self.low = np.broadcast_to(np.asarray(low, self.dtype), self.shape).copy()
        self.high = np.broadcast_to(np.asarray(high, self.dtype), self.shape).copy()

    def sample(self):
        if np.issubdtype(self.dtype, np.integer):
            return self._rng.integers(self.low, self.high, endpoint=True, size=self.shape).astype(self.dtype)
        low = np.where(np.isfinite(self.low), self.low, -1.0)
        high = np.where(np.isfinite(self.high), self.high, 1.0)
        return self._rng.uniform(low, high, size=self.shape).astype(self.dtype)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low) and np.all(x <= self.high))

    def __repr__(self):
        return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"


class Discrete(_Space):
    """One of 0 .. n-1."""

    def __init__(self, n, seed=None):
        super().__init__((), np.int64, seed)
        self.n = int(n)

    def sample(self):
        return np.int64(self._rng.integers(self.n))

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == () and np.issubdtype(x.dtype, np.integer) and 0 <= int(x) < self.n

    def __repr__(self):
        return f"Discrete({self.n})"


class MultiDiscrete(_Space):
    """One of 0 .. nvec[i]-1 in each place i."""

    def __init__(self, nvec, seed=None):
        self.nvec = np.asarray(nvec, np.int64)
        super().__init__(self.nvec.shape, np.int64, seed)

    def sample(self):
        return self._rng.integers(self.nvec).astype(np.int64)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= 0) and np.all(x < self.nvec))

    def __repr__(self):
        return f"MultiDiscrete({self.nvec})"


class Dict(_Space):
    """A dict of named spaces."""

    def __init__(self, spaces, seed=None):
        super().__init__((), object, seed)
        self.spaces = dict(spaces)

    def seed(self, seed=None):
        rng = np.random.default_rng(seed)
        for s in self.spaces.values():
            s.seed(int(rng.integers(2**63)))
        return [seed]

    def sample(self):
        return {k: s.sample() for k, s in self.spaces.items()}

    def contains(self, x):
        return isinstance(x, dict) and x.keys() == self.spaces.keys() and all(s.contains(x[k]) for k, s in self.spaces.items())

    def __getitem__(self, k):
        return self.spaces[k]

    def keys(self):
        return self.spaces.keys()

    def __repr__(self):
        return "Dict(" + ", ".join(f"{k}: {s}" for k, s in self.spaces.items()) + ")"


if _gs is not None:  # pragma: no cover - depends on the machine
    Box, Discrete, MultiDiscrete, Dict = _gs.Box, _gs.Discrete, _gs.MultiDiscrete, _gs.Dict
