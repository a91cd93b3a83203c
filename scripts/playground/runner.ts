/**
 * Runs of the page: the draws [0, N) of one or two scenarios (the current
 * settings and a pinned baseline), cut into chunks that a pool of Web
 * Workers takes one at a time. A quick first pass (the first FIRST_PASS
 * draws of every scenario) comes first, then the rest. A new run cancels
 * the one before: its queued chunks are dropped and replies of an old
 * generation ignored. Results are reported on the longest prefix of draws
 * done, so a partial result is exactly the CLI's result with that many
 * draws.
 */
import type { ChunkJob, ChunkReply } from "./engine.js";

export const FIRST_PASS = 500;
/** Draws a chunk of the first pass: two a scenario, so two workers share it. */
const FIRST_CHUNK = 250;
const MAX_CHUNK = 5000;

export interface Scenario {
  overrides: Record<string, number | string>;
}

export interface RunRequest {
  samples: number;
  seed: number;
  scenarios: Scenario[];
}

export interface Progress {
  /** draws done in the longest prefix of each scenario */
  prefix: number[];
  done: number;
  total: number;
  /** chunks of each scenario in draw order, up to the prefix */
  chunks: ChunkReply[][];
  finished: boolean;
}

interface Pending {
  job: ChunkJob;
}

export class Runner {
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private queue: Pending[] = [];
  private gen = 0;
  private got: Map<number, ChunkReply>[] = [];
  private request: RunRequest | null = null;
  private doneDraws = 0;

  constructor(
    private source: string,
    threads: number,
    private onProgress: (p: Progress) => void,
    private onError: (message: string) => void,
  ) {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    for (let i = 0; i < threads; i++) {
      const w = new Worker(url);
      w.onmessage = (e: MessageEvent) => this.reply(w, e.data);
      w.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.onError(`a worker failed: ${e.message}`);
      };
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Start a run, cancelling any run in progress. */
  start(req: RunRequest): void {
    this.gen++;
    this.request = req;
    this.doneDraws = 0;
    this.got = req.scenarios.map(() => new Map());
    this.queue = [];
    const cut = (from: number, to: number, size: number) => {
      for (let s = from; s < to; s += size) {
        for (let k = 0; k < req.scenarios.length; k++) {
          const count = Math.min(size, to - s);
          this.queue.push({ job: { type: "run", gen: this.gen, scenario: k, first: s, count, samples: req.samples, seed: req.seed, overrides: req.scenarios[k].overrides } });
        }
      }
    };
    const first = Math.min(FIRST_PASS, req.samples);
    cut(0, first, FIRST_CHUNK);
    // the rest in about 8 chunks a worker (each chunk holds its own series histograms, ~0.4 MB for rsi-core),
    // none so long that a cancelled run keeps a worker busy for more than a moment
    cut(first, req.samples, Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, Math.ceil((req.samples - first) / (this.threads * 8)))));
    this.pump();
  }

  /** Stop the run in progress (its chunks still running finish and are ignored). */
  cancel(): void {
    this.gen++;
    this.queue = [];
    this.request = null;
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const p = this.queue.shift()!;
      w.postMessage(p.job);
    }
  }

  private reply(w: Worker, msg: ChunkReply | { type: "error"; gen: number; message: string }): void {
    this.idle.push(w);
    if (msg.gen === this.gen && this.request) {
      if (msg.type === "error") {
        this.cancel();
        this.onError(msg.message);
        return;
      }
      this.got[msg.scenario].set(msg.first, msg);
      this.doneDraws += msg.count;
      this.report();
    }
    this.pump();
  }

  private report(): void {
    const req = this.request!;
    const chunks: ChunkReply[][] = [];
    const prefix: number[] = [];
    for (const got of this.got) {
      const list: ChunkReply[] = [];
      let n = 0;
      for (let c = got.get(0); c; c = got.get(n)) {
        list.push(c);
        n += c.count;
      }
      chunks.push(list);
      prefix.push(n);
    }
    const total = req.samples * req.scenarios.length;
    const finished = this.doneDraws === total;
    if (finished) this.request = null;
    this.onProgress({ prefix, done: this.doneDraws, total, chunks, finished });
  }
}
