/**
 * Design files (schema "rsi-sim.design/1"): a ModelDesign as JSON, with its
 * rows of factor values (null where a value comes from the row's draw) and
 * draws, its SHA-256, and reading it back with every field checked. Errors
 * name the file.
 */
import { createHash } from "node:crypto";
import { UserError, inTerms } from "../../core/errors.js";
import { checkJsonBounds, jsonLimits, JsonValueCounter, readBoundedText } from "../../core/json-read.js";
import { writeAllAtomic } from "../../core/atomic.js";
import { DESIGN_SCHEMA, METHODS, aDesign, type DesignOutput, type Method, type ModelDesign } from "./types.js";

/** Pretty JSON with flat arrays on one line and arrays of arrays one row a line; NaN and infinities as null. */
function prettyJSON(v: unknown, indent = ""): string {
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== "object")) return JSON.stringify(v.map((x) => (typeof x === "number" && !Number.isFinite(x) ? null : x)));
    const inner = indent + "  ";
    return "[\n" + v.map((x) => inner + prettyJSON(x, inner)).join(",\n") + "\n" + indent + "]";
  }
  if (v && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    return "{\n" + entries.map(([key, x]) => inner + JSON.stringify(key) + ": " + prettyJSON(x, inner)).join(",\n") + "\n" + indent + "}";
  }
  return JSON.stringify(typeof v === "number" && !Number.isFinite(v) ? null : v);
}

/** Rows of a design's numbers in pieces of at most this many (so that no one string nears V8's limit). */
const PIECE = 4096;

/**
 * A design's JSON text (designJSON) in pieces: the head as prettyJSON
 * writes it, then its draws and its rows of values a few thousand at a
 * time, the same text as prettyJSON of the whole (a design of 65,536 Sobol'
 * base rows is ~0.6 GB of text, past the longest string V8 can make).
 */
function* designJSONChunks(d: ModelDesign): Generator<string> {
  const k = d.factors.length;
  const rowsOf = (a: ArrayLike<number>, width: number, n: number) => Array.from({ length: n }, (_, r) => Array.from({ length: width }, (_, i) => a[r * width + i]));
  const { values, draws, morris, ...head } = d;
  const entries = Object.entries({
    ...head,
    morris: morris ? { levels: morris.levels, delta: morris.delta, order: rowsOf(morris.order, k, d.N), sign: rowsOf(morris.sign, k, d.N) } : undefined,
  }).filter(([, x]) => x !== undefined);
  yield "{\n" + entries.map(([key, x]) => "  " + JSON.stringify(key) + ": " + prettyJSON(x, "  ") + ",\n").join("");
  // draws: a flat array on one line
  yield '  "draws": [';
  for (let s = 0; s < draws.length; s += PIECE) yield (s > 0 ? "," : "") + Array.from(draws.subarray(s, Math.min(draws.length, s + PIECE))).join(",");
  yield "],\n";
  // values: one row a line, NaN (sampled) as null
  const cell = (v: number) => (Number.isFinite(v) ? JSON.stringify(v) : "null");
  if (d.rows === 0 || k === 0) {
    yield '  "values": ' + prettyJSON(rowsOf(values, k, d.rows), "  ") + "\n}\n";
    return;
  }
  yield '  "values": [\n';
  for (let s = 0; s < d.rows; s += PIECE) {
    const lines: string[] = [];
    for (let r = s; r < Math.min(d.rows, s + PIECE); r++) {
      const row: string[] = [];
      for (let i = 0; i < k; i++) row.push(cell(values[r * k + i]));
      lines.push("    [" + row.join(",") + "]");
    }
    yield (s > 0 ? ",\n" : "") + lines.join(",\n");
  }
  yield "\n  ]\n}\n";
}

/** A design as JSON text (schema "rsi-sim.design/1"; values to be sampled as null). */
export function designJSON(d: ModelDesign): string {
  return [...designJSONChunks(d)].join("");
}

/** The SHA-256 of a design's JSON (designJSON): the same model and options give the same design, and the same hash. */
export function designSha256(d: ModelDesign): string {
  const hash = createHash("sha256");
  for (const piece of designJSONChunks(d)) hash.update(piece);
  return hash.digest("hex");
}

/**
 * Refuse a design whose file `--analyze` could not read back: its JSON's
 * bytes and its number of values, counted piece by piece as the read will
 * count them, against the JSON limits in force (src/core/json-read.ts).
 */
function checkDesignReadable(d: ModelDesign, file: string): void {
  const limits = jsonLimits();
  let bytes = 0;
  const counter = new JsonValueCounter();
  for (const piece of designJSONChunks(d)) {
    bytes += Buffer.byteLength(piece, "utf8");
    counter.add(piece);
  }
  const k = d.factors.length;
  const values = counter.values;
  if (bytes <= limits.maxBytes && values <= limits.maxValues) return;
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 2 : 1)} MB`;
  throw new UserError(
    file,
    `${aDesign(d.method)} of ${d.rows} rows × ${k} factors is ${mb(bytes)} of JSON with ${values} values, more than rsi-sim reads back with ${inTerms("--analyze", "analyzeSaved")} (${mb(limits.maxBytes)} and ${limits.maxValues} values; RSI_SIM_MAX_JSON_MB raises the first up to 512 MB, RSI_SIM_MAX_JSON_VALUES the second); give fewer base rows (${inTerms("--samples", "samples")}) or trajectories`,
  );
}

/** Write a design file (see designJSON), atomically, piece by piece (writeAllAtomic); refused first if --analyze could not read it back. */
export async function writeDesign(file: string, d: ModelDesign): Promise<void> {
  checkDesignReadable(d, file);
  await writeAllAtomic([{ file, content: designJSONChunks(d) }]);
}

/** Read and check a design file. */
export function readDesign(file: string): ModelDesign {
  let text: string;
  try {
    text = readBoundedText(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(file, `cannot read the design (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseDesign(text, file);
}

const isInt = (v: unknown, min = 0) => Number.isInteger(v) && (v as number) >= min;

/** The factor values, rows × k, from JSON rows (null → NaN). */
function parseValues(raw: unknown, rows: number, k: number, bad: (what: string) => UserError): Float64Array {
  const vals = raw as (number | null)[][];
  if (!Array.isArray(vals) || vals.length !== rows) throw bad(`values must hold ${rows} rows`);
  const values = new Float64Array(rows * k);
  vals.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== k) throw bad(`values row ${r + 1} must hold ${k} numbers`);
    row.forEach((v, i) => {
      if (v !== null && typeof v !== "number") throw bad(`values row ${r + 1} holds ${JSON.stringify(v)}`);
      values[r * k + i] = v === null ? NaN : v;
    });
  });
  return values;
}

/** Parse and check design JSON text; `where` names the file in errors. */
export function parseDesign(text: string, where = "design"): ModelDesign {
  checkJsonBounds(text, where);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(where, `not JSON (${(err as Error).message})`);
  }
  const bad = (what: string) => new UserError(where, `not a valid design: ${what}`);
  if (!raw || typeof raw !== "object") throw bad("not an object");
  if (raw.schema !== DESIGN_SCHEMA) throw new UserError(where, `schema is ${JSON.stringify(raw.schema)}; this version reads "${DESIGN_SCHEMA}"`);
  const method = raw.method as Method;
  if (!METHODS.includes(method)) throw bad(`unknown method ${JSON.stringify(raw.method)}`);
  const N = raw.N as number;
  const seed = raw.seed as number;
  const rows = raw.rows as number;
  if (!isInt(N, 1) || !isInt(seed) || !isInt(rows, 1)) throw bad("N, seed and rows must be non-negative integers");
  const factors = raw.factors as ModelDesign["factors"];
  if (!Array.isArray(factors) || factors.length === 0 || !factors.every((f) => f && typeof f.name === "string")) throw bad("factors must list names");
  const k = factors.length;
  const model = raw.model as ModelDesign["model"];
  if (!model || typeof model.name !== "string") throw bad("model.name missing");
  const draws = raw.draws as number[];
  if (!Array.isArray(draws) || draws.length !== rows || !draws.every((d) => isInt(d))) throw bad(`draws must hold ${rows} draw indices`);
  const values = parseValues(raw.values, rows, k, bad);
  const d: ModelDesign = {
    schema: DESIGN_SCHEMA,
    version: String(raw.version ?? ""),
    method,
    model: { name: model.name, file: String(model.file ?? ""), sha256: String(model.sha256 ?? "") },
    seed,
    N,
    factors: factors.map((f) => ({ name: f.name, prior: String(f.prior ?? "") })),
    rest: (raw.rest as ModelDesign["rest"]) ?? { hazards: [], parameters: [] },
    settings: (raw.settings as ModelDesign["settings"]) ?? {},
    correlations: (raw.correlations as ModelDesign["correlations"]) ?? [],
    outputs: ((raw.outputs as DesignOutput[]) ?? []).filter((o) => o && typeof o.name === "string"),
    rows,
    draws: Int32Array.from(draws),
    values,
  };
  if (raw.level !== undefined && raw.level !== null) {
    if (raw.level !== "probability") throw bad(`level must be "probability" (or absent: outcome), got ${JSON.stringify(raw.level)}`);
    d.level = "probability";
    if (method !== "oat") {
      if (!isInt(raw.inner, 1)) throw bad("inner (the draws per row at the probability level) must be a positive integer");
      d.inner = raw.inner as number;
    }
  } else if (raw.inner !== undefined && raw.inner !== null) throw bad("inner is given without level");
  if (method === "sobol") d.sobol = parseSobolPart(raw.sobol, N, k, rows, bad);
  else if (method === "morris") d.morris = parseMorrisPart(raw.morris, N, k, rows, bad);
  else d.oat = parseOatPart(raw.oat, N, k, rows, bad);
  return d;
}

function parseSobolPart(raw: unknown, N: number, k: number, rows: number, bad: (what: string) => UserError): ModelDesign["sobol"] {
  const s = raw as ModelDesign["sobol"];
  if (!s || !isInt(s.k, 1) || (s.k !== k && s.k !== k + 1)) throw bad("sobol.k must be the number of factors (plus 1 with (rest))");
  if (rows !== N * (s.k + 2)) throw bad(`a Sobol' design with N = ${N} and k = ${s.k} has ${N * (s.k + 2)} rows, not ${rows}`);
  return { k: s.k, includesRest: s.k === k + 1, scramble: Boolean(s.scramble), skip: Number(s.skip ?? 0), drawLayout: s.drawLayout === "shared" ? "shared" : "independent" };
}

function parseMorrisPart(raw: unknown, N: number, k: number, rows: number, bad: (what: string) => UserError): ModelDesign["morris"] {
  const m0 = raw as { levels: number; delta: number; order: number[] | number[][]; sign: number[] | number[][] } | undefined;
  const m = m0 && { ...m0, order: (m0.order ?? []).flat(), sign: (m0.sign ?? []).flat() };
  if (!m || !(m.delta > 0) || !Array.isArray(m.order) || !Array.isArray(m.sign) || m.order.length !== N * k || m.sign.length !== N * k) {
    throw bad("morris needs delta, order and sign (trajectories × factors each)");
  }
  if (rows !== N * (k + 1)) throw bad(`a Morris design with ${N} trajectories and ${k} factors has ${N * (k + 1)} rows, not ${rows}`);
  if (!m.order.every((f) => isInt(f) && f < k) || !m.sign.every((s) => s === 1 || s === -1)) throw bad("morris.order must name factors and sign must be ±1");
  return { levels: Number(m.levels ?? 4), delta: m.delta, order: Int32Array.from(m.order), sign: Int8Array.from(m.sign) };
}

function parseOatPart(raw: unknown, N: number, k: number, rows: number, bad: (what: string) => UserError): ModelDesign["oat"] {
  const o = raw as ModelDesign["oat"];
  if (!o || !Array.isArray(o.points) || o.points.length !== 2 * k + 1 || !Array.isArray(o.lowValues) || !Array.isArray(o.highValues)) {
    throw bad("oat needs points (2·factors + 1), lowValues and highValues");
  }
  if (rows !== o.points.length * N) throw bad(`an OAT design with ${o.points.length} points × ${N} draws has ${o.points.length * N} rows, not ${rows}`);
  return { others: o.others === "prior" ? "prior" : "medians", low: Number(o.low), high: Number(o.high), points: o.points, lowValues: o.lowValues, highValues: o.highValues, medians: o.medians ?? [] };
}
