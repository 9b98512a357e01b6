import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { executeNotebook, outputText, repoRoot } from "../helpers/notebooks";

// Every derivation step of notebooks 01 and 02 is followed by a check cell that throws on failure
// (nbconvert then stops and executeNotebook rejects). Here we also make sure every label's check
// actually ran and printed "ok", and that the figures were emitted.
const EXPECTED = {
  "01-policy-gradient": { labels: ["PG.1", "PG.2", "PG.3", "PG.4", "PG.5", "PG.6", "PG.7", "PG.8", "PG.9", "PG.10"], figures: 5 },
  "02-gan-to-gasil": { labels: ["GASIL.1", "GASIL.2", "GASIL.3", "GASIL.4", "GASIL.5", "GASIL.6", "GASIL.7"], figures: 5 },
} as const;

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`notebook ${name} executes headless with every check passing`, { timeout: 300_000 }, async () => {
    const { html, seconds } = await executeNotebook(name);
    const text = outputText(html);
    for (const label of expected.labels) {
      const escaped = label.replace(".", "\\.");
      assert.match(text, new RegExp(`\\(${escaped}\\)[^\\n]*? ok`), `no passing check printed for (${label})`);
    }
    assert.doesNotMatch(text, / failed: /);
    const figures = html.match(/class="gasil-figure"/g)?.length ?? 0;
    assert.ok(figures >= expected.figures, `expected ≥ ${expected.figures} figures, got ${figures}`);
    console.log(`notebook ${name} executed in ${seconds.toFixed(1)} s`);
  });
}

test("notebooks 01 and 02 are committed without outputs", () => {
  for (const name of Object.keys(EXPECTED)) {
    const nb = JSON.parse(readFileSync(join(repoRoot, "notebooks", `${name}.ipynb`), "utf8")) as {
      cells: { cell_type: string; outputs?: unknown[]; execution_count?: number | null }[];
    };
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.ok(code.length > 10, `${name}: only ${code.length} code cells`);
    for (const c of code) {
      assert.deepEqual(c.outputs, [], `${name}: a code cell has stored outputs`);
      assert.equal(c.execution_count ?? null, null);
    }
  }
});
