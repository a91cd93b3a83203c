/**
 * Squiggle's exponential(rate) and pointMass(value): closed-form quantile and
 * CDF.
 */
import { fmt, type Core } from "./prior-types.js";

/** exponential {rate}; an error message on bad arguments. */
export function exponentialCore(p: Record<string, number>): Core | string {
  const { rate } = p;
  if (!(rate > 0)) return "rate must be positive";
  // F(x) = 1 - e^(-rate·x) on [0, inf),  F^-1(u) = -ln(1 - u)/rate  (log1p keeps small u exact); mean 1/rate
  return {
    kind: "exponential",
    text: `exponential(${fmt(rate)})`,
    args: { rate },
    quantile: (u) => -Math.log1p(-u) / rate,
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
    // P(X > x) = e^(-rate·x), its inverse -ln(q)/rate: exact far into the upper tail
    survival: (x) => (x <= 0 ? 1 : Math.exp(-rate * x)),
    survivalQuantile: (q) => -Math.log(q) / rate,
    support: [0, Infinity],
    discrete: false,
  };
}

/** pointMass {value}: the value itself, with probability 1, as a distribution. */
export function pointMassCore(p: Record<string, number>): Core {
  const { value } = p;
  return {
    kind: "pointmass",
    text: `pointMass(${fmt(value)})`,
    args: { value },
    quantile: () => value,
    cdf: (x) => (x >= value ? 1 : 0),
    support: [value, value],
    discrete: true,
    values: [value],
    weights: [1],
  };
}
