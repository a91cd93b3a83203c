/**
 * Text shown on a terminal: control characters (a terminal's escape
 * sequences in a file name or a file's text) are written out as escapes, so
 * what rsi-sim prints can never move the cursor, set a title or hide text.
 */

const NAMED: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r" };

/** Text with control characters written as \xNN (\n, \t and \r as themselves, escaped). */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** A value as an error message names it: `"100" (a string)`, `null`, `an array`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === "bigint") return `${v}n (a bigint)`;
  if (typeof v === "string") return `${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)} (a string)`;
  if (typeof v === "object") return "an object";
  if (typeof v === "function") return "a function";
  return `${String(v)} (a ${typeof v})`;
}

/** A noun with its indefinite article, for messages: "a sobol design", "an output", "an oat design". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}
