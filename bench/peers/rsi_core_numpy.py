#!/usr/bin/env python3
"""
rsi-core as a researcher would write it in numpy: every draw's parameters as
arrays, a fixed-step RK4 (or Euler) loop over 2026-2100 advancing all draws
at once, the two cumulative hazards integrated as extra states and compared
with the same Exp(1) / Gamma(k, 1) thresholds, milestones by first crossing
with linear interpolation between step ends, and the brake as a per-draw
mask on the time. The peer that bench/peers/run.sh compares rsi-sim with.

The equations are models/rsi-core.yaml's (docs/rsi-core.md):

  c = k + p + a                                   capability (OOM)
  f(c) = logistic((c - auto_mid) / auto_width)    automated fraction
  sigma(c) = max(1, ai_adv0 * 10^(eta (c - c20)))
  speedup = 1 / ((1 - f) + f / sigma), normalised to its value at c = 0
  dk/dt = g_spend * max(0, 1 - k / spend_room) * B
  dp/dt = g_price
  da/dt = g_soft0 * R^lambda * 10^(-beta a) * max(0, 1 - a / soft_ceiling) * B
  ds/dt = g_safe0 * Rs^lambda_s * 10^(-beta_s (s - margin0))
  loss-of-control rate  h_max * danger(c) * misalign(s - gamma c)
  detected warnings     warn_rate * f(c) * misalign * detect(c)
  B = 1 - brake_strength while a brake holds; a brake starts at the third
  detected warning if lab_choice < p_comply, for brake_years, and multiplies
  safety funding by funding_response for good. Loss of control ends the run.

Draws (parameter values and hazard thresholds) come from rsi-sim through
bench/peers/export-draws.mjs, so both sides solve the same trajectories and
every difference is discretisation error.

  python3 rsi_core_numpy.py DRAWS [--dt 1/64,1/128] [--method rk4|euler]
          [--repeats 1] [--json out.json]

DRAWS is the export's path without .json/.bin. For each dt it runs the whole
simulation, times it (wall, one thread: set OPENBLAS_NUM_THREADS=1 etc.;
elementwise numpy is single-threaded anyway), and measures the accuracy of
the chosen outcome quantiles against the export's reference (rsi-sim at
rtol 1e-10); it does the same for rsi-sim's own tolerance variants.
"""
import argparse
import json
import math
import os
import sys
import time
from fractions import Fraction

import numpy as np

LN10 = math.log(10.0)

# ---- reading the export -------------------------------------------------------------


def load_draws(path):
    with open(path + ".json") as fh:
        head = json.load(fh)
    n = head["samples"]
    cols = head["columns"]
    data = np.fromfile(path + ".bin", dtype="<f8").reshape(len(cols), n)
    table = {name: data[i] for i, name in enumerate(cols)}
    return head, table


# ---- the model ----------------------------------------------------------------------


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def p10(x):
    return np.exp(LN10 * x)


def simulate(P, thr, dt, start=2026.0, horizon=2100.0, method="rk4", clamp=False):
    """
    P: dict name -> array of parameter values (one per draw); thr: dict with
    'loc' (Exp(1) thresholds) and 'warn' (3 x N cumulative thresholds).
    Returns a dict of outcome arrays (NaN where a milestone is not reached).
    clamp: after each step hold the exact solution's invariant
    k <= spend_room, a <= soft_ceiling (a fixed step can overshoot the
    ceiling that the factor max(0, 1 - x/ceiling) makes unreachable).
    """
    n_steps = int(round((horizon - start) / dt))
    dt = (horizon - start) / n_steps
    N = len(P["g_spend"])
    # per-draw constants
    auto_width = P["auto_gap"] / (math.log(0.99 / 0.01) - math.log(0.2 / 0.8))
    auto_mid = P["c20"] - math.log(0.2 / 0.8) * auto_width
    adv_today = np.maximum(1.0, P["ai_adv0"] * p10(-P["eta"] * P["c20"]))
    f0 = logistic((0.0 - auto_mid) / auto_width)
    speedup_today = 1.0 / ((1.0 - f0) + f0 / adv_today)
    fs0 = logistic((0.0 - P["safety_lag"] - auto_mid) / auto_width)
    speedup_safety_today = 1.0 / ((1.0 - fs0) + fs0 / adv_today)
    beta = P["lambda"] / P["r_soft"]
    beta_s = P["lambda_s"] / P["r_safe"]
    si_level = P["c20"] + P["auto_gap"] + P["si_gap"]
    comply = P["lab_choice"] < P["p_comply"]
    g_spend, spend_room, g_price = P["g_spend"], P["spend_room"], P["g_price"]
    g_soft0, g_labor, lam, soft_ceiling = P["g_soft0"], P["g_labor"], P["lambda"], P["soft_ceiling"]
    c20, ai_adv0, eta = P["c20"], P["ai_adv0"], P["eta"]
    g_safe0, lam_s, safety_lag, gamma, margin0 = P["g_safe0"], P["lambda_s"], P["safety_lag"], P["gamma"], P["margin0"]
    margin_width, h_max, danger_offset, danger_width = P["margin_width"], P["h_max"], P["danger_offset"], P["danger_width"]
    warn_rate, detect0, deception = P["warn_rate"], P["detect0"], P["deception"]
    ratio, ratio_ref = P["ratio"], P["ratio_ref"]
    brake_factor = 1.0 - P["brake_strength"]
    brake_years, funding_response = P["brake_years"], P["funding_response"]

    # brake window per draw (inf until a brake starts)
    tb0 = np.full(N, np.inf)
    tb1 = np.full(N, np.inf)

    def rhs(t, k, p, a, s):
        braking = (t >= tb0) & (t < tb1)
        B = np.where(braking, brake_factor, 1.0)
        fm = np.where(t >= tb0, funding_response, 1.0)
        years = t - start
        c = k + p + a
        f = logistic((c - auto_mid) / auto_width)
        adv = np.maximum(1.0, ai_adv0 * p10(eta * (c - c20)))
        labor = p10(g_labor * years)
        research = labor * (1.0 / ((1.0 - f) + f / adv)) / speedup_today
        dk = g_spend * np.maximum(0.0, 1.0 - k / spend_room) * B
        da = g_soft0 * research**lam * p10(-beta * a) * np.maximum(0.0, 1.0 - a / soft_ceiling) * B
        fs = logistic((c - safety_lag - auto_mid) / auto_width)
        safety_research = (ratio_ref * fm / ratio) * labor * (1.0 / ((1.0 - fs) + fs / adv)) / speedup_safety_today
        ds = g_safe0 * safety_research**lam_s * p10(-beta_s * (s - margin0))
        misalign = 1.0 / (1.0 + p10((s - gamma * c) / margin_width))
        danger = logistic((c - c20 - danger_offset) / danger_width)
        detect = detect0 * p10(-deception * np.maximum(0.0, c - c20))
        h_loc = np.maximum(0.0, h_max * danger * misalign)
        h_warn = np.maximum(0.0, warn_rate * f * misalign * detect)
        return dk, g_price, da, ds, h_loc, h_warn

    # states: compute, hardware, software, frontier, cumulative hazards
    k = np.zeros(N)
    p = np.zeros(N)
    a = np.zeros(N)
    s = margin0.copy()
    L = np.zeros(N)
    W = np.zeros(N)
    thr_loc = thr["loc"]
    thr_w = thr["warn"]  # 3 x N, increasing

    nan = lambda: np.full(N, np.nan)
    t20, t100, tsi, tloc, tw1, tbrake = nan(), nan(), nan(), nan(), nan(), nan()
    alive = np.ones(N, dtype=bool)

    def crossings(t, c_old, c_new, f_old, f_new, tend):
        """first crossings of the milestones in [t, t + dt], up to tend (per draw)"""
        for T, g_old, g_new in ((t20, f_old - 0.2, f_new - 0.2), (t100, f_old - 0.99, f_new - 0.99), (tsi, c_old - si_level, c_new - si_level)):
            hit = alive & np.isnan(T) & (g_old < 0) & (g_new >= 0)
            if hit.any():
                tc = t + dt * (-g_old[hit]) / (g_new[hit] - g_old[hit])
                keep = tc <= tend[hit]
                idx = np.flatnonzero(hit)[keep]
                T[idx] = tc[keep]

    # milestones already reached at the start
    c = k + p + a
    f = logistic((c - auto_mid) / auto_width)
    t20[f >= 0.2] = start
    t100[f >= 0.99] = start
    tsi[c >= si_level] = start

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for i in range(n_steps):
            t = start + i * dt
            if method == "rk4":
                k1 = rhs(t, k, p, a, s)
                h2 = 0.5 * dt
                k2 = rhs(t + h2, k + h2 * k1[0], p + h2 * k1[1], a + h2 * k1[2], s + h2 * k1[3])
                k3 = rhs(t + h2, k + h2 * k2[0], p + h2 * k2[1], a + h2 * k2[2], s + h2 * k2[3])
                k4 = rhs(t + dt, k + dt * k3[0], p + dt * k3[1], a + dt * k3[2], s + dt * k3[3])
                w = dt / 6.0
                d = [w * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]) for j in range(6)]
            else:
                d = [dt * x for x in rhs(t, k, p, a, s)]
            k, p, a, s = k + d[0], p + d[1], a + d[2], s + d[3]
            if clamp:
                k = np.minimum(k, spend_room)
                a = np.minimum(a, soft_ceiling)
            L_old, W_old = L, W
            L, W = L + d[4], W + d[5]
            c_old, f_old = c, f
            c = k + p + a
            f = logistic((c - auto_mid) / auto_width)
            # loss of control (terminal): Exp(1) threshold, linear interpolation
            hit = alive & (L_old < thr_loc) & (L >= thr_loc)
            tend = np.full(N, np.inf)
            if hit.any():
                tend[hit] = t + dt * (thr_loc[hit] - L_old[hit]) / (L[hit] - L_old[hit])
            crossings(t, c_old, c_new=c, f_old=f_old, f_new=f, tend=tend)
            # detected warnings: the 1st (for reporting) and the 3rd (the brake)
            for j, T in ((0, tw1), (2, None)):
                wh = alive & (W_old < thr_w[j]) & (W >= thr_w[j])
                if not wh.any():
                    continue
                tc = t + dt * (thr_w[j][wh] - W_old[wh]) / (W[wh] - W_old[wh])
                idx = np.flatnonzero(wh)
                before = tc <= tend[idx]
                idx, tc = idx[before], tc[before]
                if T is not None:
                    T[idx] = tc
                else:
                    go = comply[idx]
                    idx, tc = idx[go], tc[go]
                    tbrake[idx] = tc
                    tb0[idx] = tc  # the mask acts from the next stage time on
                    tb1[idx] = tc + brake_years[idx]
            tloc[hit] = tend[hit]
            alive &= ~hit

    reached = lambda x: ~np.isnan(x)
    return {
        "t20": t20,
        "t100": t100,
        "t_si": tsi,
        "t_loc": tloc,
        "automation_years": t100 - t20,
        "takeoff_years": tsi - t100,
        "loc": reached(tloc).astype(float),
        "loc_by_2050": (tloc <= 2050).astype(float),
        "safe_si": (reached(tsi) & ~reached(tloc)).astype(float),
        "brake": reached(tbrake).astype(float),
        "t_brake": tbrake,
        "first_warning": tw1,
        "steps": n_steps,
    }


def draws_from(table, head, mask=None):
    P = {name: table["par:" + name] for name in head["parameters"]}
    thr = {
        "loc": table["thr:loss_of_control"],
        "warn": np.vstack([table["thr:detected_warning:%d" % k] for k in (1, 2, 3)]),
    }
    if mask is not None:
        P = {k: v[mask] for k, v in P.items()}
        thr = {"loc": thr["loc"][mask], "warn": thr["warn"][:, mask]}
    return P, thr


# ---- accuracy -----------------------------------------------------------------------

QUANTITIES = ["t20", "t100", "t_si", "automation_years"]
QS = [0.05, 0.5, 0.95]
PROBS = ["loc_by_2050"]


def quantile(x, q):
    """Quantile q of the defined values (as rsi-sim's summaries report them): order statistic, inverted CDF."""
    v = np.sort(x[~np.isnan(x)])
    if v.size == 0:
        return float("nan")
    i = max(0, min(v.size - 1, int(math.ceil(q * v.size)) - 1))
    return float(v[i])


def summary(out):
    s = {}
    for name in QUANTITIES:
        for q in QS:
            s["%s p%d" % (name, round(q * 100))] = quantile(out[name], q)
    for name in PROBS:
        s["P(%s)" % name] = float(np.mean(out[name]))
    return s


def errors(out, ref):
    """Quantile errors against the reference: the worst time quantile (years), the probability error, and per-draw errors."""
    so, sr = summary(out), summary(ref)
    qerr = {k: abs(so[k] - sr[k]) for k in so if not k.startswith("P(")}
    perr = {k: abs(so[k] - sr[k]) for k in so if k.startswith("P(")}
    per_draw = {}
    for name in QUANTITIES:
        d = np.abs(out[name] - ref[name])
        both = ~np.isnan(out[name]) & ~np.isnan(ref[name])
        mismatch = int(np.sum(np.isnan(out[name]) != np.isnan(ref[name])))
        per_draw[name] = {"median": float(np.median(d[both])) if both.any() else 0.0, "max": float(np.max(d[both])) if both.any() else 0.0, "reached_mismatch": mismatch}
    flips = {name: int(np.sum(out[name] != ref[name])) for name in PROBS}
    return {
        "max_quantile_err": max(qerr.values()),
        "worst_quantile": max(qerr, key=qerr.get),
        "quantile_err": qerr,
        "prob_err": perr,
        "max_prob_err": max(perr.values()),
        "flips": flips,
        "per_draw": per_draw,
    }


# The user-level criterion of bench/tolerance.mjs: every number a user reads within
# 0.1 of its Monte Carlo standard error at 10,000 draws of the converged value.
CRIT_PROBS = ["loc", "loc_by_2050", "safe_si", "brake"]
CRIT_QUANT = ["t20", "t100", "t_si", "t_loc", "t_brake", "automation_years", "takeoff_years"]
SE_DRAWS = 10000


def criterion(out, ref):
    """Worst |out - ref| / SE over CRIT_PROBS' probabilities and CRIT_QUANT's p5/p50/p95, SE at 10,000 draws (as tolerance.mjs)."""
    worst = (0.0, "none")
    for name in CRIT_PROBS:
        pa, pb = float(np.mean(out[name] == 1)), float(np.mean(ref[name] == 1))
        se = math.sqrt(max(pb * (1 - pb), 1.0 / SE_DRAWS) / SE_DRAWS)
        r = abs(pa - pb) / se
        if r > worst[0]:
            worst = (r, "P(%s) %.6f vs %.6f" % (name, pa, pb))
    m = len(ref["loc"])
    for name in CRIT_QUANT:
        A = np.sort(out[name][~np.isnan(out[name])])
        B = np.sort(ref[name][~np.isnan(ref[name])])
        if A.size < 100 or B.size < 100:
            continue
        n10 = SE_DRAWS * B.size / m
        at = lambda v, q: v[min(v.size - 1, max(0, int(math.floor(q * (v.size - 1) + 0.5))))]  # JavaScript's Math.round (half up)
        for q in (0.05, 0.5, 0.95):
            d = 1.96 * math.sqrt(q * (1 - q) / n10)
            se = (at(B, q + d) - at(B, q - d)) / 2 / 1.96
            diff = abs(at(A, q) - at(B, q))
            r = 0.0 if diff == 0 else (diff / se if se > 0 else float("inf"))
            if r > worst[0]:
                worst = (r, "%s p%d %.4f vs %.4f (SE %.4f)" % (name, round(q * 100), at(A, q), at(B, q), se))
    return {"worst_se": float(worst[0]), "worst": worst[1], "met": bool(worst[0] <= 0.1)}


def parse_dt(text):
    return [float(Fraction(x)) for x in text.split(",") if x]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("draws")
    ap.add_argument("--dt", default="1/4,1/8,1/16,1/32,1/64,1/128")
    ap.add_argument("--method", default="rk4", choices=["rk4", "euler"])
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--json")
    ap.add_argument("--throughput", default="", help="also time --throughput-steps steps at dt=1/64 with the draws tiled to these sizes (e.g. 2000,16000,64000)")
    ap.add_argument("--throughput-steps", type=int, default=64)
    ap.add_argument("--clamp", action="store_true", help="hold k <= spend_room and a <= soft_ceiling after each step (the exact solution's invariant)")
    args = ap.parse_args()

    head, table = load_draws(args.draws)
    N = head["samples"]
    # draws the reference solved (rtol 1e-10 can fail on the stiffest draws: step size collapsed)
    ok = ~np.isnan(table["ref:loc"])
    P, thr = draws_from(table, head, ok)
    crit_names = sorted(set(QUANTITIES + PROBS + CRIT_PROBS + CRIT_QUANT))
    ref = {name: table["ref:" + name][ok] for name in crit_names}
    # draws without a brake in the reference: the fixed step's first-order brake error left out
    nb = table["ref:brake"][ok] == 0

    def sub_errors(out):
        e = errors({k: out[k][nb] for k in QUANTITIES + PROBS}, {k: ref[k][nb] for k in QUANTITIES + PROBS})
        return {"draws": int(nb.sum()), "max_quantile_err": e["max_quantile_err"], "worst_quantile": e["worst_quantile"], "flips": e["flips"]}
    result = {
        "samples": N,
        "compared": int(ok.sum()),
        "excluded_ref_failures": int((~ok).sum()),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "method": args.method,
        "clamp": args.clamp,
        "threads_env": {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")},
        "reference": summary(ref),
        "rsi_sim": {},
        "load_start": os.getloadavg(),
        "numpy_runs": [],
    }
    for name, v in head["variants"].items():
        if name == "ref":
            continue
        out = {o: table[name + ":" + o][ok] for o in crit_names}
        e = errors(out, ref)
        e["criterion"] = criterion(out, ref)
        e["no_brake"] = sub_errors(out)
        e.update({"rtol": v["rtol"], "atol": v["atol"], "steps_per_draw": v["stepsPerDraw"], "best_s": v["best"], "times": v["times"], "cpu": v.get("cpu"), "failures": v["failures"]})
        result["rsi_sim"][name] = e
        print(
            "rsi-sim %-9s %5.1f steps/draw  cpu %s s; criterion: worst %.3f SE (%s): %s"
            % (name, v["stepsPerDraw"], "%.2f" % min(v["cpu"]) if v.get("cpu") else "-", e["criterion"]["worst_se"], e["criterion"]["worst"], "MET" if e["criterion"]["met"] else "not met"),
            file=sys.stderr,
            flush=True,
        )
    for dt in parse_dt(args.dt):
        times = []
        cpu = []
        out = None
        for _ in range(max(1, args.repeats)):
            c0 = time.process_time()
            t0 = time.perf_counter()
            out = simulate(P, thr, dt, head["start"], head["horizon"], args.method, args.clamp)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        e = errors(out, ref)
        e["criterion"] = criterion(out, ref)
        e["no_brake"] = sub_errors(out)
        # the same work on all N draws (the failed reference draws excluded above cost the same per step)
        e.update({"dt": dt, "steps": out["steps"], "best_s": min(times), "times": times, "cpu": cpu, "draws": int(ok.sum()), "s_per_step": min(times) / out["steps"]})
        result["numpy_runs"].append(e)
        print(
            "numpy %-5s dt=%-9.6g steps=%6d  %7.2f s  max quantile err %.2e y (%s)  P err %.1e"
            % (args.method, dt, out["steps"], min(times), e["max_quantile_err"], e["worst_quantile"], e["max_prob_err"])
            + "  (no-brake draws: %.2e y, %d flips)" % (e["no_brake"]["max_quantile_err"], e["no_brake"]["flips"]["loc_by_2050"])
            + "\n  cpu %.2f s; criterion: worst %.3f SE (%s): %s" % (min(cpu), e["criterion"]["worst_se"], e["criterion"]["worst"], "MET" if e["criterion"]["met"] else "not met"),
            file=sys.stderr,
            flush=True,
        )
    result["throughput"] = []
    for size in [int(x) for x in args.throughput.split(",") if x]:
        reps = -(-size // len(P["g_spend"]))
        Pt = {k: np.tile(v, reps)[:size] for k, v in P.items()}
        thr_t = {"loc": np.tile(thr["loc"], reps)[:size], "warn": np.tile(thr["warn"], (1, reps))[:, :size]}
        dt = 1.0 / 64
        n = args.throughput_steps
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            simulate(Pt, thr_t, dt, head["start"], head["start"] + n * dt, args.method)
            best = min(best, time.perf_counter() - t0)
        result["throughput"].append({"draws": size, "steps": n, "best_s": best, "ns_per_draw_step": best / n / size * 1e9})
        print("numpy throughput: %6d draws  %.1f ns per draw-step (%.3f ms per step)" % (size, best / n / size * 1e9, best / n * 1e3), file=sys.stderr, flush=True)
    result["load_end"] = os.getloadavg()
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)
    else:
        json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
