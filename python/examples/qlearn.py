"""Tabular Q-learning on the Dyna maze through mazerat's Python client.

    mazerat serve &                      # in another terminal
    /usr/bin/python3 python/examples/qlearn.py
"""

import sys

import numpy as np

import mazerat

ALPHA, GAMMA, EPSILON, TRIALS = 0.1, 0.95, 0.1, 50


def main(address="127.0.0.1:50051", seed=1):
    env = mazerat.make("dyna-maze", address=address, seed=seed, control="moves")
    rng = np.random.default_rng(seed)
    q = np.zeros((env.observation_space["place"].n, env.action_space.n))
    lengths = []
    obs, _ = env.reset()
    for trial in range(TRIALS):
        steps, done = 0, False
        while not done:
            s = obs["place"]
            if rng.random() < EPSILON:
                a = int(rng.integers(env.action_space.n))
            else:  # greedy, ties broken at random
                a = int(rng.choice(np.flatnonzero(q[s] == q[s].max())))
            obs, reward, terminated, truncated, _ = env.step(a)
            # The cheese ends the trial (terminated): its value is the
            # reward alone. The world has already carried the rat back to
            # the start, where the next trial begins.
            target = reward if terminated else reward + GAMMA * q[obs["place"]].max()
            q[s, a] += ALPHA * (target - q[s, a])
            steps += 1
            done = terminated or truncated
        lengths.append(steps)
        obs, _ = env.reset()  # the same lifetime goes on: the next trial
    env.close()
    return lengths


if __name__ == "__main__":
    lengths = main(*sys.argv[1:2])
    print("steps per trial:", lengths)
    print(f"first trial {lengths[0]} steps; median of the last 10: {np.median(lengths[-10:]):.0f} (shortest path: 14)")
