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
 * When each output is itself a Monte Carlo mean (the probability level),
 * its error adds its variance to V; given each output's error variance
 * (`noise`), V is the variance of the A and B outputs less their mean
 * error variance, so that it estimates the variance of the exact means.
 */
import { Rng, deriveSeed, isPowerOfTwo } from "../sobol-sequence.js";
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

/** The per-row terms of the estimators, from the first n base rows of the outputs. */
export interface SobolTerms {
  n: number;
  k: number;
  /** centred A and B outputs, NaN where either is undefined */
  a: Float64Array;
  b: Float64Array;
  /** per base row j and factor i (j·k + i): B(AB_i − A) and (A − AB_i)²/2, NaN where undefined */
  t1: Float64Array;
  t2: Float64Array;
  /** per base row: the error variances of its A and B outputs, added (0 without noise) */
  e: Float64Array;
  mean: number;
}

export function sobolTerms(Y: ArrayLike<number>, n: number, k: number, noise?: ArrayLike<number> | null): SobolTerms {
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
  const mean = cnt > 0 ? sum / cnt : NaN;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const t1 = new Float64Array(n * k);
  const t2 = new Float64Array(n * k);
  const e = new Float64Array(n);
  const err = (r: number) => (noise && noise[r] === noise[r] ? noise[r] : 0);
  for (let j = 0; j < n; j++) {
    e[j] = err(j * stride) + err(j * stride + k + 1);
    const ya = Y[j * stride] - mean;
    const yb = Y[j * stride + k + 1] - mean;
    const ok = ya === ya && yb === yb;
    a[j] = ok ? ya : NaN;
    b[j] = ok ? yb : NaN;
    for (let i = 0; i < k; i++) {
      const c = Y[j * stride + 1 + i] - mean;
      const good = ok && c === c;
      t1[j * k + i] = good ? yb * (c - ya) : NaN;
      t2[j * k + i] = good ? 0.5 * (ya - c) * (ya - c) : NaN;
    }
  }
  return { n, k, a, b, t1, t2, e, mean };
}

/** S1 and ST per factor, the variance V, and the (weighted) base rows that count for each factor. */
export interface SobolEstimate {
  V: number;
  S1: Float64Array;
  ST: Float64Array;
  rows: Float64Array;
}

/** The indices from the terms, with base-row weights w (null: all 1, the point estimate). */
export function sobolEstimate(T: SobolTerms, w: Uint32Array | null = null): SobolEstimate {
  const { n, k, a, b, t1, t2, e } = T;
  let sw = 0;
  let sx = 0;
  let sxx = 0;
  let se = 0;
  const s1sum = new Float64Array(k);
  const stsum = new Float64Array(k);
  const cnt = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    const wj = w === null ? 1 : w[j];
    if (wj === 0) continue;
    const x = a[j];
    if (x === x) {
      const y = b[j];
      sw += 2 * wj;
      sx += wj * (x + y);
      sxx += wj * (x * x + y * y);
      se += wj * e[j];
    }
    const base = j * k;
    for (let i = 0; i < k; i++) {
      const v = t1[base + i];
      if (v === v) {
        s1sum[i] += wj * v;
        stsum[i] += wj * t2[base + i];
        cnt[i] += wj;
      }
    }
  }
  const m = sx / sw;
  const V = sw > 0 ? sxx / sw - m * m - se / sw : NaN;
  const S1 = new Float64Array(k);
  const ST = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const ok = V > 0 && cnt[i] > 0;
    S1[i] = ok ? s1sum[i] / cnt[i] / V : NaN;
    ST[i] = ok ? stsum[i] / cnt[i] / V : NaN;
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
  for (let i = 0; i < k; i++) {
    const s1b = bootSummary(colOf(boot.S1, i), conf);
    const stb = bootSummary(colOf(boot.ST, i), conf);
    for (let r = 0; r < R; r++) col[r] = boot.S1[r * k + i] - boot.ST[r * k + i];
    diffCi.push(bootSummary(col, conf).ci);
    indices.push({ name: names[i], S1: point.S1[i], S1_ci: s1b.ci, S1_se: s1b.se, ST: point.ST[i], ST_ci: stb.ci, ST_se: stb.se, rows: point.rows[i] });
  }
  return { indices, diffCi };
}

/** Point estimates from the first N/8, N/4, N/2 base rows of the design, and all N. */
function sobolConvergence(Y: ArrayLike<number>, N: number, k: number, point: SobolEstimate, noise?: ArrayLike<number> | null): SobolAnalysis["convergence"] {
  const convergence: SobolAnalysis["convergence"] = [];
  for (const div of [8, 4, 2]) {
    const n = Math.floor(N / div);
    if (n < 2) continue;
    const e = sobolEstimate(sobolTerms(Y, n, k, noise));
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
function sobolWarnings(N: number, variance: number, rows: number, indices: SobolIndex[], diffCi: [number, number][]): string[] {
  const warnings: string[] = [];
  if (!isPowerOfTwo(N)) {
    warnings.push(`N = ${N} is not a power of two: Sobol' points are balanced only in blocks of 2^m, so the estimates converge more slowly; use N = ${nearestPowerOfTwo(N)}`);
  }
  if (!(variance > 0)) {
    warnings.push(rows === 0 ? "no base row has both A and B defined: no indices" : "the output does not vary over the design: no indices");
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
 * NaN outputs are dropped: a base row counts for factor i when A_j, B_j and
 * AB_i,j are all defined.
 */
export function sobolAnalyze(Y: ArrayLike<number>, N: number, k: number, opts: AnalyzeOptions & { noise?: ArrayLike<number> | null } = {}): SobolAnalysis {
  const { R, conf, seed } = checkAnalyzeOptions(opts);
  if (Y.length < N * (k + 2)) throw new RangeError(`sobolAnalyze: ${Y.length} outputs for N = ${N}, k = ${k} (need ${N * (k + 2)})`);
  const names = opts.names ?? Array.from({ length: k }, (_, i) => `x${i + 1}`);
  let undefinedRuns = 0;
  for (let r = 0; r < N * (k + 2); r++) if (Number.isNaN(Y[r])) undefinedRuns++;
  const T = sobolTerms(Y, N, k, opts.noise);
  const point = sobolEstimate(T);
  let rows = 0;
  for (let j = 0; j < N; j++) if (!Number.isNaN(T.a[j])) rows++;
  const { indices, diffCi } = sobolIndices(point, sobolBootstrap(T, R, seed), names, R, conf);
  const convergence = sobolConvergence(Y, N, k, point, opts.noise);
  const warnings = sobolWarnings(N, point.V, rows, indices, diffCi);
  return { N, k, resamples: R, confLevel: conf, mean: T.mean, variance: point.V, rows, undefinedRuns, indices, convergence, warnings };
}
