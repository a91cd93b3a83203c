/**
 * Per-time-point histograms of a model's series (capability, control margin…),
 * filled on the fly as trajectories pass the record times. Their size is
 * series × time points × bins, whatever the number of draws or steps, and two
 * of them merge by adding counts, so shards and workers combine exactly.
 */
export interface SeriesSpec {
  name: string;
  range: [number, number];
  bins: number;
}

/** Counts per (series, time point): `bins` bins, then below, above, ended (run over or NaN). */
export interface SeriesHistograms {
  times: number[];
  series: SeriesSpec[];
  /** one Float64Array per series, times.length × (bins + 3) */
  counts: Float64Array[];
}

export function recordTimes(start: number, horizon: number, every: number): number[] {
  const n = Math.floor((horizon - start) / every + 1e-9);
  const out: number[] = [];
  for (let k = 0; k <= n; k++) out.push(start + k * every);
  return out;
}

export function emptyHistograms(times: number[], series: SeriesSpec[]): SeriesHistograms {
  // built by push, not map: the simulation loop reads `counts`, and V8's optimised map makes
  // an array of another shape than the built-in's (a deoptimisation when they meet)
  const counts: Float64Array[] = [];
  for (const s of series) counts.push(new Float64Array(times.length * (s.bins + 3)));
  return { times, series, counts };
}

/** Add one value of series s at time index k. NaN counts as ended. */
export function addValue(h: SeriesHistograms, s: number, k: number, x: number): void {
  const spec = h.series[s];
  const row = k * (spec.bins + 3);
  const c = h.counts[s];
  if (Number.isNaN(x)) c[row + spec.bins + 2]++;
  else if (x < spec.range[0]) c[row + spec.bins]++;
  else if (x >= spec.range[1]) c[row + spec.bins + 1]++;
  else c[row + Math.floor(((x - spec.range[0]) / (spec.range[1] - spec.range[0])) * spec.bins)]++;
}

/** Add b's counts into a (same times and specs). */
export function mergeHistograms(a: SeriesHistograms, b: SeriesHistograms): void {
  for (let s = 0; s < a.counts.length; s++) {
    const x = a.counts[s];
    const y = b.counts[s];
    for (let i = 0; i < x.length; i++) x[i] += y[i];
  }
}

/**
 * Quantile q of series s at time index k over the draws still running, by
 * linear interpolation inside the bin (NaN when no run is still going).
 * Values below or above the range report the range's edge.
 */
export function histogramQuantile(h: SeriesHistograms, s: number, k: number, q: number): number {
  const spec = h.series[s];
  const row = k * (spec.bins + 3);
  const c = h.counts[s];
  const below = c[row + spec.bins];
  const above = c[row + spec.bins + 1];
  let total = below + above;
  for (let b = 0; b < spec.bins; b++) total += c[row + b];
  if (total === 0) return NaN;
  const target = q * total;
  let acc = below;
  if (target <= acc) return spec.range[0];
  const width = (spec.range[1] - spec.range[0]) / spec.bins;
  for (let b = 0; b < spec.bins; b++) {
    const n = c[row + b];
    if (acc + n >= target && n > 0) return spec.range[0] + (b + (target - acc) / n) * width;
    acc += n;
  }
  return spec.range[1];
}

/** Number of runs still going (not ended) at time index k. */
export function runningAt(h: SeriesHistograms, s: number, k: number): number {
  const spec = h.series[s];
  const row = k * (spec.bins + 3);
  let total = 0;
  for (let b = 0; b < spec.bins + 2; b++) total += h.counts[s][row + b];
  return total;
}
