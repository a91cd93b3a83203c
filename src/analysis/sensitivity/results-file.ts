/**
 * Results files: the outputs of a design's runs made elsewhere, one value
 * per design row and output, as CSV with a header or as JSON, read into
 * DesignOutputs for analyzeDesign. Errors name the file.
 */
import { UserError } from "../../core/errors.js";
import { checkJsonBounds } from "../../core/json-read.js";
import type { DesignOutputs } from "./types.js";

/** A cell as a number: empty, NaN, NA or null is NaN (undefined), inf and -inf infinities, true and false 1 and 0. */
function cellNumber(v: unknown, at: string, where: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === null || v === undefined) return NaN;
  const s = String(v).trim().replace(/^"|"$/g, "");
  if (s === "" || /^(nan|null|na)$/i.test(s)) return NaN;
  if (/^[-+]?inf(inity)?$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  const x = Number(s);
  if (!Number.isFinite(x)) throw new UserError(where, `${at}: not a number: ${JSON.stringify(v)}`);
  return x;
}

/** Columns from JSON: {"columns": {name: [values]}} (or "outputs"), or an array of row objects. */
function jsonColumns(t: string, where: string): { rows: number; columns: Record<string, Float64Array> } {
  const columns: Record<string, Float64Array> = {};
  checkJsonBounds(t, where);
  let raw: unknown;
  try {
    raw = JSON.parse(t);
  } catch (err) {
    throw new UserError(where, `not JSON (${(err as Error).message})`);
  }
  if (Array.isArray(raw)) {
    const names = new Set<string>();
    for (const row of raw) if (row && typeof row === "object") for (const key of Object.keys(row)) names.add(key);
    for (const name of names) columns[name] = Float64Array.from(raw, (row, r) => cellNumber((row as Record<string, unknown>)[name], `row ${r + 1}, ${name}`, where));
    return { rows: raw.length, columns };
  }
  const obj = raw as Record<string, unknown>;
  const cols = (obj.columns ?? obj.outputs) as Record<string, unknown[]> | undefined;
  if (!cols || typeof cols !== "object") throw new UserError(where, `expected {"columns": {name: [values]}} or an array of rows`);
  const lens = Object.values(cols).map((c) => (Array.isArray(c) ? c.length : -1));
  if (lens.length === 0 || lens.some((n) => n !== lens[0] || n < 0)) throw new UserError(where, "every column must be an array of the same length");
  for (const [name, c] of Object.entries(cols)) columns[name] = Float64Array.from(c, (v, r) => cellNumber(v, `${name}[${r}]`, where));
  return { rows: lens[0], columns };
}

/**
 * Columns from CSV with a header line (no quoted commas). With one column
 * an empty line is a row whose value is undefined (an empty cell); with
 * more, empty lines are skipped (a row of empty cells has its commas).
 * The file's last line break ends its last row; an empty line before it is a row.
 */
function csvColumns(text: string, where: string): { rows: number; columns: Record<string, Float64Array> } {
  const columns: Record<string, Float64Array> = {};
  const all = text.replace(/^\s*\n/, "").replace(/\r?\n$/, "").split(/\r?\n/);
  const oneColumn = !all[0].includes(",");
  const lines = oneColumn ? all : all.filter((l) => l.trim() !== "");
  if (lines.length < 2) throw new UserError(where, "expected a CSV header and at least one row");
  const head = lines[0].split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
  const rows = lines.length - 1;
  const cols = head.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(",");
    if (cells.length !== head.length) throw new UserError(where, `line ${r + 2}: ${cells.length} fields, the header has ${head.length}`);
    cells.forEach((c, i) => (cols[i][r] = cellNumber(c, `line ${r + 2}, ${head[i]}`, where)));
  }
  head.forEach((h, i) => (columns[h] = cols[i]));
  return { rows, columns };
}

/**
 * Read a results file: CSV with a header (one column per output, one row
 * per design row, in order; empty, NaN or null is undefined; an optional
 * "failed" column of 0/1), or JSON {"columns": {name: [values]}} (also
 * "outputs") or an array of row objects.
 */
export function parseResults(text: string, where = "results"): DesignOutputs {
  const t = text.trim();
  const json = t.startsWith("{") || t.startsWith("[");
  // a CSV file keeps its inner empty lines: in a one-column file each is an undefined value
  const { rows, columns } = json ? jsonColumns(t, where) : csvColumns(text, where);
  let failed: Uint8Array | undefined;
  if (columns.failed) {
    // an empty cell (or a row object without the key) is a run that did not fail, as before; any other value is refused
    const bad = columns.failed.findIndex((v) => !(v === 0 || v === 1 || Number.isNaN(v)));
    if (bad >= 0) {
      const at = json ? `failed[${bad}]` : `line ${bad + 2}`;
      throw new UserError(where, `${at}: the failed column holds 0 (the run succeeded) or 1 (it failed), got ${columns.failed[bad]}`);
    }
    failed = Uint8Array.from(columns.failed, (v) => (v === 1 ? 1 : 0));
    delete columns.failed;
  }
  for (const skip of ["draw", "row"]) delete columns[skip];
  return { rows, outputs: Object.keys(columns), columns, failed: failed ?? new Uint8Array(rows), failures: {} };
}
