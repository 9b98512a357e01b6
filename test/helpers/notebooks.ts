/**
 * Test helper: execute a notebook headless with the tslab kernel (through nbconvert, as
 * `npm run report` does) and return the exported HTML. A cell error rejects with the traceback,
 * so `await executeNotebook(...)` inside a test fails that test.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = join(__dirname, "..", "..");
/** Where tests leave artefacts (screenshots, executed reports): test-output/<suite>/. */
export function testOutputDir(suite: string): string {
  const dir = join(repoRoot, "test-output", suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface ExecutedNotebook {
  /** Path of the exported HTML page (plotly still inlined: not yet made offline). */
  readonly htmlPath: string;
  readonly html: string;
  readonly seconds: number;
}

/**
 * Execute `notebooks/<name>.ipynb` (name without extension; or a repository-relative path ending in
 * `.ipynb`) and export it to HTML under test-output/notebooks/.
 * @throws Error with the kernel's traceback when a cell fails, or when Jupyter is not set up.
 */
export async function executeNotebook(
  name: string,
  options: { timeoutSeconds?: number; env?: Record<string, string> } = {},
): Promise<ExecutedNotebook> {
  const lib = (await import(join(repoRoot, "scripts", "lib", "notebooks.mjs"))) as {
    executeToHtml(
      nb: string,
      outDir: string,
      o: { timeoutSeconds?: number; env?: Record<string, string> },
    ): Promise<{ htmlPath: string; seconds: number }>;
  };
  const { htmlPath, seconds } = await lib.executeToHtml(
    name.endsWith(".ipynb") ? name : `notebooks/${name}.ipynb`,
    testOutputDir("notebooks"),
    options,
  );
  return { htmlPath, html: readFileSync(htmlPath, "utf8"), seconds };
}

/** Text of the plain-text and stream outputs of an exported page (HTML tags stripped). */
export function outputText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
