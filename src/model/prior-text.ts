/**
 * The lexical pieces of the prior syntax: numbers, bounds, "A to B"
 * intervals, and splitting at the commas and the " in " that are not inside
 * brackets (a mixture's components hold their own).
 */
import { fmt } from "./prior-types.js";

/** Decimal numbers: 3, -1.5, 2e-3, .5, +4. */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity)$/i;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/** A plain decimal number (1, -0.5, 2e3; surrounding spaces allowed), or undefined: the one reading of a number as text. */
export function readNumber(s: string): number | undefined {
  const t = s.trim();
  return NUMBER_RE.test(t) ? Number(t) : undefined;
}

/** Parse `s` as the parameter `what`; an error message on failure. */
export function readParam(s: string, what: string): number | string {
  const t = s.trim();
  const x = readNumber(t);
  if (x !== undefined) return x;
  if (t === "") return `missing ${what}`;
  if (NON_FINITE_RE.test(t)) return `${what} must be a finite number, got "${t}"`;
  return `expected a number for ${what}, got "${t}"`;
}

/** A truncation bound: a number or ±inf. */
export function readBound(s: string): number | undefined {
  const t = s.trim();
  const inf = INF_RE.exec(t);
  if (inf) return inf[1] === "-" ? -Infinity : Infinity;
  return readNumber(t);
}

/** "A to B" -> [A, B], requiring A < B; an error message (unprefixed) otherwise. */
export function readInterval(s: string): [number, number] | string {
  const m = /^([\s\S]*?)\bto\b([\s\S]*)$/i.exec(s);
  if (!m) return `expected an interval "A to B"`;
  const left = m[1].trim();
  const right = m[2].trim();
  if (left === "") return `expected a number before "to"`;
  const a = readNumber(left);
  if (a === undefined) return `expected a number before "to", got "${left}"`;
  if (right === "") return `expected a number after "to"`;
  const b = readNumber(right);
  if (b === undefined) return `expected a number after "to", got "${right}"`;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return "interval ends must be finite numbers";
  if (!(a < b)) return `the 5th percentile (${fmt(a)}) must be below the 95th (${fmt(b)})`;
  return [a, b];
}

const OPEN = "([{";
const CLOSE = ")]}";

/**
 * Deepest bracket nesting a prior's text may have (a mixture inside a
 * mixture … counts one level or two each). Real priors are a few levels
 * deep; the limit keeps the recursive parser, and the quantile of nested
 * mixtures, from overflowing the stack on a pathological input. The same
 * limit as an expression's (expr.ts).
 */
export const MAX_NESTING = 500;

/** The deepest bracket nesting in `s` (a closing bracket without its opening one is skipped). */
export function bracketDepth(s: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of s) {
    if (OPEN.includes(ch)) max = Math.max(max, ++depth);
    else if (CLOSE.includes(ch) && depth > 0) depth--;
  }
  return max;
}

/** A prior's text as quoted in an error message, long ones shortened. */
export function quoteShort(s: string): string {
  const oneLine = s.replace(/\s+/g, " ").trim();
  return `"${oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine}"`;
}

/**
 * The bracket depth before each character of `s` (0 outside every bracket),
 * or an error message when a bracket is not closed or closed by the wrong one.
 */
function depths(s: string): number[] | string {
  const stack: string[] = [];
  const out: number[] = [];
  for (const ch of s) {
    out.push(stack.length);
    if (OPEN.includes(ch)) stack.push(CLOSE[OPEN.indexOf(ch)]);
    else if (CLOSE.includes(ch)) {
      const want = stack.pop();
      if (want !== ch) return want === undefined ? `unexpected "${ch}"` : `expected "${want}" but found "${ch}"`;
    }
  }
  if (stack.length > 0) return `missing closing "${stack[stack.length - 1]}"`;
  return out;
}

/** Split `s` at the commas outside brackets, each part trimmed; an error message on unbalanced brackets. */
export function splitTop(s: string): string[] | string {
  const d = depths(s);
  if (typeof d === "string") return d;
  const parts: string[] = [];
  let start = 0;
  const chars = [...s];
  chars.forEach((ch, i) => {
    if (ch === "," && d[i] === 0) {
      parts.push(chars.slice(start, i).join("").trim());
      start = i + 1;
    }
  });
  parts.push(chars.slice(start).join("").trim());
  return parts;
}

/** The text before and after the last " in " outside brackets (a truncation), if any. */
export function splitTruncation(s: string): [string, string] | undefined {
  const d = depths(s);
  const chars = [...s];
  const re = /\bin\b/gi;
  let found: [string, string] | undefined;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    // index in code units → index in code points
    const i = [...s.slice(0, m.index)].length;
    // unbalanced brackets: the last " in " (the error then says how the bounds should look)
    if ((typeof d === "string" || d[i] === 0) && i > 0) found = [chars.slice(0, i).join("").trim(), chars.slice(i + 2).join("")];
  }
  return found;
}

/** Whether the call `name(args)` spans the whole text: its "(" closes at the end. */
export function closesAtEnd(s: string): boolean {
  const d = depths(s);
  if (typeof d === "string") return false;
  const open = s.indexOf("(");
  const chars = [...s];
  const o = [...s.slice(0, open)].length;
  for (let i = o + 1; i < chars.length - 1; i++) if (d[i] === 1 && chars[i] === ")") return false;
  return chars[chars.length - 1] === ")";
}
