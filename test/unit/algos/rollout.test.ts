/**
 * PPO's bookkeeping around the networks: what `collectRollout` stores at each step (autoreset,
 * normaliser updates, alignment of rewards with observations) and the per-minibatch advantage
 * normalisation of `ppoUpdate` (docs/paper-protocol.md#ppo-details).
 */

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { resolvePpoConfig } from "../../../src/algos/config";
import { collectRollout, computeTargets, createPpoPopulation, ppoUpdate } from "../../../src/algos/ppo";
import { normalizeAdvantages } from "../../../src/algos/shared/losses";
import { disposePpoPopulation } from "../../../src/algos/shared/ppo-state";
import { initBackend } from "../../../src/core/backend";
import { Rng } from "../../../src/core/rng";
import { listEnvs, makeEnv, registerEnv } from "../../../src/envs/registry";
import { ObservationNormalizer, RewardNormalizer } from "../../../src/envs/running-mean-std";
import { gaussianLogProbArray } from "../../../src/nn/diag-gaussian";
import { ScriptedEnv } from "../envs/scripted-env";

/** Episodes of this many steps; step t (1-based) of episode e pays 10·e + t. */
const EPISODE = 5;
const scripted: ScriptedEnv[] = [];

before(async () => {
  await initBackend("cpu");
  if (!listEnvs().some((e) => e.id === "Scripted-v0")) {
    registerEnv({
      id: "Scripted-v0",
      maxEpisodeSteps: 1000,
      optionNames: [],
      description: "test: obs (t, episode, last action), fixed-length episodes",
      create: async () => {
        const env = new ScriptedEnv({ episodeLength: () => EPISODE, rewardFn: (e, t) => 10 * e + t });
        scripted.push(env);
        return env;
      },
    });
  }
});

test("normalizeAdvantages: the slice's own mean and population std, +1e-8 on the std, nothing outside the slice touched", () => {
  const a = Float64Array.from([9, 9, 1, 2, 3, 4, 9]);
  normalizeAdvantages(a, 2, 4);
  const std = Math.sqrt(1.25); // population std of 1, 2, 3, 4
  assert.deepEqual(Array.from(a.subarray(0, 2)), [9, 9]);
  assert.equal(a[6], 9);
  for (const [i, x] of [1, 2, 3, 4].entries()) assert.equal(a[2 + i], (x - 2.5) / (std + 1e-8));
  // One sample, or equal samples: zeros, not NaN.
  const one = Float64Array.from([5]);
  normalizeAdvantages(one, 0, 1);
  assert.deepEqual(Array.from(one), [0]);
  const flat = Float32Array.from([3, 3, 3]);
  normalizeAdvantages(flat, 0, 3);
  assert.deepEqual(Array.from(flat), [0, 0, 0]);
  // The 1e-8 sits on the std: a spread of 2e-8 gives ±0.5 (on the variance it would give ±1e-4).
  const tiny = Float64Array.from([0, 2e-8]);
  normalizeAdvantages(tiny, 0, 2);
  assert.ok(Math.abs(tiny[0]! + 0.5) < 1e-12 && Math.abs(tiny[1]! - 0.5) < 1e-12, `${tiny[0]}, ${tiny[1]}`);
});

test("ppoUpdate normalises each minibatch with that minibatch's own mean and std", async () => {
  const T = 32;
  const B = 8; // 4 minibatches, one epoch: the minibatches are exactly the four slices of one permutation
  const scale = [1, 4, 0.25, 2];
  const shift = [0, 100, -50, 7];
  /** Parameters after one PPO update; `perMinibatch` first shifts and scales each minibatch's advantages differently. */
  const update = async (normalizeAdv: boolean, perMinibatch: boolean): Promise<{ before: Float32Array; after: Float32Array }> => {
    const config = resolvePpoConfig({ stepsPerRollout: T, numMinibatches: T / B, updateEpochs: 1, normalizeAdvantages: normalizeAdv });
    const envs = [await makeEnv("Scripted-v0")];
    const pop = createPpoPopulation(config, [3], envs);
    const agent = pop.agents[0]!;
    const rollout = collectRollout(agent);
    computeTargets(agent, rollout);
    if (perMinibatch) {
      // The permutation ppoUpdate is about to draw, from a copy of the seed's shuffle stream.
      const perm = Rng.fromState(agent.shuffleRng.getState()).permutation(T);
      for (let m = 0; m < T / B; m++) {
        for (let b = 0; b < B; b++) {
          const i = perm[m * B + b]!;
          rollout.advantages[i] = scale[m]! * rollout.advantages[i]! + shift[m]!;
        }
      }
    }
    const before = Float32Array.from(pop.params);
    ppoUpdate(agent, rollout);
    const after = Float32Array.from(pop.params);
    disposePpoPopulation(pop);
    envs[0]!.close();
    return { before, after };
  };
  const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

  const plain = await update(true, false);
  const transformed = await update(true, true);
  assert.ok(maxDiff(plain.before, plain.after) > 1e-4, "the update moves the parameters");
  // Per-minibatch normalisation undoes any per-minibatch affine change (up to rounding and the 1e-8).
  assert.ok(maxDiff(plain.after, transformed.after) < 1e-6, `differs by ${maxDiff(plain.after, transformed.after)}`);
  // Without it the same change alters the update, so the check above has teeth; normalising with
  // the whole rollout's statistics would not undo per-minibatch shifts either.
  const raw = await update(false, false);
  const rawTransformed = await update(false, true);
  assert.ok(maxDiff(raw.after, rawTransformed.after) > 1e-5, `differs by only ${maxDiff(raw.after, rawTransformed.after)}`);
});

test("collectRollout: same-step autoreset drops the final observation; rewards, values and log-probs line up with obs[t]; normalisers see each observation and reward once", async () => {
  const T = 23; // 4 whole episodes of 5 steps, then 3 steps of a fifth one still in flight
  const config = resolvePpoConfig({ stepsPerRollout: T, numMinibatches: 1 });
  const envs = [await makeEnv("Scripted-v0")];
  const inner = scripted[scripted.length - 1]!;
  const pop = createPpoPopulation(config, [11], envs);
  const agent = pop.agents[0]!;
  const rollout = collectRollout(agent);
  const obsDim = 3;
  const row = (a: ArrayLike<number>, t: number, width: number): number[] => Array.from({ length: width }, (_, j) => a[t * width + j]!);

  for (let t = 0; t < T; t++) {
    const [step, episode, lastAction] = row(rollout.rawObs, t, obsDim);
    // Autoreset: after an episode's last step the next stored observation is the new episode's
    // first one (step 0); the final observation (step 5) never reaches the rollout.
    assert.equal(step, t % EPISODE, `obs[${t}] step counter`);
    assert.equal(episode, Math.floor(t / EPISODE), `obs[${t}] episode`);
    assert.equal(lastAction, t % EPISODE === 0 ? 0 : rollout.actions[t - 1], `obs[${t}] carries the previous action`);
    assert.equal(rollout.dones[t], t % EPISODE === EPISODE - 1 ? 1 : 0, `done at ${t}`);
    assert.equal(rollout.terminated[t], rollout.dones[t]);
    // Alignment: reward t is the reward of the step taken FROM obs[t].
    assert.equal(rollout.envRewards[t], 10 * episode! + step! + 1, `reward ${t}`);
  }
  assert.deepEqual(row(agent.currentObs, 0, obsDim), [T % EPISODE, Math.floor(T / EPISODE), rollout.actions[T - 1]]);
  assert.equal(inner.seeds.length, 1 + Math.floor(T / EPISODE), "one reset at creation, one per finished episode");

  // Observation statistics: updated once per stored observation plus the current one, in order,
  // and obs[t] is normalised with the statistics current at step t (after adding obs[t] itself).
  const obsNorm = new ObservationNormalizer(obsDim, { clip: config.observationClip });
  const expected = new Float32Array(obsDim);
  for (let t = 0; t < T; t++) {
    obsNorm.updateAndNormalize(row(rollout.rawObs, t, obsDim), expected);
    assert.deepEqual(row(rollout.obs, t, obsDim), Array.from(expected), `normalised obs[${t}]`);
  }
  obsNorm.update(agent.currentObs);
  assert.deepEqual(agent.obsNormalizer.getState(), obsNorm.getState());
  assert.ok(Math.abs(obsNorm.rms.count - (T + 1 + 1e-4)) < 1e-9, "T + 1 observations seen, none of them terminal");

  // Reward scaling: rewards[t] is the scaler's output for the reward of step t, the running
  // return never reset at episode ends (2018 baselines).
  const rewardNorm = new RewardNormalizer(1, {
    gamma: config.gamma,
    clip: config.rewardClip,
    resetOnEpisodeEnd: config.resetReturnOnEpisodeEnd,
  });
  for (let t = 0; t < T; t++) {
    const scaled = rewardNorm.normalize([rollout.envRewards[t]!], [rollout.dones[t]!])[0]!;
    assert.equal(rollout.rewards[t], scaled, `scaled reward ${t}`);
  }
  assert.ok(rollout.rewards[T - 1]! < rollout.envRewards[T - 1]!, "rewards are scaled down, not copied");

  // Values and log-probabilities were computed from obs[t] and the action sampled there.
  const { layout } = pop;
  const mean = new Float64Array(1);
  const logStd = pop.params.subarray(layout.logStdBlock.offset, layout.logStdBlock.offset + 1);
  for (let t = 0; t < T; t++) {
    assert.equal(rollout.values[t], pop.nets.meanAndValue(0, rollout.obs, t * obsDim, mean), `V(obs[${t}])`);
    assert.equal(rollout.logProbs[t], gaussianLogProbArray(mean, logStd, rollout.actions, 1, 0, 0, t), `log π(a[${t}] | obs[${t}])`);
  }
  assert.equal(rollout.lastValue, agent.nets.meanAndValue(agent.currentNormObs, 0, mean), "bootstrap value of the current obs");

  // The four finished episodes, as self-imitation buffers receive them.
  assert.equal(rollout.finishedEpisodes.length, Math.floor(T / EPISODE));
  rollout.finishedEpisodes.forEach((e, k) => {
    assert.equal(e.length, EPISODE);
    assert.equal(e.terminated, true);
    assert.equal(e.return, 50 * k + 15); // Σ_{t=1..5} (10k + t)
    assert.deepEqual(Array.from(e.obs), Array.from(rollout.rawObs.subarray(k * EPISODE * obsDim, (k + 1) * EPISODE * obsDim)));
  });
  disposePpoPopulation(pop);
  envs[0]!.close();
});
