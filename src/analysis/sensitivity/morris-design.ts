/**
 * Morris's one-at-a-time trajectories (Morris 1991): r random trajectories
 * of k + 1 points on a grid of p levels per factor, each step moving one
 * factor, in random order, by Δ. Levels are cell centres in unit space,
 * u = (2l + 1)/2p for l = 0 … p − 1 (so unbounded priors stay finite), and
 * each step moves by p/2 levels, Δ = 1/2, up from the lower half and down
 * from the upper. The elementary effects are in morris-analyze.ts.
 */
import { ArgumentError } from "../../core/errors.js";
import { Rng, deriveSeed } from "../sobol-sequence.js";
import { checkProblem, quantileFn, type Problem } from "./factors.js";

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
  if (!Number.isInteger(r) || r < 2) throw new ArgumentError("trajectories", `must be an integer of at least 2, got ${r}`);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0 || p > 1000) throw new ArgumentError("levels", `must be an even integer from 2 to 1000, got ${p}`);
  const seed = opts.seed ?? 1;
  const k = problem.names.length;
  const { unit, order, sign } = morrisTrajectories(r, k, p, new Rng(deriveSeed("morris", seed)));
  const rows = r * (k + 1);
  const X = mapLevels(unit, rows, k, problem.dists.map(quantileFn));
  return { names: [...problem.names], r, k, levels: p, delta: 0.5, seed, unit, X, rows, order, sign };
}

/** The trajectories in unit space: a random start on the grid, then the factors moved in a random order. */
function morrisTrajectories(r: number, k: number, p: number, rng: Rng): Pick<MorrisDesign, "unit" | "order" | "sign"> {
  const unit = new Float64Array(r * (k + 1) * k);
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
  return { unit, order, sign };
}

/** The unit-space rows mapped through the quantile functions, each distinct level once per factor. */
function mapLevels(unit: Float64Array, rows: number, k: number, q: ((u: number) => number)[]): Float64Array {
  const X = new Float64Array(rows * k);
  for (let i = 0; i < k; i++) {
    const cache = new Map<number, number>();
    for (let row = 0; row < rows; row++) {
      const u = unit[row * k + i];
      let v = cache.get(u);
      if (v === undefined) cache.set(u, (v = q[i](u)));
      X[row * k + i] = v;
    }
  }
  return X;
}
