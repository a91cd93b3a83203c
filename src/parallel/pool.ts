/**
 * The pool of worker threads behind simulateParallel (parallel.ts). This
 * module loads nothing but node's own modules, so the CLI can start the
 * workers (`prewarmFromArgs`) before it loads the model compiler: the workers
 * load the engine while the calling thread parses flags and compiles the
 * model. Idle workers do not keep the process alive.
 */
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { setFlagsFromString } from "node:v8";
import type { PortableModel } from "../model/portable.js";
import type { FailureReport } from "../engine/simulate.js";

/**
 * The most worker threads a job may ask for: 4 per core (at least 16).
 * Threads beyond the cores never speed a job up; each costs memory.
 */
export function maxWorkers(): number {
  return Math.max(16, 4 * availableParallelism());
}

/** Below this many draws per thread, starting threads costs more than it saves. */
export const MIN_DRAWS_PER_WORKER = 1000;

/** Draws [first, first + count) of a run, with per-draw parameter values for them (a design's rows). */
export interface DrawChunk {
  first: number;
  count: number;
  /** fixed values of some parameters: one a draw, or with `repeat`, one for each `repeat` consecutive draws */
  parameterValues?: Record<string, Float64Array>;
  /** draws each value of parameterValues holds for (a design row's K inner draws); 1 by default */
  repeat?: number;
}

/**
 * A chunk's parameter values, one a draw: each value repeated `repeat`
 * times. Made only when the chunk is run, so that only the chunks in flight
 * hold their expanded values (a design at K inner draws a row would
 * otherwise hold K copies of every row's values at once, and send them all
 * to every worker).
 */
export function drawValues(c: DrawChunk): Record<string, Float64Array> | undefined {
  const K = c.repeat ?? 1;
  if (K === 1 || c.parameterValues === undefined) return c.parameterValues;
  const out: Record<string, Float64Array> = {};
  for (const [name, v] of Object.entries(c.parameterValues)) {
    const e = new Float64Array(c.count);
    for (let i = 0; i * K < c.count; i++) e.fill(v[i], i * K, Math.min(c.count, i * K + K));
    out[name] = e;
  }
  return out;
}

/**
 * A job for a worker: a run's settings and its chunks of draws. The calling
 * thread and the workers claim chunks by incrementing a shared counter
 * (Atomics), so no thread waits for another to hand it work.
 */
export interface WorkerJob {
  /** the model's id in the pool; `model` is sent the first time a worker meets the id */
  modelId: number;
  model?: PortableModel;
  samples: number;
  seed: number;
  horizon?: number;
  chunks: DrawChunk[];
  /** Int32Array(1) on a SharedArrayBuffer: the next chunk to claim */
  next: SharedArrayBuffer;
  /** parameter settings: a number or a distribution's text */
  overrides: Record<string, number | string>;
  keepParameters?: boolean;
  keepSeries?: boolean;
  /** keep each output's finite values as a sorted run, sent (transferred) with "idle" */
  sortedRuns?: boolean;
}

function workerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const js = path.join(here, "worker.js");
  if (existsSync(js)) return js;
  // running from src/ (tests) or from the CLI's bundle (dist/cli-bundle): use dist/parallel's
  return path.resolve(here, "..", "..", "dist", "parallel", "worker.js");
}

/** A message from a worker thread. */
export type WorkerMessage =
  | { kind: "progress"; chunk: number; done: number }
  | { kind: "chunk"; chunk: number; result: ChunkResult }
  | { kind: "idle"; runs?: Record<string, Float64Array>; seriesCounts?: Float64Array[] }
  | { kind: "error"; error: string };

/** What a worker sends back for one chunk (typed arrays are transferred). */
export interface ChunkResult {
  columns: Record<string, Float64Array>;
  parameterColumns: Record<string, Float64Array>;
  failed: Uint8Array;
  failures: FailureReport;
  seriesCounts: Float64Array[];
  steps: number;
}

/** What a thread sends once it has no more chunks: its sorted runs (if asked for) and its chunks' series counts summed (with series). */
export interface ThreadTotals {
  runs?: Record<string, Float64Array>;
  seriesCounts?: Float64Array[];
}

/**
 * Series counts of chunks summed into `into` (made on first use). The
 * counts are whole numbers, so their sums do not depend on the order.
 */
export function addSeriesCounts(into: Float64Array[] | undefined, counts: Float64Array[]): Float64Array[] {
  const sum = into ?? counts.map((c) => new Float64Array(c.length));
  sum.forEach((s, i) => {
    const c = counts[i];
    for (let j = 0; j < s.length; j++) s[j] += c[j];
  });
  return sum;
}

export interface PoolWorker {
  worker: Worker;
  /** model ids this worker has rebuilt */
  models: Set<number>;
  /** handlers of the job it is running */
  onMessage: ((m: WorkerMessage) => void) | null;
  onFailure: ((err: Error) => void) | null;
  dead: boolean;
}


/**
 * Worker threads kept for reuse. A worker loads the engine once, rebuilds
 * each model it is sent once, and runs one chunk of draws per message.
 */
export class WorkerPool {
  private readonly all: PoolWorker[] = [];
  private closed = false;

  /** Make sure at least n workers exist (they start loading at once). */
  ensure(n: number): void {
    if (this.closed) throw new Error("the worker pool is closed");
    this.all.splice(0, this.all.length, ...this.all.filter((w) => !w.dead));
    if (this.all.length < n) compileInWorkersWhenSaturated(n + 1);
    while (this.all.length < n) this.all.push(this.spawn());
  }

  get size(): number {
    return this.all.filter((w) => !w.dead).length;
  }

  private spawn(): PoolWorker {
    // the worker takes this process's node flags, except one that only applies to -e/-p input;
    // when some flag is one a worker cannot take (e.g. --max-semi-space-size), it takes none
    let worker: Worker;
    try {
      worker = new Worker(workerScript(), { execArgv: process.execArgv.filter((a) => !a.startsWith("--input-type")) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw err;
      worker = new Worker(workerScript(), { execArgv: [] });
    }
    const pw: PoolWorker = { worker, models: new Set(), onMessage: null, onFailure: null, dead: false };
    const reject = (err: Error) => {
      const f = pw.onFailure;
      pw.onMessage = pw.onFailure = null;
      f?.(err);
    };
    const fail = (err: Error) => {
      pw.dead = true;
      reject(err);
    };
    worker.on("message", (m: WorkerMessage) => {
      if (m.kind === "error") {
        // the job failed; the worker lives on, but sends its models again in case the error was rebuilding one
        pw.models.clear();
        reject(new Error(`worker thread: ${m.error}`));
      } else pw.onMessage?.(m);
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
    // after the listeners (adding a "message" listener refs the worker's port again): idle, it lets the process exit
    worker.unref();
    return pw;
  }

  /**
   * n live workers, held: they keep the process alive until `release`. A
   * job can be given to a worker still loading: it runs when the worker is.
   */
  hold(n: number): PoolWorker[] {
    this.ensure(n);
    const ws = this.all.slice(0, n);
    for (const w of ws) w.worker.ref();
    return ws;
  }

  /** Let idle workers no longer keep the process alive. */
  release(ws: PoolWorker[]): void {
    for (const w of ws) w.worker.unref();
  }

  /**
   * Give a worker a job: it claims chunks until none is left, reporting each
   * chunk's progress and result, and at the end its sorted runs (if the job
   * asks for them) and its chunks' series counts summed (with
   * `keepSeries`: a chunk's own result then has none); resolves when it has
   * no more to claim. The
   * model travels as `portable()` the first time this worker meets its id.
   */
  runJob(
    pw: PoolWorker,
    portable: () => WorkerJob["model"],
    job: Omit<WorkerJob, "model">,
    on: { progress(chunk: number, done: number): void; chunk(chunk: number, result: ChunkResult): void; last(part: ThreadTotals): void },
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (pw.dead) {
        reject(new Error("a worker thread stopped"));
        return;
      }
      const msg: WorkerJob = { ...job };
      if (!pw.models.has(job.modelId)) {
        msg.model = portable();
        pw.models.add(job.modelId);
      }
      const done = () => {
        pw.onMessage = pw.onFailure = null;
      };
      pw.onMessage = (m) => {
        if (m.kind === "progress") on.progress(m.chunk, m.done);
        else if (m.kind === "chunk") on.chunk(m.chunk, m.result);
        else if (m.kind === "idle") {
          on.last({ runs: m.runs, seriesCounts: m.seriesCounts });
          done();
          resolve();
        }
      };
      pw.onFailure = (err) => {
        done();
        reject(err);
      };
      pw.worker.postMessage(msg);
    });
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    this.closed = true;
    const ws = this.all.splice(0);
    await Promise.all(ws.map((w) => w.worker.terminate()));
  }
}

let syncCompile = false;
/**
 * With as many threads as cores, a worker's optimizing compiles (V8 runs
 * them on background threads) wait behind the busy threads while the worker
 * runs its slow unoptimized code, and two cold isolates ran each at about
 * half speed for their first second (bench/threads.mjs). Workers started
 * from then on compile on their own thread instead: the same CPU, spent when
 * the code needs it. The flag is read when an isolate starts, so it leaves
 * this thread's isolate as it is, and it changes no result.
 *
 * Every thread also compiles its own copy of the engine, on cores that are
 * busy with draws; V8 then inlines only functions of up to 100 bytes of
 * bytecode (default 460), which cut the compile time of the default run by
 * about a third with draws as fast once compiled (BENCHMARKS.md, fifth
 * session). This flag applies to every compile from then on, on all
 * threads. A value given on node's command line is kept.
 */
function compileInWorkersWhenSaturated(threads: number): void {
  if (syncCompile || threads < availableParallelism()) return;
  setFlagsFromString("--no-concurrent-recompilation");
  if (!process.execArgv.some((a) => /^--max-inlined-bytecode-size(=|$)/.test(a))) setFlagsFromString("--max-inlined-bytecode-size=100");
  syncCompile = true;
}

let shared: WorkerPool | null = null;

/** The process's shared pool (created on first use). */
export function sharedPool(): WorkerPool {
  if (!shared) shared = new WorkerPool();
  return shared;
}

/**
 * Start `threads − 1` workers of the shared pool now, so that they load the
 * engine while this thread does other work.
 */
export function prewarmWorkers(threads: number): void {
  if (threads > 1) sharedPool().ensure(threads - 1);
}

/**
 * Stop the shared pool's worker threads (a later run starts new ones); idle
 * workers never keep a process alive, so this only frees their memory.
 *
 * @example
 * await run({ samples: 4000, workers: 2 });
 * await closeWorkers();
 */
export async function closeWorkers(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
