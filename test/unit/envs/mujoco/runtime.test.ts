/**
 * The MuJoCo runtime: one module per process, MJCF checking with readable errors, stale heap
 * views after allocations, `.delete()` discipline (idempotent close, use after close), and
 * bounded memory over thousands of create/close cycles.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EnvError } from "../../../../src/core/errors";
import { HALF_CHEETAH_TASK } from "../../../../src/envs/mujoco/half-cheetah";
import { HOPPER_TASK } from "../../../../src/envs/mujoco/hopper";
import { checkMjcf } from "../../../../src/envs/mujoco/mjcf";
import { loadMujoco, MujocoSim } from "../../../../src/envs/mujoco/runtime";
import { SWIMMER_TASK } from "../../../../src/envs/mujoco/swimmer";
import { WALKER2D_TASK } from "../../../../src/envs/mujoco/walker2d";

const TINY =
  '<mujoco model="tiny"><size memory="16K"/><worldbody><body pos="0 0 1"><joint type="slide" axis="0 0 1"/><geom type="sphere" size="0.1"/></body></worldbody></mujoco>';

describe("MuJoCo runtime", () => {
  it("loads the WebAssembly module once per process (MuJoCo 3.3.8)", async () => {
    const [a, b] = await Promise.all([loadMujoco(), loadMujoco()]);
    assert.equal(a, b);
    assert.equal(await loadMujoco(), a);
    assert.equal(a.version, "3.3.8");
  });

  it("compiles a model from a string and steps it (free fall)", async () => {
    const sim = new MujocoSim(await loadMujoco(), TINY, "tiny");
    try {
      assert.equal(sim.nq, 1);
      sim.step(50); // 0.1 s at the default timestep 0.002 (semi-implicit Euler)
      const z = sim.qpos[0]!;
      assert.ok(z < -0.04 && z > -0.06, `fell ${z}`);
      assert.ok(Math.abs(sim.time - 0.1) < 1e-12);
    } finally {
      sim.close();
    }
  });

  it("reports malformed MJCF with the model name, line and reason", async () => {
    const rt = await loadMujoco();
    assert.throws(
      () => rt.compile('<mujoco>\n<worldbody>\n<body pos="0.13/2 0 0"/>\n</worldbody></mujoco>', "m1"),
      (e: unknown) => e instanceof EnvError && /"m1", line 3/.test(e.message) && /0\.13\/2/.test(e.message),
    );
    assert.throws(() => checkMjcf("<mujoco><worldbody></mujoco>", "m2"), /does not match <worldbody>/);
    assert.throws(() => checkMjcf("<mujoco><worldbody>", "m3"), /never closed/);
    assert.throws(() => checkMjcf("<world/>", "m4"), /root element must be <mujoco>/);
    assert.throws(() => checkMjcf("<mujoco><geom size=0.1/></mujoco>", "m5"), /double-quoted/);
    assert.throws(() => checkMjcf('<mujoco><geom size="1" size="2"/></mujoco>', "m6"), /given twice/);
    // Structurally fine but unknown to MuJoCo: MuJoCo's own (text-less) error is wrapped.
    assert.throws(
      () => rt.compile("<mujoco><bogus/></mujoco>", "m7"),
      (e: unknown) => e instanceof EnvError && /"m7".*mjXError/.test(e.message),
    );
    assert.throws(
      () => rt.compile('<mujoco><actuator><motor joint="nope"/></actuator></mujoco>', "m8"),
      (e: unknown) => e instanceof EnvError && /mjCError/.test(e.message),
    );
  });

  it("keeps working when other allocations grow the heap (stale views are re-acquired)", async () => {
    const rt = await loadMujoco();
    const action = [0.3, -0.2, 0.1];
    const reference = await HOPPER_TASK.create({ resetNoiseScale: 0 });
    reference.reset();
    const expected = [reference.step(action).obs, reference.step(action).obs, reference.step(action).obs];
    reference.close();

    const env = await HOPPER_TASK.create({ resetNoiseScale: 0 });
    env.reset();
    const got = [env.step(action).obs];
    const heapBefore = rt.heapBytes();
    // A model with a 64 MB arena: its MjData allocation must grow the heap, detaching old views.
    const big = new MujocoSim(rt, TINY.replace('memory="16K"', 'memory="64M"'), "big");
    assert.ok(rt.heapBytes() > heapBefore, "test setup: the heap did not grow");
    got.push(env.step(action).obs, env.step(action).obs);
    big.close();
    env.close();
    assert.deepEqual(got, expected);
  });

  it("close() is idempotent and the env refuses use afterwards", async () => {
    const env = await SWIMMER_TASK.create({});
    env.reset({ seed: 1 });
    env.close();
    env.close();
    assert.throws(
      () => env.reset(),
      (e: unknown) => e instanceof EnvError && /closed/.test(e.message),
    );
    assert.throws(
      () => env.step([0, 0]),
      (e: unknown) => e instanceof EnvError && /closed/.test(e.message),
    );
  });

  it("creating and closing 2000 envs does not grow the WASM heap or the process memory without bound", async () => {
    const rt = await loadMujoco();
    const specs = [HOPPER_TASK, WALKER2D_TASK, HALF_CHEETAH_TASK, SWIMMER_TASK];
    const cycle = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const env = await specs[i % specs.length]!.create({}, i);
        env.reset();
        env.step(new Float64Array(env.actionSpace.shape[0]!));
        env.close();
      }
    };
    await cycle(100); // warm-up: allocator pools, JIT
    const heap0 = rt.heapBytes();
    const rss0 = process.memoryUsage().rss;
    const started = performance.now();
    await cycle(2000);
    const ms = (performance.now() - started) / 2000;
    const heapGrowth = rt.heapBytes() - heap0;
    const rssGrowth = process.memoryUsage().rss - rss0;
    // One leaked env would hold ~0.35 MB of heap (256 KB arena + model): 2000 leaks = ~700 MB.
    console.log(
      `# memory: heap ${(heap0 / 2 ** 20).toFixed(1)} MB, growth over 2000 create/close ${(heapGrowth / 2 ** 20).toFixed(2)} MB, ` +
        `rss growth ${(rssGrowth / 2 ** 20).toFixed(1)} MB, ${ms.toFixed(2)} ms per create+reset+step+close`,
    );
    assert.ok(heapGrowth <= 2 * 2 ** 20, `WASM heap grew by ${heapGrowth} bytes`);
    assert.ok(rssGrowth <= 96 * 2 ** 20, `rss grew by ${rssGrowth} bytes`);
  });
});
