/**
 * Numbers for charts from what a result JSON keeps: the CDF and a histogram
 * of an output from its 101 percentiles (0, 1, …, 100%), Wilson intervals
 * for proportions, axis-scale choices and compact number formatting.
 */
import { wilson } from "../analysis/stats.js";
import type { OutputSummary } from "../analysis/summary.js";

/** A number, or null/NaN for an undefined value (as a result JSON writes it). */
export type Maybe = number | null | undefined;

export const isNum = (x: Maybe): x is number => typeof x === "number" && Number.isFinite(x);

/** The percentiles as numbers, or null when any is missing (an output never defined). */
export function cleanQuantiles(q: Maybe[] | undefined): number[] | null {
  if (!Array.isArray(q) || q.length < 2 || !q.every(isNum)) return null;
  return q as number[];
}

/**
 * F(x) from percentiles q[0..m] at levels i/m, interpolating linearly
 * between them (the inverse of the type-7 quantile curve). With ties the
 * highest level at or below x is used, so F is right-continuous.
 */
export function cdfAt(q: number[], x: number): number {
  const m = q.length - 1;
  if (x < q[0]) return 0;
  if (x >= q[m]) return 1;
  // largest i with q[i] <= x (i < m)
  let lo = 0;
  let hi = m;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid] <= x) lo = mid;
    else hi = mid;
  }
  const a = q[lo];
  const b = q[lo + 1];
  const frac = b > a ? (x - a) / (b - a) : 0;
  return (lo + frac) / m;
}

/** Wilson 95% interval for a proportion p of n (p need not be k/n for an integer k). */
export function wilsonP(p: number, n: number): [number, number] {
  if (!(n > 0) || !Number.isFinite(p)) return [0, 1];
  return wilson(p * n, n);
}

/**
 * The values of a discrete output (nearly every percentile an integer, at
 * most 20 distinct values; a few percentiles fall between two values where
 * the quantile curve interpolates), or null.
 */
export function discreteValues(q: number[]): number[] | null {
  const ints = q.filter((x) => Number.isInteger(x));
  if (ints.length < 0.9 * q.length) return null;
  const values = [...new Set(ints)].sort((a, b) => a - b);
  if (values.length > 20 || values.length === 0) return null;
  const lo = values[0];
  const hi = values[values.length - 1];
  if (q.some((x) => x < lo || x > hi)) return null;
  return values;
}

/** Share of the draws at each value of a discrete output, from its percentiles. */
export function discreteShares(q: number[], values: number[]): number[] {
  return values.map((v) => {
    const below = v === values[0] ? 0 : cdfAt(q, v - 0.5);
    return cdfAt(q, v + 0.5 - 1e-9) - below;
  });
}

/**
 * Should values spread like these be shown on a log axis? Yes when all are
 * above 0 and the central 98% spans more than two orders of magnitude, or
 * more than a factor 5 with a long right tail (the upper half at least four
 * times as wide as the lower).
 */
export function wantsLog(q: number[]): boolean {
  const m = q.length - 1;
  const lo = q[Math.round(0.01 * m)];
  const mid = q[Math.round(0.5 * m)];
  const hi = q[Math.round(0.99 * m)];
  if (!(q[0] > 0 && lo > 0)) return false;
  if (hi / lo > 100) return true;
  return hi / lo > 5 && mid > lo && (hi - mid) / (mid - lo) > 4;
}

/**
 * A histogram from percentiles: `bins` equal bins (equal in log10 when `log`)
 * over the central 98% (1st to 99th percentile), each with the share of the
 * draws that falls in it. Edges has bins + 1 entries.
 */
export function histogramFromQuantiles(q: number[], bins: number, log: boolean): { edges: number[]; shares: number[]; outside: number } {
  const m = q.length - 1;
  let lo = q[Math.round(0.01 * m)];
  let hi = q[Math.round(0.99 * m)];
  if (!(hi > lo)) {
    lo = q[0];
    hi = q[m];
  }
  if (!(hi > lo)) {
    const w = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 0.5;
    lo -= w;
    hi += w;
  }
  const T = log ? Math.log10 : (x: number) => x;
  const U = log ? (x: number) => 10 ** x : (x: number) => x;
  const a = T(lo);
  const b = T(hi);
  const edges = Array.from({ length: bins + 1 }, (_, k) => U(a + ((b - a) * k) / bins));
  edges[0] = lo;
  edges[bins] = hi;
  const F = edges.map((e) => cdfAt(q, e));
  const shares = edges.slice(0, -1).map((_, k) => Math.max(0, F[k + 1] - F[k]));
  const inside = shares.reduce((s, x) => s + x, 0);
  return { edges, shares, outside: Math.max(0, 1 - inside) };
}

/** Are these values spaced evenly in log (rather than linearly)? */
export function logSpaced(values: number[]): boolean {
  if (values.length < 2 || values.some((v) => !(v > 0))) return false;
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 2) return sorted[1] / sorted[0] >= 10;
  const cv = (xs: number[]) => {
    const d = xs.slice(1).map((x, i) => x - xs[i]);
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    if (mean === 0) return Infinity;
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / d.length);
    return sd / Math.abs(mean);
  };
  return cv(sorted.map(Math.log10)) < cv(sorted) && sorted[sorted.length - 1] / sorted[0] >= 10;
}

/** A compact number: 3–4 significant figures, thousands without separators for years, 0 within 1e-12 of 0. */
export function fmt(x: Maybe): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const a = Math.abs(x);
  let s: string;
  if (a < 1e-12) s = "0"; // rounding noise such as −1.33e-15
  else if (Number.isInteger(x) && a < 1e6) s = String(x);
  else if (a >= 1e6 || a < 1e-3) s = x.toExponential(2).replace(/\.?0+e/, "e").replace("e+", "e");
  else if (a >= 1000) s = x.toFixed(0);
  else if (a >= 100) s = x.toFixed(1);
  else if (a >= 1) s = x.toFixed(2);
  else s = String(Number(x.toPrecision(3)));
  return s.replace(/^-/, "−");
}

/** A share as a percentage with one decimal. */
export function pct(x: Maybe, digits = 1): string {
  return isNum(x) ? `${(100 * x).toFixed(digits)}%` : "—";
}

/** A count with thousands separators. */
export const count = (n: Maybe) => (isNum(n) ? n.toLocaleString("en-US") : "—");

/** A "nice" step (1, 2 or 5 × 10^k) near `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/** Numbers rounded to `digits` significant digits, recursively (for compact JSON). */
export function roundDeep(v: unknown, digits = 6): unknown {
  if (typeof v === "number") return Number.isFinite(v) && v !== 0 && !Number.isSafeInteger(v) ? Number(v.toPrecision(digits)) : v;
  if (Array.isArray(v)) return v.map((x) => roundDeep(x, digits));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x, digits)]));
  return v;
}

/** A summary as it comes back from JSON: numbers may be null. */
export type LooseSummary = Partial<Omit<OutputSummary, "mean" | "se" | "p" | "ci" | "quantiles">> & {
  mean?: Maybe;
  se?: Maybe;
  p?: Maybe;
  ci?: [Maybe, Maybe] | null;
  quantiles?: Partial<Record<"p5" | "p25" | "p50" | "p75" | "p95", Maybe>>;
};

/**
 * A 0/1 output's probability with its Wilson 95% interval and the number of
 * draws it is over. When the output is undefined on some draws (e.g.
 * "warned before loss of control" among losses of control) it is the share
 * among the draws where it is defined, as the terminal table shows it.
 */
export function probability(s: LooseSummary | undefined, ok: number): { p: number; ci: [number, number]; of: number; conditional: boolean } {
  if (!s) return { p: NaN, ci: [NaN, NaN], of: 0, conditional: false };
  const n = s.n ?? 0;
  const missing = s.missing ?? 0;
  if (missing > 0 && isNum(s.mean) && n > 0) {
    // k / n exactly (p_defined where the summary has it): the running mean can print a digit lower (64.2% for 257/400)
    const p = isNum(s.p_defined) ? s.p_defined : Math.round(s.mean * n) / n;
    const cd = s.ci_defined;
    return { p, ci: cd && isNum(cd[0]) && isNum(cd[1]) ? [cd[0], cd[1]] : wilsonP(p, n), of: n, conditional: true };
  }
  // defined in no draw (a date by a year past the horizon): no P at all, not the 0 of s.p over all draws
  if (missing > 0 && n === 0) return { p: NaN, ci: [NaN, NaN], of: 0, conditional: true };
  const p = isNum(s.p) ? s.p : isNum(s.mean) ? s.mean : NaN;
  const ci: [number, number] = s.ci && isNum(s.ci[0]) && isNum(s.ci[1]) ? [s.ci[0], s.ci[1]] : isNum(p) ? wilsonP(p, ok) : [NaN, NaN];
  return { p, ci, of: ok, conditional: false };
}
