/**
 * The defined values of a column, sorted ascending: the finite ones. NaN
 * (undefined) and ±Infinity (an overflow) are left out, so neither reaches
 * a quantile. Used by the summaries (analysis/stats.ts) and by the threads
 * of a parallel run for their sorted runs (parallel/sorted-runs.ts).
 * @example sortedDefined([3, NaN, Infinity, 1]) // Float64Array [1, 3]
 */
export function sortedDefined(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[j++] = values[i];
  return out.sort();
}
