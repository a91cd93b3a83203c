/**
 * The Dormand–Prince 5(4) step (Dormand & Prince 1980) and its dense output,
 * the continuous extension of Hairer, Nørsett & Wanner's DOPRI5 (contd5):
 *
 *   k_i = f(t + c_i h, y + h Σ_j a_ij k_j),  i = 1 … 7 (k7 = f(t + h, y1): first same as last)
 *   y1 = y + h Σ_i b_i k_i (5th order; b_i = a_7i),  err_i = h Σ_i e_i k_i (5th − 4th order)
 *   y(t0 + θh) = r1 + θ(r2 + (1−θ)(r3 + θ(r4 + (1−θ) r5))), 4th-order accurate.
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

/**
 * The arrays of one step: the state y at t, the trial state y1 at t + h, the
 * stage scratch yt, the stages k1 … k7 (k1 = f(t, y) on entry) and the dense
 * coefficients rc (5 per component); rhs is the model's f(t, y, p, r, dy).
 */
export interface DopriWork {
  readonly n: number;
  readonly rhs: (t: number, y: Float64Array, p: Float64Array, r: Float64Array, dy: Float64Array) => void;
  /** rhs that also writes other quantities at the same point into obs7 (the last stage's) */
  readonly rhsObserve: (t: number, y: Float64Array, p: Float64Array, r: Float64Array, dy: Float64Array, obs: Float64Array) => void;
  readonly obs7: Float64Array;
  readonly rtol: number;
  readonly atol: number;
  readonly y: Float64Array;
  readonly y1: Float64Array;
  readonly yt: Float64Array;
  readonly k1: Float64Array;
  readonly k2: Float64Array;
  readonly k3: Float64Array;
  readonly k4: Float64Array;
  readonly k5: Float64Array;
  readonly k6: Float64Array;
  readonly k7: Float64Array;
  readonly rc: Float64Array;
}

/**
 * One Dormand–Prince 5(4) step of size h from (t, w.y) with w.k1 = f(t, y):
 * the 5th-order solution in w.y1, f(t + h, y1) in w.k7 (and the quantities
 * of w.rhsObserve at that point in w.obs7), and the RMS of the
 * scaled error estimate, err = √(Σ_i (err_i / (atol + rtol·max(|y_i|, |y1_i|)))² / n),
 * as the return value (NaN when a trial state is not finite).
 */
export function dopriStep(w: DopriWork, t: number, h: number, p: Float64Array, r: Float64Array): number {
  const n = w.n;
  const rhs = w.rhs;
  const { y, y1, yt } = w;
  const k1 = w.k1, k2 = w.k2, k3 = w.k3, k4 = w.k4, k5 = w.k5, k6 = w.k6, k7 = w.k7;
  for (let i = 0; i < n; i++) yt[i] = y[i] + h * A21 * k1[i];
  rhs(t + C2 * h, yt, p, r, k2);
  for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
  rhs(t + C3 * h, yt, p, r, k3);
  for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
  rhs(t + C4 * h, yt, p, r, k4);
  for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
  rhs(t + C5 * h, yt, p, r, k5);
  for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
  rhs(t + h, yt, p, r, k6);
  for (let i = 0; i < n; i++) y1[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
  w.rhsObserve(t + h, y1, p, r, k7, w.obs7);
  const rtol = w.rtol;
  const atol = w.atol;
  let err = 0;
  for (let i = 0; i < n; i++) {
    const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
    const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
    err += (e / sc) * (e / sc);
  }
  return Math.sqrt(err / Math.max(1, n));
}

/** Dense-output coefficients r1 … r5 of the step just taken from w.y to w.y1 (Hairer's contd5), into w.rc. */
export function denseCoefficients(w: DopriWork, h: number): void {
  const n = w.n;
  const { y, y1, rc } = w;
  const k1 = w.k1, k3 = w.k3, k4 = w.k4, k5 = w.k5, k6 = w.k6, k7 = w.k7;
  for (let i = 0; i < n; i++) {
    const b = 5 * i;
    const ydiff = y1[i] - y[i];
    const bspl = h * k1[i] - ydiff;
    rc[b] = y[i];
    rc[b + 1] = ydiff;
    rc[b + 2] = bspl;
    rc[b + 3] = ydiff - h * k7[i] - bspl;
    rc[b + 4] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
  }
}

/** Whether the first n components of y are all finite. */
export function allFinite(y: Float64Array, n: number): boolean {
  let finite = true;
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) finite = false;
  return finite;
}
