"""mazerat's Python client: worlds served by ``mazerat serve``, as
Gymnasium-style environments.

    import mazerat
    env = mazerat.make("dyna-maze", address="127.0.0.1:50051", seed=1, control="moves")
    obs, info = env.reset()
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())

Each env is one unbroken lifetime of the rat: ``terminated`` marks a trial's
end (the rat ate), ``truncated`` an episode that ran ``max_episode_steps``,
and ``reset()`` continues the same lifetime; ``reset(seed=...)`` starts a
new one (docs/serve.md). Needs grpcio, protobuf and numpy; subclasses
gymnasium's Env and VectorEnv when gymnasium is importable.
"""

from mazerat._rpc import Connection, MazeratError
from mazerat.env import DEFAULT_ADDRESS, Env, VectorEnv, make, make_vec

__all__ = ["Connection", "DEFAULT_ADDRESS", "Env", "MazeratError", "VectorEnv", "make", "make_vec"]
