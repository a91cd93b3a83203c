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

/**
 * The finite values of a column, sorted ascending (NaN and ±Infinity left out).
 * @example definedSorted(new Float64Array([3, NaN, 1])) // Float64Array [1, 3]
 */
export function definedSorted(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[j++] = values[i];
  return out.sort();
}

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

/** One thread's sorted runs, one per output, grown chunk by chunk. */
export class SortedRunBuilder {
  readonly runs: Record<string, Float64Array> = {};

  /** Add a chunk's columns: each one's finite values, sorted, merged into that output's run. */
  add(columns: Record<string, Float64Array>): void {
    for (const [name, col] of Object.entries(columns)) {
      this.runs[name] = mergeSorted(this.runs[name] ?? new Float64Array(0), definedSorted(col));
    }
  }

  /** The runs' buffers, to transfer to another thread. */
  buffers(): ArrayBuffer[] {
    return Object.values(this.runs).map((r) => r.buffer as ArrayBuffer);
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

/** The sorted runs recorded for a column by the parallel run that made it, or undefined. */
export function sortedRunsOf(column: Float64Array): Float64Array[] | undefined {
  return runsOfColumn.get(column);
}
