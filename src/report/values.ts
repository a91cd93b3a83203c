/**
 * Swept values as text: with as few significant digits as tell the values
 * of an axis apart, so that 200, 200.01 and 200.02 do not all print as
 * "200.0", nor 123456 and 123457 as "123500".
 */

/** Fewest significant digits a swept value is printed with (when that already tells the values apart). */
export const MIN_VALUE_DIGITS = 4;
/** Most significant digits a swept value is printed with: the result JSON keeps 12 (docs/data.md). */
export const MAX_VALUE_DIGITS = 12;

/**
 * A value with `digits` significant digits, trailing zeros dropped: in
 * exponent form ("1.5e6", "2.5e-4") from 1e6 up and below 0.001; below
 * 1e6 at least its whole part ("123456", 31622.78 as "31623"); "0" for
 * zero. ASCII minus.
 *
 * @example
 * valueText(200.01, 5); // "200.01"
 * valueText(1_500_000, 4); // "1.5e6"
 */
export function valueText(x: number, digits: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1e6 || a < 1e-3) return x.toExponential(digits - 1).replace(/\.?0+e/, "e").replace("e+", "e");
  if (Number.isInteger(x)) return String(x);
  // at least the whole part: 31622.78 as "31623", not "31620"
  const whole = a >= 1 ? Math.floor(Math.log10(a)) + 1 : 0;
  return String(Number(x.toPrecision(Math.min(21, Math.max(digits, whole)))));
}

/**
 * The significant digits that tell an axis's values apart: the fewest from
 * MIN_VALUE_DIGITS up at which no two different values print the same, at
 * most MAX_VALUE_DIGITS.
 *
 * @example
 * valueDigits([200, 200.01, 200.02]); // 5
 * valueDigits([20, 200, 2000]); // 4
 */
export function valueDigits(values: readonly number[]): number {
  const distinct = [...new Set(values)];
  for (let d = MIN_VALUE_DIGITS; d < MAX_VALUE_DIGITS; d++) {
    if (new Set(distinct.map((x) => valueText(x, d))).size === distinct.length) return d;
  }
  return MAX_VALUE_DIGITS;
}

/**
 * An axis's values as text, each with the digits that tell them all apart
 * (valueDigits), in the order given.
 *
 * @example
 * valueLabels([200, 200.01, 200.02]); // ["200", "200.01", "200.02"]
 * valueLabels([123456, 123457]); // ["123456", "123457"]
 * valueLabels([1, 1.7782794100389228, 3.1622776601683795]); // ["1", "1.778", "3.162"]
 */
export function valueLabels(values: readonly number[]): string[] {
  const d = valueDigits(values);
  return values.map((x) => valueText(x, d));
}
