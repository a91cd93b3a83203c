/**
 * Which part of a job this process computes: `K/N` (or, for `auto`, the
 * index that a Slurm job array or a Kubernetes Indexed Job gives), and the
 * contiguous range of draws or design rows that part covers (a comparison:
 * the same draws under every scenario). Draw i's
 * numbers depend only on (seed, i), so a split never changes a number; the
 * shard files and their merge are in src/app/shard-format.ts,
 * shard-binary.ts and shard-merge.ts.
 */
import { ArgumentError } from "../core/errors.js";
import { describeValue } from "../core/printable.js";

export type ShardKind = "run" | "sweep" | "sensitivity" | "compare";

/** Shard K of N of a job (1 ≤ K ≤ N). */
export interface ShardSpec {
  index: number; // 1-based K
  count: number; // N
}

/** The most shards a job may be split into (a Kubernetes Indexed Job allows 100,000 completions). */
const MAX_SHARDS = 1_000_000;

/** A shard given as an object (the library's): integers with 1 ≤ index ≤ count ≤ MAX_SHARDS, as "K/N" on the command line. */
function checkShardSpec(spec: ShardSpec): void {
  const { index, count } = (spec ?? {}) as Partial<ShardSpec>;
  if (typeof spec !== "object" || spec === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count)) {
    const got = typeof spec === "object" && spec !== null ? `{ index: ${describeValue(index)}, count: ${describeValue(count)} }` : describeValue(spec);
    throw new ArgumentError("shard", `must be { index: K, count: N } with integers 1 ≤ K ≤ N, got ${got}`);
  }
  if (count! > MAX_SHARDS) throw new ArgumentError("shard", `N must be at most ${MAX_SHARDS}, got ${count}`);
  if (count! < 1 || index! < 1 || index! > count!) throw new ArgumentError("shard", `K must be between 1 and N, got ${index}/${count}`);
}

/** Parse "K/N" (1 ≤ K ≤ N ≤ MAX_SHARDS). */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ArgumentError("shard", `expected K/N (e.g. 3/8) or auto, got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count > MAX_SHARDS) throw new ArgumentError("shard", `N must be at most ${MAX_SHARDS}, got ${m[2]}`);
  if (count < 1 || index < 1 || index > count) throw new ArgumentError("shard", `K must be between 1 and N, got ${text}`);
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
    if (v === undefined || !/^\d+$/.test(v)) throw new ArgumentError("shard", `is auto, but ${name} is ${v === undefined ? "not set" : `"${v}", not an integer`}`);
    return Number(v);
  };
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = int("SLURM_ARRAY_TASK_ID");
    const count = int("SLURM_ARRAY_TASK_COUNT");
    const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? int("SLURM_ARRAY_TASK_MIN") : 0;
    // the array's tasks must be the job's shards, one by one: not a stepped array (--array=0-6:2) nor a list with gaps
    const step = env.SLURM_ARRAY_TASK_STEP;
    const max = env.SLURM_ARRAY_TASK_MAX !== undefined ? int("SLURM_ARRAY_TASK_MAX") : min + count - 1;
    if ((step !== undefined && step !== "1") || max - min + 1 !== count) {
      throw new ArgumentError("shard", `is auto, but this Slurm job array's ${count} tasks are not numbered one by one (ids ${min}…${max}${step !== undefined && step !== "1" ? `, step ${step}` : ""}); submit --array=1-N, or give --shard K/N`);
    }
    if (shards !== undefined && shards !== count) {
      throw new ArgumentError("shards", `is ${shards}, but --shard auto in this Slurm job array takes N from its ${count} tasks (SLURM_ARRAY_TASK_COUNT); leave --shards out, or give --shard K/N`);
    }
    return parseShard(`${id - min + 1}/${count}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (!shards) throw new ArgumentError("shard", "is auto in a Kubernetes Indexed Job, which needs --shards N (its completions)");
    return parseShard(`${int("JOB_COMPLETION_INDEX") + 1}/${shards}`);
  }
  throw new ArgumentError("shard", "is auto, but found neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job)");
}

/** The shard of `--shard K/N|auto [--shards N]` (the environment is read for auto); a --shards that contradicts the N of K/N or of a Slurm array is refused. */
export function resolveShard(shard: string, shards: string | undefined, env: NodeJS.ProcessEnv = process.env): ShardSpec {
  let n: number | undefined;
  if (shards !== undefined) {
    const t = shards.trim();
    n = Number(t);
    if (!/^\d+$/.test(t) || !Number.isSafeInteger(n) || n < 1) throw new ArgumentError("shards", `must be a positive integer, got "${shards}"`);
  }
  if (shard === "auto") return shardFromEnvironment(env, n);
  const spec = parseShard(shard);
  if (n !== undefined && n !== spec.count) throw new ArgumentError("shards", `is ${n}, but --shard ${shard.trim()} says the job has ${spec.count} shards; give one (--shards goes with --shard auto in a Kubernetes Indexed Job)`);
  return spec;
}

/** The draws [first, first + count) of shard K of N (or a design's rows: `samples` is then the number of rows). */
export function shardRange(spec: ShardSpec, samples: number): { first: number; count: number } {
  checkShardSpec(spec);
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
  return `rsi-sim-${kind === "run" ? "" : `${kind}-`}shard-${spec.index}-of-${spec.count}.shard`;
}
