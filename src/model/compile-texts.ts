/**
 * The texts of a model file are printed to terminals (describe, the run
 * table) and into reports: none may hold a control character that a
 * terminal would act on (ESC sequences, carriage return, backspace, C1
 * controls such as CSI) or a bidirectional override that reorders what is
 * shown. Newline and tab are allowed in multi-line texts (descriptions,
 * sources, expressions written as YAML block scalars), not in keys, names
 * or units.
 */
import { ModelError } from "../core/errors.js";
import type { Raw } from "./compile-scope.js";

/** C0 controls but newline and tab, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** the same, with newline and tab */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Keys whose text is one line (a unit shown in a table column, the model's name). */
const ONE_LINE_KEYS = new Set(["unit", "name"]);

const CONTROL_NAMES: Record<number, string> = { 0x09: "tab", 0x0a: "newline", 0x0d: "carriage return", 0x1b: "escape", 0x08: "backspace", 0x07: "bell", 0x00: "NUL", 0x9b: "CSI" };

/** "U+001B (escape)" for a character. */
function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  const name = CONTROL_NAMES[code];
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}${name ? ` (${name})` : ""}`;
}

/** The first control character of a one-line text (newline and tab included) as "U+000A (newline)", or null. */
export function controlCharacterIn(text: string): string | null {
  const bad = CONTROL_ONE_LINE.exec(text);
  return bad ? describeChar(bad[0]) : null;
}

/** A key quoted with every control character written as \uXXXX, safe to print. */
export function visible(key: string): string {
  const all = new RegExp(CONTROL_ONE_LINE.source, "gu");
  return `"${key.replace(all, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`)}"`;
}

/** Refuse control characters in every key and text of a model mapping; the error names the entry. */
export function checkTexts(raw: Raw, file: string): void {
  walk(raw, "", file);
}

function walk(node: unknown, entry: string, file: string): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => walk(v, `${entry}[${i}]`, file));
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node as Raw)) {
    const here = entry ? `${entry}.${key}` : key;
    const badKey = CONTROL_ONE_LINE.exec(key);
    if (badKey) {
      throw new ModelError(file, entry, `the key ${visible(key)} contains the control character ${describeChar(badKey[0])}; names may not hold control characters`);
    }
    if (typeof value === "string") {
      const oneLine = ONE_LINE_KEYS.has(key);
      const bad = (oneLine ? CONTROL_ONE_LINE : CONTROL_MULTILINE).exec(value);
      if (bad) {
        const allowed = oneLine ? `a ${key} is one line: no newline or tab either` : "newline and tab are allowed in multi-line texts";
        throw new ModelError(file, here, `contains the control character ${describeChar(bad[0])}; model texts may not hold control characters (${allowed})`);
      }
    } else {
      walk(value, here, file);
    }
  }
}
