/**
 * Global sensitivity analysis of a model's outputs to its uncertain
 * parameters, in separate steps as in SALib: a design over the factors, the
 * model runs, and the analysis of each output.
 *
 * - Sobol' indices: Saltelli's design (2010) from a scrambled Sobol'
 *   sequence; first-order S1 with the estimator of Saltelli et al. (2010),
 *   total ST with Jansen's (1999); bootstrap percentile intervals; a
 *   convergence table over the first N/8, N/4, N/2 base rows.
 * - Morris elementary effects (Morris 1991) with μ* (Campolongo et al. 2007)
 *   and a bootstrap interval for μ*.
 * - One-at-a-time "tornado": each factor at its prior's 5th and 95th
 *   percentiles, the others at their medians or sampled from their priors.
 *
 * Plain functions (saltelliDesign, sobolAnalyze, morrisDesign,
 * morrisAnalyze, oatPlan, oatAnalyze) work on any function of independent
 * inputs given by quantile functions. The model-level steps (buildDesign,
 * evaluateDesign, analyzeDesign, or runSensitivity for all three) run a
 * CompiledModel with simulate()'s per-draw parameter values.
 *
 * Every random input of a model that is not a factor (hazard thresholds, and
 * uncertain parameters left out of `params`) comes from the draw's own
 * stream. In a Sobol' design the rows A_j and AB_i,j share draw j, so the
 * difference between them is the factor's alone; B_j takes draw N + j, an
 * independent one, and an extra block AB_rest,j (A_j's values with B_j's
 * draw) measures those inputs together as one more factor, "(rest)". See
 * docs/sensitivity.md.
 *
 * @example
 * const model = loadModel("models/test/ishigami.yaml");
 * const r = runSensitivity(model, { method: "sobol", N: 1024, seed: 1 });
 * r.outputs.y.sobol!.indices; // [{ name: "x1", S1, S1_ci, ST, ST_ci, … }, …]
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CompiledModel, OutputKind } from "../model/types.js";
import type { Distribution } from "../model/distributions.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { simulate } from "../engine/simulate.js";
import { MIN_DRAWS_PER_WORKER, chunkSize, runChunks } from "../parallel/parallel.js";
import { VERSION, resultJSON } from "./result.js";
import { quantileSorted } from "./stats.js";
import { MAX_SOBOL_DIMS, Rng, SobolSequence, deriveSeed, isPowerOfTwo } from "./sobol-sequence.js";

export const DESIGN_SCHEMA = "rsi-sim.design/1";
export const SENSITIVITY_SCHEMA = "rsi-sim.sensitivity/1";
/** Name of the pseudo-factor grouping every random input that is not a factor. */
export const REST = "(rest)";

// ---------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------

/** A factor's distribution: a quantile function, or anything with one (a Distribution). */
export type QuantileLike = ((u: number) => number) | { quantile(u: number): number; median?: number; text?: string };

/** Independent factors, each given by its quantile function (inverse CDF). */
export interface Problem {
  names: string[];
  dists: QuantileLike[];
}

function quantileFn(d: QuantileLike): (u: number) => number {
  return typeof d === "function" ? d : (u) => d.quantile(u);
}

function medianOf(d: QuantileLike): number {
  if (typeof d !== "function" && typeof d.median === "number") return d.median;
  return quantileFn(d)(0.5);
}

function checkProblem(problem: Problem): void {
  if (problem.names.length === 0) throw new UserError("--params", "no factors to analyse");
  if (problem.names.length !== problem.dists.length) throw new RangeError("problem: names and dists differ in length");
  if (new Set(problem.names).size !== problem.names.length) throw new UserError("--params", "a factor is named twice");
}

/** Unit-space value of a 32-bit Sobol' coordinate: the centre of its cell, so never 0 or 1. */
const unitOf = (x: number) => (x + 0.5) / 2 ** 32;

// ---------------------------------------------------------------------------
// Sobol' indices: design
// ---------------------------------------------------------------------------

export interface SaltelliOptions {
  seed?: number;
  /** second-order indices are not supported; pass false or leave out */
  secondOrder?: false;
  /** scramble the Sobol' sequence (default true) */
  scramble?: boolean;
  /**
   * points of the sequence skipped (default: 0 when scrambled, 1 when not,
   * where point 0 is the origin and maps to every prior's lower end)
   */
  skip?: number;
}

/**
 * Saltelli's design: A and B from the first and last k coordinates of a
 * 2k-dimensional Sobol' sequence, and AB_i = A with column i from B.
 * X holds N·(k + 2) rows in SALib's order, per base index j:
 * A_j, AB_1,j, …, AB_k,j, B_j (row j·(k + 2) + b; b = 0 is A, b = k + 1 is B).
 */
export interface SaltelliDesign {
  names: string[];
  N: number;
  k: number;
  seed: number;
  scramble: boolean;
  skip: number;
  /** unit-space A and B (N × k, row-major), in (0, 1) */
  unitA: Float64Array;
  unitB: Float64Array;
  /** A and B mapped through the quantile functions (N × k) */
  A: Float64Array;
  B: Float64Array;
  /** all N·(k + 2) rows × k values */
  X: Float64Array;
  rows: number;
}

/** Saltelli (2010) design for first-order and total Sobol' indices: N·(k + 2) rows. */
export function saltelliDesign(problem: Problem, N: number, opts: SaltelliOptions = {}): SaltelliDesign {
  checkProblem(problem);
  if (opts.secondOrder) throw new RangeError("saltelliDesign: second-order indices are not supported");
  if (!Number.isInteger(N) || N < 2) throw new UserError("--samples", `must be an integer of at least 2 for a Sobol' design, got ${N}`);
  const k = problem.names.length;
  if (2 * k > MAX_SOBOL_DIMS) {
    throw new UserError("--params", `a Sobol' design here takes at most ${MAX_SOBOL_DIMS / 2} factors, got ${k}; choose some with --params`);
  }
  const seed = opts.seed ?? 1;
  const scramble = opts.scramble ?? true;
  const skip = opts.skip ?? (scramble ? 0 : 1);
  const seq = new SobolSequence(2 * k, { scramble, seed, skip });
  const q = problem.dists.map(quantileFn);
  const unitA = new Float64Array(N * k);
  const unitB = new Float64Array(N * k);
  const A = new Float64Array(N * k);
  const B = new Float64Array(N * k);
  const pt = new Uint32Array(2 * k);
  for (let j = 0; j < N; j++) {
    seq.nextInts(pt);
    for (let i = 0; i < k; i++) {
      const ua = unitOf(pt[i]);
      const ub = unitOf(pt[k + i]);
      unitA[j * k + i] = ua;
      unitB[j * k + i] = ub;
      A[j * k + i] = q[i](ua);
      B[j * k + i] = q[i](ub);
    }
  }
  const stride = k + 2;
  const X = new Float64Array(N * stride * k);
  for (let j = 0; j < N; j++) {
    const a = A.subarray(j * k, j * k + k);
    const b = B.subarray(j * k, j * k + k);
    X.set(a, (j * stride) * k);
    for (let i = 0; i < k; i++) {
      const o = (j * stride + 1 + i) * k;
      X.set(a, o);
      X[o + i] = b[i];
    }
    X.set(b, (j * stride + k + 1) * k);
  }
  return { names: [...problem.names], N, k, seed, scramble, skip, unitA, unitB, A, B, X, rows: N * stride };
}

// ---------------------------------------------------------------------------
// Sobol' indices: analysis
// ---------------------------------------------------------------------------

export interface AnalyzeOptions {
  /** bootstrap resamples (default 1000) */
  resamples?: number;
  /** confidence level of the intervals (default 0.95) */
  confLevel?: number;
  /** seed of the bootstrap (default 1) */
  seed?: number;
  /** factor names, for the warnings (default x1 … xk) */
  names?: string[];
}

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

interface SobolTerms {
  n: number;
  k: number;
  /** centred A and B outputs, NaN where either is undefined */
  a: Float64Array;
  b: Float64Array;
  /** per base row j and factor i (j·k + i): B(AB_i − A) and (A − AB_i)²/2, NaN where undefined */
  t1: Float64Array;
  t2: Float64Array;
  mean: number;
}

function sobolTerms(Y: ArrayLike<number>, n: number, k: number): SobolTerms {
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
  for (let j = 0; j < n; j++) {
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
  return { n, k, a, b, t1, t2, mean };
}

/**
 * Indices from the terms with base-row weights w (null: all 1): writes S1
 * and ST into s1, st (offset o) and returns the variance.
 */
function sobolEstimate(T: SobolTerms, w: Uint32Array | null, s1: Float64Array, st: Float64Array, o: number, rowsOut?: Int32Array): number {
  const { n, k, a, b, t1, t2 } = T;
  let sw = 0;
  let sx = 0;
  let sxx = 0;
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
  const V = sw > 0 ? sxx / sw - m * m : NaN;
  for (let i = 0; i < k; i++) {
    const ok = V > 0 && cnt[i] > 0;
    s1[o + i] = ok ? s1sum[i] / cnt[i] / V : NaN;
    st[o + i] = ok ? stsum[i] / cnt[i] / V : NaN;
    if (rowsOut) rowsOut[i] = cnt[i];
  }
  return V;
}

/** Percentile interval and standard deviation of a bootstrap column. */
function bootSummary(values: Float64Array, conf: number): { ci: [number, number]; se: number } {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  if (finite.length < 2) return { ci: [NaN, NaN], se: NaN };
  let m = 0;
  for (const v of finite) m += v;
  m /= finite.length;
  let s = 0;
  for (const v of finite) s += (v - m) * (v - m);
  return {
    ci: [quantileSorted(finite, (1 - conf) / 2), quantileSorted(finite, (1 + conf) / 2)],
    se: Math.sqrt(s / (finite.length - 1)),
  };
}

function multinomialWeights(rng: Rng, n: number, w: Uint32Array): void {
  w.fill(0);
  for (let s = 0; s < n; s++) w[rng.int(n)]++;
}

/** The nearest power of two to n (at least 2). */
function nearestPowerOfTwo(n: number): number {
  const lo = 2 ** Math.floor(Math.log2(Math.max(2, n)));
  return n - lo <= 2 * lo - n ? lo : 2 * lo;
}

const f3 = (x: number) => (Number.isFinite(x) ? (Math.abs(x) < 0.0005 && x !== 0 ? x.toExponential(1) : x.toFixed(3)) : "NaN");
const ci3 = (c: [number, number]) => `[${f3(c[0])}, ${f3(c[1])}]`;

function checkAnalyzeOptions(opts: AnalyzeOptions): { R: number; conf: number; seed: number } {
  const R = opts.resamples ?? 1000;
  const conf = opts.confLevel ?? 0.95;
  if (!Number.isInteger(R) || R < 20) throw new UserError("--resamples", `must be an integer of at least 20, got ${R}`);
  if (!(conf > 0 && conf < 1)) throw new UserError("--conf-level", `must be between 0 and 1 (e.g. 0.95), got ${conf}`);
  return { R, conf, seed: opts.seed ?? 1 };
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
export function sobolAnalyze(Y: ArrayLike<number>, N: number, k: number, opts: AnalyzeOptions = {}): SobolAnalysis {
  const { R, conf, seed } = checkAnalyzeOptions(opts);
  if (Y.length < N * (k + 2)) throw new RangeError(`sobolAnalyze: ${Y.length} outputs for N = ${N}, k = ${k} (need ${N * (k + 2)})`);
  const names = opts.names ?? Array.from({ length: k }, (_, i) => `x${i + 1}`);
  let undefinedRuns = 0;
  for (let r = 0; r < N * (k + 2); r++) if (Number.isNaN(Y[r])) undefinedRuns++;
  const T = sobolTerms(Y, N, k);
  const S1 = new Float64Array(k);
  const ST = new Float64Array(k);
  const rowsPer = new Int32Array(k);
  const variance = sobolEstimate(T, null, S1, ST, 0, rowsPer);
  let rows = 0;
  for (let j = 0; j < N; j++) if (!Number.isNaN(T.a[j])) rows++;

  // bootstrap over base rows
  const rng = new Rng(deriveSeed("sobol-bootstrap", seed));
  const bS1 = new Float64Array(R * k);
  const bST = new Float64Array(R * k);
  const w = new Uint32Array(N);
  for (let r = 0; r < R; r++) {
    multinomialWeights(rng, N, w);
    sobolEstimate(T, w, bS1, bST, r * k);
  }
  const col = new Float64Array(R);
  const colOf = (src: Float64Array, i: number) => {
    for (let r = 0; r < R; r++) col[r] = src[r * k + i];
    return col;
  };
  const indices: SobolIndex[] = [];
  const diffLo: number[] = [];
  const diffCi: [number, number][] = [];
  for (let i = 0; i < k; i++) {
    const s1b = bootSummary(colOf(bS1, i), conf);
    const stb = bootSummary(colOf(bST, i), conf);
    for (let r = 0; r < R; r++) col[r] = bS1[r * k + i] - bST[r * k + i];
    const d = bootSummary(col, conf);
    diffLo.push(d.ci[0]);
    diffCi.push(d.ci);
    indices.push({ name: names[i], S1: S1[i], S1_ci: s1b.ci, S1_se: s1b.se, ST: ST[i], ST_ci: stb.ci, ST_se: stb.se, rows: rowsPer[i] });
  }

  // convergence: point estimates from the first rows of the design
  const convergence: SobolAnalysis["convergence"] = [];
  for (const div of [8, 4, 2]) {
    const n = Math.floor(N / div);
    if (n < 2) continue;
    const Tn = sobolTerms(Y, n, k);
    const s1 = new Float64Array(k);
    const st = new Float64Array(k);
    sobolEstimate(Tn, null, s1, st, 0);
    convergence.push({ N: n, S1: [...s1], ST: [...st] });
  }
  convergence.push({ N, S1: [...S1], ST: [...ST] });

  // warnings
  const warnings: string[] = [];
  if (!isPowerOfTwo(N)) {
    warnings.push(`N = ${N} is not a power of two: Sobol' points are balanced only in blocks of 2^m, so the estimates converge more slowly; use N = ${nearestPowerOfTwo(N)}`);
  }
  if (!(variance > 0)) {
    warnings.push(rows === 0 ? "no base row has both A and B defined: no indices" : "the output does not vary over the design: no indices");
  } else {
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
      .filter(({ i }) => diffLo[i] > 0)
      .map(({ x, i }) => `${x.name} (S1 ${f3(x.S1)} > ST ${f3(x.ST)}, difference ${ci3(diffCi[i])})`);
    if (over.length > 0) warnings.push(`S1 exceeds ST beyond the interval of the difference, which cannot be: the estimates have not converged (increase N) or the output is heavy-tailed: ${over.join("; ")}`);
    if (rows < Math.min(N, 64)) warnings.push(`only ${rows} base rows are usable: the indices are rough`);
  }
  return { N, k, resamples: R, confLevel: conf, mean: T.mean, variance, rows, undefinedRuns, indices, convergence, warnings };
}

// ---------------------------------------------------------------------------
// Morris elementary effects
// ---------------------------------------------------------------------------

export interface MorrisOptions {
  seed?: number;
  /** number of levels p (even, default 4) */
  levels?: number;
}

/**
 * r trajectories of k + 1 points each (row t·(k + 1) + s). Factor levels
 * are the unit-space points (2l + 1)/2p, l = 0 … p − 1 (cell centres, so
 * unbounded priors stay finite); each step moves one factor by p/2 levels,
 * Δ = 1/2 in unit space, up from the lower half and down from the upper.
 */
export interface MorrisDesign {
  names: string[];
  r: number;
  k: number;
  levels: number;
  /** the step in unit space */
  delta: number;
  seed: number;
  /** r·(k + 1) rows × k, unit space and mapped through the quantile functions */
  unit: Float64Array;
  X: Float64Array;
  rows: number;
  /** per trajectory t and step s (t·k + s): the factor moved and the direction (+1 up, −1 down) */
  order: Int32Array;
  sign: Int8Array;
}

/**
 * Morris (1991) one-at-a-time trajectories: morrisDesign(problem, r) with
 * 4 levels, morrisDesign(problem, r, p, { seed }) or
 * morrisDesign(problem, r, { levels, seed }).
 */
export function morrisDesign(problem: Problem, r: number, levelsOrOpts?: number | MorrisOptions, more: MorrisOptions = {}): MorrisDesign {
  checkProblem(problem);
  const opts: MorrisOptions = typeof levelsOrOpts === "number" ? { ...more, levels: levelsOrOpts } : { ...more, ...(levelsOrOpts ?? {}) };
  const p = opts.levels ?? 4;
  if (!Number.isInteger(r) || r < 2) throw new UserError("--trajectories", `must be an integer of at least 2, got ${r}`);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0 || p > 1000) throw new UserError("--levels", `must be an even integer from 2 to 1000, got ${p}`);
  const seed = opts.seed ?? 1;
  const k = problem.names.length;
  const q = problem.dists.map(quantileFn);
  const rng = new Rng(deriveSeed("morris", seed));
  const rows = r * (k + 1);
  const unit = new Float64Array(rows * k);
  const X = new Float64Array(rows * k);
  const order = new Int32Array(r * k);
  const sign = new Int8Array(r * k);
  const level = new Int32Array(k);
  const perm = new Int32Array(k);
  const half = p / 2;
  for (let t = 0; t < r; t++) {
    for (let i = 0; i < k; i++) {
      level[i] = rng.int(p);
      perm[i] = i;
    }
    for (let i = k - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const row0 = t * (k + 1);
    for (let i = 0; i < k; i++) unit[row0 * k + i] = (2 * level[i] + 1) / (2 * p);
    for (let s = 0; s < k; s++) {
      const f = perm[s];
      const up = level[f] < half;
      level[f] += up ? half : -half;
      order[t * k + s] = f;
      sign[t * k + s] = up ? 1 : -1;
      const row = row0 + s + 1;
      unit.copyWithin(row * k, (row - 1) * k, row * k);
      unit[row * k + f] = (2 * level[f] + 1) / (2 * p);
    }
  }
  // map each distinct level once per factor
  for (let i = 0; i < k; i++) {
    const cache = new Map<number, number>();
    for (let row = 0; row < rows; row++) {
      const u = unit[row * k + i];
      let v = cache.get(u);
      if (v === undefined) cache.set(u, (v = q[i](u)));
      X[row * k + i] = v;
    }
  }
  return { names: [...problem.names], r, k, levels: p, delta: 0.5, seed, unit, X, rows, order, sign };
}

export interface MorrisIndex {
  name: string;
  /** mean elementary effect (effects cancel when the sign changes) */
  mu: number;
  /** mean absolute elementary effect (Campolongo et al. 2007) */
  muStar: number;
  muStar_ci: [number, number];
  muStar_se: number;
  /** standard deviation of the effects: nonlinearity or interactions */
  sigma: number;
  /** elementary effects used (both points defined) */
  effects: number;
}

export interface MorrisAnalysis {
  r: number;
  k: number;
  levels: number;
  delta: number;
  resamples: number;
  confLevel: number;
  undefinedRuns: number;
  /** in factor order */
  indices: MorrisIndex[];
  warnings: string[];
}

/**
 * μ, μ* and σ of the elementary effects EE = ±(f(x') − f(x)) / Δ, with Δ
 * in unit space (so effects are per half of the prior's probability mass),
 * and a bootstrap percentile interval of μ* over trajectories.
 */
export function morrisAnalyze(
  design: Pick<MorrisDesign, "r" | "k" | "levels" | "delta" | "order" | "sign"> & { names?: string[] },
  Y: ArrayLike<number>,
  opts: AnalyzeOptions = {},
): MorrisAnalysis {
  const { R, conf, seed } = checkAnalyzeOptions(opts);
  const { r, k, delta, order, sign } = design;
  if (Y.length < r * (k + 1)) throw new RangeError(`morrisAnalyze: ${Y.length} outputs for r = ${r}, k = ${k}`);
  const names = opts.names ?? design.names ?? Array.from({ length: k }, (_, i) => `x${i + 1}`);
  let undefinedRuns = 0;
  for (let i = 0; i < r * (k + 1); i++) if (Number.isNaN(Y[i])) undefinedRuns++;
  // ee[t·k + i]: trajectory t's effect of factor i
  const ee = new Float64Array(r * k);
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < k; s++) {
      const y0 = Y[t * (k + 1) + s];
      const y1 = Y[t * (k + 1) + s + 1];
      ee[t * k + order[t * k + s]] = (sign[t * k + s] * (y1 - y0)) / delta;
    }
  }
  const indices: MorrisIndex[] = [];
  const rng = new Rng(deriveSeed("morris-bootstrap", seed));
  const w = new Uint32Array(r);
  const boot = new Float64Array(R * k);
  for (let b = 0; b < R; b++) {
    multinomialWeights(rng, r, w);
    for (let i = 0; i < k; i++) {
      let s = 0;
      let c = 0;
      for (let t = 0; t < r; t++) {
        const e = ee[t * k + i];
        if (w[t] > 0 && e === e) {
          s += w[t] * Math.abs(e);
          c += w[t];
        }
      }
      boot[b * k + i] = c > 0 ? s / c : NaN;
    }
  }
  const col = new Float64Array(R);
  let dropped = 0;
  for (let i = 0; i < k; i++) {
    let n = 0;
    let m = 0;
    let ma = 0;
    for (let t = 0; t < r; t++) {
      const e = ee[t * k + i];
      if (e !== e) {
        dropped++;
        continue;
      }
      n++;
      m += e;
      ma += Math.abs(e);
    }
    m /= n;
    ma /= n;
    let ss = 0;
    for (let t = 0; t < r; t++) {
      const e = ee[t * k + i];
      if (e === e) ss += (e - m) * (e - m);
    }
    for (let b = 0; b < R; b++) col[b] = boot[b * k + i];
    const bs = bootSummary(col, conf);
    indices.push({
      name: names[i],
      mu: n > 0 ? m : NaN,
      muStar: n > 0 ? ma : NaN,
      muStar_ci: bs.ci,
      muStar_se: bs.se,
      sigma: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN,
      effects: n,
    });
  }
  const warnings: string[] = [];
  if (r < 10) warnings.push(`only ${r} trajectories: μ* and its interval are rough; use 10 or more (20–50 is common)`);
  if (dropped > 0) warnings.push(`${dropped} of ${r * k} elementary effects dropped (an output undefined at either end)`);
  return { r, k, levels: design.levels, delta, resamples: R, confLevel: conf, undefinedRuns, indices, warnings };
}

// ---------------------------------------------------------------------------
// One at a time (tornado)
// ---------------------------------------------------------------------------

export interface OatOptions {
  /** the low and high quantiles (default 0.05 and 0.95) */
  low?: number;
  high?: number;
  /** the other factors at their medians (default) or sampled from their priors */
  others?: "medians" | "prior";
}

/**
 * Points: 0 is the base (every factor at its median, or all sampled), then
 * factor i low at 1 + 2i and high at 2 + 2i. X (points × k) holds NaN where
 * a value is to be sampled from the prior (others: "prior").
 */
export interface OatPlan {
  names: string[];
  others: "medians" | "prior";
  low: number;
  high: number;
  medians: number[];
  lowValues: number[];
  highValues: number[];
  points: { factor: number; level: "base" | "low" | "high" }[];
  X: Float64Array;
}

export function oatPlan(problem: Problem, opts: OatOptions = {}): OatPlan {
  checkProblem(problem);
  const low = opts.low ?? 0.05;
  const high = opts.high ?? 0.95;
  const others = opts.others ?? "medians";
  if (!(low > 0 && low < high && high < 1)) throw new RangeError(`oatPlan: need 0 < low < high < 1, got ${low}, ${high}`);
  const k = problem.names.length;
  const q = problem.dists.map(quantileFn);
  const medians = problem.dists.map(medianOf);
  const lowValues = q.map((f) => f(low));
  const highValues = q.map((f) => f(high));
  const points: OatPlan["points"] = [{ factor: -1, level: "base" }];
  for (let i = 0; i < k; i++) points.push({ factor: i, level: "low" }, { factor: i, level: "high" });
  const X = new Float64Array(points.length * k);
  points.forEach((pt, p) => {
    for (let i = 0; i < k; i++) X[p * k + i] = others === "medians" ? medians[i] : NaN;
    if (pt.factor >= 0) X[p * k + pt.factor] = pt.level === "low" ? lowValues[pt.factor] : highValues[pt.factor];
  });
  return { names: [...problem.names], others, low, high, medians, lowValues, highValues, points, X };
}

export interface OatRow {
  name: string;
  /** the factor's values at the low and high quantiles */
  lowValue: number;
  highValue: number;
  /** mean output at each (over the draws where it is defined) */
  low: number;
  high: number;
  /** high − low, over draws where both are defined, and its interval (paired, normal approximation) */
  delta: number;
  delta_ci: [number, number] | null;
  /** |high − low| */
  swing: number;
  /** draws where both are defined */
  n: number;
}

export interface OatAnalysis {
  others: "medians" | "prior";
  low: number;
  high: number;
  draws: number;
  confLevel: number;
  /** mean output at the base point */
  base: number;
  undefinedRuns: number;
  /** sorted by swing, largest first */
  rows: OatRow[];
  warnings: string[];
}

/** Inverse of the standard normal CDF for the two-sided interval z (Acklam's approximation is plenty here). */
function zFor(conf: number): number {
  const p = (1 + conf) / 2;
  // Beasley–Springer–Moro / Acklam rational approximation
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  if (p > 0.97575) {
    const qq = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * qq + c[1]) * qq + c[2]) * qq + c[3]) * qq + c[4]) * qq + c[5]) / ((((d[0] * qq + d[1]) * qq + d[2]) * qq + d[3]) * qq + 1);
  }
  const qq = p - 0.5;
  const r = qq * qq;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * qq) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * The tornado of a plain function of the factors (no other randomness):
 * oatPlan, one evaluation per point, oatAnalyze.
 *
 * @example oatTornado({ names: ["a"], dists: [(u) => u] }, (x) => 2 * x[0]).rows[0].swing // 1.8
 */
export function oatTornado(problem: Problem, f: (x: Float64Array) => number, opts: OatOptions = {}): OatAnalysis {
  if (opts.others === "prior") throw new RangeError("oatTornado evaluates a plain function at fixed points; others: \"prior\" needs draws (use runSensitivity)");
  const plan = oatPlan(problem, opts);
  const k = problem.names.length;
  const Y = plan.points.map((_, p) => f(plan.X.slice(p * k, p * k + k)));
  return oatAnalyze(plan, Y, 1);
}

/**
 * Tornado from outputs Y of an oatPlan evaluated over M draws per point
 * (value of point p, draw d at p·M + d; the same draws at every point).
 */
export function oatAnalyze(plan: OatPlan, Y: ArrayLike<number>, M: number, opts: { confLevel?: number } = {}): OatAnalysis {
  const conf = opts.confLevel ?? 0.95;
  if (!(conf > 0 && conf < 1)) throw new UserError("--conf-level", `must be between 0 and 1 (e.g. 0.95), got ${conf}`);
  const P = plan.points.length;
  if (Y.length < P * M) throw new RangeError(`oatAnalyze: ${Y.length} outputs for ${P} points × ${M} draws`);
  const z = zFor(conf);
  let undefinedRuns = 0;
  for (let i = 0; i < P * M; i++) if (Number.isNaN(Y[i])) undefinedRuns++;
  const meanAt = (p: number) => {
    let s = 0;
    let n = 0;
    for (let d = 0; d < M; d++) {
      const y = Y[p * M + d];
      if (y === y) {
        s += y;
        n++;
      }
    }
    return n > 0 ? s / n : NaN;
  };
  const rows: OatRow[] = plan.names.map((name, i) => {
    const lo = 1 + 2 * i;
    const hi = 2 + 2 * i;
    let n = 0;
    let m = 0;
    let m2 = 0;
    for (let d = 0; d < M; d++) {
      const x = Y[hi * M + d] - Y[lo * M + d];
      if (x !== x) continue;
      n++;
      const dd = x - m;
      m += dd / n;
      m2 += dd * (x - m);
    }
    const se = n > 1 ? Math.sqrt(m2 / (n - 1) / n) : NaN;
    return {
      name,
      lowValue: plan.lowValues[i],
      highValue: plan.highValues[i],
      low: meanAt(lo),
      high: meanAt(hi),
      delta: n > 0 ? m : NaN,
      delta_ci: M > 1 && n > 1 ? [m - z * se, m + z * se] : null,
      swing: n > 0 ? Math.abs(m) : NaN,
      n,
    };
  });
  rows.sort((a, b) => (Number.isNaN(b.swing) ? -1 : Number.isNaN(a.swing) ? 1 : b.swing - a.swing));
  const warnings: string[] = [];
  if (undefinedRuns > 0) warnings.push(`${undefinedRuns} of ${P * M} runs undefined: means are over the draws where the output is defined`);
  return { others: plan.others, low: plan.low, high: plan.high, draws: M, confLevel: conf, base: meanAt(0), undefinedRuns, rows, warnings };
}

// ---------------------------------------------------------------------------
// Model designs
// ---------------------------------------------------------------------------

export type Method = "sobol" | "morris" | "oat";
export const METHODS: Method[] = ["sobol", "morris", "oat"];

export interface DesignOutput {
  name: string;
  kind: OutputKind;
  description: string;
  headline: boolean;
}

/** A design over a model's parameters, ready to run or to save (writeDesign). */
export interface ModelDesign {
  schema: typeof DESIGN_SCHEMA;
  version: string;
  method: Method;
  model: { name: string; file: string; sha256: string };
  seed: number;
  /** Sobol': base rows; Morris: trajectories; OAT: draws per point */
  N: number;
  /** the design's columns */
  factors: { name: string; prior: string }[];
  /** the random inputs that are not factors (hazards, other uncertain parameters), drawn from each draw's stream */
  rest: { hazards: string[]; parameters: string[] };
  /** parameter settings for the run: fixed values and replaced priors (as text) */
  settings: Record<string, number | string>;
  correlations: { between: [string, string]; rank: number }[];
  outputs: DesignOutput[];
  rows: number;
  /** the draw (stream index) of each row: its hazard thresholds and non-factor parameters */
  draws: Int32Array;
  /** rows × factors, row-major; NaN = from the draw's stream */
  values: Float64Array;
  sobol?: { k: number; includesRest: boolean; scramble: boolean; skip: number; drawLayout: "independent" | "shared" };
  morris?: { levels: number; delta: number; order: Int32Array; sign: Int8Array };
  oat?: { others: "medians" | "prior"; low: number; high: number; points: { factor: number; level: "base" | "low" | "high" }[]; lowValues: number[]; highValues: number[]; medians: number[] };
}

export interface SensitivityOptions {
  method: Method;
  /** factors (default: every uncertain parameter) */
  params?: string[];
  /** outputs to analyse (default: the model's headline outputs, or all when none is marked) */
  outputs?: string[];
  /** Sobol': base rows N (default 1024); OAT: draws per point (default 200, or 1 for a model with no other random input) */
  N?: number;
  /** Morris: trajectories (default 50) */
  trajectories?: number;
  /** Morris: levels (default 4) */
  levels?: number;
  seed?: number;
  resamples?: number;
  confLevel?: number;
  /** parameter settings applied first (a number fixes, a Distribution replaces the prior) */
  overrides?: Record<string, ParameterSetting>;
  /** OAT: the other factors at their medians (default) or sampled from their priors */
  others?: "medians" | "prior";
  /** Sobol': scramble the sequence (default true) and points skipped (default 0 scrambled, 1 not) */
  scramble?: boolean;
  skip?: number;
  /**
   * Sobol': draws of the B rows. "independent" (default): B_j uses draw N + j,
   * so S1 is the standard first-order index and "(rest)" is estimated;
   * "shared": B_j uses draw j like A_j (then S1_i also counts x_i's
   * interactions with the non-factor inputs, and "(rest)" is not estimated).
   */
  drawLayout?: "independent" | "shared";
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_SOBOL_N = 1024;
export const DEFAULT_TRAJECTORIES = 50;
export const DEFAULT_OAT_DRAWS = 200;

/** The model's uncertain parameters (or `params`) as a Problem, checking names. */
export function modelProblem(
  model: CompiledModel,
  params?: string[],
  overrides: Record<string, ParameterSetting> = {},
): { problem: Problem; priors: Distribution[]; rest: ModelDesign["rest"] } {
  const setting = (name: string): ParameterSetting | undefined => {
    const p = model.parameters.find((q) => q.name === name)!;
    return Object.hasOwn(overrides, name) ? overrides[name] : p.prior ?? p.value;
  };
  const uncertain = model.parameters.filter((p) => typeof setting(p.name) === "object").map((p) => p.name);
  let names: string[];
  if (params && params.length > 0) {
    names = [];
    for (const raw of params) {
      const name = raw.trim().replace(/-/g, "_");
      const p = model.parameters.find((q) => q.name === name);
      if (!p) {
        const hint = didYouMean(name, model.parameters.map((q) => q.name));
        throw new UserError("--params", `unknown parameter "${raw}" in ${model.name}${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      const s = setting(name);
      if (typeof s === "number") {
        throw new UserError("--params", `"${name}" is fixed at ${s} in this run; give it a prior to analyse it (e.g. --set ${name}="${s / 2} to ${s * 2}")`);
      }
      if (names.includes(name)) throw new UserError("--params", `"${name}" is listed twice`);
      names.push(name);
    }
  } else {
    names = uncertain;
    if (names.length === 0) throw new UserError("--params", `${model.name} has no uncertain parameters to analyse`);
  }
  const priors = names.map((n) => setting(n) as Distribution);
  return {
    problem: { names, dists: priors },
    priors,
    rest: { hazards: model.hazards.map((h) => h.name), parameters: uncertain.filter((n) => !names.includes(n)) },
  };
}

function chooseOutputs(outs: DesignOutput[], requested: string[] | undefined, modelName: string, available?: Set<string>): string[] {
  const all = outs.map((o) => o.name).filter((n) => !available || available.has(n));
  if (requested && requested.length > 0) {
    const chosen: string[] = [];
    for (const raw of requested) {
      const name = raw.trim();
      if (!all.includes(name)) {
        const hint = didYouMean(name, all);
        throw new UserError("--outputs", `unknown output "${raw}" in ${modelName}${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      if (!chosen.includes(name)) chosen.push(name);
    }
    return chosen;
  }
  const headline = outs.filter((o) => o.headline && all.includes(o.name)).map((o) => o.name);
  return headline.length > 0 ? headline : all;
}

/**
 * The outputs analyzeDesign analyses for `outputs` (default: the design's
 * headline outputs, or all when none is marked), without their defined(…)
 * indicators: the columns a run of the design must keep.
 */
export function analysedOutputs(design: ModelDesign, outputs?: string[]): string[] {
  return chooseOutputs(design.outputs, outputs, design.model.name);
}

/** Build the design of a sensitivity analysis of a model (no model runs). */
export function buildDesign(model: CompiledModel, opts: SensitivityOptions): ModelDesign {
  const method = opts.method;
  if (!METHODS.includes(method)) {
    const hint = didYouMean(String(method), METHODS);
    throw new UserError("--method", `unknown method "${method}"${hint ? ` (did you mean "${hint}"?)` : ""}; choose sobol, morris or oat`);
  }
  const seed = opts.seed ?? 1;
  const overrides: Record<string, ParameterSetting> = { ...(opts.overrides ?? {}) };
  const { problem, priors, rest } = modelProblem(model, opts.params, overrides);
  const outputs: DesignOutput[] = model.outputs.map((o) => ({ name: o.name, kind: o.kind, description: o.description, headline: o.headline }));
  if (opts.outputs) chooseOutputs(outputs, opts.outputs, model.name);
  const k = problem.names.length;
  const hasRest = rest.hazards.length > 0 || rest.parameters.length > 0;
  let N: number;
  let rows: number;
  let draws: Int32Array;
  let values: Float64Array;
  const extra: Partial<ModelDesign> = {};

  if (method === "sobol") {
    N = opts.N ?? DEFAULT_SOBOL_N;
    if (!Number.isInteger(N) || N < 16) throw new UserError("--samples", `must be an integer of at least 16 for Sobol' indices (1024 or more is usual), got ${N}`);
    const layout = opts.drawLayout ?? "independent";
    const s = saltelliDesign(problem, N, { seed, scramble: opts.scramble, skip: opts.skip });
    const withRest = hasRest && layout === "independent";
    const kk = withRest ? k + 1 : k;
    const stride = kk + 2;
    rows = N * stride;
    draws = new Int32Array(rows);
    values = new Float64Array(rows * k);
    for (let j = 0; j < N; j++) {
      const a = s.A.subarray(j * k, j * k + k);
      const b = s.B.subarray(j * k, j * k + k);
      const r0 = j * stride;
      values.set(a, r0 * k);
      draws[r0] = j;
      for (let i = 0; i < k; i++) {
        values.set(a, (r0 + 1 + i) * k);
        values[(r0 + 1 + i) * k + i] = b[i];
        draws[r0 + 1 + i] = j;
      }
      if (withRest) {
        values.set(a, (r0 + 1 + k) * k);
        draws[r0 + 1 + k] = N + j;
      }
      values.set(b, (r0 + kk + 1) * k);
      draws[r0 + kk + 1] = layout === "independent" ? N + j : j;
    }
    extra.sobol = { k: kk, includesRest: withRest, scramble: s.scramble, skip: s.skip, drawLayout: layout };
  } else if (method === "morris") {
    N = opts.trajectories ?? DEFAULT_TRAJECTORIES;
    const m = morrisDesign(problem, N, { seed, levels: opts.levels });
    rows = m.rows;
    values = m.X;
    draws = new Int32Array(rows);
    for (let t = 0; t < N; t++) draws.fill(t, t * (k + 1), (t + 1) * (k + 1));
    extra.morris = { levels: m.levels, delta: m.delta, order: m.order, sign: m.sign };
  } else {
    const others = opts.others ?? "medians";
    N = opts.N ?? (rest.hazards.length > 0 || others === "prior" ? DEFAULT_OAT_DRAWS : 1);
    if (!Number.isInteger(N) || N < 1) throw new UserError("--samples", `must be a positive integer, got ${N}`);
    if (others === "medians") {
      // uncertain parameters that are not factors stay at their medians too
      for (const name of rest.parameters) {
        const p = model.parameters.find((q) => q.name === name)!;
        const d = (Object.hasOwn(overrides, name) ? overrides[name] : p.prior) as Distribution;
        overrides[name] = d.median;
      }
      rest.parameters = [];
    }
    const plan = oatPlan(problem, { others });
    const P = plan.points.length;
    rows = P * N;
    values = new Float64Array(rows * k);
    draws = new Int32Array(rows);
    for (let p = 0; p < P; p++) {
      for (let d = 0; d < N; d++) {
        values.set(plan.X.subarray(p * k, p * k + k), (p * N + d) * k);
        draws[p * N + d] = d;
      }
    }
    extra.oat = { others, low: plan.low, high: plan.high, points: plan.points, lowValues: plan.lowValues, highValues: plan.highValues, medians: plan.medians };
  }
  const settings: Record<string, number | string> = {};
  for (const [name, s] of Object.entries(overrides)) settings[name] = typeof s === "number" ? s : s.text;
  return {
    schema: DESIGN_SCHEMA,
    version: VERSION,
    method,
    model: { name: model.name, file: model.file, sha256: model.sha256 },
    seed,
    N,
    factors: problem.names.map((name, i) => ({ name, prior: priors[i].text })),
    rest,
    settings,
    correlations: model.correlations.map((c) => ({ between: c.between, rank: c.rank })),
    outputs,
    rows,
    draws,
    values,
    ...extra,
  };
}

// ---------------------------------------------------------------------------
// Running a design
// ---------------------------------------------------------------------------

/** Outputs per design row, as evaluateDesign gives them or a results file holds them. */
export interface DesignOutputs {
  rows: number;
  outputs: string[];
  columns: Record<string, Float64Array>;
  /** 1 where the run failed numerically (its outputs are NaN) */
  failed: Uint8Array;
  /** failure reason → count */
  failures: Record<string, number>;
}

interface DesignChunk {
  /** design rows, in draw order */
  rows: number[];
  first: number;
  count: number;
  parameterValues: Record<string, Float64Array>;
}

/** Rows [first, first + count) of a design (all rows by default). */
export interface DesignRows {
  first: number;
  count: number;
}

function checkRows(design: ModelDesign, rows?: DesignRows): DesignRows {
  if (rows === undefined) return { first: 0, count: design.rows };
  const { first, count } = rows;
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > design.rows) {
    throw new UserError("design", `rows ${first} … ${first + count - 1} are not within the design's ${design.rows} rows`);
  }
  return rows;
}

/**
 * Split a design's rows into simulate() calls: a call covers consecutive
 * draws once each, with the same factor columns set. The pass of a row is
 * how many times its draw has come before. With `range`, the chunks of the
 * whole design are cut down to the rows in the range (each piece still
 * covers consecutive draws), so a range is run exactly as it is within the
 * whole design.
 */
function designChunks(design: ModelDesign, range?: DesignRows): DesignChunk[] {
  const all = allDesignChunks(design);
  if (range === undefined || (range.first === 0 && range.count === design.rows)) return all;
  const inRange = (r: number) => r >= range.first && r < range.first + range.count;
  const chunks: DesignChunk[] = [];
  for (const c of all) {
    for (let s = 0; s < c.rows.length; ) {
      if (!inRange(c.rows[s])) {
        s++;
        continue;
      }
      let e = s + 1;
      while (e < c.rows.length && inRange(c.rows[e])) e++;
      const parameterValues: Record<string, Float64Array> = {};
      for (const [name, v] of Object.entries(c.parameterValues)) parameterValues[name] = v.slice(s, e);
      chunks.push({ rows: c.rows.slice(s, e), first: c.first + s, count: e - s, parameterValues });
      s = e;
    }
  }
  return chunks;
}

function allDesignChunks(design: ModelDesign): DesignChunk[] {
  const k = design.factors.length;
  const names = design.factors.map((f) => f.name);
  const seen = new Map<number, number>();
  const groups = new Map<string, number[]>();
  for (let r = 0; r < design.rows; r++) {
    const d = design.draws[r];
    const pass = seen.get(d) ?? 0;
    seen.set(d, pass + 1);
    let sig = "";
    for (let i = 0; i < k; i++) sig += Number.isNaN(design.values[r * k + i]) ? "0" : "1";
    const key = `${pass}:${sig}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const chunks: DesignChunk[] = [];
  for (const [key, rowsOf] of groups) {
    const sig = key.split(":")[1];
    const set = names.map((_, i) => i).filter((i) => sig[i] === "1");
    rowsOf.sort((x, y) => design.draws[x] - design.draws[y]);
    for (let s = 0; s < rowsOf.length; ) {
      let e = s + 1;
      while (e < rowsOf.length && design.draws[rowsOf[e]] === design.draws[rowsOf[e - 1]] + 1) e++;
      const rows = rowsOf.slice(s, e);
      const parameterValues: Record<string, Float64Array> = {};
      for (const i of set) parameterValues[names[i]] = Float64Array.from(rows, (r) => design.values[r * k + i]);
      chunks.push({ rows, first: design.draws[rows[0]], count: rows.length, parameterValues });
      s = e;
    }
  }
  return chunks;
}

function maxDraw(design: ModelDesign): number {
  let m = 0;
  for (let r = 0; r < design.rows; r++) if (design.draws[r] > m) m = design.draws[r];
  return m;
}

function checkDesignModel(model: CompiledModel, design: ModelDesign): void {
  if (design.model.sha256 !== model.sha256) {
    throw new UserError("design", `was made for ${design.model.name} (sha256 ${design.model.sha256.slice(0, 12)}…), not this model file (${model.sha256.slice(0, 12)}…)`);
  }
}

function designOverrides(design: ModelDesign, overrides: Record<string, ParameterSetting> = {}): Record<string, ParameterSetting> {
  const o: Record<string, ParameterSetting> = { ...overrides };
  for (const [name, v] of Object.entries(design.settings)) if (typeof v === "number") o[name] = v;
  return o;
}

function emptyOutputs(model: CompiledModel, rows: number): DesignOutputs {
  return {
    rows,
    outputs: model.outputs.map((o) => o.name),
    columns: Object.fromEntries(model.outputs.map((o) => [o.name, new Float64Array(rows)])),
    failed: new Uint8Array(rows),
    failures: {},
  };
}

/** Put a chunk's outputs in their rows; `base` is the first row of `out`. */
function scatter(out: DesignOutputs, base: number, chunk: DesignChunk, columns: Record<string, Float64Array>, failed: Uint8Array, reasons: Record<string, number>): void {
  for (const o of out.outputs) {
    const src = columns[o];
    const dst = out.columns[o];
    chunk.rows.forEach((r, c) => (dst[r - base] = src[c]));
  }
  chunk.rows.forEach((r, c) => (out.failed[r - base] = failed[c]));
  for (const [reason, n] of Object.entries(reasons)) out.failures[reason] = (out.failures[reason] ?? 0) + n;
}

/**
 * Failure counts with their reasons in a fixed (sorted) order, so the result
 * does not depend on the order in which chunks, threads or shards finish.
 */
export function sortedFailures(failures: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(failures).sort().map((k) => [k, failures[k]]));
}

/**
 * Run every row of a design through simulate() on this thread: row r takes
 * the design's values for the factors and everything else from draw
 * draws[r]. With `rows`, only those rows are run (a shard of the design);
 * the outputs then hold row first + i at index i, with the same numbers as
 * in a run of the whole design.
 */
export function evaluateDesign(
  model: CompiledModel,
  design: ModelDesign,
  opts: { overrides?: Record<string, ParameterSetting>; onProgress?: (done: number, total: number) => void; rows?: DesignRows } = {},
): DesignOutputs {
  checkDesignModel(model, design);
  const range = checkRows(design, opts.rows);
  const overrides = designOverrides(design, opts.overrides);
  const out = emptyOutputs(model, range.count);
  const samples = maxDraw(design) + 1;
  let done = 0;
  for (const chunk of designChunks(design, range)) {
    const before = done;
    const sim = simulate(model, {
      samples,
      seed: design.seed,
      overrides,
      first: chunk.first,
      count: chunk.count,
      parameterValues: chunk.parameterValues,
      keepParameters: false,
      keepSeries: false,
      onProgress: opts.onProgress ? (d) => opts.onProgress!(before + d, range.count) : undefined,
    });
    scatter(out, range.first, chunk, sim.table.columns, sim.table.failed, sim.failures.reasons);
    done += chunk.count;
  }
  out.failures = sortedFailures(out.failures);
  return out;
}

/**
 * evaluateDesign on up to `workers` threads: the design's chunks are cut
 * into pieces that this thread and the workers of the shared pool
 * (src/parallel/pool.ts) claim as they become free. The numbers are the same
 * as on one thread, since each row's draw fixes its random numbers. Threads
 * are used when there are at least `minRowsPerThread` rows (default 1,000)
 * for each.
 */
export async function evaluateDesignParallel(
  model: CompiledModel,
  design: ModelDesign,
  opts: {
    overrides?: Record<string, ParameterSetting>;
    onProgress?: (done: number, total: number) => void;
    workers?: number;
    minRowsPerThread?: number;
    rows?: DesignRows;
  } = {},
): Promise<DesignOutputs> {
  const range = checkRows(design, opts.rows);
  const threads = Math.max(1, Math.min(opts.workers ?? 1, Math.floor(range.count / (opts.minRowsPerThread ?? MIN_DRAWS_PER_WORKER))));
  if (threads <= 1) return evaluateDesign(model, design, opts);
  checkDesignModel(model, design);
  const out = emptyOutputs(model, range.count);
  // pieces of at most `size` rows, each still covering consecutive draws
  const size = chunkSize(range.count, threads);
  const pieces: DesignChunk[] = [];
  for (const c of designChunks(design, range)) {
    for (let s = 0; s < c.count; s += size) {
      const e = Math.min(c.count, s + size);
      const parameterValues = Object.fromEntries(Object.entries(c.parameterValues).map(([k, v]) => [k, v.subarray(s, e)]));
      pieces.push({ rows: c.rows.slice(s, e), first: c.first + s, count: e - s, parameterValues });
    }
  }
  const progress = new Float64Array(pieces.length);
  let reported = 0;
  const report = () => {
    if (!opts.onProgress) return;
    let done = 0;
    for (let i = 0; i < pieces.length; i++) done += progress[i];
    if (done > reported) opts.onProgress((reported = done), range.count);
  };
  await runChunks(
    model,
    { samples: maxDraw(design) + 1, seed: design.seed, overrides: designOverrides(design, opts.overrides), keepParameters: false, keepSeries: false },
    pieces.map(({ first, count, parameterValues }) => ({ first, count, parameterValues })),
    threads,
    {
      chunk: (i, r) => {
        scatter(out, range.first, pieces[i], r.columns, r.failed, r.failures.reasons);
        progress[i] = pieces[i].count;
        report();
      },
      progress: (i, done) => {
        progress[i] = done;
        report();
      },
    },
  );
  out.failures = sortedFailures(out.failures);
  return out;
}

// ---------------------------------------------------------------------------
// Analysis of a run design
// ---------------------------------------------------------------------------

export interface OutputSensitivity {
  kind: OutputKind;
  description: string;
  /** runs of the design */
  runs: number;
  /** runs that failed numerically */
  failed: number;
  /** successful runs where the output is NaN (e.g. a milestone not reached) */
  undefined: number;
  sobol?: Omit<SobolAnalysis, "warnings" | "indices"> & { indices: SobolIndex[] };
  morris?: Omit<MorrisAnalysis, "warnings" | "indices"> & { indices: MorrisIndex[] };
  oat?: Omit<OatAnalysis, "warnings">;
  warnings: string[];
}

export interface SensitivityResult {
  schema: typeof SENSITIVITY_SCHEMA;
  version: string;
  method: Method;
  model: { name: string; file: string; sha256: string };
  seed: number;
  N: number;
  runs: number;
  failed: number;
  failures: Record<string, number>;
  resamples: number;
  confLevel: number;
  factors: { name: string; prior: string }[];
  rest: ModelDesign["rest"] & { analysed: boolean };
  settings: Record<string, number | string>;
  design: Record<string, unknown>;
  notes: string[];
  /** analysed outputs, in order; an output with undefined runs is followed by "defined(name)" */
  outputs: Record<string, OutputSensitivity>;
}

/** Name of the 0/1 indicator analysed beside an output that is sometimes undefined. */
export const definedName = (name: string) => `defined(${name})`;

/**
 * Analyse a design's outputs (from evaluateDesign or a results file). Each
 * chosen output is analysed over the runs where it is defined; when some
 * successful runs leave it undefined (NaN), the indicator defined(name),
 * 1 where it is defined and 0 where not, is analysed too.
 */
export function analyzeDesign(
  design: ModelDesign,
  table: { rows: number; columns: Record<string, ArrayLike<number>>; failed?: Uint8Array; failures?: Record<string, number> },
  opts: { outputs?: string[]; resamples?: number; confLevel?: number } = {},
): SensitivityResult {
  const { R, conf } = checkAnalyzeOptions({ resamples: opts.resamples, confLevel: opts.confLevel });
  if (table.rows !== design.rows) throw new UserError("--results", `has ${table.rows} rows; the design has ${design.rows}`);
  const available = new Set(Object.keys(table.columns));
  const outs = design.outputs.length > 0 ? design.outputs : [...available].map((name) => ({ name, kind: "continuous" as OutputKind, description: "", headline: false }));
  const chosen = chooseOutputs(outs, opts.outputs, design.model.name, available);
  if (chosen.length === 0) throw new UserError("--results", `holds none of the outputs of ${design.model.name}`);
  const failedRows = table.failed ?? new Uint8Array(design.rows);
  let failed = 0;
  for (let r = 0; r < design.rows; r++) if (failedRows[r]) failed++;
  const k = design.factors.length;
  const names = design.factors.map((f) => f.name);
  const seed = design.seed;
  const includesRest = design.sobol?.includesRest ?? false;
  const result: SensitivityResult = {
    schema: SENSITIVITY_SCHEMA,
    version: VERSION,
    method: design.method,
    model: design.model,
    seed,
    N: design.N,
    runs: design.rows,
    failed,
    failures: table.failures ?? {},
    resamples: R,
    confLevel: conf,
    factors: design.factors,
    rest: { ...design.rest, analysed: includesRest },
    settings: design.settings,
    design: designSummary(design),
    notes: [],
    outputs: {},
  };
  const analyse = (name: string, kind: OutputKind, description: string, Y: Float64Array) => {
    let undef = 0;
    for (let r = 0; r < design.rows; r++) if (!failedRows[r] && Number.isNaN(Y[r])) undef++;
    const o: OutputSensitivity = { kind, description, runs: design.rows, failed, undefined: undef, warnings: [] };
    if (failed > 0) o.warnings.push(`${failed} of ${design.rows} runs failed numerically and are dropped`);
    if (undef > 0) o.warnings.push(`undefined (NaN) in ${undef} of ${design.rows} runs, which are dropped; ${definedName(name)} shows what decides whether it is defined`);
    if (design.method === "sobol") {
      const kk = design.sobol!.k;
      const a = sobolAnalyze(Y, design.N, kk, { resamples: R, confLevel: conf, seed, names: includesRest ? [...names, REST] : names });
      const { warnings, ...rest } = a;
      o.sobol = rest;
      o.warnings.push(...warnings);
    } else if (design.method === "morris") {
      const m = design.morris!;
      const a = morrisAnalyze({ r: design.N, k, levels: m.levels, delta: m.delta, order: m.order, sign: m.sign, names }, Y, { resamples: R, confLevel: conf, seed });
      const { warnings, ...rest } = a;
      o.morris = rest;
      o.warnings.push(...warnings);
    } else {
      const p = design.oat!;
      const plan: OatPlan = { names, others: p.others, low: p.low, high: p.high, medians: p.medians, lowValues: p.lowValues, highValues: p.highValues, points: p.points, X: new Float64Array(0) };
      const a = oatAnalyze(plan, Y, design.N, { confLevel: conf });
      const { warnings, ...rest } = a;
      o.oat = rest;
      o.warnings.push(...warnings.filter((w) => !/runs undefined/.test(w)));
    }
    result.outputs[name] = o;
    return undef;
  };
  for (const name of chosen) {
    const info = outs.find((x) => x.name === name)!;
    const src = table.columns[name];
    const Y = new Float64Array(design.rows);
    for (let r = 0; r < design.rows; r++) Y[r] = failedRows[r] ? NaN : src[r];
    const undef = analyse(name, info.kind, info.description, Y);
    if (undef > 0 && undef < design.rows - failed) {
      const D = new Float64Array(design.rows);
      for (let r = 0; r < design.rows; r++) D[r] = failedRows[r] ? NaN : Number.isNaN(Y[r]) ? 0 : 1;
      analyse(definedName(name), "binary", `1 where ${name} is defined, 0 where not`, D);
    }
  }
  result.notes = designNotes(design, result);
  return result;
}

function designSummary(d: ModelDesign): Record<string, unknown> {
  if (d.method === "sobol") {
    const s = d.sobol!;
    return {
      layout: `per base row j: A_j, AB_1,j … AB_${d.factors.length},j${s.includesRest ? `, AB_rest,j` : ""}, B_j`,
      rows: d.rows,
      scramble: s.scramble,
      skip: s.skip,
      drawLayout: s.drawLayout,
      draws: s.drawLayout === "independent" ? "A_j and AB_i,j use draw j; B_j" + (s.includesRest ? " and AB_rest,j use" : " uses") + " draw N + j" : "every row of base j uses draw j",
    };
  }
  if (d.method === "morris") return { rows: d.rows, trajectories: d.N, levels: d.morris!.levels, delta: d.morris!.delta, draws: "trajectory t uses draw t" };
  return { rows: d.rows, others: d.oat!.others, low: d.oat!.low, high: d.oat!.high, drawsPerPoint: d.N, draws: "every point uses draws 0 … N − 1" };
}

function designNotes(d: ModelDesign, r: SensitivityResult): string[] {
  const notes: string[] = [];
  const restParts = [
    d.rest.hazards.length > 0 ? `the thresholds of the hazards ${d.rest.hazards.join(", ")}` : "",
    d.rest.parameters.length > 0 ? `the uncertain parameters not analysed (${d.rest.parameters.join(", ")})` : "",
  ].filter(Boolean);
  if (restParts.length > 0) {
    const what = restParts.join(" and ");
    if (d.method === "sobol" && d.sobol!.includesRest) {
      notes.push(`${REST} is ${what}, taken together as one more factor: each row's draw supplies them; its ST is the share of the variance they account for with all their interactions.`);
    } else if (d.method === "sobol") {
      notes.push(`B rows share their base row's draw (drawLayout "shared"), so ${what} are common to A, B and AB_i: S1 of a factor includes its interactions with them, and ${REST} is not estimated.`);
    } else if (d.method === "morris") {
      notes.push(`${what[0].toUpperCase()}${what.slice(1)} come from the trajectory's draw, the same at every point of a trajectory: elementary effects are taken with them held fixed.`);
    } else {
      notes.push(`Each point is run over draws 0 … ${d.N - 1}, the same draws at every point (common random numbers); ${what} come from those draws, and results are means over them.`);
    }
  }
  if (d.correlations.length > 0) {
    const pairs = d.correlations.map((c) => `${c.between[0]}–${c.between[1]} ${c.rank}`).join(", ");
    notes.push(
      `${d.model.name} declares rank correlations (${pairs}). ${d.method === "sobol" ? "Sobol' indices assume independent inputs: " : "This analysis assumes independent inputs: "}` +
        `the correlated parameters were sampled independently from their marginal priors, so the results describe the model with those correlations removed.`,
    );
  }
  const withUndef = Object.entries(r.outputs).filter(([, o]) => o.undefined > 0).map(([n]) => n);
  if (withUndef.length > 0) {
    const how =
      d.method === "sobol"
        ? "Sobol' indices use, for each factor, the base rows where A, B and AB_i are all defined, so they describe the output where it is defined"
        : d.method === "morris"
          ? "elementary effects with an undefined end are dropped"
          : "means are over the draws where the output is defined";
    notes.push(`Undefined outputs (NaN: a milestone not reached) in ${withUndef.join(", ")}: ${how}; the 0/1 indicator ${definedName("…")} is analysed beside each.`);
  }
  if (r.failed > 0) notes.push(`${r.failed} of ${r.runs} runs failed numerically (${Object.entries(r.failures).map(([k, n]) => `${k}: ${n}`).join("; ") || "reasons not recorded"}); their outputs are dropped.`);
  return notes;
}

/** Build, run and analyse a sensitivity analysis of a model. */
export function runSensitivity(model: CompiledModel, opts: SensitivityOptions): SensitivityResult {
  const design = buildDesign(model, opts);
  const table = evaluateDesign(model, design, { overrides: opts.overrides, onProgress: opts.onProgress });
  return analyzeDesign(design, table, { outputs: opts.outputs, resamples: opts.resamples, confLevel: opts.confLevel });
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

/** Pretty JSON with flat arrays on one line and arrays of arrays one row a line; NaN and infinities as null. */
function prettyJSON(v: unknown, indent = ""): string {
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== "object")) return JSON.stringify(v.map((x) => (typeof x === "number" && !Number.isFinite(x) ? null : x)));
    const inner = indent + "  ";
    return "[\n" + v.map((x) => inner + prettyJSON(x, inner)).join(",\n") + "\n" + indent + "]";
  }
  if (v && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    return "{\n" + entries.map(([key, x]) => inner + JSON.stringify(key) + ": " + prettyJSON(x, inner)).join(",\n") + "\n" + indent + "}";
  }
  return JSON.stringify(typeof v === "number" && !Number.isFinite(v) ? null : v);
}

/** A design as JSON text (schema "rsi-sim.design/1"; values to be sampled as null). */
export function designJSON(d: ModelDesign): string {
  const k = d.factors.length;
  const rowsOf = (a: ArrayLike<number>, width: number, n: number) => Array.from({ length: n }, (_, r) => Array.from({ length: width }, (_, i) => a[r * width + i]));
  const { values, draws, morris, ...head } = d;
  const body = {
    ...head,
    morris: morris ? { levels: morris.levels, delta: morris.delta, order: rowsOf(morris.order, k, d.N), sign: rowsOf(morris.sign, k, d.N) } : undefined,
    draws: [...draws],
    values: rowsOf(values, k, d.rows),
  };
  return prettyJSON(body) + "\n";
}

/** The SHA-256 of a design's JSON (designJSON): the same model and options give the same design, and the same hash. */
export function designSha256(d: ModelDesign): string {
  return createHash("sha256").update(designJSON(d)).digest("hex");
}

/** Write a design file (see designJSON), atomically: a temporary file beside it, then a rename. */
export function writeDesign(file: string, d: ModelDesign): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, designJSON(d));
    renameSync(tmp, file);
  } catch (err) {
    throw new UserError(file, `cannot write the design (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Read and check a design file. */
export function readDesign(file: string): ModelDesign {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(file, `cannot read the design (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseDesign(text, file);
}

/** Parse and check design JSON text; `where` names the file in errors. */
export function parseDesign(text: string, where = "design"): ModelDesign {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(where, `not JSON (${(err as Error).message})`);
  }
  const bad = (what: string) => new UserError(where, `not a valid design: ${what}`);
  if (!raw || typeof raw !== "object") throw bad("not an object");
  if (raw.schema !== DESIGN_SCHEMA) throw new UserError(where, `schema is ${JSON.stringify(raw.schema)}; this version reads "${DESIGN_SCHEMA}"`);
  const method = raw.method as Method;
  if (!METHODS.includes(method)) throw bad(`unknown method ${JSON.stringify(raw.method)}`);
  const isInt = (v: unknown, min = 0) => Number.isInteger(v) && (v as number) >= min;
  const N = raw.N as number;
  const seed = raw.seed as number;
  const rows = raw.rows as number;
  if (!isInt(N, 1) || !isInt(seed) || !isInt(rows, 1)) throw bad("N, seed and rows must be non-negative integers");
  const factors = raw.factors as ModelDesign["factors"];
  if (!Array.isArray(factors) || factors.length === 0 || !factors.every((f) => f && typeof f.name === "string")) throw bad("factors must list names");
  const k = factors.length;
  const model = raw.model as ModelDesign["model"];
  if (!model || typeof model.name !== "string") throw bad("model.name missing");
  const draws = raw.draws as number[];
  if (!Array.isArray(draws) || draws.length !== rows || !draws.every((d) => isInt(d))) throw bad(`draws must hold ${rows} draw indices`);
  const vals = raw.values as (number | null)[][];
  if (!Array.isArray(vals) || vals.length !== rows) throw bad(`values must hold ${rows} rows`);
  const values = new Float64Array(rows * k);
  vals.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== k) throw bad(`values row ${r + 1} must hold ${k} numbers`);
    row.forEach((v, i) => {
      if (v !== null && typeof v !== "number") throw bad(`values row ${r + 1} holds ${JSON.stringify(v)}`);
      values[r * k + i] = v === null ? NaN : v;
    });
  });
  const d: ModelDesign = {
    schema: DESIGN_SCHEMA,
    version: String(raw.version ?? ""),
    method,
    model: { name: model.name, file: String(model.file ?? ""), sha256: String(model.sha256 ?? "") },
    seed,
    N,
    factors: factors.map((f) => ({ name: f.name, prior: String(f.prior ?? "") })),
    rest: (raw.rest as ModelDesign["rest"]) ?? { hazards: [], parameters: [] },
    settings: (raw.settings as ModelDesign["settings"]) ?? {},
    correlations: (raw.correlations as ModelDesign["correlations"]) ?? [],
    outputs: ((raw.outputs as DesignOutput[]) ?? []).filter((o) => o && typeof o.name === "string"),
    rows,
    draws: Int32Array.from(draws),
    values,
  };
  if (method === "sobol") {
    const s = raw.sobol as ModelDesign["sobol"];
    if (!s || !isInt(s.k, 1) || (s.k !== k && s.k !== k + 1)) throw bad("sobol.k must be the number of factors (plus 1 with (rest))");
    if (rows !== N * (s.k + 2)) throw bad(`a Sobol' design with N = ${N} and k = ${s.k} has ${N * (s.k + 2)} rows, not ${rows}`);
    d.sobol = { k: s.k, includesRest: s.k === k + 1, scramble: Boolean(s.scramble), skip: Number(s.skip ?? 0), drawLayout: s.drawLayout === "shared" ? "shared" : "independent" };
  } else if (method === "morris") {
    const m0 = raw.morris as { levels: number; delta: number; order: number[] | number[][]; sign: number[] | number[][] } | undefined;
    const m = m0 && { ...m0, order: (m0.order ?? []).flat(), sign: (m0.sign ?? []).flat() };
    if (!m || !(m.delta > 0) || !Array.isArray(m.order) || !Array.isArray(m.sign) || m.order.length !== N * k || m.sign.length !== N * k) {
      throw bad("morris needs delta, order and sign (trajectories × factors each)");
    }
    if (rows !== N * (k + 1)) throw bad(`a Morris design with ${N} trajectories and ${k} factors has ${N * (k + 1)} rows, not ${rows}`);
    if (!m.order.every((f) => isInt(f) && f < k) || !m.sign.every((s) => s === 1 || s === -1)) throw bad("morris.order must name factors and sign must be ±1");
    d.morris = { levels: Number(m.levels ?? 4), delta: m.delta, order: Int32Array.from(m.order), sign: Int8Array.from(m.sign) };
  } else {
    const o = raw.oat as ModelDesign["oat"];
    if (!o || !Array.isArray(o.points) || o.points.length !== 2 * k + 1 || !Array.isArray(o.lowValues) || !Array.isArray(o.highValues)) {
      throw bad("oat needs points (2·factors + 1), lowValues and highValues");
    }
    if (rows !== o.points.length * N) throw bad(`an OAT design with ${o.points.length} points × ${N} draws has ${o.points.length * N} rows, not ${rows}`);
    d.oat = { others: o.others === "prior" ? "prior" : "medians", low: Number(o.low), high: Number(o.high), points: o.points, lowValues: o.lowValues, highValues: o.highValues, medians: o.medians ?? [] };
  }
  return d;
}

/**
 * Read a results file: CSV with a header (one column per output, one row
 * per design row, in order; empty, NaN or null is undefined; an optional
 * "failed" column of 0/1), or JSON {"columns": {name: [values]}} (also
 * "outputs") or an array of row objects.
 */
export function parseResults(text: string, where = "results"): DesignOutputs {
  const t = text.trim();
  const columns: Record<string, Float64Array> = {};
  let failed: Uint8Array | undefined;
  const num = (v: unknown, at: string): number => {
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (v === null || v === undefined) return NaN;
    const s = String(v).trim().replace(/^"|"$/g, "");
    if (s === "" || /^(nan|null|na)$/i.test(s)) return NaN;
    if (/^[-+]?inf(inity)?$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
    const x = Number(s);
    if (!Number.isFinite(x)) throw new UserError(where, `${at}: not a number: ${JSON.stringify(v)}`);
    return x;
  };
  let rows: number;
  if (t.startsWith("{") || t.startsWith("[")) {
    let raw: unknown;
    try {
      raw = JSON.parse(t);
    } catch (err) {
      throw new UserError(where, `not JSON (${(err as Error).message})`);
    }
    if (Array.isArray(raw)) {
      rows = raw.length;
      const names = new Set<string>();
      for (const row of raw) if (row && typeof row === "object") for (const key of Object.keys(row)) names.add(key);
      for (const name of names) columns[name] = Float64Array.from(raw, (row, r) => num((row as Record<string, unknown>)[name], `row ${r + 1}, ${name}`));
    } else {
      const obj = raw as Record<string, unknown>;
      const cols = (obj.columns ?? obj.outputs) as Record<string, unknown[]> | undefined;
      if (!cols || typeof cols !== "object") throw new UserError(where, `expected {"columns": {name: [values]}} or an array of rows`);
      const lens = Object.values(cols).map((c) => (Array.isArray(c) ? c.length : -1));
      if (lens.length === 0 || lens.some((n) => n !== lens[0] || n < 0)) throw new UserError(where, "every column must be an array of the same length");
      rows = lens[0];
      for (const [name, c] of Object.entries(cols)) columns[name] = Float64Array.from(c, (v, r) => num(v, `${name}[${r}]`));
    }
  } else {
    const lines = t.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length < 2) throw new UserError(where, "expected a CSV header and at least one row");
    const head = lines[0].split(",").map((h) => h.trim().replace(/^"|"$/g, ""));
    rows = lines.length - 1;
    const cols = head.map(() => new Float64Array(rows));
    for (let r = 0; r < rows; r++) {
      const cells = lines[r + 1].split(",");
      if (cells.length !== head.length) throw new UserError(where, `line ${r + 2}: ${cells.length} fields, the header has ${head.length}`);
      cells.forEach((c, i) => (cols[i][r] = num(c, `line ${r + 2}, ${head[i]}`)));
    }
    head.forEach((h, i) => (columns[h] = cols[i]));
  }
  if (columns.failed) {
    failed = Uint8Array.from(columns.failed, (v) => (v === 1 ? 1 : 0));
    delete columns.failed;
  }
  for (const skip of ["draw", "row"]) delete columns[skip];
  return { rows, outputs: Object.keys(columns), columns, failed: failed ?? new Uint8Array(rows), failures: {} };
}

/** Results JSON text (schema "rsi-sim.sensitivity/1"; NaN as null). */
export function sensitivityJSON(r: SensitivityResult): string {
  return resultJSON(r);
}
