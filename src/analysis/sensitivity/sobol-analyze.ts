/**
 * First-order and total Sobol' indices from the outputs of a Saltelli
 * design (sobol-design.ts), with bootstrap intervals over the base rows, a
 * convergence table and warnings. With the outputs centred on their mean
 * over the A and B rows, and V the variance of those outputs:
 *
 *   S1_i = (1/n) Σ_j f(B)_j · (f(AB_i)_j − f(A)_j) / V      (Saltelli et al. 2010, Table 2 (b))
 *   ST_i = (1/2n) Σ_j (f(A)_j − f(AB_i)_j)² / V              (Jansen 1999; Saltelli et al. 2010, Table 2 (f))
 *
 * NaN outputs are dropped: a base row counts for factor i when A_j, B_j and
 * AB_i,j are all defined.
 *
 * When each output is itself a Monte Carlo mean f̂ = f + ε (the probability
 * level), its error ε adds to V and to the Jansen term: A_j and AB_i,j share
 * their draws, but ε(A) − ε(AB_i) is not 0, and E[(f̂(A) − f̂(AB_i))²]/2 =
 * E[(f(A) − f(AB_i))²]/2 + E[Var(ε(A) − ε(AB_i))]/2, so ST comes out too
 * high. Given each output's mean over two halves of its draws (`halves`:
 * f¹, f², whose errors are independent given the factors), the split-half
 * estimators remove both biases:
 *
 *   V    = mean(f¹·f²) − mean(f¹)·mean(f²)   over the A and B rows (E[f¹f² | x] = f(x)²)
 *   ST_i = (1/2n) Σ_j (f¹(A)_j − f¹(AB_i)_j)·(f²(A)_j − f²(AB_i)_j) / V
 *
 * and S1's numerator is unbiased as it is (B's draws are independent of
 * A's and AB_i's). A base row whose A_j, B_j and AB_i,j are defined but a
 * half of one of them is not (no defined draw in it) keeps its place in V
 * and ST, so that S1, ST and V are over the same rows: its plain term (y²,
 * (f(A) − f(AB_i))²/2 of the full means) less the mean inner noise in that
 * term over the rows with all halves (y² − f¹f², (f(A) − f(AB_i))²/2 − the
 * halves' product, each of mean the term's noise there). Dropping such
 * rows instead would select on whatever decides whether the output is
 * defined. Without halves but with each output's error variance
 * (`noise`), V is the variance of the A and B outputs less their mean
 * error variance, and ST is Jansen's (biased up by the noise).
 */
import { Rng, deriveSeed, isPowerOfTwo } from "../sobol-sequence.js";
import { scaleFor } from "../stats.js";
import { bootSummary, checkAnalyzeOptions, multinomialWeights, type AnalyzeOptions } from "./bootstrap.js";

export interface SobolIndex {
  name: string;
  S1: number;
  S1_ci: [number, number];
  /** bootstrap standard error */
  S1_se: number;
  ST: number;
  ST_ci: [number, number];
  ST_se: number;
  /** base rows used for this factor (A, B and AB_i all defined) */
  rows: number;
}

export interface SobolAnalysis {
  N: number;
  k: number;
  resamples: number;
  confLevel: number;
  /** mean and variance of the output over the A and B rows */
  mean: number;
  variance: number;
  /** base rows whose A and B outputs are both defined */
  rows: number;
  /** runs of the design whose output is NaN (dropped) */
  undefinedRuns: number;
  /** in factor order */
  indices: SobolIndex[];
  /** point estimates from the first n base rows, n = N/8, N/4, N/2, N */
  convergence: { N: number; S1: number[]; ST: number[] }[];
  warnings: string[];
}

/** Per design row, its values over the two halves of its inner draws (NaN where a half has no defined draw); inner.ts. */
export interface RowHalves {
  Y1: Float64Array;
  Y2: Float64Array;
}

/** The per-row terms of the estimators, from the first n base rows of the outputs. */
export interface SobolTerms {
  n: number;
  k: number;
  /** centred A and B outputs, NaN where either is undefined */
  a: Float64Array;
  b: Float64Array;
  /** per base row j and factor i (j·k + i): B(AB_i − A) and ST's term ((A − AB_i)²/2, or the halves' product /2), NaN where undefined */
  t1: Float64Array;
  t2: Float64Array;
  /** with halves, per j·k + i: the plain term (A − AB_i)²/2 of the full means where t1 is defined (for the rows whose halves are not all defined, and the noise), else NaN */
  tf: Float64Array;
  /** per base row, V's terms over its A and B rows: Σ x¹x², Σ x¹, Σ x² and the count (x¹ = x² = the centred output without halves) */
  vs: Float64Array;
  v1: Float64Array;
  v2: Float64Array;
  vn: Float64Array;
  /**
   * with halves, per base row (whose A and B are defined): over its A and B rows with a half undefined, Σ y², Σ y and
   * their count (y the centred full mean); over those with both halves, Σ (y² − x¹x²), the noise in y²
   */
  fs: Float64Array;
  f1: Float64Array;
  fn: Float64Array;
  ns: Float64Array;
  /** per base row: the error variances of its A and B outputs, added (0 without noise, or with halves) */
  e: Float64Array;
  mean: number;
  /** whether ST and V are the split-half estimators */
  split: boolean;
  /** with halves, whether some row counts with its plain terms (a half undefined where A, B and AB_i are defined) */
  partial: boolean;
}

/** The mean of the A and B outputs over the first n base rows where both are defined. */
function abMean(Y: ArrayLike<number>, n: number, k: number): number {
  const stride = k + 2;
  let sum = 0;
  let cnt = 0;
  for (let j = 0; j < n; j++) {
    const ya = Y[j * stride];
    const yb = Y[j * stride + k + 1];
    if (ya === ya && yb === yb) {
      sum += ya + yb;
      cnt += 2;
    }
  }
  return cnt > 0 ? sum / cnt : NaN;
}

/** V's terms of base row j (A and B defined) from the halves of its A and B rows, and the plain terms of those with a half undefined. */
function halfVarianceTerms(T: SobolTerms, Y: ArrayLike<number>, H: RowHalves, j: number, stride: number): void {
  let s = 0;
  let s1 = 0;
  let s2 = 0;
  let c = 0;
  for (const r of [j * stride, j * stride + stride - 1]) {
    const x1 = H.Y1[r] - T.mean;
    const x2 = H.Y2[r] - T.mean;
    const y = Y[r] - T.mean;
    if (x1 === x1 && x2 === x2) {
      s += x1 * x2;
      s1 += x1;
      s2 += x2;
      c++;
      T.ns[j] += y * y - x1 * x2;
    } else {
      T.fs[j] += y * y;
      T.f1[j] += y;
      T.fn[j]++;
    }
  }
  T.vs[j] = s;
  T.v1[j] = s1;
  T.v2[j] = s2;
  T.vn[j] = c;
}

export function sobolTerms(Y: ArrayLike<number>, n: number, k: number, noise?: ArrayLike<number> | null, halves?: RowHalves | null): SobolTerms {
  const stride = k + 2;
  const mean = abMean(Y, n, k);
  const col = () => new Float64Array(n);
  const none = new Float64Array(0);
  const T: SobolTerms = {
    ...{ n, k, a: col(), b: col(), t1: new Float64Array(n * k), t2: new Float64Array(n * k), tf: halves ? new Float64Array(n * k) : none },
    ...{ vs: col(), v1: col(), v2: col(), vn: col(), fs: halves ? col() : none, f1: halves ? col() : none, fn: halves ? col() : none, ns: halves ? col() : none },
    ...{ e: col(), mean, split: !!halves, partial: false },
  };
  const { a, b, t1, t2, e } = T;
  const err = (r: number) => (noise && noise[r] === noise[r] ? noise[r] : 0);
  for (let j = 0; j < n; j++) {
    const rA = j * stride;
    e[j] = halves ? 0 : err(rA) + err(rA + k + 1);
    const ya = Y[rA] - mean;
    const yb = Y[rA + k + 1] - mean;
    const ok = ya === ya && yb === yb;
    a[j] = ok ? ya : NaN;
    b[j] = ok ? yb : NaN;
    if (ok && halves) halfVarianceTerms(T, Y, halves, j, stride);
    else if (ok) {
      T.vs[j] = ya * ya + yb * yb;
      T.v1[j] = T.v2[j] = ya + yb;
      T.vn[j] = 2;
    }
    for (let i = 0; i < k; i++) {
      const c = Y[rA + 1 + i] - mean;
      const good = ok && c === c;
      t1[j * k + i] = good ? yb * (c - ya) : NaN;
      t2[j * k + i] = !good ? NaN : halves ? 0.5 * (halves.Y1[rA] - halves.Y1[rA + 1 + i]) * (halves.Y2[rA] - halves.Y2[rA + 1 + i]) : 0.5 * (ya - c) * (ya - c);
      if (halves) T.tf[j * k + i] = good ? 0.5 * (ya - c) * (ya - c) : NaN;
      if (good && halves && t2[j * k + i] !== t2[j * k + i]) T.partial = true;
    }
    if (ok && halves && T.fn[j] > 0) T.partial = true;
  }
  return T;
}

/** S1 and ST per factor, the variance V, and the (weighted) base rows that count for each factor. */
export interface SobolEstimate {
  V: number;
  S1: Float64Array;
  ST: Float64Array;
  rows: Float64Array;
}

/**
 * The indices from the terms, with base-row weights w (null: all 1, the
 * point estimate). With halves, a row whose A, B and AB_i are defined but
 * a half of one of them is not still counts: its plain term (y² for V,
 * (A − AB_i)²/2 for ST) less the mean inner noise in that term over the
 * rows with all halves (y² − x¹x², (A − AB_i)²/2 − the halves' product),
 * so that S1, ST and V are over the same rows.
 */
export function sobolEstimate(T: SobolTerms, w: Uint32Array | null = null): SobolEstimate {
  // only where some row counts with its plain terms; otherwise the split-half sums alone (and their speed)
  const { n, k, a, t1, t2, tf, e, partial: split } = T;
  let sw = 0;
  let sx1 = 0;
  let sx2 = 0;
  let sxx = 0;
  let se = 0;
  const f = { s: 0, y: 0, n: 0, noise: 0 };
  const s1sum = new Float64Array(k);
  const stsum = new Float64Array(k);
  const cnt = new Float64Array(k);
  const cntT = new Float64Array(k);
  const fsum = new Float64Array(k);
  const fcnt = new Float64Array(k);
  const noiseT = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    const wj = w === null ? 1 : w[j];
    if (wj === 0) continue;
    if (a[j] === a[j]) {
      sw += wj * T.vn[j];
      sx1 += wj * T.v1[j];
      sx2 += wj * T.v2[j];
      sxx += wj * T.vs[j];
      se += wj * e[j];
      if (split) {
        f.s += wj * T.fs[j];
        f.y += wj * T.f1[j];
        f.n += wj * T.fn[j];
        f.noise += wj * T.ns[j];
      }
    }
    const base = j * k;
    for (let i = 0; i < k; i++) {
      const v = t1[base + i];
      if (v !== v) continue;
      s1sum[i] += wj * v;
      cnt[i] += wj;
      const t = t2[base + i];
      if (t === t) {
        stsum[i] += wj * t;
        cntT[i] += wj;
        if (split) noiseT[i] += wj * (tf[base + i] - t);
      } else if (split) {
        fsum[i] += wj * tf[base + i];
        fcnt[i] += wj;
      }
    }
  }
  let V = sw > 0 ? sxx / sw - (sx1 / sw) * (sx2 / sw) - se / sw : NaN;
  if (f.n > 0) {
    // the rows' A or B outputs with a half undefined: their y² less the mean noise in y² of those with both halves
    const m = sw + f.n;
    V = sw > 0 ? (sxx + f.s - (f.noise / sw) * f.n) / m - ((sx1 + f.y) / m) * ((sx2 + f.y) / m) : NaN;
  }
  const S1 = new Float64Array(k);
  const ST = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    S1[i] = V > 0 && cnt[i] > 0 ? s1sum[i] / cnt[i] / V : NaN;
    const num = fcnt[i] > 0 ? (cntT[i] > 0 ? (stsum[i] + fsum[i] - (noiseT[i] / cntT[i]) * fcnt[i]) / (cntT[i] + fcnt[i]) : NaN) : stsum[i] / cntT[i];
    ST[i] = V > 0 && cntT[i] + fcnt[i] > 0 ? num / V : NaN;
  }
  return { V, S1, ST, rows: cnt };
}

/** R bootstrap estimates over the base rows: S1 and ST of resample r, factor i at r·k + i. */
function sobolBootstrap(T: SobolTerms, R: number, seed: number): { S1: Float64Array; ST: Float64Array } {
  const { n, k } = T;
  const rng = new Rng(deriveSeed("sobol-bootstrap", seed));
  const S1 = new Float64Array(R * k);
  const ST = new Float64Array(R * k);
  const w = new Uint32Array(n);
  for (let r = 0; r < R; r++) {
    multinomialWeights(rng, n, w);
    const e = sobolEstimate(T, w);
    S1.set(e.S1, r * k);
    ST.set(e.ST, r * k);
  }
  return { S1, ST };
}

/** Per factor: the indices with their bootstrap intervals, and the interval of S1 − ST. */
function sobolIndices(point: SobolEstimate, boot: { S1: Float64Array; ST: Float64Array }, names: string[], R: number, conf: number) {
  const k = point.S1.length;
  const col = new Float64Array(R);
  const colOf = (src: Float64Array, i: number) => {
    for (let r = 0; r < R; r++) col[r] = src[r * k + i];
    return col;
  };
  const indices: SobolIndex[] = [];
  const diffCi: [number, number][] = [];
  const undefinedResamples: string[] = [];
  // an index that is undefined (V ≤ 0, no usable row) has no interval either, whatever some resamples gave
  const na = { ci: [NaN, NaN] as [number, number], se: NaN, undefined: 0 };
  for (let i = 0; i < k; i++) {
    const s1b = Number.isFinite(point.S1[i]) ? bootSummary(colOf(boot.S1, i), conf) : na;
    const stb = Number.isFinite(point.ST[i]) ? bootSummary(colOf(boot.ST, i), conf) : na;
    for (let r = 0; r < R; r++) col[r] = boot.S1[r * k + i] - boot.ST[r * k + i];
    diffCi.push(bootSummary(col, conf).ci);
    for (const [label, b] of [["S1", s1b], ["ST", stb]] as const) if (b.undefined > 0) undefinedResamples.push(`${label}(${names[i]}) ${b.undefined}`);
    indices.push({ name: names[i], S1: point.S1[i], S1_ci: s1b.ci, S1_se: s1b.se, ST: point.ST[i], ST_ci: stb.ci, ST_se: stb.se, rows: point.rows[i] });
  }
  return { indices, diffCi, undefinedResamples };
}

/** Point estimates from the first N/8, N/4, N/2 base rows of the design, and all N. */
function sobolConvergence(Y: ArrayLike<number>, N: number, k: number, point: SobolEstimate, noise?: ArrayLike<number> | null, halves?: RowHalves | null): SobolAnalysis["convergence"] {
  const convergence: SobolAnalysis["convergence"] = [];
  for (const div of [8, 4, 2]) {
    const n = Math.floor(N / div);
    if (n < 2) continue;
    const e = sobolEstimate(sobolTerms(Y, n, k, noise, halves));
    convergence.push({ N: n, S1: [...e.S1], ST: [...e.ST] });
  }
  convergence.push({ N, S1: [...point.S1], ST: [...point.ST] });
  return convergence;
}

/** The nearest power of two to n (at least 2). */
function nearestPowerOfTwo(n: number): number {
  const lo = 2 ** Math.floor(Math.log2(Math.max(2, n)));
  return n - lo <= 2 * lo - n ? lo : 2 * lo;
}

const f3 = (x: number) => (Number.isFinite(x) ? (Math.abs(x) < 0.0005 && x !== 0 ? x.toExponential(1) : x.toFixed(3)) : "NaN");
const ci3 = (c: [number, number]) => `[${f3(c[0])}, ${f3(c[1])}]`;

/** What the estimates cannot be trusted for: N not a power of two, no variance, negative indices, S1 > ST, few rows. */
function sobolWarnings(N: number, variance: number, rows: number, indices: SobolIndex[], diffCi: [number, number][], noisy: boolean): string[] {
  const warnings: string[] = [];
  if (!isPowerOfTwo(N)) {
    warnings.push(`N = ${N} is not a power of two: Sobol' points are balanced only in blocks of 2^m, so the estimates converge more slowly; use N = ${nearestPowerOfTwo(N)}`);
  }
  if (!(variance > 0)) {
    const flat = noisy
      ? `the variance of the exact means across the design, estimated net of the inner Monte Carlo noise, is not above 0 (V = ${variance.toPrecision(2)}): the noise swamps the variation; no indices (raise --inner or N)`
      : "the output does not vary over the design: no indices";
    warnings.push(rows === 0 ? "no base row has both A and B defined: no indices" : flat);
    return warnings;
  }
  const noise: string[] = [];
  const bad: string[] = [];
  for (const x of indices) {
    for (const [label, v, ci] of [["S1", x.S1, x.S1_ci], ["ST", x.ST, x.ST_ci]] as const) {
      if (!(v < 0)) continue;
      if (ci[0] <= 0 && ci[1] >= 0) noise.push(`${label}(${x.name})`);
      else bad.push(`${label}(${x.name}) = ${f3(v)} ${ci3(ci)}`);
    }
  }
  if (noise.length > 0) warnings.push(`negative, but 0 is inside the interval (read as 0; estimation noise): ${noise.join(", ")}`);
  if (bad.length > 0) warnings.push(`negative beyond the interval, which cannot be: the estimates have not converged (increase N): ${bad.join("; ")}`);
  const over = indices
    .map((x, i) => ({ x, i }))
    .filter(({ i }) => diffCi[i][0] > 0)
    .map(({ x, i }) => `${x.name} (S1 ${f3(x.S1)} > ST ${f3(x.ST)}, difference ${ci3(diffCi[i])})`);
  if (over.length > 0) warnings.push(`S1 exceeds ST beyond the interval of the difference, which cannot be: the estimates have not converged (increase N) or the output is heavy-tailed: ${over.join("; ")}`);
  if (rows < Math.min(N, 64)) warnings.push(`only ${rows} base rows are usable: the indices are rough`);
  return warnings;
}

/**
 * First-order (S1, Saltelli et al. 2010) and total (ST, Jansen 1999) Sobol'
 * indices from outputs Y of a saltelliDesign (N·(k + 2) values in its row
 * order), with bootstrap percentile intervals over the base rows:
 *
 *   V  = variance of the A and B outputs
 *   S1_i = mean_j f(B_j)·(f(AB_i,j) − f(A_j)) / V
 *   ST_i = mean_j (f(A_j) − f(AB_i,j))² / 2V
 *
 * or, with `halves` (each output a mean over draws, given over each half of
 * them), the split-half V and ST of the file's header, free of the inner
 * noise. NaN outputs are dropped: a base row counts for factor i when A_j,
 * B_j and AB_i,j are all defined (and, for the split ST, their halves).
 * Outputs so large that their squares could overflow (past 1e150)
 * are first divided by a power of two near the largest (exactly; stats.ts
 * scaleFor): the indices do not depend on the scale, and the mean and
 * variance are given back in the output's units (the variance past the
 * largest double if it is).
 */
export function sobolAnalyze(Y: ArrayLike<number>, N: number, k: number, opts: AnalyzeOptions & { noise?: ArrayLike<number> | null; halves?: RowHalves | null } = {}): SobolAnalysis {
  const { R, conf, seed } = checkAnalyzeOptions(opts);
  if (Y.length < N * (k + 2)) throw new RangeError(`sobolAnalyze: ${Y.length} outputs for N = ${N}, k = ${k} (need ${N * (k + 2)})`);
  const names = opts.names ?? Array.from({ length: k }, (_, i) => `x${i + 1}`);
  let undefinedRuns = 0;
  for (let r = 0; r < N * (k + 2); r++) if (Number.isNaN(Y[r])) undefinedRuns++;
  const scaled = scaledOutputs(Y, N * (k + 2), opts.noise, opts.halves);
  Y = scaled.Y;
  const T = sobolTerms(Y, N, k, scaled.noise, scaled.halves);
  const point = sobolEstimate(T);
  let rows = 0;
  for (let j = 0; j < N; j++) if (!Number.isNaN(T.a[j])) rows++;
  const { indices, diffCi, undefinedResamples } = sobolIndices(point, sobolBootstrap(T, R, seed), names, R, conf);
  const convergence = sobolConvergence(Y, N, k, point, scaled.noise, scaled.halves);
  const warnings = sobolWarnings(N, point.V, rows, indices, diffCi, T.split || !!opts.noise);
  if (undefinedResamples.length > 0) {
    warnings.push(`bootstrap resamples (of ${R}) in which an index is undefined (V ≤ 0 or no usable row in the resample), left out of its interval: ${undefinedResamples.join(", ")}`);
  }
  const c = scaled.scale;
  return { N, k, resamples: R, confLevel: conf, mean: T.mean * c, variance: point.V * c * c, rows, undefinedRuns, indices, convergence, warnings };
}

/** The outputs (and their halves and error variances) divided by scaleFor of the largest finite |output|; as given when that is 1. */
function scaledOutputs(
  Y: ArrayLike<number>,
  n: number,
  noise: ArrayLike<number> | null | undefined,
  halves: RowHalves | null | undefined,
): { Y: ArrayLike<number>; noise: ArrayLike<number> | null | undefined; halves: RowHalves | null | undefined; scale: number } {
  let big = 0;
  for (let r = 0; r < n; r++) {
    const a = Math.abs(Y[r]);
    if (a > big && a !== Infinity) big = a;
  }
  const scale = scaleFor(big);
  if (scale === 1) return { Y, noise, halves, scale };
  const div = (x: ArrayLike<number>) => Float64Array.from(x, (v) => v / scale);
  return {
    Y: div(Y),
    // a variance: divided by scale² (twice, as scale² may be past the largest double)
    noise: noise ? Float64Array.from(noise, (v) => v / scale / scale) : noise,
    halves: halves ? { Y1: div(halves.Y1), Y2: div(halves.Y2) } : halves,
    scale,
  };
}

