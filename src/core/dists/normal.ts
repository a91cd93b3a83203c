/**
 * The normal and lognormal CDFs: Φ(z) = erfc(-z/√2)/2 (fdlibm's erfc,
 * ../special/erfc.ts), which keeps full relative accuracy in the lower tail
 * (down to Φ ≈ 1e-308 at z ≈ -37.5) and absolute accuracy 1e-16 in the upper.
 * Their quantiles are Wichura's AS 241 (normal-quantile.ts).
 *
 * @example
 * normalCdf(1.959963984540054, 0, 1); // 0.975
 * lognormalCdfFactory(0, 1)(1); // 0.5
 */
import { erfc } from "../special/erfc.js";

const SQRT2 = Math.sqrt(2);

/** Φ((x - mu)/sigma); NaN for a NaN argument or sigma < 0, the step at mu for sigma = 0. */
export function normalCdf(x: number, mu: number, sigma: number): number {
  if (Number.isNaN(x) || Number.isNaN(mu) || Number.isNaN(sigma) || sigma < 0) return NaN;
  if (sigma === 0) return x < mu ? 0 : 1;
  return 0.5 * erfc(-(x - mu) / (sigma * SQRT2));
}

/** x ↦ Φ((x - mu)/sigma) for sigma > 0. */
export function normalCdfFactory(mu: number, sigma: number): (x: number) => number {
  const denom = sigma * SQRT2;
  return (x) => 0.5 * erfc(-(x - mu) / denom);
}

/** x ↦ Φ((ln x - mu)/sigma) for sigma > 0: 0 for x <= 0. */
export function lognormalCdfFactory(mu: number, sigma: number): (x: number) => number {
  const denom = sigma * SQRT2;
  return (x) => (x <= 0 ? 0 : 0.5 * erfc(-(Math.log(x) - mu) / denom));
}
