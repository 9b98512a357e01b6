"""Reference data from Gymnasium's v4 MuJoCo envs for the equivalence tests.

Run with the peer venv's python (scripts/peer-venv.mjs). Reads a JSON request on stdin:
  {"tasks": [{"id": "Hopper-v4", "kwargs": {...}}, ...], "steps": 200, "randomSeed": 0}
and writes one JSON document on stdout:
  {"versions": {...}, "tasks": [{"id", "kwargs", "model": {...}, "rollouts": [...]}, ...]}

For each task: reset with reset_noise_scale = 0, then set the exact initial state
(qpos0, qvel = 0) with set_state (mj_forward). Model statistics are read from the compiled
mjModel. Rollouts use the unwrapped env (no passive checker, no float32 cast of the actions) with
three action sequences, computed here in double precision and emitted so that the TypeScript side
feeds exactly the same numbers:
  zeros  - all zeros
  sin    - a_i(t) = 0.5 sin(0.1 t + i), clipped to the action bounds (docs/tasks.md#reference-rollouts)
  random - uniform in the action bounds from numpy's default_rng(randomSeed)
Each rollout runs `steps` env steps or until terminated (the terminal step is recorded).
Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")

import gymnasium as gym  # noqa: E402
import mujoco  # noqa: E402
import numpy as np  # noqa: E402

MODEL_FIELDS = [
    "body_parentid", "body_pos", "body_quat", "body_mass", "body_inertia", "body_ipos", "body_iquat",
    "jnt_type", "jnt_bodyid", "jnt_qposadr", "jnt_pos", "jnt_axis", "jnt_range", "jnt_limited", "jnt_stiffness",
    "dof_armature", "dof_damping", "qpos0",
    "geom_type", "geom_bodyid", "geom_size", "geom_pos", "geom_quat", "geom_friction", "geom_contype",
    "geom_conaffinity", "geom_condim", "geom_margin", "geom_solref", "geom_solimp",
    "actuator_trnid", "actuator_gear", "actuator_ctrlrange", "actuator_ctrllimited",
]
MODEL_SCALARS = ["nq", "nv", "nu", "nbody", "njnt", "ngeom", "ntendon"]


def clean(x):
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, (np.floating, float)):
        v = float(x)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(x, (np.integer, int, np.bool_, bool)):
        return int(x) if not isinstance(x, (bool, np.bool_)) else bool(x)
    return x


def flat(a):
    return clean(np.asarray(a).reshape(-1).tolist())


def model_stats(env):
    m = env.model
    out = {k: int(getattr(m, k)) for k in MODEL_SCALARS}
    for k in MODEL_FIELDS:
        out[k] = flat(getattr(m, k))
    out["timestep"] = float(m.opt.timestep)
    out["integrator"] = int(m.opt.integrator)
    out["density"] = float(m.opt.density)
    out["viscosity"] = float(m.opt.viscosity)
    out["frameSkip"] = int(env.frame_skip)
    out["dt"] = float(env.dt)
    return out


def action_sequences(env, steps, seed):
    low = env.action_space.low.astype(np.float64)
    high = env.action_space.high.astype(np.float64)
    nu = low.shape[0]
    rng = np.random.default_rng(seed)
    t = np.arange(steps, dtype=np.float64)[:, None]
    i = np.arange(nu, dtype=np.float64)[None, :]
    return {
        "zeros": np.zeros((steps, nu)),
        "sin": np.clip(0.5 * np.sin(0.1 * t + i), low, high),
        "random": rng.uniform(low, high, size=(steps, nu)),
    }


def rollout(env, actions):
    env.reset(seed=0)
    env.set_state(env.init_qpos.copy(), env.init_qvel.copy())
    obs0 = env._get_obs()
    steps = []
    for a in actions:
        obs, reward, terminated, truncated, info = env.step(np.array(a, dtype=np.float64))
        steps.append({
            "action": flat(a),
            "obs": flat(obs),
            "reward": clean(float(reward)),
            "terminated": bool(terminated),
            "info": {k: clean(float(v)) for k, v in info.items() if np.ndim(v) == 0},
            "qpos": flat(env.data.qpos),
            "qvel": flat(env.data.qvel),
        })
        if terminated:
            break
    return {"initialObs": flat(obs0), "steps": steps}


def main():
    request = json.load(sys.stdin)
    steps = int(request.get("steps", 200))
    seed = int(request.get("randomSeed", 0))
    out = {
        "versions": {"gymnasium": gym.__version__, "mujoco": mujoco.__version__, "numpy": np.__version__},
        "tasks": [],
    }
    for task in request["tasks"]:
        kwargs = dict(task.get("kwargs", {}))
        kwargs["reset_noise_scale"] = 0.0
        env = gym.make(task["id"], **kwargs).unwrapped
        entry = {"id": task["id"], "kwargs": kwargs, "model": model_stats(env), "rollouts": {}}
        for name, actions in action_sequences(env, steps, seed).items():
            entry["rollouts"][name] = rollout(env, actions)
        env.close()
        out["tasks"].append(entry)
    json.dump(out, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
