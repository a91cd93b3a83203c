/**
 * The step history of a draw, kept only when the model has window gains:
 * per accepted (or truncated) step its start t0, size h, end, the regime in
 * force and its dense coefficients, so that any observed quantity q can be
 * evaluated afterwards at any time of the run,
 *
 *   q(t) = observe(t, y(t0 + θh), p, r),  θ = (t − t0)/h clamped to the step.
 *
 * Regime vectors are snapshotted once per regime change, not per step.
 */
import { denseAtSome } from "./dopri.js";
import type { Workspace } from "./workspace.js";

/** Keep the regime now in force (when there is a history to keep it for). */
export function snapshotRegime(w: Workspace): void {
  if (!w.needHistory) return;
  if (w.regimeCount === w.regimeSnaps.length) w.regimeSnaps.push(new Float64Array(w.r.length));
  w.regimeSnaps[w.regimeCount++].set(w.r);
}

/** Append the step [tStart, tEnd] of size h, with the dense coefficients in w.rc. */
export function pushHistory(w: Workspace, tStart: number, h: number, tEnd: number): void {
  if (w.histLen === w.histT0.length) growHistory(w);
  const s = w.histLen++;
  w.histT0[s] = tStart;
  w.histH[s] = h;
  w.histEnd[s] = tEnd;
  w.histR[s] = w.regimeCount - 1;
  const hr = w.histRc;
  const rc = w.rc;
  const m = 5 * w.n;
  const off = s * m;
  for (let i = 0; i < m; i++) hr[off + i] = rc[i];
}

function growHistory(w: Workspace): void {
  const size = w.histT0.length * 2;
  const grow = <B extends Float64Array | Int32Array>(a: B, make: (n: number) => B, per = 1): B => {
    const b = make(size * per);
    b.set(a as never);
    return b;
  };
  w.histT0 = grow(w.histT0, (m) => new Float64Array(m));
  w.histH = grow(w.histH, (m) => new Float64Array(m));
  w.histEnd = grow(w.histEnd, (m) => new Float64Array(m));
  w.histR = grow(w.histR, (m) => new Int32Array(m));
  w.histRc = grow(w.histRc, (m) => new Float64Array(m), 5 * w.n);
}

/** The quantity at observe slot `slot` at time tt, from the stored history. */
export function historyValue(w: Workspace, slot: number, tt: number, p: Float64Array): number {
  // binary search for the step containing tt
  let lo = 0;
  let hi = w.histLen - 1;
  if (hi < 0) return NaN;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (w.histT0[mid] <= tt) lo = mid;
    else hi = mid - 1;
  }
  return historyValueIn(w, lo, slot, tt, p);
}

/** The quantity at observe slot `slot` at time tt inside stored step k (no search). */
export function historyValueIn(w: Workspace, k: number, slot: number, tt: number, p: Float64Array): number {
  const h = w.histH[k];
  const theta = h > 0 ? Math.min(Math.max((tt - w.histT0[k]) / h, 0), (w.histEnd[k] - w.histT0[k]) / h) : 0;
  denseAtSome(w.histRc, k * 5 * w.n, w.readsOf[slot], theta, w.yd);
  return w.kernel.observeOne[slot](tt, w.yd, p, w.regimeSnaps[w.histR[k]]);
}
