/**
 * Shards past one machine: `--shard K/N` computes the K-th of N contiguous
 * parts of a run's draws, of a sweep's draws (the same draws at every point)
 * or of a sensitivity design's rows, and writes a shard file; `rsi-sim
 * merge` joins the files into exactly the result of the single command.
 * Draw i's numbers depend only on (seed, i), and a design row's on its draw
 * and its factor values, so the split never changes a number.
 *
 * A shard file (schema "rsi-sim.shard/1") is one line of JSON: a header
 * common to every kind (`kind`, the version, the model's text and hash, the
 * command that reproduces the result, the shard's position and its range of
 * draws or rows), what the kind needs (below), columns as raw float64 (flags
 * as bytes) in base64, and a SHA-256 of everything else, so a truncated or
 * altered file is refused.
 *
 * - kind "run" (also a file without `kind`): seed, samples, horizon and
 *   settings; the outcome and parameter columns, failed flags, failures,
 *   series histograms and integration steps.
 * - kind "sweep": the sweep's options (swept parameters and values, outputs,
 *   other settings as text, samples, seed, horizon) and how the values were
 *   given (the table's header); per point, the summarised outputs' columns,
 *   failed flags, failures, settings and horizon.
 * - kind "sensitivity": the options that rebuild the design (buildDesign is
 *   deterministic), the design's SHA-256 (of its JSON, checked on merge), the
 *   bootstrap resamples and confidence level; the analysed outputs' columns,
 *   failed flags and failure reasons of the shard's rows.
 */
import { createHash } from "node:crypto";
import { compileModel } from "../model/compile.js";
import type { CompiledModel } from "../model/types.js";
import { UserError } from "../core/errors.js";
import { parseDistribution } from "../model/distributions.js";
import { planParameters, type ParameterSetting } from "../sampling/sampler.js";
import type { FailureReport, SimulationResult } from "../engine/simulate.js";
import { emptyHistograms } from "../engine/series.js";
import { VERSION } from "../analysis/result.js";
import type { SweepResult } from "../analysis/sweep.js";
import type { DesignOutputs, SensitivityOptions, SensitivityResult } from "../analysis/sensitivity.js";

export const SHARD_SCHEMA = "rsi-sim.shard/1";

export type ShardKind = "run" | "sweep" | "sensitivity";
const KINDS: ShardKind[] = ["run", "sweep", "sensitivity"];
/** What a kind's shards come from, in messages. */
const SOURCE: Record<ShardKind, string> = { run: "run", sweep: "sweep", sensitivity: "sensitivity design" };

export interface ShardSpec {
  index: number; // 1-based K
  count: number; // N
}

/** Parse "K/N" (1 ≤ K ≤ N). */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError("--shard", `expected K/N (e.g. 3/8) or auto, got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new UserError("--shard", `K must be between 1 and N, got ${text}`);
  return { index, count };
}

/**
 * `--shard auto`: Slurm job arrays (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT,
 * SLURM_ARRAY_TASK_MIN) or Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX,
 * 0-based, with --shards N).
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv, shards?: number): ShardSpec {
  const int = (name: string) => {
    const v = env[name];
    if (v === undefined || !/^\d+$/.test(v)) throw new UserError("--shard auto", `${name} is ${v === undefined ? "not set" : `"${v}", not an integer`}`);
    return Number(v);
  };
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = int("SLURM_ARRAY_TASK_ID");
    const count = int("SLURM_ARRAY_TASK_COUNT");
    const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? int("SLURM_ARRAY_TASK_MIN") : 0;
    return parseShard(`${id - min + 1}/${count}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (!shards) throw new UserError("--shard auto", "a Kubernetes Indexed Job needs --shards N (its completions)");
    return parseShard(`${int("JOB_COMPLETION_INDEX") + 1}/${shards}`);
  }
  throw new UserError("--shard auto", "found neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job)");
}

/** The shard of `--shard K/N|auto [--shards N]` (the environment is read for auto). */
export function resolveShard(shard: string, shards: string | undefined, env: NodeJS.ProcessEnv = process.env): ShardSpec {
  let n: number | undefined;
  if (shards !== undefined) {
    const t = shards.trim();
    n = Number(t);
    if (!/^\d+$/.test(t) || !Number.isSafeInteger(n) || n < 1) throw new UserError("--shards", `must be a positive integer, got "${shards}"`);
  }
  return shard === "auto" ? shardFromEnvironment(env, n) : parseShard(shard);
}

/** The draws [first, first + count) of shard K of N (or a design's rows: `samples` is then the number of rows). */
export function shardRange(spec: ShardSpec, samples: number): { first: number; count: number } {
  const first = Math.round(((spec.index - 1) * samples) / spec.count);
  const end = Math.round((spec.index * samples) / spec.count);
  return { first, count: end - first };
}

/** "draws 100…199" (or "no draws" for an empty shard), for messages. */
export function rangeText(noun: string, range: { first: number; count: number }): string {
  return range.count === 0 ? `no ${noun}` : `${noun} ${range.first}…${range.first + range.count - 1}`;
}

/** The file a shard is written to without --out. */
export function defaultShardFile(kind: ShardKind, spec: ShardSpec): string {
  return `rsi-sim-${kind === "run" ? "" : `${kind}-`}shard-${spec.index}-of-${spec.count}.json`;
}

// ---------------------------------------------------------------------------
// the common part of every shard file

interface ShardHeader {
  schema: string;
  /** absent in files written before sweeps and designs could be sharded: a run */
  kind?: ShardKind;
  version: string;
  model: { name: string; file: string; sha256: string; source: string };
  command: string;
  /** position, and the draws (run, sweep) or design rows (sensitivity) covered */
  shard: { index: number; count: number; first: number; rows: number };
}

function header(kind: ShardKind, model: CompiledModel, spec: ShardSpec, range: { first: number; count: number }, command: string): ShardHeader {
  return {
    schema: SHARD_SCHEMA,
    kind,
    version: VERSION,
    model: { name: model.name, file: model.file, sha256: model.sha256, source: model.source },
    command,
    shard: { index: spec.index, count: spec.count, first: range.first, rows: range.count },
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A shard file's text: the body and the SHA-256 of its JSON. */
function seal(body: ShardHeader): string {
  return JSON.stringify({ ...body, sha256: sha256(JSON.stringify(body)) }) + "\n";
}

interface OpenShard {
  name: string;
  kind: ShardKind;
  body: ShardHeader;
}

/** Parse a shard file and check its schema and checksum. */
function openShard(name: string, text: string): OpenShard {
  let obj: ShardHeader & { sha256: string };
  try {
    obj = JSON.parse(text);
  } catch {
    throw new UserError(name, "not a complete shard file (truncated or not JSON)");
  }
  if (obj === null || typeof obj !== "object" || obj.schema !== SHARD_SCHEMA) {
    throw new UserError(name, `not an rsi-sim shard file (schema ${JSON.stringify((obj as { schema?: unknown })?.schema)}, expected ${SHARD_SCHEMA})`);
  }
  const { sha256: sum, ...body } = obj;
  if (sha256(JSON.stringify(body)) !== sum) throw new UserError(name, "the shard file is corrupted (its checksum does not match)");
  const kind = body.kind ?? "run";
  if (!KINDS.includes(kind)) throw new UserError(name, `unknown kind of shard ${JSON.stringify(kind)} (expected ${KINDS.join(", ")})`);
  return { name, kind, body };
}

/**
 * Check that the shards belong together (same kind, version, model, shard
 * count and what `same` lists, which must be equal across shards), that
 * each of 1…N is there once and that they cover the `total` draws or rows
 * in order; returns the model and the bodies in shard order.
 */
function gather<B extends ShardHeader>(
  shards: OpenShard[],
  same: (b: B) => [string, unknown][],
  total: (b: B) => number,
): { model: CompiledModel; ordered: B[]; first: OpenShard } {
  const ref = shards[0];
  const source = SOURCE[ref.kind];
  for (const s of shards.slice(1)) {
    const differ = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw new UserError(s.name, `comes from a different ${source} than ${ref.name}: ${what} differ (${JSON.stringify(b)} vs ${JSON.stringify(a)})`.slice(0, 400));
      }
    };
    differ("versions", ref.body.version, s.body.version);
    differ("models (sha256)", ref.body.model.sha256, s.body.model.sha256);
    const a = same(ref.body as B);
    const b = same(s.body as B);
    a.forEach(([what, x], i) => differ(what, x, b[i][1]));
    differ("shard counts", ref.body.shard.count, s.body.shard.count);
  }
  if (ref.body.version !== VERSION) throw new UserError(ref.name, `was written by rsi-sim ${ref.body.version}; this is ${VERSION}`);
  const n = ref.body.shard.count;
  const byIndex = new Map<number, OpenShard>();
  for (const s of shards) {
    const prev = byIndex.get(s.body.shard.index);
    if (prev) throw new UserError(s.name, `duplicate shard ${s.body.shard.index}/${n} (also ${prev.name})`);
    byIndex.set(s.body.shard.index, s);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) throw new UserError("merge", `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((k) => `${k}/${n}`).join(", ")}`);

  const model = compileModel(ref.body.model.source, ref.body.model.file);
  if (model.sha256 !== ref.body.model.sha256) throw new UserError(ref.name, "the model text does not match its hash");
  const ordered = Array.from({ length: n }, (_, i) => byIndex.get(i + 1)!.body as B);
  const what = ref.kind === "sensitivity" ? "design rows" : "draws";
  let expect = 0;
  for (const b of ordered) {
    const range = shardRange(b.shard, total(b));
    if (b.shard.first !== range.first || b.shard.rows !== range.count || b.shard.first !== expect) {
      throw new UserError("merge", `shard ${b.shard.index}/${n} covers ${what} ${b.shard.first}…${b.shard.first + b.shard.rows - 1}, not the expected range`);
    }
    expect += b.shard.rows;
  }
  return { model, ordered, first: ref };
}

// ---------------------------------------------------------------------------
// columns

/** A column as base64 of its raw bytes (float64 in the platform's order, little-endian everywhere rsi-sim runs). */
export const encodeColumn = (a: Float64Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

function decodeF64(s: string): Float64Array {
  const b = Buffer.from(s, "base64");
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Join the shards' parts of a column (float64, or bytes for flags) in shard order; each part must hold its shard's rows. */
function joinColumn<B extends ShardHeader>(ordered: B[], total: number, bytes: 1 | 8, get: (b: B) => string | undefined, what: string): Float64Array | Uint8Array {
  const out = bytes === 8 ? new Float64Array(total) : new Uint8Array(total);
  let o = 0;
  for (const b of ordered) {
    const text = get(b);
    const part = text === undefined ? undefined : bytes === 8 ? decodeF64(text) : new Uint8Array(Buffer.from(text, "base64"));
    if (part === undefined || part.length !== b.shard.rows) {
      throw new UserError("merge", `shard ${b.shard.index}/${b.shard.count}: ${what} holds ${part?.length ?? "no"} values for its ${b.shard.rows} rows`);
    }
    out.set(part, o);
    o += part.length;
  }
  return out;
}
const joinF64 = <B extends ShardHeader>(ordered: B[], total: number, get: (b: B) => string | undefined, what: string) =>
  joinColumn(ordered, total, 8, get, what) as Float64Array;
const joinFlags = <B extends ShardHeader>(ordered: B[], total: number, get: (b: B) => string | undefined, what = "the failed flags") =>
  joinColumn(ordered, total, 1, get, what) as Uint8Array;

/** Failure reports of consecutive draws, joined: counts added, reasons in order of first appearance, the first five examples. */
function joinFailures(parts: FailureReport[]): FailureReport {
  const out: FailureReport = { count: 0, reasons: {}, examples: [] };
  for (const f of parts) {
    out.count += f.count;
    for (const [r, c] of Object.entries(f.reasons)) out.reasons[r] = (out.reasons[r] ?? 0) + c;
    for (const e of f.examples) if (out.examples.length < 5) out.examples.push(e);
  }
  return out;
}

/** Settings as text (a distribution as its canonical text, which parses back to the same prior). */
function settingsText(s: Record<string, ParameterSetting>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === "number" ? v : v.text]));
}

function parseSettings(name: string, s: Record<string, number | string>): Record<string, ParameterSetting> {
  return Object.fromEntries(
    Object.entries(s).map(([k, v]) => {
      if (typeof v === "number") return [k, v];
      const r = parseDistribution(String(v));
      if (!r.ok) throw new UserError(name, `the setting of ${k} ("${v}") is not a distribution: ${r.error}`);
      return [k, r.dist];
    }),
  );
}

// ---------------------------------------------------------------------------
// runs

interface RunShardBody extends ShardHeader {
  seed: number;
  samples: number;
  horizon: number;
  settings: Record<string, number | string>;
  columns: Record<string, string>;
  parameterColumns: Record<string, string>;
  failed: string;
  failures: FailureReport;
  series: { times: number[]; counts: string[] };
  steps: number;
}

/** The text of a shard file for a simulation of one shard's draws. */
export function shardFileText(sim: SimulationResult, spec: ShardSpec, command: string): string {
  const t = sim.table;
  const body: RunShardBody = {
    ...header("run", sim.model, spec, { first: t.first, count: t.rows }, command),
    seed: sim.seed,
    samples: sim.samples,
    horizon: sim.horizon,
    settings: sim.plan.settings,
    columns: Object.fromEntries(t.outputs.map((o) => [o, encodeColumn(t.columns[o])])),
    parameterColumns: Object.fromEntries(t.parameters.map((p) => [p, encodeColumn(t.parameterColumns[p])])),
    failed: encodeColumn(t.failed),
    failures: sim.failures,
    series: { times: sim.series.times, counts: sim.series.counts.map(encodeColumn) },
    steps: sim.steps,
  };
  return seal(body);
}

function mergeRun(shards: OpenShard[]): { sim: SimulationResult; command: string } {
  const { model, ordered, first } = gather<RunShardBody>(
    shards,
    (b) => [
      ["seeds", b.seed],
      ["sample counts", b.samples],
      ["horizons", b.horizon],
      ["parameter settings", b.settings],
    ],
    (b) => b.samples,
  );
  const ref = first.body as RunShardBody;
  const samples = ref.samples;
  const outputs = model.outputs.map((o) => o.name);
  const parameters = model.parameters.map((p) => p.name);
  const counts = ref.series.counts.map((_, s) => {
    const acc = decodeF64(ordered[0].series.counts[s]);
    for (const b of ordered.slice(1)) {
      const x = decodeF64(b.series.counts[s]);
      for (let i = 0; i < acc.length; i++) acc[i] += x[i];
    }
    return acc;
  });
  const sim: SimulationResult = {
    model,
    seed: ref.seed,
    samples,
    horizon: ref.horizon,
    plan: { ...planParameters(model), settings: ref.settings },
    table: {
      first: 0,
      rows: samples,
      outputs,
      columns: Object.fromEntries(outputs.map((name) => [name, joinF64(ordered, samples, (b) => b.columns[name], `output ${name}`)])),
      parameters,
      parameterColumns: Object.fromEntries(parameters.map((name) => [name, joinF64(ordered, samples, (b) => b.parameterColumns[name], `parameter ${name}`)])),
      failed: joinFlags(ordered, samples, (b) => b.failed),
    },
    failures: joinFailures(ordered.map((b) => b.failures)),
    series: {
      times: ref.series.times,
      series: model.series.map((s) => ({ name: s.name, range: s.range, bins: s.bins })),
      counts,
    },
    steps: ordered.reduce((s, b) => s + b.steps, 0),
  };
  return { sim, command: ref.command };
}

// ---------------------------------------------------------------------------
// sweeps

/** A sweep's options as a shard file keeps them. */
export interface SweepShardOptions {
  param: string;
  values: number[];
  param2?: string;
  values2?: number[];
  /** the summarised outputs (resolved) */
  outputs: string[];
  overrides: Record<string, ParameterSetting>;
  samples: number;
  seed: number;
  horizon?: number;
  /** per axis, how its values were given (the table's header) */
  how: string[];
}

/** One point of a sweep shard: what the sweep's plan reads of the point's simulation. */
export interface SweepShardPoint {
  settings: Record<string, number | string>;
  horizon: number;
  failures: FailureReport;
  failed: string;
  columns: Record<string, string>;
}

interface SweepShardBody extends ShardHeader {
  kind: "sweep";
  sweep: {
    param: string;
    values: number[];
    param2: string | null;
    values2: number[] | null;
    outputs: string[];
    overrides: Record<string, number | string>;
    samples: number;
    seed: number;
    horizon: number | null;
    how: string[];
  };
  points: SweepShardPoint[];
}

/** A point's simulation of the shard's draws, reduced to the summarised outputs. */
export function sweepShardPoint(sim: SimulationResult, outputs: string[]): SweepShardPoint {
  return {
    settings: sim.plan.settings,
    horizon: sim.horizon,
    failures: sim.failures,
    failed: encodeColumn(sim.table.failed),
    columns: Object.fromEntries(outputs.map((o) => [o, encodeColumn(sim.table.columns[o])])),
  };
}

/** The text of a sweep's shard file: the draws `range` at every point. */
export function sweepShardText(
  model: CompiledModel,
  opts: SweepShardOptions,
  points: SweepShardPoint[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): string {
  const body: SweepShardBody = {
    ...header("sweep", model, spec, range, command),
    kind: "sweep",
    sweep: {
      param: opts.param,
      values: opts.values,
      param2: opts.param2 ?? null,
      values2: opts.values2 ?? null,
      outputs: opts.outputs,
      overrides: settingsText(opts.overrides),
      samples: opts.samples,
      seed: opts.seed,
      horizon: opts.horizon ?? null,
      how: opts.how,
    },
    points,
  };
  return seal(body);
}

async function mergeSweep(shards: OpenShard[]): Promise<MergedSweep> {
  const { model, ordered, first } = gather<SweepShardBody>(
    shards,
    (b) => [
      ["swept parameters", [b.sweep.param, b.sweep.param2]],
      ["values of the swept parameter", b.sweep.values],
      ["values of --param2", b.sweep.values2],
      ["outputs", b.sweep.outputs],
      ["parameter settings", b.sweep.overrides],
      ["sample counts", b.sweep.samples],
      ["seeds", b.sweep.seed],
      ["horizons", b.sweep.horizon],
      ["table headers (how the values were given)", b.sweep.how],
      ["point counts", b.points.length],
    ],
    (b) => b.sweep.samples,
  );
  const ref = first.body as SweepShardBody;
  const o = ref.sweep;
  const samples = o.samples;
  const plan = planParameters(model);
  const sims: SimulationResult[] = ref.points.map((pt, p) => ({
    model,
    seed: o.seed,
    samples,
    horizon: pt.horizon,
    plan: { ...plan, settings: pt.settings },
    table: {
      first: 0,
      rows: samples,
      outputs: o.outputs,
      columns: Object.fromEntries(o.outputs.map((name) => [name, joinF64(ordered, samples, (b) => b.points[p].columns[name], `point ${p + 1}, output ${name}`)])),
      parameters: [],
      parameterColumns: {},
      failed: joinFlags(ordered, samples, (b) => b.points[p].failed, `point ${p + 1}, the failed flags`),
    },
    failures: joinFailures(ordered.map((b) => b.points[p].failures)),
    series: emptyHistograms([], []),
    steps: 0,
  }));
  const overrides = parseSettings(first.name, o.overrides);
  const { finishSweep } = await import("../analysis/sweep.js");
  const result = finishSweep(
    model,
    {
      param: o.param,
      values: o.values,
      param2: o.param2 ?? undefined,
      values2: o.values2 ?? undefined,
      samples,
      seed: o.seed,
      horizon: o.horizon ?? undefined,
      overrides,
      outputs: o.outputs,
    },
    sims,
  );
  result.command = ref.command;
  return { kind: "sweep", result, how: o.how, overrides, command: ref.command };
}

// ---------------------------------------------------------------------------
// sensitivity designs

/** The options of buildDesign a sensitivity shard keeps (without progress). */
export type SensitivityShardOptions = Omit<SensitivityOptions, "onProgress" | "resamples" | "confLevel">;

interface SensitivityShardBody extends ShardHeader {
  kind: "sensitivity";
  /** buildDesign's options, settings as text */
  options: Omit<SensitivityShardOptions, "overrides"> & { overrides: Record<string, number | string> };
  analysis: { resamples: number; confLevel: number };
  /** the SHA-256 of the design's JSON (designJSON) and its rows */
  design: { sha256: string; rows: number };
  columns: Record<string, string>;
  failed: string;
  /** failure reason → count, over the shard's rows */
  failures: Record<string, number>;
}

/** The text of a sensitivity design's shard file: the outputs of the design rows `range`. */
export function sensitivityShardText(
  model: CompiledModel,
  opts: SensitivityShardOptions,
  analysis: { resamples: number; confLevel: number },
  design: { sha256: string; rows: number },
  table: DesignOutputs,
  outputs: string[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): string {
  const body: SensitivityShardBody = {
    ...header("sensitivity", model, spec, range, command),
    kind: "sensitivity",
    options: {
      method: opts.method,
      params: opts.params,
      outputs: opts.outputs,
      N: opts.N,
      trajectories: opts.trajectories,
      levels: opts.levels,
      seed: opts.seed,
      others: opts.others,
      drawLayout: opts.drawLayout,
      scramble: opts.scramble,
      skip: opts.skip,
      overrides: settingsText(opts.overrides ?? {}),
    },
    analysis,
    design,
    columns: Object.fromEntries(outputs.map((o) => [o, encodeColumn(table.columns[o])])),
    failed: encodeColumn(table.failed),
    failures: table.failures,
  };
  return seal(body);
}

const DESIGN_OPTIONS: [keyof SensitivityShardBody["options"], string][] = [
  ["method", "methods (--method)"],
  ["params", "factors (--params)"],
  ["outputs", "outputs (--outputs)"],
  ["N", "sizes (--samples)"],
  ["trajectories", "trajectories (--trajectories)"],
  ["levels", "levels (--levels)"],
  ["seed", "seeds"],
  ["others", "--others"],
  ["drawLayout", "draw layouts (--draw-layout)"],
  ["scramble", "scrambling"],
  ["skip", "skipped points"],
  ["overrides", "parameter settings (--set)"],
];

async function mergeSensitivity(shards: OpenShard[]): Promise<MergedSensitivity> {
  const { model, ordered, first } = gather<SensitivityShardBody>(
    shards,
    (b) => [
      ...DESIGN_OPTIONS.map(([key, what]): [string, unknown] => [what, b.options[key] ?? null]),
      ["bootstrap resamples (--resamples)", b.analysis.resamples],
      ["confidence levels (--conf-level)", b.analysis.confLevel],
      ["designs (sha256)", b.design.sha256],
      ["analysed outputs", Object.keys(b.columns)],
    ],
    (b) => b.design.rows,
  );
  const ref = first.body as SensitivityShardBody;
  const { buildDesign, designSha256, analyzeDesign, sortedFailures } = await import("../analysis/sensitivity.js");
  const options: SensitivityShardOptions = { ...ref.options, overrides: parseSettings(first.name, ref.options.overrides) };
  const design = buildDesign(model, options);
  if (design.rows !== ref.design.rows || designSha256(design) !== ref.design.sha256) {
    throw new UserError(first.name, `the design rebuilt from its options does not match its hash (sha256 ${ref.design.sha256.slice(0, 12)}…)`);
  }
  const rows = design.rows;
  const outputs = Object.keys(ref.columns);
  const failures: Record<string, number> = {};
  for (const b of ordered) for (const [r, c] of Object.entries(b.failures)) failures[r] = (failures[r] ?? 0) + c;
  const table: DesignOutputs = {
    rows,
    outputs,
    columns: Object.fromEntries(outputs.map((name) => [name, joinF64(ordered, rows, (b) => b.columns[name], `output ${name}`)])),
    failed: joinFlags(ordered, rows, (b) => b.failed),
    failures: sortedFailures(failures),
  };
  const result = analyzeDesign(design, table, { outputs: options.outputs, resamples: ref.analysis.resamples, confLevel: ref.analysis.confLevel });
  return { kind: "sensitivity", result, command: ref.command };
}

// ---------------------------------------------------------------------------
// merge

export interface MergedRun {
  kind: "run";
  sim: SimulationResult;
  command: string;
}
export interface MergedSweep {
  kind: "sweep";
  /** the sweep's result, its command set */
  result: SweepResult;
  /** for the table: how each axis's values were given, and the other settings */
  how: string[];
  overrides: Record<string, ParameterSetting>;
  command: string;
}
export interface MergedSensitivity {
  kind: "sensitivity";
  result: SensitivityResult;
  command: string;
}
export type Merged = MergedRun | MergedSweep | MergedSensitivity;

function openAll(files: { name: string; text: string }[]): OpenShard[] {
  if (files.length === 0) throw new UserError("merge", "give the shard files to merge");
  const shards = files.map(({ name, text }) => openShard(name, text));
  const ref = shards[0];
  for (const s of shards.slice(1)) {
    if (s.kind !== ref.kind) {
      throw new UserError(s.name, `is a shard of a ${SOURCE[s.kind]}, but ${ref.name} is a shard of a ${SOURCE[ref.kind]}; merge the shards of one command only`);
    }
  }
  return shards;
}

/** Join the shard files of a run, sweep or sensitivity design into the single command's result. */
export async function mergeShardFiles(files: { name: string; text: string }[]): Promise<Merged> {
  const shards = openAll(files);
  const kind = shards[0].kind;
  if (kind === "sweep") return mergeSweep(shards);
  if (kind === "sensitivity") return mergeSensitivity(shards);
  return { kind: "run", ...mergeRun(shards) };
}

/** Join the shard files of a run into the single run's simulation result and its command. */
export function mergeShards(files: { name: string; text: string }[]): { sim: SimulationResult; command: string } {
  const shards = openAll(files);
  if (shards[0].kind !== "run") throw new UserError(shards[0].name, `is a shard of a ${SOURCE[shards[0].kind]}; merge it with mergeShardFiles (rsi-sim merge)`);
  return mergeRun(shards);
}
