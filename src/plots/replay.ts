/**
 * Replays in notebooks and on pages: the HTML that mounts the 3-D viewer (`viewer/replay-viewer.ts`)
 * for one or more recorded episodes (`recordRollout` of `gasil-kit/envs`).
 *
 * As with plotly figures (`./display.ts`), a notebook output is `text/html`: the viewer bundle
 * (three.js + viewer, ~550 KB) is inlined once per kernel session inside marked comments that name
 * the bundle file; `scripts/report.mjs` swaps that block for a reference to the shared copy in
 * `figures/vendor/`, so exported reports play offline. The strip under each scene needs plotly.js,
 * provided the same way as for figures.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { ConfigError, describeValue } from "../core/errors";
import type { Replay } from "../envs/replay-types";
import { contentId, plotlyBundlePath, plotlyScriptBlock, plotlyVersion, takePlotlyInclusion } from "./display";
import { viewerBundleName, viewerBundlePath, viewerBundleSource } from "./viewer-bundle";

/** Marker before the inlined viewer bundle; the bundle's file name follows it inside the comment. */
export const REPLAY_INLINE_START = "<!-- gasil-kit:replay-viewer-inline:start";
export const REPLAY_INLINE_END = "<!-- gasil-kit:replay-viewer-inline:end -->";

/** Options of {@link replayHtml}. */
export interface ReplayHtmlOptions {
  /**
   * How the viewer bundle and plotly.js get onto the page: `once` (default: inline each on the
   * first use in this process — notebooks), `inline` (always), `none` (the page provides them).
   */
  readonly include?: "once" | "inline" | "none";
  /** Element id; defaults to a process-unique id. */
  readonly divId?: string;
}

let viewerSent = false;
let counter = 0;

function checkReplays(replays: Replay | readonly Replay[]): readonly Replay[] {
  const list = Array.isArray(replays) ? (replays as readonly Replay[]) : [replays as Replay];
  if (list.length === 0)
    throw new ConfigError("replays", "got an empty list; allowed: one replay or a list of replays (recordRollout results)");
  list.forEach((r, i) => {
    if (typeof r !== "object" || r === null || r.format !== "gasil-kit-replay/1") {
      throw new ConfigError(
        `replays[${i}]`,
        `got ${describeValue((r as { format?: unknown } | null)?.format ?? r)}; allowed: a replay from recordRollout (format "gasil-kit-replay/1")`,
      );
    }
  });
  return list;
}

/** The `<script>` block defining `window.GasilReplay`, wrapped in the report markers. */
export function viewerScriptBlock(): string {
  return [`${REPLAY_INLINE_START} ${viewerBundleName()} -->`, `<script>${viewerBundleSource()}</script>`, REPLAY_INLINE_END].join("\n");
}

/** JSON that is safe inside a `<script type="application/json">` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * HTML fragment showing `replays` side by side, synchronised (one clock, play/pause, frame slider,
 * speed), each with a reward / −log D strip under its scene.
 * @throws ConfigError when an element is not a replay.
 */
export function replayHtml(replays: Replay | readonly Replay[], options: ReplayHtmlOptions = {}): string {
  const list = checkReplays(replays);
  const include = options.include ?? "once";
  counter += 1;
  const data = scriptJson(list);
  const id = options.divId ?? contentId("gasil-replay", data, counter);
  const parts: string[] = [];
  if (include === "inline" || (include === "once" && takePlotlyInclusion())) parts.push(plotlyScriptBlock());
  if (include === "inline" || (include === "once" && !viewerSent)) {
    parts.push(viewerScriptBlock());
    if (include === "once") viewerSent = true;
  }
  parts.push(`<div id="${id}" class="gasil-replay" style="min-height:480px">loading the replay viewer…</div>`);
  parts.push(`<script type="application/json" id="${id}-data">${data}</script>`);
  // Outputs may render before the block that defines the viewer: wait for it (as figures do).
  parts.push(
    `<script>(function(){var tries=0;function go(){var el=document.getElementById(${JSON.stringify(id)});` +
      `var data=document.getElementById(${JSON.stringify(`${id}-data`)});` +
      `if(window.GasilReplay&&el&&data){window.GasilReplay.mount(el,JSON.parse(data.textContent));}` +
      `else if(tries++<800){setTimeout(go,25);}}go();})();</script>`,
  );
  return parts.join("\n");
}

/** Reset the once-per-process inclusion of the viewer bundle (after a page reload, for instance). */
export function resetReplayInclusion(): void {
  viewerSent = false;
}

/** Options of {@link writeReplayPage}. */
export interface ReplayPageOptions {
  /** Page title. Default: the first replay's title. */
  readonly title?: string;
  /** Text under the title (plain text). */
  readonly description?: string;
  /**
   * `vendor` (default): reference plotly.js and the viewer bundle in a shared folder, copied there
   * when missing (`figures/vendor/` for pages under `figures/`); `inline`: one self-contained file.
   */
  readonly assets?: "vendor" | "inline";
  /** The shared folder for `assets: "vendor"`. Default: `vendor/` next to the page's parent folder. */
  readonly vendorDir?: string;
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Write a complete page that plays `replays` offline.
 * @returns the page path and the vendor files it references (empty when inline).
 */
export function writeReplayPage(
  file: string,
  replays: Replay | readonly Replay[],
  options: ReplayPageOptions = {},
): { file: string; assets: string[] } {
  const list = checkReplays(replays);
  const assets = options.assets ?? "vendor";
  const title = options.title ?? list[0]!.title;
  const head: string[] = [];
  const used: string[] = [];
  if (assets === "inline") {
    head.push(plotlyScriptBlock(), viewerScriptBlock());
  } else {
    const vendorDir = options.vendorDir ?? join(dirname(dirname(file)), "vendor");
    mkdirSync(vendorDir, { recursive: true });
    const plotlyName = `plotly-${plotlyVersion()}.min.js`;
    const viewerName = viewerBundleName();
    for (const [from, name] of [
      [plotlyBundlePath(), plotlyName],
      [viewerBundlePath(), viewerName],
    ] as const) {
      const to = join(vendorDir, name);
      if (!existsSync(to)) copyFileSync(from, to);
      used.push(to);
      const href = relative(dirname(file), to).split("\\").join("/");
      head.push(`<script src="${href}"></script>`);
    }
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.2rem auto;max-width:1400px;padding:0 1rem;color:#222}h1{font-size:1.35rem}p{color:#444;max-width:60rem}</style>
${head.join("\n")}
</head><body>
<h1>${escapeText(title)}</h1>
${options.description !== undefined ? `<p>${escapeText(options.description)}</p>` : ""}
${replayHtml(list, { include: "none", divId: "replay" })}
<p><small>gasil-kit replay · ${escapeText(basename(file))} · three.js and plotly.js ${assets === "inline" ? "inlined" : "from the shared vendor folder"}; works offline.</small></p>
</body></html>
`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp-${process.pid}`, html);
  renameSync(`${file}.tmp-${process.pid}`, file);
  return { file, assets: used };
}
