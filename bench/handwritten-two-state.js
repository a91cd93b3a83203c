/**
 * The two-state toy model (models/test/two-state.yaml) integrated by a
 * hand-written loop: the baseline the engine is compared with in bench/run.js.
 *
 *   speed = g·10^((k − β)·a), computed as g·exp(ln10·((k − β)·a)) as the
 *           compiler emits 10^x (src/model/expr.ts)
 *   da/dt = speed
 *   ds/dt = ρ·speed·(1 − s) − δ·s
 *   milestone a15: a ≥ 1.5;  outputs t_a15, final(a), final(s)
 *
 * It does the same work as the engine, written out for this model only: the
 * same uniforms (fillUniforms, one per parameter) and parameter sampling
 * (sampleParameters with the model's plan), the same Dormand–Prince 5(4) step
 * with the same error control (rtol/atol and max step from the model,
 * err = RMS of the scaled error, factor 0.9·err^(−1/5) clamped to [0.2, 10],
 * no growth right after a rejection), Hairer's starting step, and the same
 * Illinois root finding on the dense output for the milestone. The
 * arithmetic is written in the order of the engine and of the compiled
 * kernel, so the outputs and step counts come out the same (bench/run.js
 * checks it: if the compiler changes how it emits an expression, update the
 * formulas here to match). The two states are
 * plain local variables: no arrays, no closures, no generated code.
 */
import { fillUniforms } from "../dist/sampling/stream.js";
import { planParameters, sampleParameters } from "../dist/sampling/sampler.js";
import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65,
  A71, A73, A74, A75, A76, C2, C3, C4, C5, D1, D3, D4, D5, D6, D7, E1, E3, E4, E5, E6, E7,
} from "../dist/engine/dopri.js";

const CHUNK = 256;
const ROOT_TOL = 1e-13;
const LEVEL = 1.5; // milestone a15: a >= 1.5

/**
 * Run draws [0, samples) of the two-state model. `model` is the compiled
 * models/test/two-state.yaml (for its solver settings, horizon and priors).
 * Returns { columns: { t_a15, a_end, s_end }, parameterColumns, steps }.
 */
export function runHandwritten(model, { samples, seed }) {
  const names = model.parameters.map((q) => q.name).join(",");
  if (names !== "g,beta,rho,k,delta") throw new Error(`unexpected parameters ${names}: keep this file in step with two-state.yaml`);
  const plan = planParameters(model);
  const K = model.layout.uniformsPerDraw;
  const nPar = model.parameters.length;
  const { rtol, atol, maxStep, maxSteps } = model.solver;
  const t0run = model.time.start;
  const horizon = model.time.horizon;
  const tA = new Float64Array(samples);
  const aEnd = new Float64Array(samples);
  const sEnd = new Float64Array(samples);
  const pcols = model.parameters.map(() => new Float64Array(samples));
  const u = new Float64Array(CHUNK * K);
  const p = new Float64Array(nPar);
  const z = new Float64Array(nPar);
  let steps = 0;
  for (let c0 = 0; c0 < samples; c0 += CHUNK) {
    const m = Math.min(CHUNK, samples - c0);
    fillUniforms(seed, c0, m, K, u);
    for (let d = 0; d < m; d++) {
      const idx = c0 + d;
      sampleParameters(plan, u, d * K, p, z);
      for (let j = 0; j < nPar; j++) pcols[j][idx] = p[j];
      const g = p[0], beta = p[1], rho = p[2], k = p[3], delta = p[4];

      // ---- initial state, f(t0, y0) ----
      let t = t0run;
      let a = 0;
      let s = 0;
      let sp = g * Math.exp(Math.LN10 * ((k - beta) * a));
      let k1a = sp;
      let k1s = rho * sp * (1 - s) - delta * s;
      let gA = a - LEVEL;
      let tHit = NaN;
      if (gA >= 0) tHit = t;

      // ---- Hairer's starting step ----
      let h;
      {
        const hMax0 = Math.min(maxStep, horizon - t);
        const sca = atol + rtol * Math.abs(a);
        const scs = atol + rtol * Math.abs(s);
        const d0 = Math.sqrt(((a / sca) ** 2 + (s / scs) ** 2) / 2);
        const d1 = Math.sqrt(((k1a / sca) ** 2 + (k1s / scs) ** 2) / 2);
        let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
        h0 = Math.min(h0, hMax0);
        const ya = a + h0 * k1a;
        const ys = s + h0 * k1s;
        const sp1 = g * Math.exp(Math.LN10 * ((k - beta) * ya));
        const f1a = sp1;
        const f1s = rho * sp1 * (1 - ys) - delta * ys;
        const d2 = Math.sqrt((((f1a - k1a) / sca) ** 2 + ((f1s - k1s) / scs) ** 2) / 2) / h0;
        const dm = Math.max(d1, d2);
        const h1 = dm <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dm, 0.2);
        h = Math.min(100 * h0, h1, hMax0);
        if (!(Number.isFinite(h) && h > 0)) h = Math.min(1e-6, hMax0);
      }

      let facMax = 10;
      let failed = false;
      let n = 0;
      while (t < horizon) {
        if (++n > maxSteps) {
          failed = true;
          break;
        }
        const hMax = Math.min(maxStep, horizon - t);
        let hitLimit = false;
        if (h >= hMax) {
          h = hMax;
          hitLimit = true;
        }
        if (!(h > 1e-14 * Math.max(1, Math.abs(t)))) {
          failed = true;
          break;
        }
        // ---- one Dormand–Prince step ----
        let ya = a + h * A21 * k1a;
        let ys = s + h * A21 * k1s;
        sp = g * Math.exp(Math.LN10 * ((k - beta) * ya));
        const k2a = sp;
        const k2s = rho * sp * (1 - ys) - delta * ys;
        ya = a + h * (A31 * k1a + A32 * k2a);
        ys = s + h * (A31 * k1s + A32 * k2s);
        sp = g * Math.exp(Math.LN10 * ((k - beta) * ya));
        const k3a = sp;
        const k3s = rho * sp * (1 - ys) - delta * ys;
        ya = a + h * (A41 * k1a + A42 * k2a + A43 * k3a);
        ys = s + h * (A41 * k1s + A42 * k2s + A43 * k3s);
        sp = g * Math.exp(Math.LN10 * ((k - beta) * ya));
        const k4a = sp;
        const k4s = rho * sp * (1 - ys) - delta * ys;
        ya = a + h * (A51 * k1a + A52 * k2a + A53 * k3a + A54 * k4a);
        ys = s + h * (A51 * k1s + A52 * k2s + A53 * k3s + A54 * k4s);
        sp = g * Math.exp(Math.LN10 * ((k - beta) * ya));
        const k5a = sp;
        const k5s = rho * sp * (1 - ys) - delta * ys;
        ya = a + h * (A61 * k1a + A62 * k2a + A63 * k3a + A64 * k4a + A65 * k5a);
        ys = s + h * (A61 * k1s + A62 * k2s + A63 * k3s + A64 * k4s + A65 * k5s);
        sp = g * Math.exp(Math.LN10 * ((k - beta) * ya));
        const k6a = sp;
        const k6s = rho * sp * (1 - ys) - delta * ys;
        const a1 = a + h * (A71 * k1a + A73 * k3a + A74 * k4a + A75 * k5a + A76 * k6a);
        const s1 = s + h * (A71 * k1s + A73 * k3s + A74 * k4s + A75 * k5s + A76 * k6s);
        sp = g * Math.exp(Math.LN10 * ((k - beta) * a1));
        const k7a = sp;
        const k7s = rho * sp * (1 - s1) - delta * s1;
        // ---- error control ----
        const ea = h * (E1 * k1a + E3 * k3a + E4 * k4a + E5 * k5a + E6 * k6a + E7 * k7a);
        const es = h * (E1 * k1s + E3 * k3s + E4 * k4s + E5 * k5s + E6 * k6s + E7 * k7s);
        const sca = atol + rtol * Math.max(Math.abs(a), Math.abs(a1));
        const scs = atol + rtol * Math.max(Math.abs(s), Math.abs(s1));
        let err = 0;
        err += (ea / sca) * (ea / sca);
        err += (es / scs) * (es / scs);
        err = Math.sqrt(err / 2);
        if (!(err <= 1)) {
          h *= Number.isNaN(err) ? 0.1 : Math.max(0.2, 0.9 * Math.pow(err, -0.2));
          facMax = 1;
          continue;
        }
        if (!Number.isFinite(a1) || !Number.isFinite(s1)) {
          failed = true;
          break;
        }
        const tNew = hitLimit && hMax === horizon - t ? horizon : t + h;
        const gB = a1 - LEVEL;
        // ---- milestone: Illinois root finding on a's dense output ----
        if (gA < 0 && gB >= 0 && Number.isNaN(tHit)) {
          const ydiff = a1 - a;
          const bspl = h * k1a - ydiff;
          const r0 = a, r1 = ydiff, r2 = bspl, r3 = ydiff - h * k7a - bspl;
          const r4 = h * (D1 * k1a + D3 * k3a + D4 * k4a + D5 * k5a + D6 * k6a + D7 * k7a);
          let lo = t, hi = tNew, flo = gA, fhi = gB, side = 0;
          for (let it = 0; it < 100; it++) {
            if (hi - lo <= ROOT_TOL * Math.max(1, Math.abs(hi))) break;
            let c = (lo * fhi - hi * flo) / (fhi - flo);
            if (!(c > lo && c < hi)) c = 0.5 * (lo + hi);
            const th = (c - t) / h;
            const t1 = 1 - th;
            const fc = r0 + th * (r1 + t1 * (r2 + th * (r3 + t1 * r4))) - LEVEL;
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
          tHit = hi;
        }
        // ---- accept ----
        t = tNew;
        a = a1;
        s = s1;
        k1a = k7a;
        k1s = k7s;
        gA = gB;
        h *= Math.min(facMax, Math.max(0.2, 0.9 * Math.pow(Math.max(err, 1e-10), -0.2)));
        facMax = 10;
      }
      steps += n;
      if (failed) {
        tA[idx] = aEnd[idx] = sEnd[idx] = NaN;
        continue;
      }
      tA[idx] = tHit;
      aEnd[idx] = a;
      sEnd[idx] = s;
    }
  }
  return {
    columns: { t_a15: tA, a_end: aEnd, s_end: sEnd },
    parameterColumns: Object.fromEntries(model.parameters.map((q, j) => [q.name, pcols[j]])),
    steps,
  };
}
