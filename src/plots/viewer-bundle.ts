/**
 * The replay viewer's browser script: `viewer/replay-viewer.ts` bundled with three.js (tree-shaken
 * to what the viewer uses) into one minified IIFE that defines `window.GasilReplay`.
 *
 * Built with esbuild once (by `npm run setup`, or on first use) into
 * `node_modules/.cache/gasil-kit/`. The file name carries three's version and a hash of the
 * inputs, so a page or report always names the exact bundle it was made with, and the shared
 * copy in `figures/vendor/` never goes stale under an old name.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "gasil-kit") return dir;
    dir = dirname(dir);
  }
  throw new Error(`replay viewer: cannot find gasil-kit's package root above ${__dirname}`);
}

/** Version of the three.js package in use. */
export function threeVersion(): string {
  // three's `exports` map hides package.json; read it from the package folder instead.
  const file = join(packageRoot(), "node_modules", "three", "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

function viewerSource(): string {
  return join(packageRoot(), "src", "plots", "viewer", "replay-viewer.ts");
}

let cachedName: string | null = null;

/**
 * File name of the viewer bundle, e.g. `replay-viewer-three0.187.0-1a2b3c4d5e.min.js` (the hash
 * covers the viewer source, the replay types and three's version).
 */
export function viewerBundleName(): string {
  if (cachedName !== null) return cachedName;
  const hash = createHash("sha256");
  hash.update(readFileSync(viewerSource()));
  hash.update(readFileSync(join(packageRoot(), "src", "envs", "replay-types.ts")));
  hash.update(threeVersion());
  cachedName = `replay-viewer-three${threeVersion()}-${hash.digest("hex").slice(0, 10)}.min.js`;
  return cachedName;
}

/**
 * Absolute path of the built bundle, building it first when missing.
 * @throws Error when it must be built and esbuild (a development dependency) is not installed.
 */
export function viewerBundlePath(): string {
  const target = join(packageRoot(), "node_modules", ".cache", "gasil-kit", viewerBundleName());
  if (existsSync(target)) return target;
  let esbuild: { buildSync(options: object): { outputFiles?: { text: string }[] } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require("esbuild") as typeof esbuild;
  } catch {
    throw new Error(
      "replay viewer: the browser bundle is not built and esbuild is not installed; run `npm run setup` in the gasil-kit folder",
    );
  }
  const result = esbuild.buildSync({
    entryPoints: [viewerSource()],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "eof",
    write: false,
    absWorkingDir: packageRoot(),
  });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error("replay viewer: esbuild produced no output");
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.tmp-${process.pid}`, text);
  renameSync(`${target}.tmp-${process.pid}`, target);
  return target;
}

let cachedSource: string | null = null;

/** The bundle's text, safe to inline in a `<script>` element. */
export function viewerBundleSource(): string {
  if (cachedSource === null) cachedSource = readFileSync(viewerBundlePath(), "utf8").replace(/<\/script/gi, "<\\/script");
  return cachedSource;
}
