/**
 * Text layout for the terminal tables: padding, word wrap to a width,
 * header facts joined with " · " that break between facts, a shell command
 * wrapped with backslashes (still copyable), numbers in a fixed width, the
 * elapsed time and the width of the terminal.
 */

export const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
export const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
/** s cut to n characters, its last an ellipsis when cut. */
export const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

/** The narrowest table the layouts are made for. */
export const MIN_WIDTH = 60;

/**
 * An integer with its thousands grouped by commas, as toLocaleString("en-US")
 * writes it, without loading ICU's number formats (their first use cost
 * ~10 ms of a start-up); other numbers through toLocaleString.
 * @example groupDigits(1234567) // "1,234,567"
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString("en-US");
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** The table's width when it does not go to a terminal. */
export const DEFAULT_WIDTH = 80;

/** A usable table width: the given width (a terminal's columns), or 80; never below 60. */
export function tableWidth(columns: number | undefined): number {
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(columns));
}

/**
 * Greedy word wrap: the first line starts with `first`, the others with
 * `rest`; no line is longer than `width` unless one word is.
 */
export function wrap(text: string, width: number, first = "", rest = first): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = rest + w;
    } else line += (empty ? "" : " ") + w;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines.map((l) => l.trimEnd());
}

/** Facts joined with " · ", breaking between facts so that no line is longer than width. */
export function joinFit(parts: string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const p of parts) {
    if (line && line.length + 3 + p.length > width) {
      lines.push(line);
      line = p;
    } else line = line ? `${line} · ${p}` : p;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * "Reproduce: COMMAND" on one line when it fits, else the command's words
 * (quoted ones kept whole) on lines ending in " \" so it can still be pasted
 * into a shell.
 */
export function commandLines(label: string, command: string, width: number): string[] {
  const one = `${label} ${command}`;
  if (one.length <= width) return [one];
  const words = command.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [command];
  const lines: string[] = [];
  let line = `${label} ${words[0]}`;
  for (const w of words.slice(1)) {
    if (line.length + 1 + w.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `    ${w}`;
    } else line += ` ${w}`;
  }
  lines.push(line);
  return lines;
}

/** "3.2 s", "42 s", "2 min 5 s", "1 h 3 min". */
export function elapsedText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`;
  if (seconds < 59.5) return `${Math.round(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Indices and shares within this of 0 are printed as 0 (rounding noise such as −1.33e-15); not values in a model's units. */
export const ZERO = 1e-12;

/**
 * A number in at most 8 characters (7 unless negative in exponent form):
 * 3–4 significant figures, exponent form with 2 ("1.2e6", "-3.1e254",
 * "2.5e-7") beyond 6 digits or below 0.001; 0 only for 0.
 */
export function fixedNum(x: number): string {
  if (Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  const a = Math.abs(x);
  // a value in a model's units is shown however small (3.7e-13 had printed as 0)
  if (a === 0) return "0";
  if (a >= 1e5) return exponential(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.001) return x.toFixed(3);
  return exponential(x);
}

/** x with two significant digits in at most 8 characters ("1.2e60", "-1.5e308", "-1.5e-10"); one where two would need 9 ("-2e-200"). */
function exponential(x: number): string {
  const s = x.toExponential(1).replace("e+", "e");
  return s.length <= 8 ? s : x.toExponential(0).replace("e+", "e");
}
