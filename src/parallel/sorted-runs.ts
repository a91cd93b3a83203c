/**
 * Sorted runs: each thread of a parallel run keeps, per output, the finite
 * values of the draws it ran, sorted (a chunk's values sorted, then merged
 * into the thread's run), and hands its runs over when it has no more
 * chunks. The run's exact quantiles are then order statistics of the union
 * of a few sorted runs (one per thread), found by selection
 * (analysis/order-statistics.ts) instead of a sort of whole columns on the
 * calling thread. Quantiles are order statistics of a multiset, so they do
 * not depend on which thread ran which draws.
 */
import { sortedDefined } from "../core/sorted.js";

/**
 * Two sorted arrays merged into one (a new array of their combined length).
 * @example mergeSorted(new Float64Array([1, 4]), new Float64Array([2, 3])) // Float64Array [1, 2, 3, 4]
 */
export function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = b[j] < a[i] ? b[j++] : a[i++];
  while (i < a.length) out[o++] = a[i++];
  while (j < b.length) out[o++] = b[j++];
  return out;
}

/**
 * Sorted arrays merged into one (a k-way merge over a binary heap of the
 * arrays' heads: one allocation, n log k comparisons).
 * @example mergeAll([new Float64Array([1, 4]), new Float64Array([2]), new Float64Array([0, 3])]) // Float64Array [0, 1, 2, 3, 4]
 */
export function mergeAll(runs: Float64Array[]): Float64Array {
  const live = runs.filter((r) => r.length > 0);
  if (live.length === 0) return new Float64Array(0);
  if (live.length === 1) return live[0];
  if (live.length === 2) return mergeSorted(live[0], live[1]);
  const out = new Float64Array(live.reduce((n, r) => n + r.length, 0));
  const pos = new Int32Array(live.length);
  // heap of run indices by their next value
  const heap = Int32Array.from(live.keys());
  let size = heap.length;
  const head = (h: number) => live[heap[h]][pos[heap[h]]];
  const down = (h: number) => {
    for (;;) {
      const l = 2 * h + 1;
      if (l >= size) return;
      const c = l + 1 < size && head(l + 1) < head(l) ? l + 1 : l;
      if (!(head(c) < head(h))) return;
      [heap[h], heap[c]] = [heap[c], heap[h]];
      h = c;
    }
  };
  for (let h = (size >> 1) - 1; h >= 0; h--) down(h);
  for (let o = 0; o < out.length; o++) {
    const r = heap[0];
    out[o] = live[r][pos[r]++];
    if (pos[r] === live[r].length) heap[0] = heap[--size];
    down(0);
  }
  return out;
}

/**
 * One thread's sorted runs, one per output: each chunk's finite values
 * sorted as the chunk is done, merged into one run per output when the
 * thread has no more chunks (one allocation per output, so no garbage grows
 * with the chunks).
 */
export class SortedRunBuilder {
  private readonly chunks: Record<string, Float64Array[]> = {};

  /** Runs of the outputs `names` (a binary output's quantiles come from its counts: it needs none). */
  constructor(private readonly names: string[]) {}

  /** Add a chunk's columns: each one's finite values, sorted. */
  add(columns: Record<string, Float64Array>): void {
    for (const name of this.names) if (columns[name]) (this.chunks[name] ??= []).push(sortedDefined(columns[name]));
  }

  /** The runs, one per output (the chunks' sorted values merged), and their buffers to transfer them to another thread. */
  finish(): { runs: Record<string, Float64Array>; buffers: ArrayBuffer[] } {
    const runs: Record<string, Float64Array> = {};
    for (const [name, parts] of Object.entries(this.chunks)) {
      runs[name] = mergeAll(parts);
      this.chunks[name] = [];
    }
    return { runs, buffers: Object.values(runs).map((r) => r.buffer as ArrayBuffer) };
  }
}

const runsOfColumn = new WeakMap<Float64Array, Float64Array[]>();

/**
 * Record that the finite values of `column` are, as a multiset, the union
 * of these sorted runs (made by the threads that ran its draws); the
 * summaries then select its quantiles from the runs instead of sorting the
 * column. A column changed after its run is not supported.
 */
export function setSortedRuns(column: Float64Array, runs: Float64Array[]): void {
  runsOfColumn.set(column, runs);
}

/** The outputs of a model that sorted runs are kept for: the continuous ones. */
export function sortedOutputs(model: { outputs: { name: string; kind: string }[] }): string[] {
  return model.outputs.filter((o) => o.kind === "continuous").map((o) => o.name);
}

/** The sorted runs recorded for a column by the parallel run that made it, or undefined. */
export function sortedRunsOf(column: Float64Array): Float64Array[] | undefined {
  return runsOfColumn.get(column);
}
