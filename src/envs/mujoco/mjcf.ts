/**
 * A small MJCF structure check. MuJoCo's XML errors reach JavaScript without any text
 * (docs/tasks.md#mujoco-js-notes), so the runtime checks the document itself first and reports the first problem
 * with its line number: unbalanced or mismatched tags, unquoted or duplicated attributes, and
 * numeric attributes that do not parse as plain numbers (MuJoCo 3 rejects arithmetic such as
 * `0.13/2`).
 */
import { EnvError } from "../../core/errors";

/** Attributes whose value is a list of plain numbers. */
const NUMERIC_ATTRIBUTES = new Set([
  "pos",
  "quat",
  "axisangle",
  "euler",
  "size",
  "fromto",
  "axis",
  "range",
  "ctrlrange",
  "forcerange",
  "gear",
  "timestep",
  "gravity",
  "density",
  "viscosity",
  "friction",
  "solref",
  "solimp",
  "margin",
  "gap",
  "armature",
  "damping",
  "stiffness",
  "ref",
  "springref",
  "condim",
  "contype",
  "conaffinity",
  "mass",
  "settotalmass",
  "iterations",
  "frictionloss",
  "coef",
  "wind",
  "magnetic",
  "rgba",
]);

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Check that `xml` is a structurally sound MJCF document.
 * @param name the model's name, used in the message.
 * @throws EnvError naming the model, the line and the problem.
 */
export function checkMjcf(xml: string, name: string): void {
  const fail = (index: number, message: string): never => {
    throw new EnvError(`MJCF "${name}", line ${lineOf(xml, index)}: ${message}`);
  };
  const stack: { tag: string; index: number }[] = [];
  let roots = 0;
  const tagPattern = /<(\/?)([A-Za-z_][\w.-]*)([^<>]*?)(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<|>/g;
  let lastEnd = 0;
  for (let m = tagPattern.exec(xml); m !== null; m = tagPattern.exec(xml)) {
    const between = xml.slice(lastEnd, m.index);
    if (stack.length > 0 && between.trim() !== "" && !/^[\s\w.,+-]*$/.test(between)) {
      fail(lastEnd, `unexpected text ${JSON.stringify(between.trim().slice(0, 30))}`);
    }
    lastEnd = m.index + m[0].length;
    if (m[0].startsWith("<!--") || m[0].startsWith("<?")) continue;
    if (m[2] === undefined) fail(m.index, `stray "${m[0]}"`);
    const closing = m[1] === "/";
    const tag = m[2]!;
    const body = m[3] ?? "";
    const selfClosing = m[4] === "/";
    if (closing) {
      if (body.trim() !== "") fail(m.index, `closing tag </${tag}> has attributes`);
      const open = stack.pop();
      if (open === undefined) fail(m.index, `closing tag </${tag}> without an opening tag`);
      else if (open.tag !== tag) fail(m.index, `closing tag </${tag}> does not match <${open.tag}> (line ${lineOf(xml, open.index)})`);
      continue;
    }
    if (stack.length === 0) {
      roots++;
      if (tag !== "mujoco") fail(m.index, `the root element must be <mujoco>, got <${tag}>`);
      if (roots > 1) fail(m.index, "more than one root element");
    }
    const seen = new Set<string>();
    const attrPattern = /\s*([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"\s*/y;
    let pos = 0;
    while (pos < body.length) {
      if (body.slice(pos).trim() === "") break;
      attrPattern.lastIndex = pos;
      const a = attrPattern.exec(body);
      if (a === null)
        fail(
          m.index,
          `<${tag}>: cannot read attributes at ${JSON.stringify(body.slice(pos).trim().slice(0, 30))} (values must be double-quoted)`,
        );
      const [, key, value] = a!;
      if (seen.has(key!)) fail(m.index, `<${tag}>: attribute "${key}" given twice`);
      seen.add(key!);
      if (NUMERIC_ATTRIBUTES.has(key!) && !(tag === "size" || tag === "compiler")) {
        const parts = value!.trim().split(/\s+/);
        for (const p of parts) {
          if (!NUMBER.test(p)) fail(m.index, `<${tag}> ${key}="${value}": "${p}" is not a plain number`);
        }
      }
      pos = attrPattern.lastIndex;
    }
    if (!selfClosing) stack.push({ tag, index: m.index });
  }
  const open = stack.pop();
  if (open !== undefined) fail(open.index, `<${open.tag}> is never closed`);
  if (roots === 0) fail(0, "no <mujoco> root element");
}
