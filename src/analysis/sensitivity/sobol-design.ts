/**
 * Saltelli's design for first-order and total Sobol' indices (Saltelli
 * 2002; Saltelli et al. 2010): A and B from the first and last k
 * coordinates of a 2k-dimensional scrambled Sobol' sequence, mapped through
 * the factors' quantile functions, and AB_i = A with column i taken from B.
 * N base rows give N·(k + 2) runs. The estimators are in sobol-analyze.ts.
 */
import { ArgumentError, optionTerm } from "../../core/errors.js";
import { MAX_SOBOL_DIMS, SobolSequence } from "../sobol-sequence.js";
import { checkProblem, quantileFn, type Problem } from "./factors.js";

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

/** Unit-space value of a 32-bit Sobol' coordinate: the centre of its cell, so never 0 or 1. */
const unitOf = (x: number) => (x + 0.5) / 2 ** 32;

/** Saltelli (2010) design for first-order and total Sobol' indices: N·(k + 2) rows. */
export function saltelliDesign(problem: Problem, N: number, opts: SaltelliOptions = {}): SaltelliDesign {
  checkProblem(problem);
  if (opts.secondOrder) throw new RangeError("saltelliDesign: second-order indices are not supported");
  if (!Number.isInteger(N) || N < 2) throw new ArgumentError("samples", `must be an integer of at least 2 for a Sobol' design, got ${N}`);
  const k = problem.names.length;
  if (2 * k > MAX_SOBOL_DIMS) {
    throw new ArgumentError("params", `a Sobol' design here takes at most ${MAX_SOBOL_DIMS / 2} factors, got ${k}; choose some with ${optionTerm("params")}`);
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
  return { names: [...problem.names], N, k, seed, scramble, skip, unitA, unitB, A, B, X: saltelliRows(A, B, N, k), rows: N * (k + 2) };
}

/** The N·(k + 2) rows of the design from A and B, in SALib's order: per j, A_j, AB_1,j … AB_k,j, B_j. */
function saltelliRows(A: Float64Array, B: Float64Array, N: number, k: number): Float64Array {
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
  return X;
}
