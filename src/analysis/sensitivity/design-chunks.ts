/**
 * How a design's rows become simulate() calls: rows grouped by which factor
 * columns they set and by their pass (how many times their draw has come
 * before), each group cut into runs of consecutive draws, so one call
 * covers draws first … first + count − 1 once each. A range of rows (a
 * shard) is run with the same calls cut down to it, so its rows get exactly
 * the numbers they get within the whole design.
 */
import { ArgumentError } from "../../core/errors.js";
import type { ModelDesign } from "./types.js";

/** One simulate() call: its design rows (in draw order), its draws and the factor columns it sets. */
export interface DesignChunk {
  /** design rows, in draw order */
  rows: number[];
  first: number;
  count: number;
  parameterValues: Record<string, Float64Array>;
  /** draws each row's values hold for (its K inner draws, once expandChunk has made its draws); 1 by default */
  repeat?: number;
}

/** Rows [first, first + count) of a design (all rows by default). */
export interface DesignRows {
  first: number;
  count: number;
}

/** The rows asked for (all by default), checked against the design. */
export function checkRows(design: ModelDesign, rows?: DesignRows): DesignRows {
  if (rows === undefined) return { first: 0, count: design.rows };
  const { first, count } = rows;
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > design.rows) {
    throw new ArgumentError("rows", `${first} … ${first + count - 1} are not within the design's ${design.rows} rows`);
  }
  return rows;
}

/**
 * Split a design's rows into simulate() calls: a call covers consecutive
 * draws once each, with the same factor columns set. The pass of a row is
 * how many times its draw has come before. With `range`, the chunks of the
 * whole design are cut down to the rows in the range (each piece still
 * covers consecutive draws), so a range is run exactly as it is within the
 * whole design.
 */
export function designChunks(design: ModelDesign, range?: DesignRows): DesignChunk[] {
  const all = allDesignChunks(design);
  if (range === undefined || (range.first === 0 && range.count === design.rows)) return all;
  const inRange = (r: number) => r >= range.first && r < range.first + range.count;
  const chunks: DesignChunk[] = [];
  for (const c of all) {
    for (let s = 0; s < c.rows.length; ) {
      if (!inRange(c.rows[s])) {
        s++;
        continue;
      }
      let e = s + 1;
      while (e < c.rows.length && inRange(c.rows[e])) e++;
      const parameterValues: Record<string, Float64Array> = {};
      for (const [name, v] of Object.entries(c.parameterValues)) parameterValues[name] = v.slice(s, e);
      chunks.push({ rows: c.rows.slice(s, e), first: c.first + s, count: e - s, parameterValues });
      s = e;
    }
  }
  return chunks;
}

function allDesignChunks(design: ModelDesign): DesignChunk[] {
  const k = design.factors.length;
  const names = design.factors.map((f) => f.name);
  const seen = new Map<number, number>();
  const groups = new Map<string, number[]>();
  for (let r = 0; r < design.rows; r++) {
    const d = design.draws[r];
    const pass = seen.get(d) ?? 0;
    seen.set(d, pass + 1);
    let sig = "";
    for (let i = 0; i < k; i++) sig += Number.isNaN(design.values[r * k + i]) ? "0" : "1";
    const key = `${pass}:${sig}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const chunks: DesignChunk[] = [];
  for (const [key, rowsOf] of groups) {
    const sig = key.split(":")[1];
    const set = names.map((_, i) => i).filter((i) => sig[i] === "1");
    rowsOf.sort((x, y) => design.draws[x] - design.draws[y]);
    for (let s = 0; s < rowsOf.length; ) {
      let e = s + 1;
      while (e < rowsOf.length && design.draws[rowsOf[e]] === design.draws[rowsOf[e - 1]] + 1) e++;
      const rows = rowsOf.slice(s, e);
      const parameterValues: Record<string, Float64Array> = {};
      for (const i of set) parameterValues[names[i]] = Float64Array.from(rows, (r) => design.values[r * k + i]);
      chunks.push({ rows, first: design.draws[rows[0]], count: rows.length, parameterValues });
      s = e;
    }
  }
  return chunks;
}

/** The chunks cut into pieces of at most `size` rows, each still covering consecutive draws (for threads). */
export function splitChunks(chunks: DesignChunk[], size: number): DesignChunk[] {
  const pieces: DesignChunk[] = [];
  for (const c of chunks) {
    for (let s = 0; s < c.count; s += size) {
      const e = Math.min(c.count, s + size);
      const parameterValues = Object.fromEntries(Object.entries(c.parameterValues).map(([k, v]) => [k, v.subarray(s, e)]));
      pieces.push({ rows: c.rows.slice(s, e), first: c.first + s, count: e - s, parameterValues });
    }
  }
  return pieces;
}

/** The highest draw a design uses. */
export function maxDraw(design: ModelDesign): number {
  let m = 0;
  for (let r = 0; r < design.rows; r++) if (design.draws[r] > m) m = design.draws[r];
  return m;
}
