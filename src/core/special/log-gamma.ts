/**
 * ln Γ and its relatives, for positive arguments:
 *
 * - rgam1pm1(a) = 1/Γ(1+a) - 1 on [-0.5, 1] from the power series of 1/Γ(z)
 *   (Abramowitz & Stegun 6.1.34, coefficients to 16 decimals): relative
 *   accuracy for small a, where 1 - x^a/Γ(1+a) would cancel;
 * - lgamma1p(a) = ln Γ(1+a) = -ln(1 + rgam1pm1(a)) on [-0.5, 1];
 * - stirlerr(z) = ln Γ(z+1) - (z+½)ln z + z - ½ln(2π) for z >= 10 from the
 *   Stirling series (Bernoulli numbers B2..B18; C. Loader, "Fast and
 *   accurate computation of binomial probabilities", 2000): the remainder
 *   of Stirling's formula, small and accurate where ln Γ itself is large;
 * - lgamma(z): z < 3 from lgamma1p (ln Γ(z+1) = ln Γ(z) + ln z), 3 <= z < 10 by Lanczos' approximation
 *   with Godfrey's g = 607/128, 15-term coefficients (relative error ~1e-15),
 *   z >= 10 as Stirling's formula plus stirlerr.
 *
 * @example
 * lgamma(0.5); // ln √π = 0.5723649429247001
 * stirlerr(10); // 0.008330563433362871
 */

const HALF_LN_2PI = 0.9189385332046728; // ½ ln(2π)

/** A&S 6.1.34: 1/Γ(z) = Σ c_k z^k; RGAM[k] = c_(k+2), so 1/Γ(1+a) - 1 = a·Σ RGAM[k] a^k. */
const RGAM = [
  0.5772156649015329, -0.6558780715202538, -0.0420026350340952, 0.1665386113822915, -0.0421977345555443,
  -0.009621971527877, 0.007218943246663, -0.0011651675918591, -0.0002152416741149, 0.0001280502823882,
  -0.0000201348547807, -0.0000012504934821, 0.000001133027232, -0.0000002056338417, 0.000000006116095,
  0.0000000050020075, -0.0000000011812746, 0.0000000001043427, 0.0000000000077823, -0.0000000000036968,
  0.00000000000051, -0.0000000000000206, -0.0000000000000054, 0.0000000000000014, 0.0000000000000001,
];

/** 1/Γ(1+a) - 1 for -0.5 <= a <= 1, with relative accuracy as a → 0. */
export function rgam1pm1(a: number): number {
  let s = RGAM[RGAM.length - 1];
  for (let k = RGAM.length - 2; k >= 0; k--) s = s * a + RGAM[k];
  return a * s;
}

/** ln Γ(1+a) for -0.5 <= a <= 1. */
export function lgamma1p(a: number): number {
  return -Math.log1p(rgam1pm1(a));
}

/** Stirling-series coefficients B_2k / (2k(2k-1)), k = 1..9. */
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400, 43867 / 244188,
];

/** ln Γ(z+1) - (z+½) ln z + z - ½ ln(2π), for z >= 10 (series error < 1e-17). */
export function stirlerr(z: number): number {
  const w = 1 / (z * z);
  let s = STIRLING[STIRLING.length - 1];
  for (let k = STIRLING.length - 2; k >= 0; k--) s = s * w + STIRLING[k];
  return s / z;
}

const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
  -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4,
  0.15808870322491248884e-3, -0.21026444172410488319e-3, 0.2174396181152126432e-3, -0.16431810653676389022e-3,
  0.84418223983852743293e-4, -0.2619083840158140867e-4, 0.36899182659531622704e-5,
];

/** ln Γ(z) for z > 0 (NaN for z <= 0 or NaN, Infinity for Infinity). */
export function lgamma(z: number): number {
  if (!(z > 0)) return NaN;
  if (z === Infinity) return Infinity;
  // near the zeros of ln Γ at 1 and 2 the argument of lgamma1p is small: relative accuracy there
  if (z < 0.5) return lgamma1p(z) - Math.log(z);
  if (z < 1.5) return lgamma1p(z - 1);
  if (z < 3) return lgamma1p(z - 2) + Math.log1p(z - 2);
  // ln Γ(z) = ln Γ(z+1) - ln z = (z-½)ln z - z + ½ln(2π) + stirlerr(z)
  if (z >= 10) return (z - 0.5) * Math.log(z) - z + HALF_LN_2PI + stirlerr(z);
  const x = z - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (x + i);
  const t = x + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

