/**
 * The standard normal quantile Φ^-1 (behind the normal and lognormal
 * priors): Wichura (1988), Algorithm AS 241 (PPND16), Applied Statistics
 * 37(3), 477-484. Relative accuracy about 1e-16 over (0, 1), including both
 * tails (the tails work from r = sqrt(-ln min(p, 1-p))); a quantile
 * computed as sqrt(2)·erfinv(2p - 1) loses all relative precision in the
 * lower tail, where 2p - 1 rounds to -1.
 */

/** Central region |p - 0.5| <= 0.425: z = q·A(r)/B(r), r = 0.180625 - q², q = p - 0.5. */
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
/** Intermediate tail, r = sqrt(-ln min(p, 1-p)) <= 5: z = ±C(r-1.6)/D(r-1.6). */
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
/** Far tail, r > 5: z = ±E(r-5)/F(r-5). */
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.2965605718285048912,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** Horner evaluation of c[0] + c[1] x + ... + c[7] x^7. */
function poly(c: number[], x: number): number {
  let v = c[7];
  for (let i = 6; i >= 0; i--) v = v * x + c[i];
  return v;
}

/** Φ^-1(p) for the standard normal; -Infinity at 0, Infinity at 1, NaN outside [0, 1]. */
export function standardNormalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241_A, r)) / poly(AS241_B, r);
  }
  const tail = q < 0 ? p : 1 - p;
  if (tail === 0) return q < 0 ? -Infinity : Infinity;
  let r = Math.sqrt(-Math.log(tail));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = poly(AS241_C, r) / poly(AS241_D, r);
  } else {
    r -= 5;
    z = poly(AS241_E, r) / poly(AS241_F, r);
  }
  return q < 0 ? -z : z;
}
