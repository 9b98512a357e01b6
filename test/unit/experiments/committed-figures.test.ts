/**
 * The committed figures and tables are what `gasil-kit figures` makes today from the committed
 * default dataset (the largest complete one): regenerating them into a temporary folder gives the
 * same HTML pages, tables and paper-comparison sentences, byte for byte. A figure left over from
 * another dataset, or a code change that moves a number, fails here until `gasil-kit figures`
 * is rerun and its output committed. (SVG and PNG come from Chromium and are not compared.)
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { defaultDataDir, writeFigures } from "../../../src/experiments/figures";

const ROOT = path.join(__dirname, "..", "..", "..");

test("committed figures/ equals a fresh `gasil-kit figures` of the default dataset", { timeout: 180_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-committed-figures-"));
  try {
    const written = await writeFigures({ dataDir: defaultDataDir(), outDir: tmp, formats: ["html"] });
    const compared = written.filter((f) => /\.(html|md|csv)$/.test(f));
    assert.ok(
      compared.some((f) => f.endsWith("figure6.html")),
      "Figure 6 was written",
    );
    for (const file of compared) {
      const rel = path.relative(tmp, file);
      const committed = path.join(ROOT, "figures", rel);
      assert.ok(fs.existsSync(committed), `figures/${rel} is not committed; run \`npx gasil-kit figures\``);
      assert.ok(
        fs.readFileSync(committed).equals(fs.readFileSync(file)),
        `figures/${rel} differs from what \`npx gasil-kit figures\` writes today; rerun it and commit the output`,
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
