import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

// Citations must resolve inside the repository: code, notebooks, README and tests point into docs/
// (or at the paper's own sections and equations), never at documents a reader of the repository
// does not have. A cited `docs/<file>.md#<anchor>` must name an existing file and heading.
const root = join(__dirname, "..", "..");
const SELF = relative(root, __filename);

/** Names of documents that live outside the repository (built from parts so this file does not match itself). */
const FOREIGN: readonly { name: string; pattern: RegExp }[] = [
  { name: "the project's fact sheet", pattern: new RegExp(["fact", "[- ]?sheet"].join(""), "i") },
  { name: "gasil-paper.md", pattern: new RegExp(["gasil-paper", "\\.md"].join("")) },
  { name: "mujoco-tasks.md", pattern: new RegExp(["mujoco-tasks", "\\.md"].join("")) },
  { name: "CONTRACTS.md", pattern: new RegExp(["CONTRACTS", "\\.md"].join("")) },
  { name: "the seed summary", pattern: new RegExp(["seed", "\\s+summary"].join(""), "i") },
  // Section numbers of those documents ("§3.3", "§6 Q5"); docs/ is cited by anchor instead.
  { name: "a numbered section (§n)", pattern: /§\s?\d/ },
];

/** `docs/<path>.md` optionally followed by `#anchor`. */
const DOC_CITATION = /docs\/([\w./-]+?\.md)(?:#([\w-]+))?/g;

function foreignCitations(file: string): string[] {
  const found: string[] = [];
  readCited(file)
    .split("\n")
    .forEach((line, i) => {
      for (const { name, pattern } of FOREIGN)
        if (pattern.test(line)) found.push(`${relative(root, file)}:${i + 1} cites ${name}: ${line.trim().slice(0, 120)}`);
    });
  return found;
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name.startsWith(".")) return [];
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full, keep) : keep(name) ? [full] : [];
  });
}

/** Text of a notebook's cells (sources and outputs) or of a plain file. */
function readCited(file: string): string {
  const text = readFileSync(file, "utf8");
  if (!file.endsWith(".ipynb")) return text;
  const nb = JSON.parse(text) as { cells: { source: string[] | string; outputs?: unknown[] }[] };
  return nb.cells.map((c) => `${Array.isArray(c.source) ? c.source.join("") : c.source}\n${JSON.stringify(c.outputs ?? [])}`).join("\n");
}

/** Anchors of a markdown file as GitHub renders them: lower case, punctuation dropped, spaces → hyphens, repeats numbered. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const citing = [
  ...walk(join(root, "src"), (n) => n.endsWith(".ts")),
  ...walk(join(root, "notebooks"), (n) => n.endsWith(".ipynb")),
  ...walk(join(root, "test"), (n) => /\.(ts|py|mjs|ipynb)$/.test(n)),
  join(root, "README.md"),
].filter((f) => relative(root, f) !== SELF);

test("markdownAnchors follows GitHub's heading slugs", () => {
  const anchors = markdownAnchors("# Title\n## Q6: discriminator update\n```\n# not a heading\n```\n## PointMass-v0\n## Title\n");
  assert.deepEqual([...anchors], ["title", "q6-discriminator-update", "pointmass-v0", "title-1"]);
});

test("no citation of a document outside the repository", () => {
  const found = citing.flatMap(foreignCitations);
  assert.deepEqual(found, []);
});

test("every docs/…#anchor cited in src, notebooks, tests and README exists", () => {
  const anchorsOf = new Map<string, Set<string> | null>();
  const broken: string[] = [];
  let cited = 0;
  for (const file of citing) {
    for (const m of readCited(file).matchAll(DOC_CITATION)) {
      cited++;
      const [, doc, anchor] = m;
      if (!anchorsOf.has(doc!)) {
        const path = join(root, "docs", doc!);
        anchorsOf.set(doc!, existsSync(path) ? markdownAnchors(readFileSync(path, "utf8")) : null);
      }
      const anchors = anchorsOf.get(doc!);
      if (anchors === null) broken.push(`${relative(root, file)}: docs/${doc} does not exist`);
      else if (anchor !== undefined && !anchors!.has(anchor))
        broken.push(`${relative(root, file)}: docs/${doc}#${anchor} names no heading`);
    }
  }
  assert.ok(cited > 0, "nothing cites docs/ at all");
  assert.deepEqual([...new Set(broken)], []);
});

test("links between the pages of docs/ resolve", () => {
  const docs = walk(join(root, "docs"), (n) => n.endsWith(".md"));
  const broken: string[] = [];
  for (const file of docs) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\]\(([\w./-]*?)(?:#([\w-]+))?\)/g)) {
      const [, target, anchor] = m;
      if (target !== "" && !target!.endsWith(".md")) continue; // external or non-markdown links
      const path = target === "" ? file : join(file, "..", target!);
      if (!existsSync(path)) broken.push(`${relative(root, file)}: ${target} does not exist`);
      else if (anchor !== undefined && !markdownAnchors(readFileSync(path, "utf8")).has(anchor))
        broken.push(`${relative(root, file)}: ${target}#${anchor}`);
    }
  }
  assert.deepEqual(broken, []);
});
