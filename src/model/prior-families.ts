/**
 * The beta, gamma and triangular families; their quantiles and CDFs are in
 * src/core/dists/ (beta.ts, gamma.ts, triangular.ts).
 */
import { betaCdfFactory, betaQuantileFactory } from "../core/dists/beta.js";
import { gammaCdfFactory, gammaQuantileFactory, gammaSurvivalFactory, gammaSurvivalQuantileFactory } from "../core/dists/gamma.js";
import {
  triangularCdfFactory,
  triangularQuantileFactory,
  triangularSurvivalFactory,
  triangularSurvivalQuantileFactory,
} from "../core/dists/triangular.js";
import { fmt, type Core } from "./prior-types.js";

/** Squiggle's record text of a mean and stdev: "beta({mean: 0.3, stdev: 0.1})". */
const momentsText = (name: string, mean: number, stdev: number) => `${name}({mean: ${fmt(mean)}, stdev: ${fmt(stdev)}})`;

/** beta {alpha, beta} or {mean, stdev}; an error message on bad arguments. */
export function betaCore(p: Record<string, number>): Core | string {
  let { alpha, beta } = p;
  let text = `beta(${fmt(alpha)}, ${fmt(beta)})`;
  if (p.stdev !== undefined) {
    // method of moments: with v = stdev², k = mean(1 - mean)/v - 1, alpha = mean·k, beta = (1 - mean)·k (k > 0)
    const { mean, stdev } = p;
    if (!(mean > 0 && mean < 1)) return "mean must be between 0 and 1 (exclusive) for a beta";
    if (!(stdev > 0)) return "stdev must be positive";
    const k = (mean * (1 - mean)) / (stdev * stdev) - 1;
    if (!(k > 0)) return `stdev must be below sqrt(mean·(1 - mean)) = ${fmt(Math.sqrt(mean * (1 - mean)))} for a beta of mean ${fmt(mean)}`;
    alpha = mean * k;
    beta = (1 - mean) * k;
    text = momentsText("beta", mean, stdev);
  }
  if (!(alpha > 0)) return "alpha must be positive";
  if (!(beta > 0)) return "beta must be positive";
  // density ∝ x^(alpha-1) (1-x)^(beta-1) on [0, 1]; F = regularised incomplete beta I_x(alpha, beta);
  // 1 - X ~ beta(beta, alpha), so P(X > x) = I_(1-x)(beta, alpha) and its inverse is 1 - that family's quantile
  const mirrorCdf = betaCdfFactory(beta, alpha);
  const mirrorQuantile = betaQuantileFactory(beta, alpha);
  return {
    kind: "beta",
    text,
    args: { alpha, beta },
    quantile: betaQuantileFactory(alpha, beta),
    cdf: betaCdfFactory(alpha, beta),
    survival: (x) => mirrorCdf(1 - x),
    survivalQuantile: (q) => 1 - mirrorQuantile(q),
    support: [0, 1],
    discrete: false,
  };
}

/** gamma {shape, scale} or {mean, stdev}; an error message on bad arguments. */
export function gammaCore(p: Record<string, number>): Core | string {
  let { shape, scale } = p;
  let text = `gamma(${fmt(shape)}, ${fmt(scale)})`;
  if (p.stdev !== undefined) {
    // mean = shape·scale, variance = shape·scale²: shape = (mean/stdev)², scale = stdev²/mean
    const { mean, stdev } = p;
    if (!(mean > 0)) return "mean must be positive for a gamma";
    if (!(stdev > 0)) return "stdev must be positive";
    shape = (mean / stdev) ** 2;
    scale = (stdev * stdev) / mean;
    text = momentsText("gamma", mean, stdev);
  }
  if (!(shape > 0)) return "shape must be positive";
  if (!(scale > 0)) return "scale must be positive";
  // density ∝ x^(shape-1) e^(-x/scale); mean = shape·scale
  return {
    kind: "gamma",
    text,
    args: { shape, scale },
    quantile: gammaQuantileFactory(shape, scale),
    cdf: gammaCdfFactory(shape, scale),
    survival: gammaSurvivalFactory(shape, scale),
    survivalQuantile: gammaSurvivalQuantileFactory(shape, scale),
    support: [0, Infinity],
    discrete: false,
  };
}

/** triangular {min, mode, max}; an error message on bad arguments. */
export function triangularCore(p: Record<string, number>): Core | string {
  const { min, mode, max } = p;
  if (!(min < max)) return "min must be below max";
  if (!(min <= mode && mode <= max)) return "mode must lie between min and max";
  // F(x) = (x-min)^2 / ((max-min)(mode-min)) for x <= mode, 1 - (max-x)^2 / ((max-min)(max-mode)) above.
  // the factories' argument order is (lower, upper, mode)
  return {
    kind: "triangular",
    text: `triangular(${fmt(min)}, ${fmt(mode)}, ${fmt(max)})`,
    args: { min, mode, max },
    quantile: triangularQuantileFactory(min, max, mode),
    cdf: triangularCdfFactory(min, max, mode),
    survival: triangularSurvivalFactory(min, max, mode),
    survivalQuantile: triangularSurvivalQuantileFactory(min, max, mode),
    support: [min, max],
    discrete: false,
  };
}
