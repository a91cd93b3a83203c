/**
 * rsi-core (models/rsi-core.yaml) integrated by a hand-written loop: the
 * baseline for "how close is rsi-sim's generic engine to code written for
 * this one model". It does the same work as simulate(loadModel("rsi-core")):
 *
 * - the same uniforms (fillUniforms) and parameter sampling (sampleParameters
 *   with the model's plan), the same hazard thresholds (−Σ ln u);
 * - the same Dormand–Prince 5(4) step and error control (rtol/atol/max step
 *   from the model, RMS of the scaled error over the 6 components: 4 states
 *   and the 2 cumulative hazards, factor 0.9·err^(−1/5) clamped to [0.2, 10],
 *   no growth right after a rejection), Hairer's starting step;
 * - milestones (automation20/99, superintelligence) by Illinois root finding
 *   on the dense output; hazard thresholds likewise on the hazard's own dense
 *   component; the terminal loss of control and the brake (3rd detected
 *   warning) truncate the step there and restart; the brake's end limits the
 *   step so that it lands on it;
 * - every output of the model: at() values, the peak of capability_rate
 *   (its value at each accepted step's end from the new state, kept as the
 *   next step's start value, and golden section on the dense output inside
 *   steps), the two window gains of capability (the engine's candidate
 *   scan, the skip of intervals ruled out by a rising capability's bound,
 *   interval bounds and Brent refinement on the stored dense history),
 *   the three series at the 75 record times into the same histograms. (If
 *   the engine's window_gain algorithm changes, the agreement check fails
 *   on compression_12m/4m: port the change here.)
 *
 * What it leaves out is the generality: the 6 states, the stage values and
 * the step's bookkeeping are local variables; the right-hand side is one
 * hand-written function; there are no closures in the step loop (the only
 * one is the window-gain objective handed to brentMax, as in the engine), no
 * generic event, regime or accumulator lists, no history of regimes
 * (capability does not depend on them), and stage values of the two hazard
 * states are not formed (the right-hand side does not read them). It shares
 * with rsi-sim only fillUniforms, sampleParameters, addValue, brentMax and
 * the Dormand–Prince coefficients. The arithmetic is written in the order of
 * the compiled kernel (loadModel("rsi-core").kernel.source), powers with a
 * non-integer exponent as the kernel writes them (exp(y·ln x), joined with the
 * exponential they multiply into one exp of a sum), except that
 * 10^(g_labor·years) is computed once per call instead of twice (same value),
 * so the outputs and step counts come out the same; run this file to check:
 *
 *   node bench/peers/rsi_core_handwritten.mjs [--samples 10000] [--seed 1] [--repeats 5] [--json out.json]
 *
 * It checks agreement (outputs to 1e-6 relative, equal step counts, equal
 * series histograms) and times both, alternating, best of --repeats after
 * two warm-ups each. Exit status 1 on disagreement.
 */
import os from "node:os";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadModel } from "../../dist/model/compile.js";
import { simulate } from "../../dist/engine/simulate.js";
import { fillUniforms } from "../../dist/sampling/stream.js";
import { planParameters, sampleParameters } from "../../dist/sampling/sampler.js";
import { emptyHistograms, addValue } from "../../dist/engine/series.js";
import { brentMax } from "../../dist/engine/engine.js";
import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65,
  A71, A73, A74, A75, A76, C2, C3, C4, C5, D1, D3, D4, D5, D6, D7, E1, E3, E4, E5, E6, E7,
} from "../../dist/engine/dopri.js";

const LN10 = 2.302585092994046;
const CHUNK = 256;
const ROOT_TOL = 1e-13;
const NAMES =
  "ratio,ratio_ref,g_spend,spend_room,g_price,g_soft0,g_labor,r_soft,lambda,soft_ceiling,c20,auto_gap,ai_adv0,eta,si_gap," +
  "g_safe0,r_safe,lambda_s,safety_lag,gamma,margin0,margin_width,h_max,danger_offset,danger_width,warn_rate,detect0,deception," +
  "p_comply,brake_strength,brake_years,funding_response";
const OUTPUTS =
  "loc,loc_by_2030,loc_by_2035,loc_by_2040,loc_by_2050,safe_si,no_si,t20,t100,t_si,t_loc,automation_years,takeoff_years," +
  "peak_growth,compression_12m,compression_4m,margin_t100,margin_si,brake,t_brake,warned_before_loc,expected_warnings,loc_phase," +
  "c_loc,growth_compute0,growth_software0,growth_frontier0";

/* Parameter slots (as the compiler lays them out): 0 ratio, 1 ratio_ref, 2 g_spend, 3 spend_room, 4 g_price, 5 g_soft0,
 * 6 g_labor, 7 r_soft, 8 lambda, 9 soft_ceiling, 10 c20, 11 auto_gap, 12 ai_adv0, 13 eta, 14 si_gap, 15 g_safe0, 16 r_safe,
 * 17 lambda_s, 18 safety_lag, 19 gamma, 20 margin0, 21 margin_width, 22 h_max, 23 danger_offset, 24 danger_width,
 * 25 warn_rate, 26 detect0, 27 deception, 28 p_comply, 29 brake_strength, 30 brake_years, 31 funding_response;
 * the chance variable 32 lab_choice (its uniform is the one after p_comply's); per-draw constants from 33 on
 * (perDraw below). */

/** Per-draw constants: auto_width, auto_mid, speedup_today, β, capability_rate0, speedup_safety_today, βs, … */
function perDraw(p) {
  p[33] = p[11] / (Math.log(0.99 / 0.01) - Math.log(0.2 / 0.8));
  p[34] = p[10] - Math.log(0.2 / 0.8) * p[33];
  const f0 = 1 / (1 + Math.exp(-((0 - p[34]) / p[33])));
  p[35] = 1 / ((1 - f0) + f0 / Math.max(1, p[12] * Math.exp(LN10 * (-p[13] * p[10]))));
  p[36] = p[8] / p[7];
  p[37] = (p[2] + p[4]) + p[5];
  const fs0 = 1 / (1 + Math.exp(-(((0 - p[18]) - p[34]) / p[33])));
  p[38] = 1 / ((1 - fs0) + fs0 / Math.max(1, p[12] * Math.exp(LN10 * (-p[13] * p[10]))));
  p[39] = p[17] / p[16];
  p[48] = -p[36];
  p[49] = -p[39];
  p[50] = -p[27];
  p[51] = 1 - p[29];
  p[52] = (p[10] + p[11]) + p[14];
}

/**
 * Right-hand side at (t, k, hw, a, s) with growth factor gf and funding
 * multiplier fm: dk, dp, da, ds, loss-of-control rate, detected-warning rate into D.
 */
function rhs(t, y0, y1, y2, y3, p, gf, fm, D) {
  const years = t - 2026;
  const c = (y0 + y1) + y2;
  const f = 1 / (1 + Math.exp(-((c - p[34]) / p[33])));
  const adv = Math.max(1, p[12] * Math.exp(LN10 * (p[13] * (c - p[10]))));
  const labor = Math.exp(LN10 * (p[6] * years));
  const research = (labor * (1 / ((1 - f) + f / adv))) / p[35];
  const fs = 1 / (1 + Math.exp(-(((c - p[18]) - p[34]) / p[33])));
  const researchS = (((p[1] / (p[0] / fm)) * labor) * (1 / ((1 - fs) + fs / adv))) / p[38];
  const misalign = 1 / (1 + Math.exp(LN10 * ((y3 - p[19] * c) / p[21])));
  const danger = 1 / (1 + Math.exp(-(((c - p[10]) - p[23]) / p[24])));
  const detect = p[26] * Math.exp(LN10 * (p[50] * Math.max(0, c - p[10])));
  D[0] = (p[2] * Math.max(0, 1 - y0 / p[3])) * gf;
  D[1] = p[4];
  // research and researchS are positive: research^λ · 10^(−β·a) as one exponential
  D[2] = ((p[5] * Math.max(0, 1 - y2 / p[9])) * gf) * Math.exp(p[8] * Math.log(research) + LN10 * (p[48] * y2));
  D[3] = p[15] * Math.exp(p[17] * Math.log(researchS) + LN10 * (p[49] * (y3 - p[20])));
  D[4] = Math.max(0, (p[22] * danger) * misalign);
  D[5] = Math.max(0, ((p[25] * f) * misalign) * detect);
}

/** capability_rate = compute_rate + g_price + software_rate (the peak_growth quantity). */
function capabilityRate(t, y0, y1, y2, p, gf) {
  const c = (y0 + y1) + y2;
  const f = 1 / (1 + Math.exp(-((c - p[34]) / p[33])));
  const adv = Math.max(1, p[12] * Math.exp(LN10 * (p[13] * (c - p[10]))));
  const research = (Math.exp(LN10 * (p[6] * (t - 2026))) * (1 / ((1 - f) + f / adv))) / p[35];
  const dk = (p[2] * Math.max(0, 1 - y0 / p[3])) * gf;
  const da = ((p[5] * Math.max(0, 1 - y2 / p[9])) * gf) * Math.exp(p[8] * Math.log(research) + LN10 * (p[48] * y2));
  return (dk + p[4]) + da;
}

/** Dense output of component i (coefficients at rc[o + 5i …]) at θ. */
function dense(rc, o, theta) {
  const t1 = 1 - theta;
  return rc[o] + theta * (rc[o + 1] + t1 * (rc[o + 2] + theta * (rc[o + 3] + t1 * rc[o + 4])));
}

/**
 * Record time slot ti at tt and the at() values tied to it, from the state
 * (y0..y3) with regimes gf, fm. Slots: 0 started, 1 automation20,
 * 2 automation99, 3 superintelligence, 4 braking, 5 funding_up, 6 loss of
 * control, 7 the 3rd detected warning, 8 first loss of control, 9 first
 * detected warning. A: 0 peak growth, 1–2 window gains, 3 margin at t100,
 * 4 margin at t_si, 5 capability at loss of control, 6–8 start rates.
 */
function recordAt(T, A, ti, tt, y0, y1, y2, y3, p, gf, fm, D) {
  if (!Number.isNaN(T[ti])) return;
  T[ti] = tt;
  if (ti === 0) {
    rhs(tt, y0, y1, y2, y3, p, gf, fm, D);
    A[6] = D[0] + p[4];
    A[7] = D[2];
    A[8] = D[3];
  } else if (ti === 2 || ti === 3) A[ti + 1] = y3 - p[19] * ((y0 + y1) + y2);
  else if (ti === 6) A[5] = (y0 + y1) + y2;
}

/** Milestones already reached at (t, y), recorded there (the engine's checks at the start and after each stop). */
function milestonesAt(T, A, t, y0, y1, y2, y3, p, gf, fm, D) {
  const c = (y0 + y1) + y2;
  const f = 1 / (1 + Math.exp(-((c - p[34]) / p[33])));
  if (t - 2026 >= 0) recordAt(T, A, 0, t, y0, y1, y2, y3, p, gf, fm, D);
  if (f - 0.2 >= 0) recordAt(T, A, 1, t, y0, y1, y2, y3, p, gf, fm, D);
  if (f - 0.99 >= 0) recordAt(T, A, 2, t, y0, y1, y2, y3, p, gf, fm, D);
  if (c - p[52] >= 0) recordAt(T, A, 3, t, y0, y1, y2, y3, p, gf, fm, D);
}

/** capability_rate at θ inside the step that started at t0 with size h (dense coefficients rc). */
function peakAt(rc, t0, h, theta, p, gf) {
  const t1 = 1 - theta;
  return capabilityRate(
    t0 + theta * h,
    rc[0] + theta * (rc[1] + t1 * (rc[2] + theta * (rc[3] + t1 * rc[4]))),
    rc[5] + theta * (rc[6] + t1 * (rc[7] + theta * (rc[8] + t1 * rc[9]))),
    rc[10] + theta * (rc[11] + t1 * (rc[12] + theta * (rc[13] + t1 * rc[14]))),
    p,
    gf,
  );
}

/** capability at tt inside stored step k of the history (15 dense coefficients per step: k, p, a). */
function capIn(H, k, tt) {
  const hh = H.h[k];
  const th = hh > 0 ? Math.min(Math.max((tt - H.t0[k]) / hh, 0), (H.end[k] - H.t0[k]) / hh) : 0;
  const o = k * 15;
  const rc = H.rc;
  return (dense(rc, o, th) + dense(rc, o + 5, th)) + dense(rc, o + 10, th);
}

/** capability at tt from the history (binary search for the step). */
function capAt(H, tt) {
  let lo = 0;
  let hi = H.len - 1;
  if (hi < 0) return NaN;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (H.t0[mid] <= tt) lo = mid;
    else hi = mid - 1;
  }
  return capIn(H, lo, tt);
}

/**
 * max over t of capability(t) − capability(max(start, t − W)), as the engine
 * computes it: candidates at every step boundary and boundary + W, then in
 * every interval between candidates the midpoint and a parabola bound, and
 * Brent refinement (to 1e-6·W) of each interval whose bound beats the best
 * value so far, highest bound first; when capability is non-decreasing over
 * the step boundaries (H.qbRising), intervals whose bound q(a1) − q(a0 − W)
 * does not beat the best so far are skipped without a midpoint. H.qb holds
 * capability at the step starts and at tEnd.
 */
function windowGain(H, W, start, tEnd) {
  const nS = H.len;
  if (nS === 0) return 0;
  const nB = nS + 1;
  if (H.cand.length < 2 * nB) {
    H.cand = new Float64Array(4 * nB);
    H.candG = new Float64Array(4 * nB);
    H.candHi = new Float64Array(4 * nB);
    H.candLo = new Float64Array(4 * nB);
  }
  const cand = H.cand;
  const candG = H.candG;
  const candHi = H.candHi;
  const candLo = H.candLo;
  const rising = H.qbRising;
  const t0 = H.t0;
  const qb = H.qb;
  let cur = 0, nc = 0, a = 0, b = 0, lower = 0;
  while (a < nB || b < nB) {
    const x = a < nB ? (a < nS ? t0[a] : tEnd) : Infinity;
    const yv = b < nB ? (b < nS ? t0[b] : tEnd) + W : Infinity;
    if (x <= yv) {
      const back = Math.max(start, x - W);
      while (lower + 1 < nS && t0[lower + 1] <= back) lower++;
      cand[nc] = x;
      candHi[nc] = qb[a];
      candLo[nc] = capIn(H, lower, back);
      candG[nc] = candHi[nc] - candLo[nc];
      nc++;
      a++;
    } else {
      if (yv <= tEnd) {
        while (cur + 1 < nS && t0[cur + 1] <= yv) cur++;
        cand[nc] = yv;
        candHi[nc] = capIn(H, cur, yv);
        candLo[nc] = qb[b];
        candG[nc] = candHi[nc] - candLo[nc];
        nc++;
      }
      b++;
    }
  }
  let best = -Infinity;
  for (let i = 0; i < nc; i++) if (candG[i] > best) best = candG[i];
  const G = (tt) => capAt(H, tt) - capAt(H, Math.max(start, tt - W));
  // every interval between candidates: its midpoint, a parabola bound, and
  // Brent refinement of each interval whose bound beats the best so far;
  // when capability rises over the whole run (H.qbRising), an interval is
  // skipped unlooked-at if q(a1) − q(a0 − W), a bound on G inside it, does
  // not beat the best so far
  if (H.est.length < nc) H.est = new Float64Array(2 * nc);
  const est = H.est;
  let cu = 0;
  let cl = 0;
  for (let j = 0; j + 1 < nc; j++) {
    const a0 = cand[j];
    const a1 = cand[j + 1];
    if (!(a1 > a0)) {
      est[j] = -Infinity;
      continue;
    }
    if (rising && candHi[j + 1] - candLo[j] <= best) {
      est[j] = -Infinity;
      continue;
    }
    const g0 = candG[j];
    const g1 = candG[j + 1];
    const tm = 0.5 * (a0 + a1);
    while (cu + 1 < nS && t0[cu + 1] <= tm) cu++;
    const back = Math.max(start, tm - W);
    while (cl + 1 < nS && t0[cl + 1] <= back) cl++;
    const gm = capIn(H, cu, tm) - capIn(H, cl, back);
    if (gm > best) best = gm;
    const curv = g0 + g1 - 2 * gm;
    let e = Math.max(gm, g0, g1);
    if (curv < 0) {
      const x = (g0 - g1) / (2 * curv);
      if (x > -1 && x < 1) e = Math.max(e, gm - ((g1 - g0) * (g1 - g0)) / (8 * curv));
    }
    est[j] = e;
  }
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
    est[jb] = -Infinity;
    best = Math.max(best, brentMax(G, cand[jb], cand[jb + 1], tol));
  }
  return best;
}

/**
 * Integrate one draw (parameters and per-draw constants in p, hazard
 * thresholds thrL and thrW[0..2]) from the start to the horizon or loss of
 * control. Fills S.T, S.A, S.ser and the history S.H; returns the number of
 * steps, negative if the draw failed. S.y5 is the detected-warning hazard at the end.
 */
function runDraw(p, thrL, thrW, S) {
  const { T, A, D, rc, ser, recTimes, fTime, fKind, fIdx, H } = S;
  const { rtol, atol, maxStep, maxSteps, T0, horizon } = S;
  const nRec = recTimes.length;
  const si = p[52];
  const gamma = p[19];

  let t = T0;
  let y0 = 0, y1 = 0, y2 = 0, y3 = p[20], y4 = 0, y5 = 0;
  let gf = 1, fm = 1; // regimes: growth factor, funding multiplier
  let revertAt = Infinity;
  let nextL = 0, nextW = 0;
  T.fill(NaN);
  A.fill(NaN);
  A[0] = -Infinity;
  ser.fill(NaN);
  H.len = 0;
  let recIdx = 0;
  let n = 0;

  milestonesAt(T, A, t, y0, y1, y2, y3, p, gf, fm, D);
  let cA = (y0 + y1) + y2;
  let fA = 1 / (1 + Math.exp(-((cA - p[34]) / p[33])));
  let gA1 = fA - 0.2, gA2 = fA - 0.99, gA3 = cA - si;
  let gA4 = nextL < 1 ? y4 - thrL : -1;
  let gA5 = nextW < 3 ? y5 - thrW[nextW] : -1;
  rhs(t, y0, y1, y2, y3, p, gf, fm, D);
  let k1_0 = D[0], k1_1 = D[1], k1_2 = D[2], k1_3 = D[3], k1_4 = D[4], k1_5 = D[5];
  // capability_rate at the current time (the engine's extremaNow), valid while peakAtT
  let peakNow = capabilityRate(t, y0, y1, y2, p, gf);
  let peakAtT = true;
  if (peakNow > A[0]) A[0] = peakNow;
  if (nRec > 0 && recTimes[0] <= t + 1e-12 * Math.abs(t)) {
    // series at the start
    ser[0] = cA;
    ser[nRec] = y3;
    ser[2 * nRec] = y3 - gamma * cA;
    recIdx = 1;
  }

  // ---- Hairer's starting step (6 components) ----
  let h;
  {
    const hMax0 = Math.min(maxStep, horizon - t);
    const s0 = atol + rtol * Math.abs(y0), s1 = atol + rtol * Math.abs(y1), s2 = atol + rtol * Math.abs(y2);
    const s3 = atol + rtol * Math.abs(y3), s4 = atol + rtol * Math.abs(y4), s5 = atol + rtol * Math.abs(y5);
    let d0 = (y0 / s0) ** 2;
    let d1 = (k1_0 / s0) ** 2;
    d0 += (y1 / s1) ** 2;
    d1 += (k1_1 / s1) ** 2;
    d0 += (y2 / s2) ** 2;
    d1 += (k1_2 / s2) ** 2;
    d0 += (y3 / s3) ** 2;
    d1 += (k1_3 / s3) ** 2;
    d0 += (y4 / s4) ** 2;
    d1 += (k1_4 / s4) ** 2;
    d0 += (y5 / s5) ** 2;
    d1 += (k1_5 / s5) ** 2;
    d0 = Math.sqrt(d0 / 6);
    d1 = Math.sqrt(d1 / 6);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
    h0 = Math.min(h0, hMax0);
    rhs(t + h0, y0 + h0 * k1_0, y1 + h0 * k1_1, y2 + h0 * k1_2, y3 + h0 * k1_3, p, gf, fm, D);
    let d2 = ((D[0] - k1_0) / s0) ** 2;
    d2 += ((D[1] - k1_1) / s1) ** 2;
    d2 += ((D[2] - k1_2) / s2) ** 2;
    d2 += ((D[3] - k1_3) / s3) ** 2;
    d2 += ((D[4] - k1_4) / s4) ** 2;
    d2 += ((D[5] - k1_5) / s5) ** 2;
    d2 = Math.sqrt(d2 / 6) / h0;
    const dm = Math.max(d1, d2);
    const h1 = dm <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dm, 0.2);
    h = Math.min(100 * h0, h1, hMax0);
    if (!(Number.isFinite(h) && h > 0)) h = Math.min(1e-6, hMax0);
  }
  let facMax = 10;

  while (t < horizon) {
    if (++n > maxSteps) return -n;
    let hMax = Math.min(maxStep, horizon - t);
    if (revertAt - t < hMax) hMax = revertAt - t;
    let hitLimit = false;
    if (h >= hMax) {
      h = hMax;
      hitLimit = true;
    }
    if (!(h > 1e-14 * Math.max(1, Math.abs(t)))) {
      if (hitLimit && hMax <= 1e-14 * Math.max(1, Math.abs(t))) {
        // the brake's end or the horizon is (numerically) now
        t = t + hMax;
        if (t >= horizon - 1e-14 * Math.max(1, Math.abs(horizon))) {
          t = horizon;
          break;
        }
        if (revertAt <= t + 1e-12 * Math.max(1, Math.abs(t))) {
          gf = 1;
          revertAt = Infinity;
          peakAtT = false;
          milestonesAt(T, A, t, y0, y1, y2, y3, p, gf, fm, D);
          cA = (y0 + y1) + y2;
          fA = 1 / (1 + Math.exp(-((cA - p[34]) / p[33])));
          gA1 = fA - 0.2; gA2 = fA - 0.99; gA3 = cA - si;
          gA4 = nextL < 1 ? y4 - thrL : -1;
          gA5 = nextW < 3 ? y5 - thrW[nextW] : -1;
          rhs(t, y0, y1, y2, y3, p, gf, fm, D);
          k1_0 = D[0]; k1_1 = D[1]; k1_2 = D[2]; k1_3 = D[3]; k1_4 = D[4]; k1_5 = D[5];
        }
        h = Math.max(h, 1e-6 * Math.max(1, Math.abs(t)));
        continue;
      }
      return -n; // step size collapsed
    }

    // ---- one Dormand–Prince step (the hazard states do not feed the right-hand side) ----
    rhs(t + C2 * h, y0 + h * A21 * k1_0, y1 + h * A21 * k1_1, y2 + h * A21 * k1_2, y3 + h * A21 * k1_3, p, gf, fm, D);
    const k2_0 = D[0], k2_1 = D[1], k2_2 = D[2], k2_3 = D[3];
    rhs(
      t + C3 * h,
      y0 + h * (A31 * k1_0 + A32 * k2_0),
      y1 + h * (A31 * k1_1 + A32 * k2_1),
      y2 + h * (A31 * k1_2 + A32 * k2_2),
      y3 + h * (A31 * k1_3 + A32 * k2_3),
      p, gf, fm, D,
    );
    const k3_0 = D[0], k3_1 = D[1], k3_2 = D[2], k3_3 = D[3], k3_4 = D[4], k3_5 = D[5];
    rhs(
      t + C4 * h,
      y0 + h * (A41 * k1_0 + A42 * k2_0 + A43 * k3_0),
      y1 + h * (A41 * k1_1 + A42 * k2_1 + A43 * k3_1),
      y2 + h * (A41 * k1_2 + A42 * k2_2 + A43 * k3_2),
      y3 + h * (A41 * k1_3 + A42 * k2_3 + A43 * k3_3),
      p, gf, fm, D,
    );
    const k4_0 = D[0], k4_1 = D[1], k4_2 = D[2], k4_3 = D[3], k4_4 = D[4], k4_5 = D[5];
    rhs(
      t + C5 * h,
      y0 + h * (A51 * k1_0 + A52 * k2_0 + A53 * k3_0 + A54 * k4_0),
      y1 + h * (A51 * k1_1 + A52 * k2_1 + A53 * k3_1 + A54 * k4_1),
      y2 + h * (A51 * k1_2 + A52 * k2_2 + A53 * k3_2 + A54 * k4_2),
      y3 + h * (A51 * k1_3 + A52 * k2_3 + A53 * k3_3 + A54 * k4_3),
      p, gf, fm, D,
    );
    const k5_0 = D[0], k5_1 = D[1], k5_2 = D[2], k5_3 = D[3], k5_4 = D[4], k5_5 = D[5];
    rhs(
      t + h,
      y0 + h * (A61 * k1_0 + A62 * k2_0 + A63 * k3_0 + A64 * k4_0 + A65 * k5_0),
      y1 + h * (A61 * k1_1 + A62 * k2_1 + A63 * k3_1 + A64 * k4_1 + A65 * k5_1),
      y2 + h * (A61 * k1_2 + A62 * k2_2 + A63 * k3_2 + A64 * k4_2 + A65 * k5_2),
      y3 + h * (A61 * k1_3 + A62 * k2_3 + A63 * k3_3 + A64 * k4_3 + A65 * k5_3),
      p, gf, fm, D,
    );
    const k6_0 = D[0], k6_1 = D[1], k6_2 = D[2], k6_3 = D[3], k6_4 = D[4], k6_5 = D[5];
    const n0 = y0 + h * (A71 * k1_0 + A73 * k3_0 + A74 * k4_0 + A75 * k5_0 + A76 * k6_0);
    const n1 = y1 + h * (A71 * k1_1 + A73 * k3_1 + A74 * k4_1 + A75 * k5_1 + A76 * k6_1);
    const n2 = y2 + h * (A71 * k1_2 + A73 * k3_2 + A74 * k4_2 + A75 * k5_2 + A76 * k6_2);
    const n3 = y3 + h * (A71 * k1_3 + A73 * k3_3 + A74 * k4_3 + A75 * k5_3 + A76 * k6_3);
    const n4 = y4 + h * (A71 * k1_4 + A73 * k3_4 + A74 * k4_4 + A75 * k5_4 + A76 * k6_4);
    const n5 = y5 + h * (A71 * k1_5 + A73 * k3_5 + A74 * k4_5 + A75 * k5_5 + A76 * k6_5);
    rhs(t + h, n0, n1, n2, n3, p, gf, fm, D);
    const k7_0 = D[0], k7_1 = D[1], k7_2 = D[2], k7_3 = D[3], k7_4 = D[4], k7_5 = D[5];
    // ---- error control ----
    let err = 0;
    {
      let e = h * (E1 * k1_0 + E3 * k3_0 + E4 * k4_0 + E5 * k5_0 + E6 * k6_0 + E7 * k7_0);
      let sc = atol + rtol * Math.max(Math.abs(y0), Math.abs(n0));
      err += (e / sc) * (e / sc);
      e = h * (E1 * k1_1 + E3 * k3_1 + E4 * k4_1 + E5 * k5_1 + E6 * k6_1 + E7 * k7_1);
      sc = atol + rtol * Math.max(Math.abs(y1), Math.abs(n1));
      err += (e / sc) * (e / sc);
      e = h * (E1 * k1_2 + E3 * k3_2 + E4 * k4_2 + E5 * k5_2 + E6 * k6_2 + E7 * k7_2);
      sc = atol + rtol * Math.max(Math.abs(y2), Math.abs(n2));
      err += (e / sc) * (e / sc);
      e = h * (E1 * k1_3 + E3 * k3_3 + E4 * k4_3 + E5 * k5_3 + E6 * k6_3 + E7 * k7_3);
      sc = atol + rtol * Math.max(Math.abs(y3), Math.abs(n3));
      err += (e / sc) * (e / sc);
      e = h * (E1 * k1_4 + E3 * k3_4 + E4 * k4_4 + E5 * k5_4 + E6 * k6_4 + E7 * k7_4);
      sc = atol + rtol * Math.max(Math.abs(y4), Math.abs(n4));
      err += (e / sc) * (e / sc);
      e = h * (E1 * k1_5 + E3 * k3_5 + E4 * k4_5 + E5 * k5_5 + E6 * k6_5 + E7 * k7_5);
      sc = atol + rtol * Math.max(Math.abs(y5), Math.abs(n5));
      err += (e / sc) * (e / sc);
      err = Math.sqrt(err / 6);
    }
    if (!(err <= 1)) {
      h *= Number.isNaN(err) ? 0.1 : Math.max(0.2, 0.9 * Math.exp(-0.2 * Math.log(err)));
      facMax = 1;
      continue;
    }
    if (!(Number.isFinite(n0) && Number.isFinite(n1) && Number.isFinite(n2) && Number.isFinite(n3) && Number.isFinite(n4) && Number.isFinite(n5))) {
      return -n; // non-finite state
    }
    // ---- dense output coefficients (Hairer's contd5) ----
    {
      let d = n0 - y0, b = h * k1_0 - d;
      rc[0] = y0; rc[1] = d; rc[2] = b; rc[3] = d - h * k7_0 - b;
      rc[4] = h * (D1 * k1_0 + D3 * k3_0 + D4 * k4_0 + D5 * k5_0 + D6 * k6_0 + D7 * k7_0);
      d = n1 - y1; b = h * k1_1 - d;
      rc[5] = y1; rc[6] = d; rc[7] = b; rc[8] = d - h * k7_1 - b;
      rc[9] = h * (D1 * k1_1 + D3 * k3_1 + D4 * k4_1 + D5 * k5_1 + D6 * k6_1 + D7 * k7_1);
      d = n2 - y2; b = h * k1_2 - d;
      rc[10] = y2; rc[11] = d; rc[12] = b; rc[13] = d - h * k7_2 - b;
      rc[14] = h * (D1 * k1_2 + D3 * k3_2 + D4 * k4_2 + D5 * k5_2 + D6 * k6_2 + D7 * k7_2);
      d = n3 - y3; b = h * k1_3 - d;
      rc[15] = y3; rc[16] = d; rc[17] = b; rc[18] = d - h * k7_3 - b;
      rc[19] = h * (D1 * k1_3 + D3 * k3_3 + D4 * k4_3 + D5 * k5_3 + D6 * k6_3 + D7 * k7_3);
      d = n4 - y4; b = h * k1_4 - d;
      rc[20] = y4; rc[21] = d; rc[22] = b; rc[23] = d - h * k7_4 - b;
      rc[24] = h * (D1 * k1_4 + D3 * k3_4 + D4 * k4_4 + D5 * k5_4 + D6 * k6_4 + D7 * k7_4);
      d = n5 - y5; b = h * k1_5 - d;
      rc[25] = y5; rc[26] = d; rc[27] = b; rc[28] = d - h * k7_5 - b;
      rc[29] = h * (D1 * k1_5 + D3 * k3_5 + D4 * k4_5 + D5 * k5_5 + D6 * k6_5 + D7 * k7_5);
    }
    const tNew = hitLimit && hMax === horizon - t ? horizon : t + h;
    const cN = (n0 + n1) + n2;
    const fN = 1 / (1 + Math.exp(-((cN - p[34]) / p[33])));
    const gB1 = fN - 0.2, gB2 = fN - 0.99, gB3 = cN - si;
    let gB4 = nextL < 1 ? n4 - thrL : -1;
    let gB5 = nextW < 3 ? n5 - thrW[nextW] : -1;

    // ---- crossings in this step ----
    let tStop = Infinity;
    let stopHazard = -1;
    if ((gA1 < 0 && gB1 >= 0) || (gA2 < 0 && gB2 >= 0) || (gA3 < 0 && gB3 >= 0) || (gA4 < 0 && gB4 >= 0) || (gA5 < 0 && gB5 >= 0)) {
      let nf = 0;
      // milestones: Illinois on the dense output of capability
      for (let i = 1; i <= 3; i++) {
        const ga = i === 1 ? gA1 : i === 2 ? gA2 : gA3;
        const gb = i === 1 ? gB1 : i === 2 ? gB2 : gB3;
        if (!(ga < 0 && gb >= 0) || !Number.isNaN(T[i])) continue;
        let lo = t, hi = tNew, flo = ga, fhi = gb, side = 0;
        for (let it = 0; it < 100; it++) {
          if (hi - lo <= ROOT_TOL * Math.max(1, Math.abs(hi))) break;
          let c = (lo * fhi - hi * flo) / (fhi - flo);
          if (!(c > lo && c < hi)) c = 0.5 * (lo + hi);
          const th = (c - t) / h;
          const cap = (dense(rc, 0, th) + dense(rc, 5, th)) + dense(rc, 10, th);
          const fc = i === 3 ? cap - si : 1 / (1 + Math.exp(-((cap - p[34]) / p[33]))) - (i === 1 ? 0.2 : 0.99);
          if (fc >= 0) {
            hi = c;
            fhi = fc;
            if (side === 1) flo /= 2;
            side = 1;
          } else {
            lo = c;
            flo = fc;
            if (side === -1) fhi /= 2;
            side = -1;
          }
        }
        fTime[nf] = hi;
        fKind[nf] = 0;
        fIdx[nf++] = i;
      }
      // hazard thresholds: Illinois on the hazard's own dense component
      for (let j = 0; j < 2; j++) {
        const o = j === 0 ? 20 : 25;
        const end = j === 0 ? 1 : 3;
        const yEnd = j === 0 ? n4 : n5;
        for (let mm = j === 0 ? nextL : nextW; mm < end; mm++) {
          const level = j === 0 ? thrL : thrW[mm];
          if (!(yEnd >= level)) break;
          let lo = t, hi = tNew;
          let flo = dense(rc, o, (lo - t) / h) - level;
          let fhi = dense(rc, o, (hi - t) / h) - level;
          let root = lo;
          if (!(flo >= 0)) {
            let side = 0;
            for (let it = 0; it < 100; it++) {
              if (hi - lo <= ROOT_TOL * Math.max(1, Math.abs(hi))) break;
              let c = (lo * fhi - hi * flo) / (fhi - flo);
              if (!(c > lo && c < hi)) c = 0.5 * (lo + hi);
              const fc = dense(rc, o, (c - t) / h) - level;
              if (fc >= 0) {
                hi = c;
                fhi = fc;
                if (side === 1) flo /= 2;
                side = 1;
              } else {
                lo = c;
                flo = fc;
                if (side === -1) fhi /= 2;
                side = -1;
              }
            }
            root = hi;
          }
          fTime[nf] = root;
          fKind[nf] = 3;
          fIdx[nf++] = j;
        }
      }
      // in time order (stable; milestones before hazards at equal times)
      for (let a = 1; a < nf; a++) {
        const tt = fTime[a], kk = fKind[a], ii = fIdx[a];
        let b = a - 1;
        while (b >= 0 && (fTime[b] - tt || fKind[b] - kk) > 0) {
          fTime[b + 1] = fTime[b];
          fKind[b + 1] = fKind[b];
          fIdx[b + 1] = fIdx[b];
          b--;
        }
        fTime[b + 1] = tt;
        fKind[b + 1] = kk;
        fIdx[b + 1] = ii;
      }
      for (let q = 0; q < nf; q++) {
        const tt = fTime[q];
        if (fKind[q] === 3 && (fIdx[q] === 0 || nextW + 1 === 3)) {
          // loss of control, or the 3rd detected warning: stop here
          tStop = tt;
          stopHazard = fIdx[q];
          break;
        }
        const th = (tt - t) / h;
        if (fKind[q] === 0) recordAt(T, A, fIdx[q], tt, dense(rc, 0, th), dense(rc, 5, th), dense(rc, 10, th), dense(rc, 15, th), p, gf, fm, D);
        else {
          if (nextW === 0) T[9] = tt;
          nextW++;
        }
      }
      if (tStop === Infinity) {
        gB4 = nextL < 1 ? n4 - thrL : -1;
        gB5 = nextW < 3 ? n5 - thrW[nextW] : -1;
      }
    }

    const tEndStep = tStop < Infinity ? tStop : tNew;
    // ---- history for the window gains; series at the record times in the step ----
    if (H.len === H.cap) growHistory(H);
    {
      const k = H.len++;
      H.t0[k] = t;
      H.h[k] = h;
      H.end[k] = tEndStep;
      const hr = H.rc;
      const o = k * 15;
      for (let i = 0; i < 15; i++) hr[o + i] = rc[i];
    }
    while (recIdx < nRec && recTimes[recIdx] <= tEndStep + 1e-12 * Math.abs(tEndStep)) {
      const tr = recTimes[recIdx];
      if (tr > t || recIdx === 0) {
        const th = Math.min(1, Math.max(0, (tr - t) / h));
        const c = (dense(rc, 0, th) + dense(rc, 5, th)) + dense(rc, 10, th);
        const s = dense(rc, 15, th);
        ser[recIdx] = c;
        ser[nRec + recIdx] = s;
        ser[2 * nRec + recIdx] = s - gamma * c;
      }
      recIdx++;
    }

    if (tStop < Infinity) {
      // truncate the step at the stop, act, restart
      const th = (tStop - t) / h;
      y0 = dense(rc, 0, th);
      y1 = dense(rc, 5, th);
      y2 = dense(rc, 10, th);
      y3 = dense(rc, 15, th);
      y4 = dense(rc, 20, th);
      y5 = dense(rc, 25, th);
      t = tStop;
      peakNow = capabilityRate(t, y0, y1, y2, p, gf);
      if (peakNow > A[0]) A[0] = peakNow;
      peakAtT = false; // the stop's actions may change the regime
      if (stopHazard === 0) {
        // loss of control: the run ends
        recordAt(T, A, 8, t, y0, y1, y2, y3, p, gf, fm, D);
        nextL++;
        recordAt(T, A, 6, t, y0, y1, y2, y3, p, gf, fm, D);
        break;
      }
      // the 3rd detected warning: a brake and the funding response, if the labs comply
      if (nextW === 0) recordAt(T, A, 9, t, y0, y1, y2, y3, p, gf, fm, D);
      nextW++;
      recordAt(T, A, 7, t, y0, y1, y2, y3, p, gf, fm, D);
      if (p[32] < p[28]) {
        if (p[30] > 0) revertAt = t + p[30];
        gf = p[51];
        recordAt(T, A, 4, t, y0, y1, y2, y3, p, gf, fm, D);
        fm = p[31];
        recordAt(T, A, 5, t, y0, y1, y2, y3, p, gf, fm, D);
      }
      milestonesAt(T, A, t, y0, y1, y2, y3, p, gf, fm, D);
      cA = (y0 + y1) + y2;
      fA = 1 / (1 + Math.exp(-((cA - p[34]) / p[33])));
      gA1 = fA - 0.2; gA2 = fA - 0.99; gA3 = cA - si;
      gA4 = nextL < 1 ? y4 - thrL : -1;
      gA5 = nextW < 3 ? y5 - thrW[nextW] : -1;
      rhs(t, y0, y1, y2, y3, p, gf, fm, D);
      k1_0 = D[0]; k1_1 = D[1]; k1_2 = D[2]; k1_3 = D[3]; k1_4 = D[4]; k1_5 = D[5];
      facMax = 10;
      continue;
    }

    // ---- accept ----
    const tPrev = t;
    t = tNew;
    {
      // peak of capability_rate: the value at the step's end from the new
      // state (kept as the next step's start value), and inside the step
      // golden section on the dense output; the start value is the previous
      // step's end value unless the stop or the brake's end acted since
      const f0 = peakAtT ? peakNow : capabilityRate(tPrev, y0, y1, y2, p, gf);
      const f1 = (peakNow = capabilityRate(t, n0, n1, n2, p, gf));
      if (f1 > A[0]) A[0] = f1;
      const fmid = peakAt(rc, tPrev, h, 0.5, p, gf);
      const curv = f0 + f1 - 2 * fmid;
      const cc = 2 * curv;
      const vertex = cc < 0 ? -(f1 - f0 - cc) / (2 * cc) : -1;
      if ((fmid > f0 && fmid > f1) || (vertex > 0 && vertex < 1)) {
        const phi = (Math.sqrt(5) - 1) / 2;
        let lo = 0, hi = 1, x1 = hi - phi, x2 = phi;
        let g1 = peakAt(rc, tPrev, h, x1, p, gf), g2 = peakAt(rc, tPrev, h, x2, p, gf);
        for (let it = 0; it < 40 && hi - lo > 1e-6; it++) {
          if (g1 < g2) {
            lo = x1;
            x1 = x2;
            g1 = g2;
            x2 = lo + phi * (hi - lo);
            g2 = peakAt(rc, tPrev, h, x2, p, gf);
          } else {
            hi = x2;
            x2 = x1;
            g2 = g1;
            x1 = hi - phi * (hi - lo);
            g1 = peakAt(rc, tPrev, h, x1, p, gf);
          }
        }
        const best = Math.max(fmid, g1, g2);
        if (best > A[0]) A[0] = best;
      }
      peakAtT = true;
    }
    y0 = n0; y1 = n1; y2 = n2; y3 = n3; y4 = n4; y5 = n5;
    k1_0 = k7_0; k1_1 = k7_1; k1_2 = k7_2; k1_3 = k7_3; k1_4 = k7_4; k1_5 = k7_5;
    gA1 = gB1; gA2 = gB2; gA3 = gB3; gA4 = gB4; gA5 = gB5;
    if (revertAt !== Infinity && revertAt <= t + 1e-12 * Math.max(1, Math.abs(t))) {
      // the brake ends
      gf = 1;
      revertAt = Infinity;
      peakAtT = false;
      milestonesAt(T, A, t, y0, y1, y2, y3, p, gf, fm, D);
      cA = (y0 + y1) + y2;
      fA = 1 / (1 + Math.exp(-((cA - p[34]) / p[33])));
      gA1 = fA - 0.2; gA2 = fA - 0.99; gA3 = cA - si;
      gA4 = nextL < 1 ? y4 - thrL : -1;
      gA5 = nextW < 3 ? y5 - thrW[nextW] : -1;
      rhs(t, y0, y1, y2, y3, p, gf, fm, D);
      k1_0 = D[0]; k1_1 = D[1]; k1_2 = D[2]; k1_3 = D[3]; k1_4 = D[4]; k1_5 = D[5];
    }
    h *= Math.min(facMax, Math.max(0.2, 0.9 * Math.exp(-0.2 * Math.log(Math.max(err, 1e-10)))));
    facMax = 10;
  }
  S.tEnd = t;
  S.y5 = y5;
  return n;
}

function growHistory(H) {
  H.cap *= 2;
  const g = (a, per) => {
    const b = new Float64Array(H.cap * per);
    b.set(a);
    return b;
  };
  H.t0 = g(H.t0, 1);
  H.h = g(H.h, 1);
  H.end = g(H.end, 1);
  H.rc = g(H.rc, 15);
}

/**
 * Run draws [0, samples) of rsi-core. `model` is loadModel("rsi-core") (for
 * its priors, solver settings, horizon and record times). Returns
 * { columns, parameterColumns, series, steps, failures }.
 */
export function runHandwritten(model, { samples, seed }) {
  if (model.parameters.map((q) => q.name).join(",") !== NAMES) throw new Error("rsi-core's parameters changed: update bench/peers/rsi_core_handwritten.mjs");
  if (model.chance.map((c) => c.name).join(",") !== "lab_choice") throw new Error("rsi-core's chance variables changed: update bench/peers/rsi_core_handwritten.mjs");
  if (model.outputs.map((o) => o.name).join(",") !== OUTPUTS) throw new Error("rsi-core's outputs changed: update bench/peers/rsi_core_handwritten.mjs");
  const plan = planParameters(model);
  const K = model.layout.uniformsPerDraw;
  const nPar = model.parameters.length + model.chance.length; // the hazard uniforms follow: 1 for loss_of_control, 3 for detected_warning
  const T0 = model.time.start;
  const horizon = model.time.horizon;
  const every = model.time.recordEvery;
  const nRec = Math.floor((horizon - T0) / every + 1e-9) + 1;
  const recTimes = new Float64Array(nRec);
  for (let i = 0; i < nRec; i++) recTimes[i] = T0 + i * every;
  const series = emptyHistograms(Array.from(recTimes), model.series.map((s) => ({ name: s.name, range: s.range, bins: s.bins })));
  const S = {
    rtol: model.solver.rtol,
    atol: model.solver.atol,
    maxStep: model.solver.maxStep,
    maxSteps: model.solver.maxSteps,
    T0,
    horizon,
    recTimes,
    T: new Float64Array(10),
    A: new Float64Array(9),
    D: new Float64Array(6),
    rc: new Float64Array(30),
    ser: new Float64Array(3 * nRec),
    fTime: new Float64Array(8),
    fKind: new Int32Array(8),
    fIdx: new Int32Array(8),
    H: { len: 0, cap: 256, t0: new Float64Array(256), h: new Float64Array(256), end: new Float64Array(256), rc: new Float64Array(256 * 15), qb: new Float64Array(256), qbRising: false, cand: new Float64Array(512), candG: new Float64Array(512), candHi: new Float64Array(512), candLo: new Float64Array(512), est: new Float64Array(512) },
    tEnd: 0,
    y5: 0,
  };
  const { T, A, ser, H } = S;
  const nOut = 27;
  const cols = Array.from({ length: nOut }, () => new Float64Array(samples));
  const pcols = Array.from({ length: nPar }, () => new Float64Array(samples));
  const u = new Float64Array(CHUNK * K);
  const p = new Float64Array(model.layout.pSize);
  const z = new Float64Array(nPar);
  const thrW = new Float64Array(3);
  let steps = 0;
  let failures = 0;

  for (let c0 = 0; c0 < samples; c0 += CHUNK) {
    const m = Math.min(CHUNK, samples - c0);
    fillUniforms(seed, c0, m, K, u);
    for (let dd = 0; dd < m; dd++) {
      const idx = c0 + dd;
      sampleParameters(plan, u, dd * K, p, z);
      for (let j = 0; j < nPar; j++) pcols[j][idx] = p[j];
      perDraw(p);
      const uo = dd * K + nPar;
      const thrL = -Math.log(u[uo]);
      thrW[0] = -Math.log(u[uo + 1]);
      thrW[1] = thrW[0] - Math.log(u[uo + 2]);
      thrW[2] = thrW[1] - Math.log(u[uo + 3]);
      const n = runDraw(p, thrL, thrW, S);
      if (n < 0) {
        steps -= n;
        failures++;
        for (let o = 0; o < nOut; o++) cols[o][idx] = NaN;
        continue;
      }
      steps += n;
      // ---- window gains of capability (the two windows share the boundary values) ----
      const tEnd = S.tEnd;
      const nS = H.len;
      if (nS > 0) {
        if (H.qb.length < nS + 1) H.qb = new Float64Array(2 * (nS + 1));
        for (let k = 0; k < nS; k++) H.qb[k] = capIn(H, k, H.t0[k]);
        H.qb[nS] = capIn(H, nS - 1, tEnd);
        let rising = true;
        for (let k = 0; k < nS && rising; k++) if (!(H.qb[k + 1] >= H.qb[k])) rising = false;
        H.qbRising = rising;
      }
      A[1] = windowGain(H, 1, T0, tEnd);
      A[2] = windowGain(H, 1 / 3, T0, tEnd);
      if (A[0] === -Infinity) A[0] = NaN;

      // ---- outputs ----
      const tLoc = T[6];
      const loc = Number.isNaN(tLoc) ? 0 : 1;
      const si = Number.isNaN(T[3]) ? 0 : 1;
      cols[0][idx] = loc;
      cols[1][idx] = tLoc <= 2030 ? 1 : 0;
      cols[2][idx] = tLoc <= 2035 ? 1 : 0;
      cols[3][idx] = tLoc <= 2040 ? 1 : 0;
      cols[4][idx] = tLoc <= 2050 ? 1 : 0;
      cols[5][idx] = si && !loc ? 1 : 0;
      cols[6][idx] = !si && !loc ? 1 : 0;
      cols[7][idx] = T[1];
      cols[8][idx] = T[2];
      cols[9][idx] = T[3];
      cols[10][idx] = tLoc;
      cols[11][idx] = T[2] - T[1];
      cols[12][idx] = T[3] - T[2];
      cols[13][idx] = A[0];
      cols[14][idx] = A[1] / p[37];
      cols[15][idx] = A[2] / p[37];
      cols[16][idx] = A[3];
      cols[17][idx] = A[4];
      cols[18][idx] = Number.isNaN(T[4]) ? 0 : 1;
      cols[19][idx] = T[4];
      cols[20][idx] = loc ? (T[9] < tLoc ? 1 : 0) : NaN;
      cols[21][idx] = S.y5;
      cols[22][idx] = loc ? (T[1] <= tLoc ? 1 : 0) + (T[2] <= tLoc ? 1 : 0) + (T[3] <= tLoc ? 1 : 0) : NaN;
      cols[23][idx] = A[5];
      cols[24][idx] = A[6];
      cols[25][idx] = A[7];
      cols[26][idx] = A[8];
      for (let s = 0; s < 3; s++) for (let k = 0; k < nRec; k++) addValue(series, s, k, ser[s * nRec + k]);
    }
  }
  const names = OUTPUTS.split(",");
  return {
    columns: Object.fromEntries(names.map((nm, o) => [nm, cols[o]])),
    parameterColumns: Object.fromEntries([...model.parameters, ...model.chance].map((q, j) => [q.name, pcols[j]])),
    series,
    steps,
    failures,
  };
}

// ---- check and time against simulate() --------------------------------------------------

function maxRelDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
      continue;
    }
    if (x === y) continue;
    const d = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-300);
    if (d > worst) worst = d;
  }
  return worst;
}

const time = (fn) => {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = fn();
  const c = process.cpuUsage(c0);
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6, out };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : def;
  };
  const samples = Number(arg("samples", 10000));
  const seed = Number(arg("seed", 1));
  const repeats = Number(arg("repeats", 5));
  const json = arg("json", null);
  const model = loadModel("rsi-core");
  const engineRun = () => simulate(model, { samples, seed });
  const handRun = () => runHandwritten(model, { samples, seed });
  const load0 = os.loadavg()[0];
  // two warm-ups each: the hand-written loop reaches its steady speed on its third run
  for (let i = 0; i < 2; i++) {
    engineRun();
    handRun();
  }
  const eTimes = [];
  const hTimes = [];
  const eCpu = [];
  const hCpu = [];
  let e;
  let h;
  // alternate, so that noise from other processes falls on both alike
  for (let i = 0; i < repeats; i++) {
    const re = time(engineRun);
    const rh = time(handRun);
    eTimes.push(re.s);
    hTimes.push(rh.s);
    eCpu.push(re.cpu);
    hCpu.push(rh.cpu);
    e = re.out;
    h = rh.out;
  }
  const diffs = {};
  for (const name of Object.keys(h.columns)) diffs[name] = maxRelDiff(e.table.columns[name], h.columns[name]);
  let paramDiff = 0;
  for (const name of Object.keys(h.parameterColumns)) paramDiff = Math.max(paramDiff, maxRelDiff(e.table.parameterColumns[name], h.parameterColumns[name]));
  let seriesSame = true;
  e.series.counts.forEach((c, s) => {
    for (let i = 0; i < c.length; i++) if (c[i] !== h.series.counts[s][i]) seriesSame = false;
  });
  const worst = Math.max(paramDiff, ...Object.values(diffs));
  const agree = worst <= 1e-6 && e.steps === h.steps && e.failures.count === h.failures && seriesSame;
  const result = {
    samples,
    seed,
    engine: { best: Math.min(...eTimes), times: eTimes, cpu: eCpu, steps: e.steps, failures: e.failures.count },
    hand: { best: Math.min(...hTimes), times: hTimes, cpu: hCpu, steps: h.steps, failures: h.failures },
    ratio: Math.min(...eTimes) / Math.min(...hTimes),
    cpuRatio: Math.min(...eCpu) / Math.min(...hCpu),
    maxRelDiff: worst,
    worstOutput: Object.entries(diffs).sort((a, b) => b[1] - a[1])[0],
    seriesSame,
    agree,
    load: [load0, os.loadavg()[0]],
  };
  if (json) writeFileSync(json, JSON.stringify(result, null, 1));
  const f = (x) => x.toFixed(3);
  console.log(`rsi-core, ${samples} draws, seed ${seed}, best of ${repeats} (alternating, after two warm-ups each)`);
  console.log(`  rsi-sim simulate()  ${f(result.engine.best)} s  [${eTimes.map(f).join(" ")}]  ${(e.steps / samples).toFixed(2)} steps/draw`);
  console.log(`  hand-written loop   ${f(result.hand.best)} s  [${hTimes.map(f).join(" ")}]  ${(h.steps / samples).toFixed(2)} steps/draw`);
  console.log(`  ratio ${result.ratio.toFixed(2)}x; agreement: max relative difference ${worst.toExponential(1)} (worst ${result.worstOutput[0]}), steps ${e.steps} vs ${h.steps}, series histograms ${seriesSame ? "identical" : "DIFFER"}: ${agree ? "OK" : "MISMATCH"}`);
  if (!agree) {
    for (const [k, v] of Object.entries(diffs)) if (v > 1e-6) console.log(`    ${k}: ${v}`);
    process.exitCode = 1;
  }
}
