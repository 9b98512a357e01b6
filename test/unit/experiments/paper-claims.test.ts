import assert from "node:assert/strict";
import { test } from "node:test";
import { compareFigure6, compareFigure7, type FinalRow } from "../../../src/experiments/paper-claims";

function row(task: string, method: string, mean: number, half = 1, setting: FinalRow["setting"] = {}): FinalRow {
  return { task, method, setting, n: 3, mean, lower: mean - half, upper: mean + half };
}

test("Figure 6: rankings, counts and verdict follow the final means", () => {
  const rows = [
    row("A", "ppo", 10),
    row("A", "bc", 12),
    row("A", "sil", 11),
    row("A", "gasil", 20),
    row("B", "ppo", 5),
    row("B", "bc", 9),
    row("B", "sil", 4),
    row("B", "gasil", 6, 2),
    row("C", "ppo", 1),
    row("C", "bc", 0),
    row("C", "sil", 3),
    row("C", "gasil", 2),
  ];
  const c = compareFigure6(rows, "x steps");
  assert.deepEqual(
    c.tasks.map((t) => t.ranking),
    [
      ["gasil", "bc", "sil", "ppo"],
      ["bc", "gasil", "ppo", "sil"],
      ["sil", "gasil", "ppo", "bc"],
    ],
  );
  assert.equal(c.gasilBest, 1);
  assert.deepEqual(c.gasilAboveCount, { ppo: 3, bc: 2, sil: 2 });
  assert.equal(c.verdict, "reproduced"); // above every baseline on 2 of 3 tasks
  assert.deepEqual(c.tasks[0]!.gasilClearlyAbove, ["ppo", "bc", "sil"]); // [19, 21] vs upper ≤ 13
  assert.deepEqual(c.tasks[1]!.gasilClearlyAbove, []); // [4, 8] overlaps every baseline
  assert.match(
    c.sentence,
    /^In this sweep \(x steps\), GASIL\+PPO has the highest final average return on 1 of 3 tasks and a higher mean than PPO on 3 of 3, PPO\+BC on 2 of 3, PPO\+SIL on 2 of 3/,
  );
  assert.match(c.sentence, /interval lies above the baseline's in 3 of 9 task–baseline pairs/);
  // Beating only PPO on most tasks is "partly"; half the tasks is "mixed"; less is "not reproduced".
  const partly = compareFigure6([
    row("A", "ppo", 1),
    row("A", "bc", 5),
    row("A", "gasil", 2),
    row("B", "ppo", 1),
    row("B", "bc", 5),
    row("B", "gasil", 2),
  ]);
  assert.equal(partly.verdict, "partly reproduced");
  const mixed = compareFigure6([row("A", "ppo", 1), row("A", "gasil", 2), row("B", "ppo", 3), row("B", "gasil", 2)]);
  assert.equal(mixed.verdict, "mixed");
  const not = compareFigure6([row("A", "ppo", 3), row("A", "gasil", 2)]);
  assert.equal(not.verdict, "not reproduced");
});

test("Figure 7: the best value and whether it is interior (inverted U)", () => {
  const rows = [
    row("H", "gasil", 5, 1, { bufferSize: 250 }),
    row("H", "gasil", 9, 1, { bufferSize: 1000 }),
    row("H", "gasil", 7, 1, { bufferSize: 4000 }),
    row("W", "gasil", 5, 1, { bufferSize: 4000 }),
    row("W", "gasil", 1, 1, { bufferSize: 250 }),
    row("W", "gasil", 2, 1, { bufferSize: 1000 }),
  ];
  const c = compareFigure7(rows, "bufferSize");
  assert.deepEqual(
    c.tasks.map((t) => [t.task, t.best, t.interior, t.resolved]),
    [
      ["H", 1000, true, false], // [8, 10] touches 4000's [6, 8]: not above it
      ["W", 4000, false, false],
    ],
  );
  assert.deepEqual(
    c.tasks[1]!.values.map((v) => v.value),
    [250, 1000, 4000],
  ); // sorted numerically
  assert.match(c.sentence, /^For bufferSize, the best final return lies strictly inside the swept range on 1 of 2 tasks/);
  assert.match(c.sentence, /does not show that shape/);
});

test("Figure 7: an interior best whose interval overlaps an end value's is not a resolved inverted U", () => {
  // Best at 1000 (9 ± 3) overlaps 4000 (7 ± 1): interior, not resolved.
  const overlapping = compareFigure7(
    [
      row("H", "gasil", 5, 1, { bufferSize: 250 }),
      row("H", "gasil", 9, 3, { bufferSize: 1000 }),
      row("H", "gasil", 7, 1, { bufferSize: 4000 }),
    ],
    "bufferSize",
  );
  assert.deepEqual(
    overlapping.tasks.map((t) => [t.interior, t.resolved]),
    [[true, false]],
  );
  assert.match(overlapping.sentence, /interval above both end values' on 0/);
  assert.match(overlapping.sentence, /not resolved at this budget/);
  assert.doesNotMatch(overlapping.sentence, /agrees with/);
  // Narrow intervals on the same means: resolved, and the sentence agrees with the paper.
  const separated = compareFigure7(
    [
      row("H", "gasil", 5, 0.5, { bufferSize: 250 }),
      row("H", "gasil", 9, 0.5, { bufferSize: 1000 }),
      row("H", "gasil", 7, 0.5, { bufferSize: 4000 }),
    ],
    "bufferSize",
  );
  assert.equal(separated.tasks[0]!.resolved, true);
  assert.match(separated.sentence, /agrees with that shape/);
  assert.match(separated.sentence, /1000 → 9\.00 \[8\.50, 9\.50\]/);
});
