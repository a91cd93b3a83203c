/**
 * Step-size control for the Dormand–Prince 5(4) pair (Hairer, Nørsett &
 * Wanner, Solving ODEs I, II.4), on the scaled RMS error err of dopriStep:
 *
 *   accepted (err ≤ 1):  h ← h · min(facMax, max(0.2, 0.9 · err^(−1/5)))
 *   rejected:            h ← h · max(0.2, 0.9 · err^(−1/5))   (0.1 when err is NaN)
 *
 * with facMax = 10 (100 after a draw's first step: FIRST_FAC_MAX), and 1 on
 * the step after a rejection (no growth right after a failure). The first
 * step is Hairer's hinit. The time loop caps h at the model's max_step, the
 * horizon and the next scheduled revert.
 */
import type { DopriWork } from "./dopri.js";

/** The largest growth of h after an accepted step (none after a rejection: 1). */
export const FAC_MAX = 10;

/**
 * The largest growth after the first accepted step of a draw. hinit's step
 * is a cautious probe (from a zero state, 100 times its 1e-6 floor): its
 * error was 1e-11 to 1e-14 in most draws of rsi-core and forethought-sie,
 * and growth by 10 took two or three more steps of the same kind before
 * the step reached the scale the tolerance allows. At 100 the first step
 * grows to what its error asks for: 21.0 → 20.1 steps a draw in rsi-core
 * (before its caps), 16.5 → 15.5 in forethought-sie, the steps a draw that
 * `node bench/tolerance.mjs MODEL 40000 1` prints at the model's setting.
 */
export const FIRST_FAC_MAX = 100;

/** The factor on h after a rejected step (err > 1, or NaN for a non-finite trial state). */
export function rejectFactor(err: number): number {
  return Number.isNaN(err) ? 0.1 : Math.max(0.2, 0.9 * Math.exp(-0.2 * Math.log(err)));
}

/**
 * Below this error the growth is facMax whatever the power gives:
 * 0.9·(5e-6)^(−1/5) = 10.3 > FAC_MAX ≥ facMax, so the exp and log are skipped
 * (steps held to the model's max_step have errors far below it).
 */
const SATURATED_ERR = 5e-6;

/** The factor on h after an accepted step (err ≤ 1). */
export function acceptFactor(err: number, facMax: number): number {
  if (err <= SATURATED_ERR && facMax <= FAC_MAX) return facMax;
  return Math.min(facMax, Math.max(0.2, 0.9 * Math.exp(-0.2 * Math.log(Math.max(err, 1e-12)))));
}

/** Whether a step h at time t is too small to advance t (relative 1e-14). */
export function negligibleStep(h: number, t: number): boolean {
  return !(h > 1e-14 * Math.max(1, Math.abs(t)));
}

/**
 * Hairer's starting step size (hinit) for the state in w.y with f(t, y) in
 * w.k1, at most hMax; uses w.yt and w.k2 as scratch.
 */
export function initialStep(w: DopriWork, t: number, p: Float64Array, r: Float64Array, hMax: number): number {
  const { y, yt } = w;
  const f0 = w.k1;
  const f1 = w.k2;
  const n = w.n;
  const rtol = w.rtol;
  const atol = w.atol;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    d0 += (y[i] / sc) ** 2;
    d1 += (f0[i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  h0 = Math.min(h0, hMax);
  for (let i = 0; i < n; i++) yt[i] = y[i] + h0 * f0[i];
  w.rhs(t + h0, yt, p, r, f1);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    d2 += ((f1[i] - f0[i]) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const dm = Math.max(d1, d2);
  const h1 = dm <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dm, 0.2);
  // hinit's scales are absolute (h0 = 1e-6 from a zero state): far from t = 0 that is a step too
  // small to move t (negligibleStep), and every draw failed as "step size collapsed" (a start of
  // 1e10 with a span of 110); no step starts below 100 times the smallest step that moves t
  const least = 1e-12 * Math.abs(t);
  const h = Math.min(Math.max(Math.min(100 * h0, h1), least), hMax);
  return Number.isFinite(h) && h > 0 ? h : Math.min(Math.max(1e-6, least), hMax);
}
