/**
 * The beta, gamma and triangular families, whose quantile and CDF are
 * @stdlib's own (through src/core/stdlib.ts).
 */
import { betaCdf, betaQuantile, gammaCdf, gammaQuantile, triangularCdf, triangularQuantile } from "../core/stdlib.js";
import { fmt, type Core } from "./prior-types.js";

/** beta {alpha, beta}; an error message on bad arguments. */
export function betaCore(p: Record<string, number>): Core | string {
  const { alpha, beta } = p;
  if (!(alpha > 0)) return "alpha must be positive";
  if (!(beta > 0)) return "beta must be positive";
  // density ∝ x^(alpha-1) (1-x)^(beta-1) on [0, 1]; F = regularised incomplete beta I_x(alpha, beta)
  return {
    kind: "beta",
    text: `beta(${fmt(alpha)}, ${fmt(beta)})`,
    args: { alpha, beta },
    quantile: betaQuantile.factory(alpha, beta),
    cdf: betaCdf.factory(alpha, beta),
    support: [0, 1],
    discrete: false,
  };
}

/** gamma {shape, scale}; an error message on bad arguments. */
export function gammaCore(p: Record<string, number>): Core | string {
  const { shape, scale } = p;
  if (!(shape > 0)) return "shape must be positive";
  if (!(scale > 0)) return "scale must be positive";
  // density ∝ x^(shape-1) e^(-x/scale); mean = shape·scale.  @stdlib takes the rate 1/scale.
  return {
    kind: "gamma",
    text: `gamma(${fmt(shape)}, ${fmt(scale)})`,
    args: { shape, scale },
    quantile: gammaQuantile.factory(shape, 1 / scale),
    cdf: gammaCdf.factory(shape, 1 / scale),
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
  // @stdlib's argument order is (lower, upper, mode).
  return {
    kind: "triangular",
    text: `triangular(${fmt(min)}, ${fmt(mode)}, ${fmt(max)})`,
    args: { min, mode, max },
    quantile: triangularQuantile.factory(min, max, mode),
    cdf: triangularCdf.factory(min, max, mode),
    support: [min, max],
    discrete: false,
  };
}
