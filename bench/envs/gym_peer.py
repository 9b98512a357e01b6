"""Gymnasium side of the env benchmark (bench/envs/run.ts starts it; not a test).

Line protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
  {"op": "info"}                                   -> versions
  {"op": "single", "id", "actDim", "path", "warmup", "steps", "seed"} -> {"rate", "cpuRate", "resets"}
  {"op": "vector", "id", "actDim", "path", "numEnvs", "warmup", "steps", "seed"} -> {"rate", "cpuRate"}
  {"op": "memory", "id", "count", "seed"}          -> {"allocated", "rss"}
Action files are raw little-endian float64 arrays written by run.ts from its seeded Rng (the same
numbers drive our envs): single = (warmup + steps) x actDim, vector = (warmup + steps) x numEnvs x actDim.
rate = steps per wall-clock second, cpuRate = steps per second of process CPU time.
Envs come from gym.make / gym.make_vec with their default wrappers (TimeLimit, OrderEnforcing,
PassiveEnvChecker; sync vector env with next-step autoreset).
"""
import json
import os
import sys
import time

import gymnasium as gym
import mujoco
import numpy as np


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def single(req):
    actions = np.fromfile(req["path"], dtype="<f8").reshape(-1, req["actDim"])
    env = gym.make(req["id"])
    env.reset(seed=req["seed"])
    warmup, steps = req["warmup"], req["steps"]
    resets = 0
    t0 = c0 = 0.0
    for t in range(warmup + steps):
        if t == warmup:
            t0, c0 = time.perf_counter(), time.process_time()
        _, _, terminated, truncated, _ = env.step(actions[t])
        if terminated or truncated:
            env.reset()
            resets += 1
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    env.close()
    return {"rate": steps / elapsed, "cpuRate": steps / cpu, "resets": resets}


def vector(req):
    n = req["numEnvs"]
    actions = np.fromfile(req["path"], dtype="<f8").reshape(-1, n, req["actDim"])
    venv = gym.make_vec(req["id"], num_envs=n, vectorization_mode="sync")
    venv.reset(seed=req["seed"])
    warmup, steps = req["warmup"], req["steps"]
    t0 = c0 = 0.0
    for t in range(warmup + steps):
        if t == warmup:
            t0, c0 = time.perf_counter(), time.process_time()
        venv.step(actions[t])
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    venv.close()
    return {"rate": steps * n / elapsed, "cpuRate": steps * n / cpu}


def memory(req):
    """MuJoCo's own allocation per env and the growth of resident memory per live env."""
    task_id, count, seed = req["id"], req["count"], req["seed"]
    warm = gym.make(task_id)  # first-load costs outside the measurement
    warm.reset(seed=seed)
    m, d = warm.unwrapped.model, warm.unwrapped.data
    allocated = int(m.nbuffer) + int(d.nbuffer) + int(d.narena)
    before = rss_bytes()
    envs = []
    for i in range(count):
        env = gym.make(task_id)
        env.reset(seed=seed + i)
        env.step(np.zeros(env.action_space.shape))
        envs.append(env)
    after = rss_bytes()
    for env in envs:
        env.close()
    warm.close()
    return {"allocated": allocated, "rss": (after - before) / count}


def main():
    ops = {"single": single, "vector": vector, "memory": memory}
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if req["op"] == "info":
            out = {"gymnasium": gym.__version__, "mujoco": mujoco.__version__,
                   "python": sys.version.split()[0], "numpy": np.__version__}
        else:
            out = ops[req["op"]](req)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
