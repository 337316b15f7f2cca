"""Stand-in gymnasium.vector."""


class VectorEnv:
    pass
