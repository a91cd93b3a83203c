/**
 * A positive parameter (`positive: true`) must be above 0 in every draw, not
 * only in its prior's support: a prior whose lower tail lies below the
 * smallest double (gamma(0.01, 1) below u ≈ 5.9e-4, lognormal(-750, 1)
 * everywhere) gives exactly 0 there, and 1/x is then +Infinity. Checked at
 * the smallest uniform a draw uses (sampling/stream.ts: 2^-54), where a
 * monotone quantile is smallest.
 *
 * @example
 * zeroDraws(parseDistribution("gamma(0.01, 1)").dist); // "gamma(0.01, 1) gives 0 in 0.059% of draws …"
 * zeroDraws(parseDistribution("gamma(2, 1)").dist); // undefined
 */
import type { Distribution } from "./prior-types.js";

/** The smallest uniform a draw uses (sampling/stream.ts). */
const U_LOWEST = 2 ** -54;

/** The largest u whose draw is 0 or below, for a quantile that is at u = U_LOWEST: by bisection on ln u. */
function zeroShare(d: Distribution): number {
  let lo = Math.log(U_LOWEST);
  let hi = 0;
  for (let i = 0; i < 64; i++) {
    const mid = (lo + hi) / 2;
    if (d.quantile(Math.exp(mid)) > 0) hi = mid;
    else lo = mid;
  }
  return Math.exp(lo);
}

/**
 * Why `d` cannot be a positive parameter's prior (some of its draws are 0),
 * or undefined when every draw is above 0.
 */
export function zeroDraws(d: Distribution, fix = 'give "min" a small positive number in place of "positive: true" to truncate it there'): string | undefined {
  if (d.quantile(U_LOWEST) > 0) return undefined;
  const share = zeroShare(d);
  const part = share >= 0.995 ? "almost every draw" : `${(share * 100).toPrecision(2)}% of draws`;
  return (
    `${d.text} gives 0 in ${part} (its values there are below the smallest double), but a positive parameter must be above 0 in every draw; ` +
    `use a prior whose lower tail stays above 1e-300, or ${fix}`
  );
}
