/**
 * The probability level's inner draws: a Sobol' or Morris design row whose
 * draw (block) is b is run at the K draws b·K … b·K + K − 1, all with the
 * row's factor values, and its value is the mean of its outputs over them,
 *
 *   ȳ_r = (1/n_r) Σ_k y(x_r, ω_{bK+k})   over the n_r inner runs where y is defined,
 *
 * P(y | x_r) for a 0/1 output. Rows of one block (a Sobol' base row's A and
 * AB_i, a Morris trajectory) share their K draws (common random numbers),
 * so their differences are the factors' alone; different blocks have
 * different draws, so the inner noise is independent between base rows and
 * the bootstrap over them includes it. Per row the counts and the sample
 * variance are kept too (InnerStats), for the noise and defined(…) shares.
 * A row's K runs stay in one simulate() call piece, so its value does not
 * depend on how the rows are split among threads or shards.
 */
import type { DesignChunk } from "./design-chunks.js";
import type { RowHalves } from "./sobol-analyze.js";
import type { DesignOutputs, InnerStats, ModelDesign } from "./types.js";

/** K inner draws per row (1 at the outcome level and for OAT, whose rows are single draws). */
export const innerOf = (design: ModelDesign): number => (design.method !== "oat" && design.inner !== undefined ? design.inner : 1);

/**
 * A chunk of design rows (consecutive blocks) as the chunk of their K·count
 * inner runs (consecutive draws): each row's values hold for its K draws
 * (repeat), expanded only when the chunk runs (drawValues).
 */
export function expandChunk(c: DesignChunk, K: number): DesignChunk {
  if (K === 1) return c;
  return { rows: c.rows, first: c.first * K, count: c.count * K, parameterValues: c.parameterValues, repeat: K };
}

/** Empty outputs of `rows` design rows with their inner statistics. */
export function emptyInnerOutputs(outputs: string[], rows: number, K: number): DesignOutputs {
  const cols = () => Object.fromEntries(outputs.map((o) => [o, new Float64Array(rows)]));
  return {
    rows,
    outputs,
    columns: cols(),
    failed: new Uint8Array(rows),
    failures: {},
    inner: { K, failedRuns: new Float64Array(rows), defined: cols(), variance: cols(), half: K >= 2 ? { failedRuns: new Float64Array(rows), defined: cols(), mean: cols() } : undefined },
  };
}

/** The first draw of a row's second half: draws 0 … ⌈K/2⌉ − 1 are the first half, the rest the second. */
export const halfStart = (K: number) => Math.ceil(K / 2);

/**
 * Reduce an expanded chunk's runs (K per design row, in row order) to the
 * rows' means, counts and variances, into `out` (row r at r − base).
 */
export function gatherInner(out: DesignOutputs, base: number, chunk: DesignChunk, columns: Record<string, Float64Array>, failed: Uint8Array, reasons: Record<string, number>): void {
  const inner = out.inner as InnerStats;
  const K = inner.K;
  const h = halfStart(K);
  const half = inner.half;
  chunk.rows.forEach((r, c) => {
    let nFailed = 0;
    for (let k = 0; k < K; k++) nFailed += failed[c * K + k];
    inner.failedRuns[r - base] = nFailed;
    out.failed[r - base] = nFailed === K ? 1 : 0;
    if (half) {
      let f2 = 0;
      for (let k = h; k < K; k++) f2 += failed[c * K + k];
      half.failedRuns[r - base] = f2;
    }
    for (const o of out.outputs) {
      const src = columns[o];
      let n = 0;
      let sum = 0;
      let n2 = 0;
      let sum2 = 0;
      for (let k = 0; k < K; k++) {
        const y = src[c * K + k];
        // ±Infinity (an overflow) counts as undefined, like NaN: it never reaches a mean
        if (Number.isFinite(y) && !failed[c * K + k]) {
          n++;
          sum += y;
          if (k >= h) {
            n2++;
            sum2 += y;
          }
        }
      }
      if (half) {
        half.defined[o][r - base] = n2;
        half.mean[o][r - base] = n2 > 0 ? sum2 / n2 : NaN;
      }
      const mean = n > 0 ? sum / n : NaN;
      let ss = 0;
      for (let k = 0; k < K; k++) {
        const y = src[c * K + k];
        if (Number.isFinite(y) && !failed[c * K + k]) ss += (y - mean) * (y - mean);
      }
      out.columns[o][r - base] = mean;
      inner.defined[o][r - base] = n;
      inner.variance[o][r - base] = n > 1 ? ss / (n - 1) : NaN;
    }
  });
  for (const [reason, n] of Object.entries(reasons)) out.failures[reason] = (out.failures[reason] ?? 0) + n;
}

/**
 * The rows' values for the analysis of output `name` and, per row, the
 * variance of that value's inner Monte Carlo error (s²/n), NaN where
 * unknown. With `share`, the value is instead the share of the row's
 * successful inner runs where the output is defined.
 */
export function innerColumns(t: DesignOutputs, name: string, share = false): { Y: Float64Array; noise: Float64Array | null; halves: RowHalves | null } {
  const inner = t.inner;
  const Y = new Float64Array(t.rows);
  if (!inner || !inner.defined[name]) {
    const src = t.columns[name];
    // ±Infinity (an overflow) counts as undefined, like NaN
    for (let r = 0; r < t.rows; r++) Y[r] = t.failed[r] ? NaN : share ? (Number.isFinite(src[r]) ? 1 : 0) : Number.isFinite(src[r]) ? src[r] : NaN;
    return { Y, noise: null, halves: null };
  }
  const noise = new Float64Array(t.rows);
  for (let r = 0; r < t.rows; r++) {
    const m = inner.K - inner.failedRuns[r];
    const n = inner.defined[name][r];
    if (t.failed[r]) {
      Y[r] = NaN;
      noise[r] = NaN;
    } else if (share) {
      const p = n / m;
      Y[r] = p;
      noise[r] = m > 1 ? (p * (1 - p)) / (m - 1) : NaN;
    } else {
      // a mean past the largest double (finite but huge draws) counts as undefined, as at the outcome level
      const y = t.columns[name][r];
      Y[r] = Number.isFinite(y) ? y : NaN;
      noise[r] = n > 1 && Number.isFinite(y) ? inner.variance[name][r] / n : NaN;
    }
  }
  return { Y, noise, halves: halfColumns(t, name, Y, share) };
}

/**
 * The rows' values over each half of their draws, for output `name` (with
 * `share`, the defined share), or null without the halves' statistics (a
 * results file, K = 1). The second half's are kept (InnerStats.half); the
 * first half's follow: n₁ = n − n₂ defined runs, mean (n·ȳ − n₂·ȳ₂)/n₁. A
 * half with no defined draw (or, for a share, no successful one) is NaN.
 */
function halfColumns(t: DesignOutputs, name: string, Y: Float64Array, share: boolean): RowHalves | null {
  const inner = t.inner!;
  const half = inner.half;
  if (!half || !half.defined[name]) return null;
  const K2 = inner.K - halfStart(inner.K);
  const K1 = inner.K - K2;
  const Y1 = new Float64Array(t.rows);
  const Y2 = new Float64Array(t.rows);
  for (let r = 0; r < t.rows; r++) {
    const n = inner.defined[name][r];
    const n2 = half.defined[name][r];
    const n1 = n - n2;
    if (t.failed[r]) {
      Y1[r] = Y2[r] = NaN;
    } else if (share) {
      const m2 = K2 - half.failedRuns[r];
      const m1 = K1 - (inner.failedRuns[r] - half.failedRuns[r]);
      Y1[r] = m1 > 0 ? n1 / m1 : NaN;
      Y2[r] = m2 > 0 ? n2 / m2 : NaN;
    } else {
      const y2 = half.mean[name][r];
      Y2[r] = n2 > 0 && Number.isFinite(y2) ? y2 : NaN;
      const y1 = n1 <= 0 ? NaN : n2 === 0 ? Y[r] : (n * Y[r] - n2 * y2) / n1;
      Y1[r] = Number.isFinite(y1) ? y1 : NaN;
    }
  }
  return { Y1, Y2 };
}
