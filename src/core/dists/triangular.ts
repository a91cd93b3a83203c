/**
 * The triangular distribution on [lower, upper] with its mode, in closed
 * form (e.g. Johnson, Kotz & Balakrishnan, Continuous Univariate
 * Distributions vol. 2, ch. 26):
 *
 *   F(x) = (x - lower)² / ((upper - lower)(mode - lower))        lower <= x <= mode
 *        = 1 - (upper - x)² / ((upper - lower)(upper - mode))    mode < x <= upper
 *   F⁻¹(p) = lower + √((upper - lower)(mode - lower)·p)           p < (mode - lower)/(upper - lower)
 *          = upper - √((upper - lower)(upper - mode)·(1 - p))     above
 *
 * For lower < upper and lower <= mode <= upper (the caller checks).
 *
 * @example
 * triangularQuantileFactory(0, 1, 0.5)(0.5); // 0.5
 * triangularCdfFactory(0, 1, 0.5)(0.25); // 0.125
 */

/** p ↦ F⁻¹(p) for p in [0, 1]; NaN outside. */
export function triangularQuantileFactory(lower: number, upper: number, mode: number): (p: number) => number {
  const inflection = (mode - lower) / (upper - lower);
  const left = (upper - lower) * (mode - lower);
  const right = (upper - lower) * (upper - mode);
  return (p) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p < inflection) return lower + Math.sqrt(left * p);
    if (p > inflection) return upper - Math.sqrt(right * (1 - p));
    return mode;
  };
}

/** q ↦ the x with P(X > x) = q, from the upper side's own closed form for x above the mode; NaN outside [0, 1]. */
export function triangularSurvivalQuantileFactory(lower: number, upper: number, mode: number): (q: number) => number {
  const quantile = triangularQuantileFactory(lower, upper, mode);
  const above = (upper - mode) / (upper - lower);
  const right = (upper - lower) * (upper - mode);
  return (q) => (q >= 0 && q < above ? upper - Math.sqrt(right * q) : quantile(1 - q));
}

/** x ↦ P(X > x) = (upper - x)²/((upper - lower)(upper - mode)) above the mode, 1 - F(x) below; NaN for NaN. */
export function triangularSurvivalFactory(lower: number, upper: number, mode: number): (x: number) => number {
  const cdf = triangularCdfFactory(lower, upper, mode);
  const right = (upper - lower) * (upper - mode);
  return (x) => (x > mode && x < upper ? ((upper - x) * (upper - x)) / right : x >= upper ? 0 : 1 - cdf(x));
}

/** x ↦ F(x); NaN for NaN. */
export function triangularCdfFactory(lower: number, upper: number, mode: number): (x: number) => number {
  const left = (upper - lower) * (mode - lower);
  const right = (upper - lower) * (upper - mode);
  return (x) => {
    if (Number.isNaN(x)) return NaN;
    if (x <= lower) return 0;
    if (x <= mode) return ((x - lower) * (x - lower)) / left;
    if (x < upper) return 1 - ((upper - x) * (upper - x)) / right;
    return 1;
  };
}
