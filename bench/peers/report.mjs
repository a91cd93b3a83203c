/**
 * Summarise a run of bench/peers/run.sh: reads draws.json, numpy.json (RK4),
 * numpy-euler.json, hand.json and scaling.json from the output folder and
 * prints the tables that BENCHMARKS.md ("Against the peers") records.
 *
 *   node bench/peers/report.mjs /tmp/rsi-peers
 *
 * Matched accuracy: the target is rsi-sim's accuracy at a tolerance, the
 * worst absolute error of the chosen outcome quantiles against the rtol 1e-10
 * reference (years). For each numpy method the dt that reaches it is
 * interpolated (log–log) between the two measured steps that bracket it, or
 * extrapolated from the finest two when no measured step reaches it; numpy's
 * time is its cheapest measured time per step times the steps that dt needs,
 * and the faster method is compared. P(loss of control by 2050) is compared
 * as the number of draws whose outcome differs from the reference ("flips");
 * it is not interpolated.
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? "/tmp/rsi-peers";
const read = (f) => (existsSync(path.join(dir, f)) ? JSON.parse(readFileSync(path.join(dir, f), "utf8")) : null);
const draws = read("draws.json");
/** The variant of export-draws.mjs that is models/rsi-core.yaml as shipped (named in the export; rtol1e-5 in exports before it was). */
const SHIPPED = draws?.shipped ?? "rtol1e-5";
const np = read("numpy.json");
const npE = read("numpy-euler.json");
const hand = read("hand.json");
const scaling = read("scaling.json");

const fx = (x, d = 3) => (x === null || x === undefined || Number.isNaN(x) ? "–" : x.toFixed(d));
const ex = (x) => (x === 0 ? "0" : x.toExponential(1));
const frac = (dt) => {
  const inv = 1 / dt;
  return Math.abs(inv - Math.round(inv)) < 1e-9 ? `1/${Math.round(inv)}` : dt.toPrecision(3);
};
function table(rows) {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? String(cell).padEnd(w[c]) : String(cell).padStart(w[c]))).join("  ");
      return i === 0 ? `${line}\n${w.map((x) => "-".repeat(x)).join("  ")}` : line;
    })
    .join("\n");
}

const out = [];
const say = (s = "") => out.push(s);
let matched = [];

if (np && draws) {
  const N = np.compared;
  const span = draws.horizon - draws.start;
  const methods = [np, npE].filter(Boolean);
  say(`Accuracy and cost: rsi-core, ${N} draws (seed ${draws.seed}; ${np.excluded_ref_failures} of ${np.samples} draws left out because the rtol 1e-10 reference failed on them), one core`);
  say(`error = worst |quantile − reference| over p5/p50/p95 of t20, t100, t_si, automation_years (years); flips = draws whose loc_by_2050 differs from the reference`);
  say();
  const rows = [["solver", "setting", "steps/draw", "wall s", "cpu s", "max quantile err (y)", "worst quantile", "P(loc by 2050) err", "flips", "no-brake err (y)"]];
  const rsi = Object.entries(np.rsi_sim);
  for (const [name, v] of rsi) {
    rows.push(["rsi-sim DP5(4)", `rtol ${v.rtol.toExponential(0)}${name === SHIPPED ? " (shipped)" : ""}`, fx(v.steps_per_draw, 1), fx(v.best_s), fx(v.cpu ? Math.min(...v.cpu) : null), ex(v.max_quantile_err), v.worst_quantile, ex(v.max_prob_err), v.flips.loc_by_2050, ex(v.no_brake.max_quantile_err)]);
  }
  for (const m of methods) {
    for (const v of m.numpy_runs) {
      rows.push([`numpy ${m.method === "rk4" ? "RK4" : "Euler"}`, `dt ${frac(v.dt)}`, v.steps, fx(v.best_s), fx(Math.min(...v.cpu)), ex(v.max_quantile_err), v.worst_quantile, ex(v.max_prob_err), v.flips.loc_by_2050, ex(v.no_brake.max_quantile_err)]);
    }
  }
  say(table(rows));
  say("no-brake err: the same measure over the draws with no brake in the reference");
  say();

  // matched accuracy
  const bestThroughput = (np.throughput ?? []).reduce((b, r) => (b === null || r.ns_per_draw_step < b.ns_per_draw_step ? r : b), null);
  /**
   * numpy's dt and time for a target error: log–log interpolation between
   * the two measured steps that bracket it, or extrapolation from the finest
   * two when none reaches it; time = the method's cheapest measured time
   * per step (runs of ≥ 1,000 steps) × the steps needed.
   */
  const need = (m, pick, target) => {
    const runs = [...m.numpy_runs].sort((a, b) => b.dt - a.dt);
    const perStep = Math.min(...runs.filter((r) => r.steps >= 1000).map((r) => r.best_s / r.steps));
    const i = runs.findIndex((r) => pick(r).err <= target);
    let dt;
    let how;
    if (i === 0) {
      dt = runs[0].dt;
      how = "coarsest measured";
    } else {
      const [a, b] = i > 0 ? [runs[i - 1], runs[i]] : [runs[runs.length - 2], runs[runs.length - 1]];
      const slope = Math.log(pick(a).err / pick(b).err) / Math.log(a.dt / b.dt);
      dt = b.dt * Math.pow(target / pick(b).err, 1 / slope);
      how = i > 0 ? "interpolated" : `extrapolated, dt^${fx(slope, 2)}`;
    }
    const steps = Math.round(span / dt);
    const flipsOk = runs.filter((r) => pick(r).flips <= 0);
    return { dt, how, steps, t: perStep * steps, perStep, flipsDt: flipsOk.length ? flipsOk[0].dt : null, finest: runs[runs.length - 1] };
  };
  const match = (pick) =>
    rsi.map(([name, v]) => {
      const per = methods.map((m) => ({ method: m.method, ...need(m, pick, pick(v).err) }));
      const best = per.reduce((x, y) => (y.t < x.t ? y : x));
      return { name, target: pick(v).err, rsiFlips: pick(v).flips, tRsi: v.best_s, per, best, ratio: best.t / v.best_s, throughputRatio: bestThroughput && best.method === "rk4" ? (bestThroughput.ns_per_draw_step * 1e-9 * best.steps * N) / v.best_s : null };
    });
  const all = match((r) => ({ err: r.max_quantile_err, flips: r.flips.loc_by_2050 }));
  const nob = match((r) => ({ err: r.no_brake.max_quantile_err, flips: r.no_brake.flips.loc_by_2050 }));
  matched = all;
  const xr = (x) => (x >= 100 ? x.toExponential(1) : fx(x, 1));
  const dtText = (d) => {
    const inv = 1 / d.dt;
    return `1/${inv >= 1e4 ? inv.toExponential(1) : Math.round(inv).toLocaleString("en-US")} (${d.how})`;
  };
  const mtable = (res) => {
    const head = ["rsi-sim setting", "its error (y)", "rsi-sim s"];
    for (const m of methods) head.push(`${m.method} dt needed`, `${m.method} s`);
    head.push("best numpy / rsi-sim", "at RK4's best throughput");
    const mrows = [head];
    for (const r of res) {
      const row = [r.name, ex(r.target), fx(r.tRsi)];
      for (const d of r.per) row.push(dtText(d), d.t >= 1000 ? d.t.toExponential(1) : fx(d.t, 1));
      row.push(`${xr(r.ratio)}x (${r.best.method})`, r.throughputRatio === null ? "–" : `${xr(r.throughputRatio)}x`);
      mrows.push(row);
    }
    return table(mrows);
  };
  say(
    `numpy time per step at ${N} draws (cheapest measured): ` +
      all[0].per.map((d) => `${d.method} ${fx(d.perStep * 1e3, 2)} ms`).join(", ") +
      `; flips ≤ rsi-sim's (0) reached at: ` +
      all[0].per.map((d) => `${d.method} ${d.flipsDt === null ? `no measured dt (finest ${frac(d.finest.dt)}: ${d.finest.flips.loc_by_2050})` : frac(d.flipsDt)}`).join(", "),
  );
  const finest = [...np.numpy_runs].sort((a, b) => a.dt - b.dt)[0];
  say(
    `numpy converges to the reference: RK4 at dt ${frac(finest.dt)}, per-draw median |error| ` +
      Object.entries(finest.per_draw).map(([k, v]) => `${k} ${ex(v.median)}`).join(", ") +
      ` years (rsi-sim shipped: ` +
      Object.entries(np.rsi_sim[SHIPPED].per_draw).map(([k, v]) => `${k} ${ex(v.median)}`).join(", ") +
      `)`,
  );
  say();
  say(`Matched accuracy, all ${N} draws: the numpy dt that gives rsi-sim's quantile error, and its time on one core`);
  say();
  say(mtable(all));
  say();
  say(`Matched accuracy on the ${np.numpy_runs[0].no_brake.draws} draws without a brake (what numpy could reach if it split its steps at each brake's start and end)`);
  say();
  say(mtable(nob));
  if (bestThroughput) {
    say();
    say(
      `numpy RK4 throughput (dt 1/64, ${np.throughput[0].steps} steps, draws tiled): ` +
        np.throughput.map((r) => `${r.draws} draws ${fx(r.ns_per_draw_step, 1)} ns/draw-step`).join("; ") +
        `. "at RK4's best throughput" rescales RK4's time to its cheapest ns/draw-step, as if the draws were run in big batches.`,
    );
  }
  say(`numpy ${np.numpy}, Python ${np.python}; load average ${np.load_start.map((x) => x.toFixed(2)).join(" ")} at the start of RK4, ${(npE ?? np).load_end.map((x) => x.toFixed(2)).join(" ")} at the end of numpy`);
  say();
}

if (hand) {
  say(`Hand-written loop vs rsi-sim: rsi-core, ${hand.samples} draws, best of ${hand.engine.times.length} alternating runs after two warm-ups each, one process`);
  say();
  say(
    table([
      ["", "wall s (best)", "runs s", "cpu s (best)", "steps/draw"],
      ["rsi-sim simulate()", fx(hand.engine.best), hand.engine.times.map((t) => fx(t)).join(" "), fx(Math.min(...hand.engine.cpu)), fx(hand.engine.steps / hand.samples, 2)],
      ["hand-written loop", fx(hand.hand.best), hand.hand.times.map((t) => fx(t)).join(" "), fx(Math.min(...hand.hand.cpu)), fx(hand.hand.steps / hand.samples, 2)],
    ]),
  );
  say(
    `ratio ${fx(hand.ratio, 2)}x (cpu ${fx(Math.min(...hand.engine.cpu) / Math.min(...hand.hand.cpu), 2)}x); agreement: max relative difference ${ex(hand.maxRelDiff)}, steps ${hand.engine.steps} vs ${hand.hand.steps}, series histograms ${hand.seriesSame ? "identical" : "differ"}: ${hand.agree ? "OK" : "MISMATCH"}; load ${hand.load.map((x) => x.toFixed(2)).join(" → ")}`,
  );
  say();
}

if (scaling) {
  say("Scaling (rsi-sim, rsi-core, seed 1)");
  say();
  const base = scaling.draws[0];
  say(
    table([
      ["draws", "wall s", "runs s", "µs/draw", "cpu µs/draw", "cpu per draw vs 1k", "steps/draw"],
      ...scaling.draws.map((d) => [d.draws.toLocaleString("en-US"), fx(d.best), d.times.map((t) => fx(t)).join(" "), fx(d.usPerDraw, 0), fx(d.cpuUsPerDraw, 0), fx(d.cpuUsPerDraw / base.cpuUsPerDraw, 2), fx(d.stepsPerDraw, 1)]),
    ]),
  );
  say();
  const w1 = scaling.workers.find((w) => w.workers === 1);
  say(
    table([
      ["workers", "draws", "wall s", "runs s", "cpu s (all threads)", "speed-up", ...(scaling.cli.length ? ["CLI wall s"] : [])],
      ...scaling.workers.map((w) => {
        const c = scaling.cli.find((x) => x.workers === w.workers);
        return [w.workers, w.draws.toLocaleString("en-US"), fx(w.best), w.times.map((t) => fx(t)).join(" "), w.cpu.map((t) => fx(t)).join(" "), `${fx(w1.best / w.best, 2)}x`, ...(scaling.cli.length ? [c ? fx(c.s) : "–"] : [])];
      }),
    ]),
  );
  say(`${scaling.cores} cores; load average ${scaling.load.map((x) => x.toFixed(2)).join(" → ")}`);
  say();
}

// targets
const trows = [["target", "measured", "met"]];
const m6 = matched.find((m) => m.name === SHIPPED);
const m3 = matched.find((m) => m.name === "rtol1e-3");
const xr2 = (x) => (x >= 100 ? x.toExponential(1) : fx(x, 1));
if (m6) {
  trows.push(["rsi-sim ≥ 5x faster per core than numpy at matched accuracy (shipped rtol 1e-5)", `${xr2(m6.ratio)}x (numpy ${m6.best.method}, ${m6.best.how})`, m6.ratio >= 5 ? "yes" : "NO"]);
}
if (m3) {
  trows.push(["  same, at rsi-sim's loosest setting (rtol 1e-3)", `${xr2(m3.ratio)}x (numpy ${m3.best.method}, ${m3.best.how})`, m3.ratio >= 5 ? "yes" : "NO"]);
}
if (hand) trows.push(["rsi-sim within 1.5x of the hand-written loop", `${fx(hand.ratio, 2)}x (cpu ${fx(hand.cpuRatio, 2)}x)`, hand.ratio <= 1.5 && hand.agree ? "yes" : "NO"]);
if (scaling) {
  const d = scaling.draws;
  const dev = Math.max(...d.map((x) => x.cpuUsPerDraw)) / Math.min(...d.map((x) => x.cpuUsPerDraw));
  const devW = Math.max(...d.map((x) => x.usPerDraw)) / Math.min(...d.map((x) => x.usPerDraw));
  trows.push([`time linear in draws (${d.map((x) => x.draws / 1000 + "k").join(", ")})`, `cpu µs/draw within ${fx(dev, 2)}x (wall ${fx(devW, 2)}x)`, dev <= 1.2 ? "yes" : "NO"]);
  const w1 = scaling.workers.find((w) => w.workers === 1);
  const w2 = scaling.workers.find((w) => w.workers === 2);
  if (w1 && w2) trows.push(["2 workers (2 cores)", `${fx(w1.best / w2.best, 2)}x speed-up`, "(report)"]);
}
if (trows.length > 1) {
  say(table(trows));
}
if (out.length) console.log(out.join("\n"));
