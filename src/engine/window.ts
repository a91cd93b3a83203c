/**
 * Window gains, from the step history of a draw:
 *
 *   window_gain(q, W) = max over t of G(t),  G(t) = q(t) − q(max(start, t − W)).
 *
 * G is smooth between the times where t or t − W crosses a step boundary,
 * so it is evaluated at every boundary and every boundary + W (in time
 * order, with moving cursors into the history); each interval between
 * neighbouring candidates is then estimated by a parabola and refined by
 * Brent's method where the estimate beats the best value found.
 */
import { historyValue, historyValueIn } from "./history.js";
import { NEG_INF, type Workspace } from "./workspace.js";

/** max over t of q(t) − q(max(start, t − W)) for the quantity at observe slot `slot`, up to tEnd. */
export function windowGain(w: Workspace, slot: number, W: number, p: Float64Array, tEnd: number): number {
  if (!(W > 0)) return NaN;
  // a window longer than the run (W = Infinity included, whose boundary + W never ends the candidates'
  // walk) has back = start at every t: the same G as a window of the run's length
  const span = tEnd - w.model.time.start;
  if (W > span && span > 0) W = span;
  const nS = w.histLen;
  if (nS === 0) return 0;
  const nB = nS + 1;
  if (w.cand.length < 2 * nB) {
    w.cand = new Float64Array(4 * nB);
    w.candG = new Float64Array(4 * nB);
    w.candHi = new Float64Array(4 * nB);
    w.candLo = new Float64Array(4 * nB);
  }
  if (w.qbSlot !== slot) boundaryValues(w, slot, p, tEnd);
  const nc = boundaryCandidates(w, slot, W, p, tEnd);
  const cand = w.cand;
  const candG = w.candG;
  let best = NEG_INF;
  for (let i = 0; i < nc; i++) if (candG[i] > best) best = candG[i];
  best = estimateIntervals(w, slot, W, p, nc, best);
  const start = w.model.time.start;
  const G = (tt: number) => historyValue(w, slot, tt, p) - historyValue(w, slot, Math.max(start, tt - W), p);
  const est = w.est;
  const tol = 1e-6 * Math.max(W, 1e-300);
  for (;;) {
    let jb = -1;
    let eb = best + 1e-12 * Math.max(1, Math.abs(best));
    for (let j = 0; j + 1 < nc; j++) {
      if (est[j] > eb) {
        eb = est[j];
        jb = j;
      }
    }
    if (jb < 0) break;
    est[jb] = NEG_INF;
    best = Math.max(best, brentMax(G, cand[jb], cand[jb + 1], tol));
  }
  return best;
}

/**
 * q at the boundaries (the start of each step, and the end of the run) into
 * w.qb, shared by every window on the same quantity in this draw; and
 * whether q never falls from one boundary to the next.
 */
function boundaryValues(w: Workspace, slot: number, p: Float64Array, tEnd: number): void {
  const nS = w.histLen;
  const nB = nS + 1;
  const t0 = w.histT0;
  if (w.qb.length < nB) w.qb = new Float64Array(2 * nB);
  const qb = w.qb;
  for (let k = 0; k < nS; k++) qb[k] = historyValueIn(w, k, slot, t0[k], p);
  qb[nS] = historyValueIn(w, nS - 1, slot, tEnd, p);
  w.qbSlot = slot;
  let rising = true;
  for (let k = 0; k < nS && rising; k++) if (!(qb[k + 1] >= qb[k])) rising = false;
  w.qbRising = rising;
}

/**
 * The candidate times, in increasing order: every boundary b (with q(b) and
 * q(max(start, b − W))) and every boundary + W up to tEnd (with q(b + W) and
 * q(b)), into w.cand, w.candHi, w.candLo and G = hi − lo into w.candG.
 * Returns their number.
 */
function boundaryCandidates(w: Workspace, slot: number, W: number, p: Float64Array, tEnd: number): number {
  const start = w.model.time.start;
  const nS = w.histLen;
  const nB = nS + 1;
  const { cand, candG, candHi, candLo, qb } = w;
  const t0 = w.histT0;
  let nc = 0;
  let a = 0;
  let b = 0;
  let cur = 0; // the step containing b + W (only increases)
  let lower = 0; // the step containing a − W (only increases)
  while (a < nB || b < nB) {
    const x = a < nB ? (a < nS ? t0[a] : tEnd) : Infinity;
    const yv = b < nB ? (b < nS ? t0[b] : tEnd) + W : Infinity;
    if (x <= yv) {
      const back = Math.max(start, x - W);
      while (lower + 1 < nS && t0[lower + 1] <= back) lower++;
      cand[nc] = x;
      candHi[nc] = qb[a];
      // back at the first boundary (x within W of the start): the same call that made qb[0]
      candLo[nc] = lower === 0 && back === t0[0] ? qb[0] : historyValueIn(w, lower, slot, back, p);
      candG[nc] = candHi[nc] - candLo[nc];
      nc++;
      a++;
    } else {
      if (yv <= tEnd) {
        while (cur + 1 < nS && t0[cur + 1] <= yv) cur++;
        cand[nc] = yv;
        candHi[nc] = historyValueIn(w, cur, slot, yv, p);
        candLo[nc] = qb[b];
        candG[nc] = candHi[nc] - candLo[nc];
        nc++;
      }
      b++;
    }
  }
  return nc;
}

/**
 * G is smooth between neighbouring candidates, but its maximum may lie
 * inside any interval, not only next to the best candidate: evaluate each
 * interval's midpoint, estimate the interval's maximum by the parabola
 * through its ends and midpoint, into w.est (−∞: no need to look). When q
 * rises over the whole run (checked at every step boundary), an interval
 * [a0, a1] needs no look at all if q(a1) − q(a0 − W), a bound on G inside
 * it, does not beat the best candidate. Returns the best value seen.
 */
function estimateIntervals(w: Workspace, slot: number, W: number, p: Float64Array, nc: number, best: number): number {
  const start = w.model.time.start;
  const nS = w.histLen;
  const { cand, candG, candHi, candLo } = w;
  const t0 = w.histT0;
  const rising = w.qbRising;
  if (w.est.length < nc) w.est = new Float64Array(2 * nc);
  const est = w.est;
  // midpoints increase with j: find their steps with moving cursors
  let cu = 0;
  let cl = 0;
  for (let j = 0; j + 1 < nc; j++) {
    const a0 = cand[j];
    const a1 = cand[j + 1];
    // one store of est[j] for every case: a store first reached late, in a rare branch,
    // would make V8 throw away the optimised function
    let e = NEG_INF;
    if (a1 > a0 && !(rising && candHi[j + 1] - candLo[j] <= best)) {
      const g0 = candG[j];
      const g1 = candG[j + 1];
      const tt = 0.5 * (a0 + a1);
      while (cu + 1 < nS && t0[cu + 1] <= tt) cu++;
      const back = Math.max(start, tt - W);
      while (cl + 1 < nS && t0[cl + 1] <= back) cl++;
      const gm = historyValueIn(w, cu, slot, tt, p) - historyValueIn(w, cl, slot, back, p);
      if (gm > best) best = gm;
      const curv = g0 + g1 - 2 * gm;
      e = Math.max(gm, g0, g1);
      if (curv < 0) {
        const x = (g0 - g1) / (2 * curv); // the vertex, in half-intervals from the midpoint
        if (x > -1 && x < 1) e = Math.max(e, gm - ((g1 - g0) * (g1 - g0)) / (8 * curv));
      }
    }
    est[j] = e;
  }
  return best;
}

/**
 * Maximum of f on [a, b] by Brent's method (golden section with parabolic
 * steps; Brent 1973, "Algorithms for Minimization without Derivatives", ch. 5).
 * Returns the largest value seen, which includes f at the located maximum.
 * The tolerance at x is tol + relTol·|x|; at most maxIter evaluations after the first.
 */
export function brentMax(f: (x: number) => number, a: number, b: number, tol: number, relTol = 1e-12, maxIter = 100): number {
  const C = (3 - Math.sqrt(5)) / 2;
  let x = a + C * (b - a);
  let w = x;
  let v = x;
  let fx = -f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  let best = fx;
  for (let it = 0; it < maxIter; it++) {
    const m = 0.5 * (a + b);
    const tol1 = tol + relTol * Math.abs(x);
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let pp = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) pp = -pp;
      else q = -q;
      if (Math.abs(pp) < Math.abs(0.5 * q * e) && pp > q * (a - x) && pp < q * (b - x)) {
        e = d;
        d = pp / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = x < m ? b - x : a - x;
      d = C * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = -f(u);
    if (fu < best) best = fu;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return -best;
}
