/**
 * Shards past one machine: `--shard K/N` runs the K-th of N contiguous parts
 * of a run's draws and writes a shard file; `rsi-sim merge` joins the files
 * into exactly the result of the single run. Draw i's numbers depend only on
 * (seed, i), so the split never changes a number.
 *
 * A shard file (schema "rsi-sim.shard/1") is JSON: the model's text and
 * hash, the run's settings, the draw range, the outcome columns (raw
 * float64, base64), failure counts, mergeable series histograms and a
 * SHA-256 of everything else, so a truncated or altered file is refused.
 */
import { createHash } from "node:crypto";
import { compileModel } from "../model/compile.js";
import { UserError } from "../model/errors.js";
import { planParameters } from "../sampling/sampler.js";
import type { SimulationResult } from "../engine/simulate.js";
import { VERSION } from "../analysis/result.js";

export const SHARD_SCHEMA = "rsi-sim.shard/1";

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

/** The draws [first, first + count) of shard K of N. */
export function shardRange(spec: ShardSpec, samples: number): { first: number; count: number } {
  const first = Math.round(((spec.index - 1) * samples) / spec.count);
  const end = Math.round((spec.index * samples) / spec.count);
  return { first, count: end - first };
}

const b64 = (a: Float64Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
function f64(s: string): Float64Array {
  const b = Buffer.from(s, "base64");
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

interface ShardBody {
  schema: string;
  version: string;
  model: { name: string; file: string; sha256: string; source: string };
  seed: number;
  samples: number;
  horizon: number;
  settings: Record<string, number | string>;
  command: string;
  shard: { index: number; count: number; first: number; rows: number };
  columns: Record<string, string>;
  parameterColumns: Record<string, string>;
  failed: string;
  failures: SimulationResult["failures"];
  series: { times: number[]; counts: string[] };
  steps: number;
}

function checksum(body: ShardBody): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("hex");
}

/** The text of a shard file for a simulation of one shard's draws. */
export function shardFileText(sim: SimulationResult, spec: ShardSpec, command: string): string {
  const t = sim.table;
  const body: ShardBody = {
    schema: SHARD_SCHEMA,
    version: VERSION,
    model: { name: sim.model.name, file: sim.model.file, sha256: sim.model.sha256, source: sim.model.source },
    seed: sim.seed,
    samples: sim.samples,
    horizon: sim.horizon,
    settings: sim.plan.settings,
    command,
    shard: { index: spec.index, count: spec.count, first: t.first, rows: t.rows },
    columns: Object.fromEntries(t.outputs.map((o) => [o, b64(t.columns[o])])),
    parameterColumns: Object.fromEntries(t.parameters.map((p) => [p, b64(t.parameterColumns[p])])),
    failed: b64(t.failed),
    failures: sim.failures,
    series: { times: sim.series.times, counts: sim.series.counts.map(b64) },
    steps: sim.steps,
  };
  return JSON.stringify({ ...body, sha256: checksum(body) }) + "\n";
}

/** Join shard files into the single run's simulation result and its command. */
export function mergeShards(files: { name: string; text: string }[]): { sim: SimulationResult; command: string } {
  if (files.length === 0) throw new UserError("merge", "give the shard files to merge");
  const shards = files.map(({ name, text }) => {
    let obj: ShardBody & { sha256: string };
    try {
      obj = JSON.parse(text);
    } catch {
      throw new UserError(name, "not a complete shard file (truncated or not JSON)");
    }
    if (obj === null || typeof obj !== "object" || obj.schema !== SHARD_SCHEMA) {
      throw new UserError(name, `not an rsi-sim shard file (schema ${JSON.stringify((obj as { schema?: unknown })?.schema)}, expected ${SHARD_SCHEMA})`);
    }
    const { sha256, ...body } = obj;
    if (checksum(body as ShardBody) !== sha256) throw new UserError(name, "the shard file is corrupted (its checksum does not match)");
    return { name, body: body as ShardBody };
  });
  const ref = shards[0];
  for (const s of shards.slice(1)) {
    const differ = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw new UserError(s.name, `comes from a different run than ${ref.name}: ${what} differ (${JSON.stringify(b)} vs ${JSON.stringify(a)})`.slice(0, 400));
      }
    };
    differ("versions", ref.body.version, s.body.version);
    differ("models (sha256)", ref.body.model.sha256, s.body.model.sha256);
    differ("seeds", ref.body.seed, s.body.seed);
    differ("sample counts", ref.body.samples, s.body.samples);
    differ("horizons", ref.body.horizon, s.body.horizon);
    differ("parameter settings", ref.body.settings, s.body.settings);
    differ("shard counts", ref.body.shard.count, s.body.shard.count);
  }
  if (ref.body.version !== VERSION) throw new UserError(ref.name, `was written by rsi-sim ${ref.body.version}; this is ${VERSION}`);
  const n = ref.body.shard.count;
  const byIndex = new Map<number, (typeof shards)[number]>();
  for (const s of shards) {
    const prev = byIndex.get(s.body.shard.index);
    if (prev) throw new UserError(s.name, `duplicate shard ${s.body.shard.index}/${n} (also ${prev.name})`);
    byIndex.set(s.body.shard.index, s);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) throw new UserError("merge", `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((k) => `${k}/${n}`).join(", ")}`);

  const model = compileModel(ref.body.model.source, ref.body.model.file);
  if (model.sha256 !== ref.body.model.sha256) throw new UserError(ref.name, "the model text does not match its hash");
  const ordered = Array.from({ length: n }, (_, i) => byIndex.get(i + 1)!.body);
  const samples = ref.body.samples;
  let expect = 0;
  for (const b of ordered) {
    const range = shardRange(b.shard, samples);
    if (b.shard.first !== range.first || b.shard.rows !== range.count || b.shard.first !== expect) {
      throw new UserError("merge", `shard ${b.shard.index}/${n} covers draws ${b.shard.first}…${b.shard.first + b.shard.rows - 1}, not the expected range`);
    }
    expect += b.shard.rows;
  }
  const join = (get: (b: ShardBody) => string) => {
    const out = new Float64Array(samples);
    let o = 0;
    for (const b of ordered) {
      const a = f64(get(b));
      out.set(a, o);
      o += a.length;
    }
    return out;
  };
  const outputs = model.outputs.map((o) => o.name);
  const parameters = model.parameters.map((p) => p.name);
  const failed = new Uint8Array(samples);
  let o = 0;
  for (const b of ordered) {
    const a = Buffer.from(b.failed, "base64");
    failed.set(a, o);
    o += a.length;
  }
  const failures: SimulationResult["failures"] = { count: 0, reasons: {}, examples: [] };
  for (const b of ordered) {
    failures.count += b.failures.count;
    for (const [r, c] of Object.entries(b.failures.reasons)) failures.reasons[r] = (failures.reasons[r] ?? 0) + c;
    for (const e of b.failures.examples) if (failures.examples.length < 5) failures.examples.push(e);
  }
  const counts = ref.body.series.counts.map((_, s) => {
    const acc = f64(ordered[0].series.counts[s]);
    for (const b of ordered.slice(1)) {
      const x = f64(b.series.counts[s]);
      for (let i = 0; i < acc.length; i++) acc[i] += x[i];
    }
    return acc;
  });
  const plan = { ...planParameters(model), settings: ref.body.settings };
  const sim: SimulationResult = {
    model,
    seed: ref.body.seed,
    samples,
    horizon: ref.body.horizon,
    plan,
    table: {
      first: 0,
      rows: samples,
      outputs,
      columns: Object.fromEntries(outputs.map((name) => [name, join((b) => b.columns[name])])),
      parameters,
      parameterColumns: Object.fromEntries(parameters.map((name) => [name, join((b) => b.parameterColumns[name])])),
      failed,
    },
    failures,
    series: {
      times: ref.body.series.times,
      series: model.series.map((s) => ({ name: s.name, range: s.range, bins: s.bins })),
      counts,
    },
    steps: ordered.reduce((s, b) => s + b.steps, 0),
  };
  return { sim, command: ref.body.command };
}
