import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

// Equation labels: (PG.n) are defined in notebooks/01-policy-gradient.ipynb, (GASIL.n) in
// notebooks/02-gan-to-gasil.ipynb. Every label cited anywhere in src/ must exist there.
const root = join(__dirname, "..", "..");
const LABEL = /\((PG|GASIL)\.(\d+)\)/g;
// A notebook *states* a label in bold: `\textbf{(PG.3)}` in display math or `**(GASIL.7)**` in text;
// plain mentions such as "(PG.2)" in notebook 02 are cross-references.
const STATED = /(?:\\textbf\{|\*\*)\((PG|GASIL)\.(\d+)\)/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith(".ts") ? [full] : [];
  });
}

function notebookMarkdownLabels(file: string): Set<string> {
  const nb = JSON.parse(readFileSync(join(root, "notebooks", file), "utf8")) as {
    cells: { cell_type: string; source: string[] | string }[];
  };
  const text = nb.cells
    .filter((c) => c.cell_type === "markdown")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .join("\n");
  return new Set(Array.from(text.matchAll(STATED), (m) => `${m[1]}.${m[2]}`));
}

test("every (PG.n)/(GASIL.n) label cited in src/ is stated in notebooks 01/02", () => {
  const defined = new Set([...notebookMarkdownLabels("01-policy-gradient.ipynb"), ...notebookMarkdownLabels("02-gan-to-gasil.ipynb")]);
  const missing: string[] = [];
  let cited = 0;
  for (const file of tsFiles(join(root, "src"))) {
    for (const m of readFileSync(file, "utf8").matchAll(LABEL)) {
      cited++;
      const label = `${m[1]}.${m[2]}`;
      if (!defined.has(label)) missing.push(`(${label}) in ${relative(root, file)}`);
    }
  }
  assert.ok(cited > 0, "no labels cited in src/ at all");
  assert.deepEqual([...new Set(missing)], []);
});

test("each notebook states its own family, numbered without gaps", () => {
  for (const [file, family] of [
    ["01-policy-gradient.ipynb", "PG"],
    ["02-gan-to-gasil.ipynb", "GASIL"],
  ] as const) {
    const labels = [...notebookMarkdownLabels(file)];
    assert.ok(
      labels.every((l) => l.startsWith(`${family}.`)),
      `${file} states a label of another family: ${labels.join(", ")}`,
    );
    const nums = labels.map((l) => Number(l.split(".")[1])).sort((a, b) => a - b);
    assert.deepEqual(
      nums,
      Array.from({ length: nums.length }, (_, i) => i + 1),
      `${file}: ${nums.join(", ")}`,
    );
  }
});
