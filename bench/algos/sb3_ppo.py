"""Peer benchmark: Stable-Baselines3 PPO on delayed-reward Hopper-v4, same hyperparameters as the
kit's PPO (docs/paper-protocol.md#ppo-hyperparameters), one env, CPU torch with ONE thread. Prints one JSON line with env
steps per second. Not a test.

Usage: .venv-bench/bin/python bench/algos/sb3_ppo.py [--iterations 2] [--delay 20]
"""
import argparse
import json
import os
import platform
import time

import gymnasium as gym
import numpy as np
import torch
from stable_baselines3 import PPO
from stable_baselines3.common.vec_env import DummyVecEnv, VecNormalize


class DelayedReward(gym.Wrapper):
    """LIRPG's rule: accumulate rewards, release them every `delay` steps or at episode end."""

    def __init__(self, env, delay):
        super().__init__(env)
        self.delay = delay
        self.acc = 0.0
        self.count = 0

    def reset(self, **kwargs):
        self.acc = 0.0
        self.count = 0
        return self.env.reset(**kwargs)

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.acc += reward
        self.count += 1
        if terminated or truncated or self.count == self.delay:
            out, self.acc, self.count = self.acc, 0.0, 0
        else:
            out = 0.0
        return obs, out, terminated, truncated, info


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=2)
    parser.add_argument("--delay", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(1)
    env = DummyVecEnv([lambda: DelayedReward(gym.make("Hopper-v4"), args.delay)])
    env = VecNormalize(env, norm_obs=True, norm_reward=True, clip_obs=10.0, clip_reward=10.0, gamma=0.99)
    model = PPO(
        "MlpPolicy",
        env,
        n_steps=2048,
        batch_size=64,
        n_epochs=10,
        learning_rate=3e-4,
        gamma=0.99,
        gae_lambda=0.95,
        clip_range=0.2,
        clip_range_vf=0.2,
        ent_coef=0.0,
        vf_coef=0.5,
        max_grad_norm=0.5,
        policy_kwargs=dict(net_arch=dict(pi=[64, 64], vf=[64, 64]), activation_fn=torch.nn.Tanh, ortho_init=True),
        device="cpu",
        seed=0,
        verbose=0,
    )
    model.learn(total_timesteps=2048)  # warm-up iteration
    start = time.perf_counter()
    cpu_start = time.process_time()
    model.learn(total_timesteps=2048 * args.iterations, reset_num_timesteps=False)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    steps = 2048 * args.iterations
    print(json.dumps({
        "peer": "stable-baselines3",
        "sb3": __import__("stable_baselines3").__version__,
        "torch": torch.__version__,
        "torchThreads": torch.get_num_threads(),
        "envId": "Hopper-v4",
        "delay": args.delay,
        "iterations": args.iterations,
        "envSteps": steps,
        "wallSeconds": wall,
        "stepsPerSecond": steps / wall,
        "cpuSeconds": cpu,
        "stepsPerCpuSecond": steps / cpu,
        "cpu": platform.processor() or platform.machine(),
        "loadAverage": [round(x, 2) for x in os.getloadavg()],
    }))


if __name__ == "__main__":
    main()
