"""A stand-in for gymnasium, for the client's test that it subclasses
gymnasium's classes when gymnasium is importable (the real one is not
packaged by Debian)."""

from gymnasium import spaces, vector  # noqa: F401


class Env:
    np_random = None

    def reset(self, *, seed=None, options=None):
        self.np_random = seed
