/**
 * Colours: one fixed colour per method on every figure (Okabe–Ito, colour-blind safe), and a
 * sequential scale for ordered hyperparameter settings.
 */

/** Fixed method colours. */
export const METHOD_COLORS: Readonly<Record<string, string>> = {
  ppo: "#0072B2", // blue
  bc: "#009E73", // bluish green
  sil: "#CC79A7", // reddish purple
  gasil: "#D55E00", // vermillion
  survival: "#E69F00", // orange (the survival-bonus control)
};

const EXTRA = ["#56B4E9", "#000000", "#F0E442", "#999999"];

/**
 * Colour of a method. Known methods have fixed colours; others take colours from a spare palette in
 * the order of `others` (pass the same sorted list on every figure to keep them consistent).
 */
export function methodColor(method: string, others: readonly string[] = []): string {
  const fixed = METHOD_COLORS[method];
  if (fixed) return fixed;
  const unknown = others.filter((m) => !(m in METHOD_COLORS));
  const i = Math.max(0, unknown.indexOf(method));
  return EXTRA[i % EXTRA.length]!;
}

/** `#rrggbb` → `rgba(r,g,b,alpha)`. @throws RangeError for another format. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`withAlpha: expected a colour "#rrggbb", got ${JSON.stringify(hex)}`);
  return `rgba(${parseInt(m[1]!, 16)},${parseInt(m[2]!, 16)},${parseInt(m[3]!, 16)},${alpha})`;
}

// Viridis anchors (0, ¼, ½, ¾, 1), trimmed at the bright end so the last colour stays readable on white.
const SEQUENTIAL = ["#440154", "#3b528b", "#21918c", "#5ec962", "#c2b70f"];

/** `count` colours evenly spaced along a viridis-like scale (dark → light), for ordered settings. */
export function sequentialColors(count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return [SEQUENTIAL[2]!];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const pos = (i / (count - 1)) * (SEQUENTIAL.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, SEQUENTIAL.length - 1);
    const f = pos - lo;
    const a = hexToRgb(SEQUENTIAL[lo]!);
    const b = hexToRgb(SEQUENTIAL[hi]!);
    out.push(
      `#${a
        .map((v, k) =>
          Math.round(v + f * (b[k]! - v))
            .toString(16)
            .padStart(2, "0"),
        )
        .join("")}`,
    );
  }
  return out;
}

function hexToRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}
