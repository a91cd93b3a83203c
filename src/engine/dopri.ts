/**
 * Dormand–Prince 5(4) coefficients (Dormand & Prince 1980) with the
 * continuous extension of Hairer, Nørsett & Wanner's DOPRI5 (contd5):
 * y(t0 + θh) = r1 + θ(r2 + (1−θ)(r3 + θ(r4 + (1−θ) r5))), 4th-order accurate.
 */
export const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
export const A21 = 1 / 5;
export const A31 = 3 / 40, A32 = 9 / 40;
export const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
export const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
export const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
export const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
/** error weights: 5th-order minus embedded 4th-order solution */
export const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
/** dense output weights */
export const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072,
  D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

/** Evaluate the dense output of one step at θ ∈ [0, 1] into out (n components). */
export function denseAt(rc: Float64Array, offset: number, n: number, theta: number, out: Float64Array): void {
  const t1 = 1 - theta;
  for (let i = 0; i < n; i++) {
    const b = offset + 5 * i;
    out[i] = rc[b] + theta * (rc[b + 1] + t1 * (rc[b + 2] + theta * (rc[b + 3] + t1 * rc[b + 4])));
  }
}

/** One component of the dense output at θ. */
export function denseComponent(rc: Float64Array, offset: number, i: number, theta: number): number {
  const b = offset + 5 * i;
  const t1 = 1 - theta;
  return rc[b] + theta * (rc[b + 1] + t1 * (rc[b + 2] + theta * (rc[b + 3] + t1 * rc[b + 4])));
}

/** The dense output at θ of the components listed in idx only, into out at the same indices. */
export function denseAtSome(rc: Float64Array, offset: number, idx: Int32Array, theta: number, out: Float64Array): void {
  const t1 = 1 - theta;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    const b = offset + 5 * i;
    out[i] = rc[b] + theta * (rc[b + 1] + t1 * (rc[b + 2] + theta * (rc[b + 3] + t1 * rc[b + 4])));
  }
}
