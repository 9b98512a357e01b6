/**
 * Replay HTML (Node side): the viewer bundle is inlined once per process inside markers that name
 * its file (the report exporter relies on them), replay data cannot break out of its script
 * element, and non-replays are rejected with a message naming the argument.
 */

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { recordRollout } from "../../../src/envs/record";
import type { Replay } from "../../../src/envs/replay-types";
import { PLOTLY_INLINE_START, resetPlotlyInclusion } from "../../../src/plots/display";
import { REPLAY_INLINE_END, REPLAY_INLINE_START, replayHtml, resetReplayInclusion } from "../../../src/plots/replay";
import { viewerBundleName, viewerBundlePath } from "../../../src/plots/viewer-bundle";

test("the viewer bundle and plotly.js are inlined on the first replay of a process only", async () => {
  const replay = await recordRollout("PointMass-v0", "random", { seed: 0, maxSteps: 5, title: "</script><b>x" });
  resetReplayInclusion();
  resetPlotlyInclusion();
  const first = replayHtml(replay);
  const second = replayHtml([replay, replay]);
  assert.ok(first.includes(`${REPLAY_INLINE_START} ${viewerBundleName()} -->`) && first.includes(REPLAY_INLINE_END));
  assert.ok(first.includes(PLOTLY_INLINE_START), "the strip's plotly.js comes with the first replay");
  assert.ok(!second.includes(REPLAY_INLINE_START) && !second.includes(PLOTLY_INLINE_START));
  assert.ok(second.length < 60_000);
  assert.ok(!second.includes("</script><b>"), "a closing script tag from the data leaked into the page");
  // The embedded data round-trips.
  const json = /<script type="application\/json" id="[^"]+-data">(.*?)<\/script>/s.exec(second)![1]!;
  assert.deepEqual(JSON.parse(json), [replay, replay]);
  assert.ok(replayHtml(replay, { include: "inline" }).includes(REPLAY_INLINE_START));
  assert.ok(!replayHtml(replay, { include: "none" }).includes(REPLAY_INLINE_START));
});

test("the viewer bundle defines window.GasilReplay and names three's version", () => {
  const bundle = readFileSync(viewerBundlePath(), "utf8");
  assert.match(viewerBundleName(), /^replay-viewer-three0\.187\.0-[0-9a-f]{10}\.min\.js$/);
  assert.match(bundle, /GasilReplay/);
  assert.ok(bundle.length > 100_000 && bundle.length < 1_500_000, `bundle size ${bundle.length}`);
});

test("replayHtml rejects what is not a replay, naming the element", () => {
  assert.throws(() => replayHtml([] as Replay[]), /^ConfigError: replays: got an empty list/);
  assert.throws(() => replayHtml([{ format: "x" } as unknown as Replay]), /replays\[0\]: got "x"; allowed: a replay from recordRollout/);
});

test("every committed page's replay-viewer bundle is in figures/vendor (no dangling or stale copies)", () => {
  const figures = join(__dirname, "..", "..", "..", "figures");
  const pages = ["reports", "replays"].flatMap((d) =>
    existsSync(join(figures, d))
      ? readdirSync(join(figures, d))
          .filter((n) => n.endsWith(".html"))
          .map((n) => join(figures, d, n))
      : [],
  );
  const referenced = new Set<string>();
  for (const page of pages)
    for (const m of readFileSync(page, "utf8").matchAll(/vendor\/(replay-viewer-[A-Za-z0-9._-]+\.js)/g)) referenced.add(m[1]!);
  const vendored = readdirSync(join(figures, "vendor")).filter((n) => n.startsWith("replay-viewer-"));
  for (const name of referenced)
    assert.ok(vendored.includes(name), `a committed page loads vendor/${name}, which is missing (rerun gasil-kit replay / npm run report)`);
  assert.deepEqual(
    vendored.filter((n) => !referenced.has(n)),
    [],
    "stale replay-viewer bundles in figures/vendor",
  );
});
