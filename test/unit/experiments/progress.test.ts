import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCount, formatDuration, ProgressBoard } from "../../../src/experiments/progress";

class Sink {
  text = "";
  isTTY: boolean;
  columns = 200;
  constructor(tty: boolean) {
    this.isTTY = tty;
  }
  write(t: string): boolean {
    this.text += t;
    return true;
  }
}

test("durations and counts are formatted for humans", () => {
  assert.equal(formatDuration(42.4), "42s");
  assert.equal(formatDuration(185), "3m05s");
  assert.equal(formatDuration(3720), "1h02m");
  assert.equal(formatDuration(Infinity), "?");
  assert.equal(formatCount(950), "950");
  assert.equal(formatCount(12_345), "12.3k");
  assert.equal(formatCount(4_560_000), "4.56M");
});

test("plain mode prints run starts and ends as lines; the summary counts runs and env steps", () => {
  const sink = new Sink(false);
  const board = new ProgressBoard("s", 3, 1, 3000, 1000, 2, { stream: sink });
  board.start();
  board.runStarted(0, "a", 2, 0, 500, null);
  board.runProgress(0, "a", 1, 250, 100);
  assert.match(board.summary(), /^sweep s: 1\/3 runs done · 1500\/3000 env steps · /);
  board.runEnded(0, "a", "done");
  board.runStarted(1, "b", 2, 250, 500, 3);
  board.runEnded(1, "b", "error", "exit code 1");
  board.stop();
  assert.match(sink.text, /\[worker 1\] start a \(2 seeds × 500 steps\)/);
  assert.match(sink.text, /\[worker 2\] resume b at iteration 3/);
  assert.match(sink.text, /\[worker 1\] finished a/);
  assert.match(sink.text, /\[worker 2\] ERROR b: exit code 1/);
  assert.match(sink.text, /sweep s: 2\/3 runs done \(1 failed\) · 2000\/3000 env steps/);
  assert.ok(!sink.text.includes("\x1b["), "no escape codes when not a TTY");
});

test("TTY mode redraws the block in place (cursor up + clear) with one line per worker", () => {
  const sink = new Sink(true);
  const board = new ProgressBoard("s", 2, 0, 1000, 0, 2, { stream: sink });
  board.start();
  board.runStarted(0, "a", 1, 0, 500, null);
  board.runProgress(0, "a", 2, 200, 50);
  board.line("note");
  board.stop();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the board's output is ANSI escape sequences (ESC = \x1b)
  assert.match(sink.text, /\x1b\[3A\x1b\[0J/); // the 3-line block (summary + 2 workers) is cleared before redrawing
  assert.match(sink.text, /worker 1: a · iter 2 · 200\/500 steps × 1 seeds · 50 steps\/s · ETA 6s/);
  assert.match(sink.text, /worker 2: idle/);
});

test("with step costs the overall ETA weighs the remaining steps by their cost", (t) => {
  t.mock.timers.enable({ apis: ["Date"], now: 0 });
  // Run a: 1,000 cheap steps (1 ms each); run b: 1,000 steps costing 3 ms each. Total work 4 s.
  const stepCosts = new Map([
    ["a", 0.001],
    ["b", 0.003],
  ]);
  const weighted = new ProgressBoard("s", 2, 0, 2000, 0, 1, { stream: new Sink(false), stepCosts, work: { total: 4, doneAtStart: 0 } });
  const plain = new ProgressBoard("s", 2, 0, 2000, 0, 1, { stream: new Sink(false) });
  for (const board of [weighted, plain]) {
    board.runStarted(0, "b", 1, 0, 1000, null);
    board.runProgress(0, "b", 1, 500, 50);
  }
  t.mock.timers.tick(10_000); // 500 expensive steps took 10 s: 1.5 s of work → 0.15 work/s
  // Left: 1.5 s of b's work + 1 s of a's = 2.5 s of work → 2.5 / 0.15 ≈ 17 s; counting steps alike
  // (50 steps/s, 1,500 steps left) says 30 s.
  assert.match(weighted.summary(), /ETA 17s/);
  assert.match(plain.summary(), /ETA 30s/);
});
