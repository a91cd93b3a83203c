/**
 * Order statistics of values held as a few sorted runs (one per thread of a
 * parallel run, parallel/sorted-runs.ts), without merging them: the value
 * of rank r is found by selection, narrowing a window in every run around a
 * pivot, in O(k² log² n) comparisons for k runs of n values in all (a few
 * thousand for 16 runs of a million values), against O(n log n) for sorting
 * the whole column. Quantiles from them are the same numbers, bit for bit,
 * as quantileSorted of the sorted column: the same order statistics and the
 * same interpolation.
 */
import { quantileSorted } from "./stats.js";
import { sortedRunsOf } from "../parallel/sorted-runs.js";
import { columnFoldOf } from "../parallel/column-fold.js";

/** The first index in [lo, hi) of a sorted run whose value is not below x (strict: not at or below x). */
function bound(run: Float64Array, x: number, lo: number, hi: number, strict: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (run[mid] < x || (strict && run[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Values as sorted runs: `length` of them in all, `at(r)` the value of rank
 * r (0-based) in their sorted union.
 *
 * @example
 * new SortedRuns([new Float64Array([1, 5]), new Float64Array([2, 3, 9])]).at(3) // 5
 */
export class SortedRuns {
  readonly length: number;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly less: Int32Array;
  private readonly atMost: Int32Array;

  constructor(readonly runs: Float64Array[]) {
    this.length = runs.reduce((n, r) => n + r.length, 0);
    const k = runs.length;
    [this.lo, this.hi, this.less, this.atMost] = [new Int32Array(k), new Int32Array(k), new Int32Array(k), new Int32Array(k)];
  }

  /** The value of rank r (0 ≤ r < length) of the runs' sorted union. */
  at(rank: number): number {
    if (!(rank >= 0 && rank < this.length)) return NaN;
    const { runs, lo, hi, less, atMost } = this;
    const k = runs.length;
    for (let i = 0; i < k; i++) [lo[i], hi[i]] = [0, runs[i].length];
    let need = rank;
    for (;;) {
      // the pivot: the middle of the widest window, so that window at least halves
      let j = 0;
      for (let i = 1; i < k; i++) if (hi[i] - lo[i] > hi[j] - lo[j]) j = i;
      const pivot = runs[j][(lo[j] + hi[j]) >>> 1];
      let below = 0;
      let upTo = 0;
      for (let i = 0; i < k; i++) {
        less[i] = bound(runs[i], pivot, lo[i], hi[i], false) - lo[i];
        atMost[i] = bound(runs[i], pivot, lo[i] + less[i], hi[i], true) - lo[i];
        below += less[i];
        upTo += atMost[i];
      }
      if (need < below) for (let i = 0; i < k; i++) hi[i] = lo[i] + less[i];
      else if (need < upTo) return pivot;
      else {
        need -= upTo;
        for (let i = 0; i < k; i++) lo[i] += atMost[i];
      }
    }
  }
}

/**
 * The finite values of a column of zeros and ones (a binary output), in
 * order: `zeros` zeros, then `ones` ones; kept as the two counts.
 */
export class ZerosAndOnes {
  readonly length: number;
  constructor(
    readonly zeros: number,
    readonly ones: number,
  ) {
    this.length = zeros + ones;
  }

  /** The value of rank r (0 ≤ r < length). */
  at(rank: number): number {
    return rank >= 0 && rank < this.length ? (rank < this.zeros ? 0 : 1) : NaN;
  }

  /** The counts of a column whose finite values are all 0 or 1, else undefined. */
  static of(column: Float64Array): ZerosAndOnes | undefined {
    let zeros = 0;
    let ones = 0;
    for (let i = 0; i < column.length; i++) {
      const x = column[i];
      if (x === 0) zeros++;
      else if (x === 1) ones++;
      else if (Number.isFinite(x)) return undefined;
    }
    return new ZerosAndOnes(zeros, ones);
  }
}

/** Sorted values: one sorted array, sorted runs, or a 0/1 column's counts. */
export type Ordered = Float64Array | SortedRuns | ZerosAndOnes;

/**
 * Quantile q of sorted values, as quantileSorted (Hyndman & Fan type 7) of
 * the values sorted into one array.
 * @example quantileOf(new SortedRuns([new Float64Array([1, 3]), new Float64Array([2, 4])]), 0.5) // 2.5
 */
export function quantileOf(sorted: Ordered, q: number): number {
  if (sorted instanceof Float64Array) return quantileSorted(sorted, q);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const low = sorted.at(lo);
  return low + (h - lo) * (sorted.at(hi) - low);
}

/**
 * A column's finite values in order: the sorted runs its parallel run
 * recorded (parallel/sorted-runs.ts), else the counts of a column of zeros
 * and ones, else the column sorted here.
 */
export function orderedDefined(column: Float64Array, sort: (c: Float64Array) => Float64Array): Ordered {
  const runs = sortedRunsOf(column);
  if (runs) return new SortedRuns(runs);
  // a dropped 0/1 column, summarised by its fold (parallel/column-fold.ts; a fold with other values is never left)
  const fold = columnFoldOf(column);
  if (fold) return new ZerosAndOnes(fold.zeros, fold.ones);
  return ZerosAndOnes.of(column) ?? sort(column);
}
