/**
 * Merging shard files (src/app/shard-format.ts) into exactly the single
 * command's result: each file is opened within its limits (its size, its
 * header's within the JSON limits of src/core/json-read.ts), its magic,
 * version, length and checksum are checked (src/app/shard-binary.ts) and then
 * every field (src/app/shard-check.ts) before anything is merged; the shards
 * must come from one command (kind, version, model, settings, seed, shard
 * count) and cover every draw or design row once, in order; the columns are
 * joined in draw order (a run's parameter columns sampled again where the
 * shard left them out, and checked against its SHA-256 of them) and the
 * result is computed as the single command computes it.
 */
import { UserError, inTerms, optionTerm } from "../core/errors.js";
import { compileModel } from "../model/compile.js";
import type { CompiledModel } from "../model/types.js";
import { parseDistribution } from "../model/distributions.js";
import { planParameters, type ParameterPlan, type ParameterSetting } from "../sampling/sampler.js";
import type { FailureReport, SimulationResult } from "../engine/simulate.js";
import { emptyHistograms } from "../engine/series.js";
import { shardRange, type ShardKind } from "../parallel/shard-spec.js";
import { addFailures } from "../parallel/join.js";
import { VERSION } from "../analysis/result.js";
import { finishSweep, type SweepResult } from "../analysis/sweep.js";
import { finishCompare, type CompareResult } from "../analysis/compare.js";
import { analyzeDesign, buildDesign, designSha256, sortedFailures, type DesignOutputs, type SensitivityResult } from "../analysis/sensitivity.js";
import { checkAgainstModel, checkShard } from "./shard-check.js";
import { BASE_BYTES, checkMemory, formatBytes, runBytes } from "./limits.js";
import { recordTimeCount } from "../model/record-times.js";
import { SHARD_SCHEMA, type BlockRef, type CompareShardBody, type RunShardBody, type SensitivityShardBody, type SensitivityShardOptions, type ShardHeader, type SweepShardBody } from "./shard-format.js";
import { float64Block, openShardFile, uint8Block, type OpenedShardFile } from "./shard-binary.js";
import { columnsSha256, planFromSettings, sampleParameterColumns } from "./shard-parameters.js";
import { buildKey, shortKey } from "./shard-build.js";

const KINDS: ShardKind[] = ["run", "sweep", "sensitivity", "compare"];

/** What a kind's shards come from, in messages. */
const SOURCE: Record<ShardKind, string> = { run: "run", sweep: "sweep", sensitivity: "sensitivity design", compare: "comparison" };

interface OpenShard {
  name: string;
  kind: ShardKind;
  body: ShardHeader;
  file: OpenedShardFile;
}

/** Each shard's header → the shard, to read the blocks its columns name. */
const shardOf = new WeakMap<ShardHeader, OpenShard>();

/** What a merge says of a shard written before shards said which build wrote them. */
const OLD_BUILD = "was written by an earlier build of rsi-sim, whose shards do not say which build wrote them (their header has no build key); run the job's shards again with this install of rsi-sim";

/** A shard's version and build, in messages. */
const buildText = (h: Record<string, unknown>) => `rsi-sim ${String(h.version)}, build ${shortKey(String(h.build))}`;

/**
 * Refuse shards written by different builds of rsi-sim (their `build`
 * keys differ: src/app/shard-build.ts), or by another build than this one:
 * two builds, even of one version, may give other numbers, and a merge of
 * their shards a result that neither gives. One line names both files.
 */
function checkBuilds(shards: { name: string; header: Record<string, unknown> }[]): void {
  for (const s of shards) if (s.header.build === undefined) throw new UserError(s.name, OLD_BUILD);
  const ref = shards[0];
  for (const s of shards.slice(1)) {
    if (s.header.build !== ref.header.build) {
      throw new UserError(s.name, `and ${ref.name} were written by different builds of rsi-sim (${buildText(s.header)} and ${buildText(ref.header)}); run all the shards again with one install of rsi-sim and merge them with it`);
    }
  }
  const own = { version: VERSION, build: buildKey() };
  if (ref.header.build !== own.build) {
    throw new UserError(ref.name, `was written by another build of rsi-sim (${buildText(ref.header)}) than this one (${buildText(own)}); merge the shards with the install that wrote them, or run them again with this one`);
  }
}

/** Open a shard file (src/app/shard-binary.ts), then check each of its fields. */
function openShard(name: string, bytes: Uint8Array): OpenShard {
  const file = openShardFile(name, bytes);
  const h = file.header;
  if (h.schema !== SHARD_SCHEMA) throw new UserError(name, `not an rsi-sim shard file (schema ${JSON.stringify(h.schema)?.slice(0, 40)}, expected ${SHARD_SCHEMA})`);
  if (h.build === undefined) throw new UserError(name, OLD_BUILD);
  const kind = h.kind as ShardKind;
  if (!KINDS.includes(kind)) throw new UserError(name, `unknown kind of shard ${JSON.stringify(kind)?.slice(0, 40)} (expected ${KINDS.join(", ")})`);
  checkShard(name, kind, file);
  const shard = { name, kind, body: h as unknown as ShardHeader, file };
  shardOf.set(shard.body, shard);
  return shard;
}

/** A float64 column of a shard (a view of its file's bytes). */
function f64(b: ShardHeader, ref: BlockRef): Float64Array {
  // checked when the shard was opened: a binary8 block holds only 0, 1 and 255
  return float64Block(shardOf.get(b)!.file, b.blocks[ref]) as Float64Array;
}

/**
 * Check that the shards belong together (same kind, version, model, shard
 * count and what `same` lists, which must be equal across shards), that
 * each of 1…N is there once and that they cover the `total` draws or rows
 * in order; returns the model, the bodies in shard order and shard 1
 * (whose command the merged result keeps: shards run with the same
 * arguments written otherwise merge to the same bytes in any order).
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

  const model = shardModel(ref.body.model.source, ref.body.model.file);
  if (model.sha256 !== ref.body.model.sha256) throw new UserError(ref.name, "the model text does not match its hash");
  for (const s of shards) checkAgainstModel(s.name, s.kind, s.file, model);
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
  // what the merge takes from one shard (the command) comes from shard 1, whatever the order of the files
  return { model, ordered, first: byIndex.get(1)! };
}

/** Join the shards' parts of a column (float64, or bytes for flags) in shard order; each part must hold its shard's rows. */
function joinColumn<B extends ShardHeader>(ordered: B[], total: number, bytes: 1 | 8, get: (b: B) => BlockRef | undefined, what: string): Float64Array | Uint8Array {
  const out = bytes === 8 ? new Float64Array(total) : new Uint8Array(total);
  let o = 0;
  for (const b of ordered) {
    const ref = get(b);
    const part = ref === undefined ? undefined : bytes === 8 ? f64(b, ref) : uint8Block(shardOf.get(b)!.file, b.blocks[ref]);
    if (part === undefined || part.length !== b.shard.rows) {
      throw new UserError("merge", `shard ${b.shard.index}/${b.shard.count}: ${what} holds ${part?.length ?? "no"} values for its ${b.shard.rows} rows`);
    }
    out.set(part, o);
    o += part.length;
  }
  return out;
}

const joinF64 = <B extends ShardHeader>(ordered: B[], total: number, get: (b: B) => BlockRef | undefined, what: string) =>
  joinColumn(ordered, total, 8, get, what) as Float64Array;
const joinFlags = <B extends ShardHeader>(ordered: B[], total: number, get: (b: B) => BlockRef | undefined, what = "the failed flags") =>
  joinColumn(ordered, total, 1, get, what) as Uint8Array;

/** Failure reports of consecutive draws, joined: counts added, reasons in order of first appearance, the first five examples. */
function joinFailures(parts: FailureReport[]): FailureReport {
  const out: FailureReport = { count: 0, reasons: {}, examples: [] };
  for (const f of parts) addFailures(out, f);
  return out;
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

function mergeRun(shards: OpenShard[]): { sim: SimulationResult; command: string } {
  const { model, ordered, first } = gather<RunShardBody>(
    shards,
    (b) => [
      ["seeds", b.seed],
      ["sample counts", b.samples],
      ["horizons", b.horizon],
      ["parameter settings", b.settings],
      ["series times", b.series.times],
    ],
    (b) => b.samples,
  );
  const ref = first.body as RunShardBody;
  const samples = ref.samples;
  const outputs = model.outputs.map((o) => o.name);
  // the kept input columns: parameters, then chance variables
  const parameters = [...model.parameters, ...model.chance].map((p) => p.name);
  const counts = ref.series.counts.map((_, s) => {
    const acc = f64(ordered[0], ordered[0].series.counts[s]).slice();
    for (const b of ordered.slice(1)) {
      const x = f64(b, b.series.counts[s]);
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
      parameterColumns: joinParameters(model, ordered, parameters),
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

/**
 * A run's parameter and chance columns (`parameters`, the model's order),
 * joined: each shard's read or, where it left them out, sampled again from
 * its seed, draws and settings; either way checked against the SHA-256 the
 * shard keeps of them.
 */
function joinParameters(model: CompiledModel, ordered: RunShardBody[], parameters: string[]): Record<string, Float64Array> {
  const ref = ordered[0];
  let plan: ParameterPlan | undefined;
  const out = parameters.map(() => new Float64Array(ref.samples));
  for (const b of ordered) {
    const stored = b.parameterColumns;
    plan ??= stored === null ? planFromSettings(shardOf.get(ref)!.name, model, ref.settings) : undefined;
    const cols = stored === null ? sampleParameterColumns(model, plan!, b.seed, b.shard.first, b.shard.rows) : parameters.map((n) => f64(b, stored[n]));
    if (columnsSha256(cols) !== b.parameterSha256) {
      const how = stored === null ? "sampled again from its seed and settings" : "it holds";
      throw new UserError(shardOf.get(b)!.name, `parameterSha256: the parameter values ${how} do not match those it was run with; merge it with the build of rsi-sim ${b.version} that wrote it`);
    }
    cols.forEach((c, j) => out[j].set(c, b.shard.first));
  }
  return Object.fromEntries(parameters.map((n, j) => [n, out[j]]));
}

async function mergeSweep(shards: OpenShard[]): Promise<MergedSweep> {
  const { model, ordered, first } = gather<SweepShardBody>(
    shards,
    (b) => [
      ["swept parameters", [b.sweep.param, b.sweep.param2]],
      ["values of the swept parameter", b.sweep.values],
      [`values of ${inTerms("--param2", "second.param")}`, b.sweep.values2],
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
  const sims = joinPoints(model, ordered, { seed: o.seed, samples, outputs: o.outputs }, (b) => b.points, "point");
  const overrides = parseSettings(first.name, o.overrides);
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
  return { kind: "sweep", model, result, how: o.how, overrides, command: ref.command };
}

/** The simulations of one point or scenario of sweep or compare shards, joined: the columns `outputs` of `samples` draws. */
function joinPoints<B extends ShardHeader>(
  model: CompiledModel,
  ordered: B[],
  run: { seed: number; samples: number; outputs: string[] },
  points: (b: B) => SweepShardBody["points"],
  what: string,
): SimulationResult[] {
  const { seed, samples, outputs } = run;
  const plan = planParameters(model);
  return points(ordered[0]).map((pt, p) => ({
    model,
    seed,
    samples,
    horizon: pt.horizon,
    plan: { ...plan, settings: pt.settings },
    table: {
      first: 0,
      rows: samples,
      outputs,
      columns: Object.fromEntries(outputs.map((name) => [name, joinF64(ordered, samples, (b) => points(b)[p].columns[name], `${what} ${p + 1}, output ${name}`)])),
      parameters: [],
      parameterColumns: {},
      failed: joinFlags(ordered, samples, (b) => points(b)[p].failed, `${what} ${p + 1}, the failed flags`),
    },
    failures: joinFailures(ordered.map((b) => points(b)[p].failures)),
    series: emptyHistograms([], []),
    steps: 0,
  }));
}

function mergeCompare(shards: OpenShard[]): MergedCompare {
  const { model, ordered, first } = gather<CompareShardBody>(
    shards,
    (b) => [
      ["scenarios", b.compare.scenarios],
      ["baselines", b.compare.baseline],
      ["shared parameter settings", b.compare.settings],
      ["outputs", b.compare.outputs],
      ["timeline outputs", b.compare.timeline],
      ["sample counts", b.compare.samples],
      ["seeds", b.compare.seed],
      ["horizons", b.compare.horizon],
      [named("bootstrap resamples", "resamples"), b.compare.resamples],
      ["scenarios' parameter settings", b.scenarios.map((s) => s.settings)],
      ["scenarios' horizons", b.scenarios.map((s) => s.horizon)],
    ],
    (b) => b.compare.samples,
  );
  const o = (first.body as CompareShardBody).compare;
  const columns = [...new Set([...o.outputs, ...o.timeline])];
  const sims = joinPoints(model, ordered, { seed: o.seed, samples: o.samples, outputs: columns }, (b) => b.scenarios, "scenario");
  const spec = {
    scenarios: o.scenarios.map((s) => ({ name: s.name, settings: parseSettings(first.name, s.settings) })),
    settings: parseSettings(first.name, o.settings),
    baseline: o.baseline,
    seed: o.seed,
    samples: o.samples,
    outputs: o.outputs,
    timeline: o.timeline,
    resamples: o.resamples ?? undefined,
  };
  const result = finishCompare(model, spec, sims);
  result.command = first.body.command;
  return { kind: "compare", model, result, command: first.body.command };
}

/** "factors (--params)" on the command line, "factors (params)" in the library. */
const named = (what: string, option: string): string => `${what} (${optionTerm(option)})`;

const DESIGN_OPTIONS: [keyof SensitivityShardBody["options"], string][] = [
  ["method", named("methods", "method")],
  ["params", named("factors", "params")],
  ["outputs", named("outputs", "outputs")],
  ["N", named("sizes", "samples")],
  ["trajectories", named("trajectories", "trajectories")],
  ["levels", named("levels", "levels")],
  ["seed", "seeds"],
  ["others", named("other factors", "others")],
  ["drawLayout", named("draw layouts", "drawLayout")],
  ["scramble", "scrambling"],
  ["skip", "skipped points"],
  ["overrides", `parameter settings (${inTerms("--set", "settings")})`],
  ["level", named("levels", "level")],
  ["inner", named("inner draws", "inner")],
];

async function mergeSensitivity(shards: OpenShard[]): Promise<MergedSensitivity> {
  const { model, ordered, first } = gather<SensitivityShardBody>(
    shards,
    (b) => [
      ...DESIGN_OPTIONS.map(([key, what]): [string, unknown] => [what, b.options[key] ?? null]),
      [named("bootstrap resamples", "resamples"), b.analysis.resamples],
      [named("confidence levels", "confLevel"), b.analysis.confLevel],
      ["designs (sha256)", b.design.sha256],
      ["analysed outputs", Object.keys(b.columns)],
    ],
    (b) => b.design.rows,
  );
  const ref = first.body as SensitivityShardBody;
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
  if (ref.inner) {
    const join = (get: (b: SensitivityShardBody) => BlockRef | undefined, what: string) => joinF64(ordered, rows, get, what);
    const perOutput = (field: "defined" | "variance") => Object.fromEntries(outputs.map((name) => [name, join((b) => b.inner?.[field][name], `inner ${field} of ${name}`)]));
    table.inner = { K: design.inner ?? 1, failedRuns: join((b) => b.inner?.failedRuns, "inner failed runs"), defined: perOutput("defined"), variance: perOutput("variance") };
    if (ref.inner.half) {
      const perHalf = (field: "defined" | "mean") => Object.fromEntries(outputs.map((name) => [name, join((b) => b.inner?.half?.[field][name], `second-half ${field} of ${name}`)]));
      table.inner.half = { failedRuns: join((b) => b.inner?.half?.failedRuns, "second-half failed runs"), defined: perHalf("defined"), mean: perHalf("mean") };
    }
  }
  const result = analyzeDesign(design, table, { outputs: options.outputs, resamples: ref.analysis.resamples, confLevel: ref.analysis.confLevel });
  return { kind: "sensitivity", result, command: ref.command };
}

export interface MergedRun {
  kind: "run";
  sim: SimulationResult;
  command: string;
}

export interface MergedSweep {
  kind: "sweep";
  /** the model swept: for the table's notes (outputs past the horizon, values outside a prior's support), as the single sweep's */
  model: CompiledModel;
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

export interface MergedCompare {
  kind: "compare";
  model: CompiledModel;
  /** the comparison's result, its command set */
  result: CompareResult;
  command: string;
}

export type Merged = MergedRun | MergedSweep | MergedSensitivity | MergedCompare;

function openAll(files: ShardBytes[]): OpenShard[] {
  if (files.length === 0) throw new UserError("merge", "give the shard files to merge");
  const shards = files.map(({ name, bytes }) => openShard(name, bytes));
  const ref = shards[0];
  for (const s of shards.slice(1)) checkSameKind(s, ref);
  checkBuilds(shards.map((s) => ({ name: s.name, header: s.file.header })));
  return shards;
}

/** Refuse shards of two kinds of command. */
function checkSameKind(s: { name: string; kind: ShardKind }, ref: { name: string; kind: ShardKind }): void {
  if (s.kind !== ref.kind) throw new UserError(s.name, `is a shard of a ${SOURCE[s.kind]}, but ${ref.name} is a shard of a ${SOURCE[ref.kind]}; merge the shards of one command only`);
}

/**
 * Before any file is read whole, from each file's header (readShardHeader):
 * a mix of kinds and a duplicate shard are refused as openAll and gather
 * refuse them, and the merge's memory is checked: the files, all held at
 * once, and the merged result (a run's: its draws as a run keeps them,
 * src/app/limits.ts; the others': their columns once more). A header too
 * malformed to say is left to the full checks.
 */
export function checkShardHeads(heads: { name: string; header: Record<string, unknown>; size: number }[], maxMemory?: number | string): void {
  if (heads.length === 0) return;
  const info = heads.map(({ name, header, size }) => {
    const shard = header.shard as { index?: unknown; count?: unknown; rows?: unknown } | undefined;
    const ok = KINDS.includes(header.kind as ShardKind) && shard !== undefined && Number.isInteger(shard.index) && Number.isInteger(shard.rows);
    return ok ? { name, kind: header.kind as ShardKind, index: shard.index as number, count: shard.count, rows: shard.rows as number, size, text: JSON.stringify(header) } : null;
  });
  if (info.some((x) => x === null)) return;
  const all = info as NonNullable<(typeof info)[number]>[];
  const ref = all[0];
  for (const s of all.slice(1)) checkSameKind(s, ref);
  // a build key that is not one is left to the schema's check, which says so
  if (heads.every((h) => h.header.build === undefined || (typeof h.header.build === "string" && /^[0-9a-f]{64}$/.test(h.header.build)))) checkBuilds(heads);
  // the same shard twice: the same header (shards of two jobs that share an index are told apart by gather)
  const byHeader = new Map<string, string>();
  for (const s of all) {
    const prev = byHeader.get(s.text);
    if (prev !== undefined) throw new UserError(s.name, `duplicate shard ${s.index}/${s.count} (also ${prev})`);
    byHeader.set(s.text, s.name);
  }
  const held = all.reduce((n, s) => n + s.size, 0);
  const rows = all.reduce((n, s) => n + s.rows, 0);
  let result = BASE_BYTES + held;
  const model = ref.kind === "run" ? modelOfHeader(heads[0].header) : null;
  if (model) {
    // the merged run's outputs as a run keeps them, the parameter columns it samples again (8 bytes a value,
    // once), and the series at the shards' own record times
    const times = (heads[0].header.series as { times?: unknown } | undefined)?.times;
    const recordTimes = Array.isArray(times) ? times.length : recordTimeCount(model.time.start, model.time.horizon, model.time.recordEvery);
    result = runBytes(model, rows, { keepSeries: true, workers: 1, recordTimes }) + rows * 8 * model.parameters.length;
  }
  const what = `merging ${heads.length} shard files (${formatBytes(held)}${model ? `, ${rows} draws of ${model.name}` : ""})`;
  checkMemory(held + result, { argument: "maxMemory", what, advice: "merge on a machine with more memory", problem: "is too small for this merge" }, maxMemory);
}

/** The last model compiled from a shard's text: the memory check and the merge of the same shards compile it once. */
let lastShardModel: { source: string; file: string; model: CompiledModel } | null = null;

/** The compiled model of a shard's model text (compileModel, once for the same text and file). */
function shardModel(source: string, file: string): CompiledModel {
  if (lastShardModel?.source !== source || lastShardModel.file !== file) lastShardModel = { source, file, model: compileModel(source, file) };
  return lastShardModel.model;
}

/** The model a run shard's header carries, or null if it does not compile (the full checks say why). */
function modelOfHeader(header: Record<string, unknown>): CompiledModel | null {
  const m = header.model as { source?: unknown; file?: unknown } | undefined;
  if (typeof m?.source !== "string") return null;
  try {
    return shardModel(m.source, typeof m.file === "string" ? m.file : "shard");
  } catch {
    return null;
  }
}

/** A shard file's name (for messages) and bytes. */
export interface ShardBytes {
  name: string;
  bytes: Uint8Array;
}

/** Join the shard files of a run, sweep, sensitivity design or comparison into the single command's result. */
export async function mergeShardFiles(files: ShardBytes[]): Promise<Merged> {
  const shards = openAll(files);
  const kind = shards[0].kind;
  if (kind === "sweep") return mergeSweep(shards);
  if (kind === "sensitivity") return mergeSensitivity(shards);
  if (kind === "compare") return mergeCompare(shards);
  return { kind: "run", ...mergeRun(shards) };
}

/** Join the shard files of a run into the single run's simulation result and its command. */
export function mergeShards(files: ShardBytes[]): { sim: SimulationResult; command: string } {
  const shards = openAll(files);
  if (shards[0].kind !== "run") throw new UserError(shards[0].name, `is a shard of a ${SOURCE[shards[0].kind]}; merge it with mergeShardFiles (rsi-sim merge)`);
  return mergeRun(shards);
}
