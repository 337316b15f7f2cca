"""Stand-in gymnasium.spaces: names only."""


class Space:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


class Box(Space):
    pass


class Discrete(Space):
    pass


class MultiDiscrete(Space):
    pass


class Dict(Space):
    pass
