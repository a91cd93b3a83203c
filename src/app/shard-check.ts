/**
 * A shard file checked field by field before anything of it is merged
 * (src/app/shard-merge.ts): its text holds no control characters (merge
 * prints some of it), its body fits its kind's schema (src/app/shard-schema.ts),
 * its blocks lie where the directory's sizes put them (src/app/shard-binary.ts),
 * and its fields agree with each other: the shard lies within the run's
 * draws or the design's rows, every column names a block of its own of the
 * right type (float64, or uint8 for failed flags) holding exactly the
 * shard's rows, every block is some column's, failed flags are 0 or 1,
 * failure counts match the flags and their reasons add up, series
 * histograms hold whole counts. After the model is compiled,
 * checkAgainstModel checks the columns and histograms against its outputs,
 * parameters and series. Each problem is one UserError:
 * `s2.shard: columns.loc: 499 values, expected 500`.
 */
import { UserError } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import type { FailureReport } from "../engine/simulate.js";
import type { ShardKind } from "../parallel/shard-spec.js";
import { schemaProblem } from "./shard-schema.js";
import type { BlockRef, CompareShardBody, RunShardBody, SensitivityShardBody, ShardHeader, SweepShardBody } from "./shard-format.js";
import { float64Block, layoutProblem, uint8Block, type BlockType, type OpenedShardFile } from "./shard-binary.js";

/** C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what a terminal shows. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Besides those, tab, newline and carriage return, allowed only in the model's text. */
const LINE_BREAKS = /[\t\n\r]/;

const code = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The first string (or key) holding a control character, as [field, what is wrong]. */
function controlIn(x: unknown, at: string): [string, string] | null {
  if (typeof x === "string") {
    const m = CONTROL.exec(x) ?? (at === "model.source" ? null : LINE_BREAKS.exec(x));
    return m ? [at, `holds a control character (${code(m[0])}); a shard's text may not`] : null;
  }
  if (x === null || typeof x !== "object") return null;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const p = controlIn(x[i], `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(x)) {
    const m = CONTROL.exec(k) ?? LINE_BREAKS.exec(k);
    if (m) return [at || "(top level)", `a key holds a control character (${code(m[0])}); a shard's text may not`];
    const p = controlIn(v, at ? `${at}.${k}` : k);
    if (p) return p;
  }
  return null;
}

/** Checks of one shard file's fields; `fail` throws its one-line error. */
export class FieldCheck {
  /** block → the field whose column it is */
  private readonly used = new Map<number, string>();
  constructor(
    readonly name: string,
    private readonly file: OpenedShardFile,
    private readonly body: ShardHeader,
  ) {}

  fail(field: string, detail: string): never {
    throw new UserError(this.name, `${field}: ${detail}`);
  }

  /**
   * A column's block: one of the directory's, of `type` (a float64 column
   * may be binary8), of `rows` values (if given), no other field's.
   */
  block(field: string, ref: BlockRef, rows: number | undefined, type: "float64"): Float64Array;
  block(field: string, ref: BlockRef, rows: number | undefined, type: "uint8"): Uint8Array;
  block(field: string, ref: BlockRef, rows: number | undefined, type: "float64" | "uint8"): Float64Array | Uint8Array {
    const e = this.body.blocks[ref];
    if (e === undefined) this.fail(field, `block ${ref}, but the directory holds ${this.body.blocks.length} blocks`);
    const types: BlockType[] = type === "float64" ? ["float64", "binary8"] : ["uint8"];
    if (!types.includes(e.type)) this.fail(field, `block ${ref} holds ${e.type} values, expected ${types.join(" or ")}`);
    if (rows !== undefined && e.length !== rows) this.fail(field, `${e.length} values, expected ${rows}`);
    const other = this.used.get(ref);
    if (other !== undefined && other !== field) this.fail(field, `block ${ref} is already the column of ${other}`);
    this.used.set(ref, field);
    if (type === "uint8") return uint8Block(this.file, e);
    const values = float64Block(this.file, e);
    if (!(values instanceof Float64Array)) this.fail(field, `value ${values.value} at row ${values.badRow}; a binary8 column holds 0, 1 or 255 (NaN)`);
    return values;
  }

  /** Every block of the directory is some field's column. */
  allUsed(): void {
    const unused = this.body.blocks.findIndex((_, i) => !this.used.has(i));
    if (unused >= 0) this.fail(`blocks[${unused}]`, "is no field's column");
  }

  /** Float64 columns: each of `rows` values. */
  columns(field: string, cols: Record<string, BlockRef>, rows: number): void {
    for (const [k, ref] of Object.entries(cols)) this.block(`${field}.${k}`, ref, rows, "float64");
  }

  /** Failed flags: `rows` bytes, each 0 or 1. */
  flags(field: string, ref: BlockRef, rows: number): Uint8Array {
    const flags = this.block(field, ref, rows, "uint8");
    const bad = flags.findIndex((f) => f > 1);
    if (bad >= 0) this.fail(field, `value ${flags[bad]} at row ${bad}; failed flags are 0 or 1`);
    return flags;
  }

  /** A failure report against the flags of draws first… : its count, reasons and examples. */
  failures(field: string, f: FailureReport, flags: Uint8Array, first: number): void {
    const flagged = flags.reduce((n, x) => n + x, 0);
    if (f.count !== flagged) this.fail(`${field}.count`, `${f.count}, but ${flagged} draws are flagged failed`);
    const sum = Object.values(f.reasons).reduce((n, x) => n + x, 0);
    if (sum !== f.count) this.fail(`${field}.reasons`, `add up to ${sum}, but ${field}.count is ${f.count}`);
    if (f.examples.length > Math.min(5, f.count)) this.fail(`${field}.examples`, `${f.examples.length} examples of ${f.count} failures (at most one per failure, and five)`);
    f.examples.forEach((e, i) => {
      if (flags[e.draw - first] !== 1) this.fail(`${field}.examples[${i}].draw`, `draw ${e.draw} is not one of the shard's failed draws`);
    });
    for (const [output, k] of Object.entries(f.domainErrors ?? {})) {
      if (k > flags.length - flagged) this.fail(`${field}.domainErrors.${output}`, `${k}, but only ${flags.length - flagged} draws succeeded`);
    }
  }

  /** The columns' names: exactly `names`. */
  names(field: string, cols: Record<string, BlockRef>, names: string[], extra: (k: string) => string): void {
    const missing = names.find((n) => !Object.hasOwn(cols, n));
    if (missing !== undefined) this.fail(field, `lacks ${missing}`);
    const more = Object.keys(cols).find((k) => !names.includes(k));
    if (more !== undefined) this.fail(field, extra(more));
  }

  /** The shard's position and range within `total` draws or rows. */
  range(h: ShardHeader, total: number, noun: string, of: string): void {
    const s = h.shard;
    if (s.index > s.count) this.fail("shard.index", `${s.index} is above shard.count ${s.count}`);
    if (s.first + s.rows > total) this.fail("shard", `${noun} ${s.first}…${s.first + s.rows - 1} run past ${of} ${total}`);
  }
}

function checkRun(c: FieldCheck, b: RunShardBody): void {
  const rows = b.shard.rows;
  c.range(b, b.samples, "draws", "samples");
  c.columns("columns", b.columns, rows);
  if (b.parameterColumns !== null) c.columns("parameterColumns", b.parameterColumns, rows);
  c.failures("failures", b.failures, c.flags("failed", b.failed, rows), b.shard.first);
  const times = b.series.times.length;
  b.series.counts.forEach((ref, s) => {
    const field = `series.counts[${s}]`;
    const counts = c.block(field, ref, undefined, "float64");
    if (times === 0 ? counts.length !== 0 : counts.length % times !== 0) c.fail(field, `${counts.length} values, not a whole number per time point (${times})`);
    const bad = counts.findIndex((x) => !Number.isInteger(x) || x < 0 || x > rows);
    if (bad >= 0) c.fail(field, `value ${counts[bad]} at ${bad}; a histogram holds whole counts from 0 to the shard's ${rows} draws`);
  });
}

function checkSweep(c: FieldCheck, b: SweepShardBody): void {
  const o = b.sweep;
  const rows = b.shard.rows;
  c.range(b, o.samples, "draws", "sweep.samples");
  if ((o.param2 === null) !== (o.values2 === null)) c.fail("sweep.values2", o.param2 === null ? "given without sweep.param2" : `missing for sweep.param2 ${o.param2}`);
  const points = o.values.length * (o.values2?.length ?? 1);
  if (b.points.length !== points) c.fail("points", `${b.points.length} points, the swept values make ${points}`);
  b.points.forEach((pt, p) => {
    c.names(`points[${p}].columns`, pt.columns, o.outputs, (k) => `${k} is not one of sweep.outputs`);
    c.columns(`points[${p}].columns`, pt.columns, rows);
    c.failures(`points[${p}].failures`, pt.failures, c.flags(`points[${p}].failed`, pt.failed, rows), b.shard.first);
  });
}

function checkSensitivity(c: FieldCheck, b: SensitivityShardBody): void {
  const rows = b.shard.rows;
  c.range(b, b.design.rows, "design rows", "design.rows");
  c.columns("columns", b.columns, rows);
  const flags = c.flags("failed", b.failed, rows);
  const sum = Object.values(b.failures).reduce((n, x) => n + x, 0);
  const o = b.options;
  const K = o.level === "probability" && o.method !== "oat" ? o.inner : undefined;
  if (o.inner !== undefined && o.level !== "probability") c.fail("options.inner", "is given without options.level probability");
  if ((K !== undefined) !== (b.inner !== undefined)) c.fail("inner", K !== undefined ? "missing: a probability-level design keeps its rows' inner statistics" : "given for a design without inner draws");
  if (K === undefined || b.inner === undefined) {
    const flagged = flags.reduce((n, x) => n + x, 0);
    if (sum !== flagged) c.fail("failures", `add up to ${sum}, but ${flagged} rows are flagged failed`);
    return;
  }
  const counts = (field: string, ref: BlockRef, most: (r: number) => number): Float64Array => {
    const v = c.block(field, ref, rows, "float64");
    const bad = v.findIndex((x, r) => !Number.isInteger(x) || x < 0 || x > most(r));
    if (bad >= 0) c.fail(field, `value ${v[bad]} at row ${bad}; counts of inner runs are whole numbers from 0 to ${most(bad)}`);
    return v;
  };
  const failedRuns = counts("inner.failedRuns", b.inner.failedRuns, () => K);
  const runs = failedRuns.reduce((n, x) => n + x, 0);
  if (sum !== runs) c.fail("failures", `add up to ${sum}, but inner.failedRuns add up to ${runs}`);
  const allFailed = flags.findIndex((f, r) => (f === 1) !== (failedRuns[r] === K));
  if (allFailed >= 0) c.fail("failed", `row ${allFailed} is flagged ${flags[allFailed]}, but ${failedRuns[allFailed]} of its ${K} inner runs failed`);
  const names = Object.keys(b.columns);
  for (const field of ["defined", "variance"] as const) c.names(`inner.${field}`, b.inner[field], names, (k) => `${k} is not one of the columns`);
  const defined: Record<string, Float64Array> = {};
  for (const name of names) defined[name] = counts(`inner.defined.${name}`, b.inner.defined[name], (r) => K - failedRuns[r]);
  c.columns("inner.variance", b.inner.variance, rows);
  checkHalf(c, b, K, failedRuns, defined, counts);
}

/** The second half's inner statistics (K ≥ 2): given, and within the row's (the first half's counts, the rest, are within ⌈K/2⌉ too). */
function checkHalf(c: FieldCheck, b: SensitivityShardBody, K: number, failedRuns: Float64Array, defined: Record<string, Float64Array>, counts: (field: string, ref: BlockRef, most: (r: number) => number) => Float64Array): void {
  const half = b.inner!.half;
  if ((K >= 2) !== (half !== undefined)) c.fail("inner.half", K >= 2 ? "missing: with 2 or more inner draws a row keeps its second half's statistics" : "given for a design with 1 inner draw a row");
  if (half === undefined) return;
  const K2 = K - Math.ceil(K / 2);
  const K1 = K - K2;
  const f2 = counts("inner.half.failedRuns", half.failedRuns, (r) => Math.min(K2, failedRuns[r]));
  const short = f2.findIndex((x, r) => failedRuns[r] - x > K1);
  if (short >= 0) c.fail("inner.half.failedRuns", `value ${f2[short]} at row ${short}: of the row's ${failedRuns[short]} failed inner runs, more than its first half's ${K1} draws are left`);
  const names = Object.keys(defined);
  for (const field of ["defined", "mean"] as const) c.names(`inner.half.${field}`, half[field], names, (k) => `${k} is not one of the columns`);
  for (const name of names) {
    const field = `inner.half.defined.${name}`;
    const d2 = counts(field, half.defined[name], (r) => Math.min(defined[name][r], K2 - f2[r]));
    const over = d2.findIndex((x, r) => defined[name][r] - x > K1 - (failedRuns[r] - f2[r]));
    if (over >= 0) c.fail(field, `value ${d2[over]} at row ${over}: leaves the first half more defined runs than its successful draws`);
  }
  c.columns("inner.half.mean", half.mean, b.shard.rows);
}

function checkCompare(c: FieldCheck, b: CompareShardBody): void {
  const o = b.compare;
  const rows = b.shard.rows;
  c.range(b, o.samples, "draws", "compare.samples");
  const names = o.scenarios.map((s) => s.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) c.fail(`compare.scenarios[${i}].name`, `"${n}" names two scenarios`);
  });
  if (o.baseline >= names.length) c.fail("compare.baseline", `${o.baseline} is not the index of one of the ${names.length} scenarios`);
  if (b.scenarios.length !== names.length) c.fail("scenarios", `${b.scenarios.length} scenarios, compare.scenarios names ${names.length}`);
  const columns = [...new Set([...o.outputs, ...o.timeline])];
  b.scenarios.forEach((sc, s) => {
    c.names(`scenarios[${s}].columns`, sc.columns, columns, (k) => `${k} is neither one of compare.outputs nor of compare.timeline`);
    c.columns(`scenarios[${s}].columns`, sc.columns, rows);
    c.failures(`scenarios[${s}].failures`, sc.failures, c.flags(`scenarios[${s}].failed`, sc.failed, rows), b.shard.first);
  });
}

/**
 * Check a shard file's header field by field: no control characters in its
 * text, its kind's schema, the blocks' layout, and its fields against each
 * other and against their blocks. Throws a UserError naming `name` and the
 * field.
 *
 * @example
 * checkShard("s2.shard", "run", file); // e.g. UserError "s2.shard: columns.loc: 499 values, expected 500"
 */
export function checkShard(name: string, kind: ShardKind, file: OpenedShardFile): void {
  const fail = (field: string, detail: string): never => {
    throw new UserError(name, `${field}: ${detail}`);
  };
  const body = file.header;
  const control = controlIn(body, "");
  if (control) fail(...control);
  const problem = schemaProblem(kind, body);
  if (problem) fail(...problem);
  const header = body as unknown as ShardHeader;
  const layout = layoutProblem(file, header.blocks);
  if (layout) fail(...layout);
  const c = new FieldCheck(name, file, header);
  if (kind === "run") checkRun(c, header as RunShardBody);
  else if (kind === "sweep") checkSweep(c, header as SweepShardBody);
  else if (kind === "compare") checkCompare(c, header as CompareShardBody);
  else checkSensitivity(c, header as SensitivityShardBody);
  c.allUsed();
}

/**
 * Check a shard's columns and histograms against the model it was made
 * with (compiled from its text): a run's outputs, parameters and series, a
 * sweep's outputs, a comparison's outputs, timeline outputs and settings.
 */
export function checkAgainstModel(name: string, kind: ShardKind, file: OpenedShardFile, model: CompiledModel): void {
  const body = file.header as unknown as ShardHeader;
  const c = new FieldCheck(name, file, body);
  const outputs = model.outputs.map((o) => o.name);
  const notOutput = (k: string) => `${k} is not an output of ${model.name}`;
  if (kind === "sweep") {
    const missing = (body as SweepShardBody).sweep.outputs.find((o) => !outputs.includes(o));
    if (missing !== undefined) c.fail("sweep.outputs", notOutput(missing));
  }
  if (kind === "compare") checkCompareModel(c, body as CompareShardBody, model);
  if (kind !== "run") return;
  const b = body as RunShardBody;
  c.names("columns", b.columns, outputs, notOutput);
  const inputs = [...model.parameters, ...model.chance].map((p) => p.name);
  if (b.parameterColumns !== null) c.names("parameterColumns", b.parameterColumns, inputs, (k) => `${k} is not a parameter or chance variable of ${model.name}`);
  if (b.series.counts.length !== model.series.length) c.fail("series.counts", `${b.series.counts.length} histograms, the model has ${model.series.length} series`);
  model.series.forEach((s, i) => c.block(`series.counts[${i}]`, b.series.counts[i], b.series.times.length * (s.bins + 3), "float64"));
}

/** A comparison's outputs (compared and timeline) and the parameters its settings set, against the model. */
function checkCompareModel(c: FieldCheck, b: CompareShardBody, model: CompiledModel): void {
  const notOutput = (field: string, k: string) => c.fail(field, `${k} is not an output of ${model.name}`);
  const missing = b.compare.outputs.find((o) => !model.outputs.some((x) => x.name === o));
  if (missing !== undefined) notOutput("compare.outputs", missing);
  const undated = b.compare.timeline.find((o) => !model.outputs.some((x) => x.name === o));
  if (undated !== undefined) notOutput("compare.timeline", undated);
  const params = new Set(model.parameters.map((p) => p.name));
  const settings: [string, Record<string, number | string>][] = [["compare.settings", b.compare.settings], ...b.compare.scenarios.map((s, i): [string, Record<string, number | string>] => [`compare.scenarios[${i}].settings`, s.settings])];
  for (const [field, set] of settings) {
    const stray = Object.keys(set).find((k) => !params.has(k) && !params.has(k.replace(/-/g, "_")));
    if (stray !== undefined) c.fail(field, `${stray} is not a parameter of ${model.name}`);
  }
}
