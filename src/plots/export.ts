/**
 * Saving figures: self-contained offline HTML (plotly.js inlined), and SVG / PNG rendered by
 * plotly's own `Plotly.toImage` inside Debian's Chromium driven by `playwright-core` (never a
 * downloaded browser build).
 *
 * @example
 * const renderer = await FigureRenderer.launch();
 * try {
 *   await exportFigure(fig6, "figures/figure6", { renderer }); // figure6.html, .svg, .png
 * } finally {
 *   await renderer.close();
 * }
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError } from "../core/errors";
import { plotlyBundlePath } from "./display";

/** A plotly figure as plain data. */
export interface ExportableFigure {
  readonly data: readonly object[];
  readonly layout?: object;
  readonly config?: object;
}

/** Image formats {@link FigureRenderer} produces. */
export type ImageFormat = "svg" | "png";

/** Everything {@link exportFigure} can write. */
export type ExportFormat = "html" | ImageFormat;

/** Allowed export formats. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["html", "svg", "png"];

/** Default browser: Debian's chromium package. Override with the `GASIL_CHROMIUM` environment variable. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Chromium flags used for rendering (headless is added by playwright). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Path of the Chromium executable to use (`GASIL_CHROMIUM` or {@link DEFAULT_CHROMIUM}). */
export function chromiumPath(): string {
  return process.env["GASIL_CHROMIUM"] || DEFAULT_CHROMIUM;
}

/** True when the Chromium executable exists (SVG/PNG export needs it). */
export function chromiumAvailable(path = chromiumPath()): boolean {
  return existsSync(path);
}

let bundleCache: { path: string; text: string } | null = null;

function plotlySource(): string {
  const path = plotlyBundlePath();
  if (bundleCache?.path !== path) {
    // "</script" inside the library would end the inline script early.
    bundleCache = { path, text: readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script") };
  }
  return bundleCache.text;
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Options of {@link figureToHtml}. */
export interface HtmlOptions {
  /** Page title; default the figure's layout title, else "gasil-kit figure". */
  readonly title?: string;
  /**
   * Load plotly.js from this URL (e.g. a relative path to one shared local copy) instead of
   * inlining it; default: inline, so the page is self-contained.
   */
  readonly plotlySrc?: string;
}

function layoutTitle(fig: ExportableFigure): string | null {
  const t = (fig.layout as { title?: unknown } | undefined)?.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return null;
}

/**
 * A complete HTML page that draws the figure offline: plotly.js is inlined (the minified copy made
 * by `npm run setup` when present) unless `plotlySrc` is given, the figure spec is embedded as JSON
 * (in a `<script type="application/json" id="figure-spec">`), the plot fills the width. The first
 * `<script>` of the page is the plotly.js one.
 */
export function figureToHtml(fig: ExportableFigure, opts: HtmlOptions = {}): string {
  const title = opts.title ?? layoutTitle(fig) ?? "gasil-kit figure";
  const spec = { data: fig.data, layout: fig.layout ?? {}, config: { responsive: true, displaylogo: false, ...(fig.config ?? {}) } };
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(title.replace(/<[^>]*>/g, ""))}</title>`,
    "<style>html,body{margin:0;padding:0;background:#fff}#figure{width:100%}</style>",
    opts.plotlySrc !== undefined
      ? `<script src="${escapeText(opts.plotlySrc).replace(/"/g, "&quot;")}"></script>`
      : `<script>${plotlySource()}</script>`,
    "</head>",
    "<body>",
    '<div id="figure" class="gasil-figure"></div>',
    `<script type="application/json" id="figure-spec">${jsonForScript(spec)}</script>`,
    '<script>(function(){var spec=JSON.parse(document.getElementById("figure-spec").textContent);' +
      'Plotly.newPlot("figure",spec.data,spec.layout,spec.config);})();</script>',
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** Write {@link figureToHtml} to `path` (folders created). */
export function writeFigureHtml(fig: ExportableFigure, path: string, opts: HtmlOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, figureToHtml(fig, opts));
}

/** Size of a rendered image. */
export interface ImageOptions {
  /** Pixels; default the layout's width, else 1200. */
  readonly width?: number;
  /** Pixels; default the layout's height, else 700. */
  readonly height?: number;
  /** PNG pixel density; default 2. */
  readonly scale?: number;
}

/** Options of {@link FigureRenderer.launch}. */
export interface RendererOptions {
  /** Chromium executable; default {@link chromiumPath}. */
  readonly executablePath?: string;
  /** Launch timeout in milliseconds; default 60 000. */
  readonly timeoutMs?: number;
}

interface PlaywrightBrowser {
  newPage(): Promise<PlaywrightPage>;
  close(): Promise<void>;
}
interface PlaywrightPage {
  setContent(html: string, opts?: { waitUntil?: string; timeout?: number }): Promise<void>;
  addScriptTag(opts: { path?: string; content?: string }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/**
 * A headless Chromium page with plotly.js loaded, reused for many figures (launch once, render many).
 * Playwright gives every launch a fresh temporary profile (user-data-dir).
 */
export class FigureRenderer {
  private constructor(
    private readonly browser: PlaywrightBrowser,
    private readonly page: PlaywrightPage,
  ) {}

  /**
   * Start Chromium and load plotly.js into a blank page.
   * @throws Error when the executable is missing (with the apt command that installs it).
   */
  static async launch(opts: RendererOptions = {}): Promise<FigureRenderer> {
    const executablePath = opts.executablePath ?? chromiumPath();
    if (!existsSync(executablePath)) {
      throw new Error(
        `FigureRenderer: no Chromium at ${executablePath}; install Debian's package (apt-get install -y chromium) or set GASIL_CHROMIUM to a Chromium executable`,
      );
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require("playwright-core") as { chromium: { launch(o: object): Promise<PlaywrightBrowser> } };
    const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: opts.timeoutMs ?? 60_000 });
    try {
      const page = await browser.newPage();
      await page.setContent("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>");
      await page.addScriptTag({ content: plotlySource() });
      return new FigureRenderer(browser, page);
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  /**
   * Render a figure with `Plotly.toImage`.
   * @returns SVG text (UTF-8) or PNG bytes.
   * @throws ConfigError for an unknown format; Error when plotly fails in the page.
   */
  async render(fig: ExportableFigure, format: ImageFormat, opts: ImageOptions = {}): Promise<Buffer> {
    if (format !== "svg" && format !== "png") throw new ConfigError("format", `expected "svg" or "png", got ${JSON.stringify(format)}`);
    const layout = (fig.layout ?? {}) as { width?: unknown; height?: unknown };
    const width = opts.width ?? (typeof layout.width === "number" ? layout.width : 1200);
    const height = opts.height ?? (typeof layout.height === "number" ? layout.height : 700);
    const scale = format === "png" ? (opts.scale ?? 2) : 1;
    const url = await this.page.evaluate(
      async (arg: { spec: string; format: string; width: number; height: number; scale: number }) => {
        const spec = JSON.parse(arg.spec) as { data: unknown; layout: unknown; config: unknown };
        const g = globalThis as unknown as {
          Plotly: { toImage(f: unknown, o: object): Promise<string> };
        };
        return g.Plotly.toImage(
          { data: spec.data, layout: spec.layout, config: spec.config },
          { format: arg.format, width: arg.width, height: arg.height, scale: arg.scale },
        );
      },
      { spec: JSON.stringify({ data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {} }), format, width, height, scale },
    );
    const comma = url.indexOf(",");
    const head = url.slice(0, comma);
    const body = url.slice(comma + 1);
    if (head.endsWith(";base64")) return Buffer.from(body, "base64");
    return Buffer.from(decodeURIComponent(body), "utf8");
  }

  /** Close the browser. */
  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Options of {@link exportFigure}. */
export interface ExportOptions extends ImageOptions, HtmlOptions {
  /** Formats to write; default html, svg and png. */
  readonly formats?: readonly ExportFormat[];
  /** A running renderer to reuse; otherwise one is launched (and closed) when an image is asked for. */
  readonly renderer?: FigureRenderer;
}

/**
 * Write `<basePath>.html`, `.svg` and `.png` (as asked), creating folders.
 * @param basePath path without extension, e.g. `figures/figure6`.
 * @returns the written paths, in the order of `formats`.
 * @throws ConfigError for an unknown format; Error when Chromium is missing and an image is asked for.
 */
export async function exportFigure(fig: ExportableFigure, basePath: string, opts: ExportOptions = {}): Promise<string[]> {
  const formats = opts.formats ?? EXPORT_FORMATS;
  for (const f of formats) {
    if (!EXPORT_FORMATS.includes(f))
      throw new ConfigError("formats", `unknown format ${JSON.stringify(f)} (allowed: ${EXPORT_FORMATS.join(", ")})`);
  }
  mkdirSync(dirname(basePath), { recursive: true });
  const needsBrowser = formats.some((f) => f !== "html");
  const renderer = needsBrowser ? (opts.renderer ?? (await FigureRenderer.launch())) : null;
  const written: string[] = [];
  try {
    for (const format of formats) {
      const path = `${basePath}.${format}`;
      if (format === "html") writeFigureHtml(fig, path, opts);
      else writeFileSync(path, await renderer!.render(fig, format, opts));
      written.push(path);
    }
  } finally {
    if (renderer && !opts.renderer) await renderer.close();
  }
  return written;
}

/**
 * Export several figures into `dir` (`<dir>/<name>.html|svg|png`) with one shared browser.
 * @param figures figure by file name stem, e.g. `{ figure6: fig6, "figure7-buffer-size": fig7 }`.
 * @returns the written paths.
 */
export async function exportFigures(
  figures: Readonly<Record<string, ExportableFigure>>,
  dir: string,
  opts: Omit<ExportOptions, "title"> = {},
): Promise<string[]> {
  const formats = opts.formats ?? EXPORT_FORMATS;
  const needsBrowser = formats.some((f) => f !== "html");
  const renderer = needsBrowser ? (opts.renderer ?? (await FigureRenderer.launch())) : null;
  const written: string[] = [];
  try {
    for (const [name, fig] of Object.entries(figures)) {
      written.push(...(await exportFigure(fig, join(dir, name), { ...opts, ...(renderer ? { renderer } : {}) })));
    }
  } finally {
    if (renderer && !opts.renderer) await renderer.close();
  }
  return written;
}
