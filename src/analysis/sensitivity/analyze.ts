/**
 * Analysis of a run design: each chosen output of DesignOutputs (from
 * evaluateDesign or a results file) through the design's method
 * (sobol-analyze.ts, morris-analyze.ts, oat-analyze.ts) over the runs where
 * it is defined, plus the 0/1 indicator defined(name) for an output that is
 * sometimes undefined; with the design's layout and notes on what the
 * numbers mean, as a SensitivityResult ("rsi-sim.sensitivity/1"). At the
 * probability level a row's value is its mean over its inner draws, with
 * its inner Monte Carlo noise (inner.ts), and defined(name) is the share
 * of them where the output is defined.
 */
import type { OutputKind } from "../../model/types.js";
import { ArgumentError } from "../../core/errors.js";
import { VERSION, resultJSON } from "../result.js";
import { checkAnalyzeOptions } from "./bootstrap.js";
import { sobolAnalyze, type RowHalves } from "./sobol-analyze.js";
import { morrisAnalyze } from "./morris-analyze.js";
import { oatAnalyze } from "./oat-analyze.js";
import type { OatPlan } from "./oat-design.js";
import { chooseOutputs } from "./design.js";
import { innerColumns, innerOf } from "./inner.js";
import { REST, SENSITIVITY_SCHEMA, type DesignOutputs, type ModelDesign, type OutputSensitivity, type SensitivityResult } from "./types.js";

/** Name of the 0/1 indicator analysed beside an output that is sometimes undefined. */
export const definedName = (name: string) => `defined(${name})`;

/** What every output's analysis shares: the design, the failed rows and the bootstrap settings. */
interface Context {
  design: ModelDesign;
  failedRows: Uint8Array;
  failed: number;
  R: number;
  conf: number;
}

/** Per row: the value, its inner Monte Carlo error variance, and its values over the two halves of its draws (null when not known). */
interface Column {
  Y: Float64Array;
  noise: Float64Array | null;
  halves: RowHalves | null;
}

/** The method's analysis of one output column (Y NaN where failed or undefined), into o. */
function analyseMethod(ctx: Context, o: OutputSensitivity, { Y, noise, halves }: Column): void {
  const { design, R, conf } = ctx;
  const seed = design.seed;
  const k = design.factors.length;
  const names = design.factors.map((f) => f.name);
  if (design.method === "sobol") {
    const includesRest = design.sobol?.includesRest ?? false;
    const a = sobolAnalyze(Y, design.N, design.sobol!.k, { resamples: R, confLevel: conf, seed, names: includesRest ? [...names, REST] : names, noise, halves });
    const { warnings, ...rest } = a;
    o.sobol = rest;
    o.warnings.push(...warnings);
  } else if (design.method === "morris") {
    const m = design.morris!;
    const a = morrisAnalyze({ r: design.N, k, levels: m.levels, delta: m.delta, order: m.order, sign: m.sign, names }, Y, { resamples: R, confLevel: conf, seed });
    const { warnings, ...rest } = a;
    o.morris = rest;
    o.warnings.push(...warnings);
  } else {
    const p = design.oat!;
    const plan: OatPlan = { names, others: p.others, low: p.low, high: p.high, medians: p.medians, lowValues: p.lowValues, highValues: p.highValues, points: p.points, X: new Float64Array(0) };
    const a = oatAnalyze(plan, Y, design.N, { confLevel: conf });
    const { warnings, ...rest } = a;
    o.oat = rest;
    o.warnings.push(...warnings.filter((w) => !/runs undefined/.test(w)));
  }
}

/**
 * Every ±Infinity among the numbers of a method's result (an effect or an
 * index past the largest double, from finite but huge outputs) made NaN,
 * and the interval of a number so made (its "_ci" beside it, which the
 * bootstrap took from its finite resamples only) made NaN too; returns how
 * many numbers there were.
 */
function dropOverflow(x: unknown): number {
  let n = 0;
  if (x instanceof Float64Array || Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v === Infinity || v === -Infinity) {
        x[i] = NaN;
        n++;
      } else if (typeof v === "object" && v !== null) n += dropOverflow(v);
    }
  } else if (typeof x === "object" && x !== null) {
    const o = x as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (v === Infinity || v === -Infinity) {
        o[k] = NaN;
        if (Array.isArray(o[`${k}_ci`])) o[`${k}_ci`] = [NaN, NaN];
        n++;
      } else if (typeof v === "object" && v !== null) n += dropOverflow(v);
    }
  }
  return n;
}

/** One output's sensitivity: its undefined runs, warnings and the method's analysis. */
function outputSensitivity(ctx: Context, name: string, kind: OutputKind, description: string, col: Column, infinite = 0): OutputSensitivity {
  const { design, failedRows, failed } = ctx;
  const { Y, noise } = col;
  let undef = 0;
  for (let r = 0; r < design.rows; r++) if (!failedRows[r] && Number.isNaN(Y[r])) undef++;
  const K = innerOf(design);
  const runs = design.rows * K;
  const o: OutputSensitivity = { kind, description, runs, failed, undefined: undef, warnings: [] };
  if (failed > 0) o.warnings.push(`${failed} of ${runs} runs failed numerically and are dropped`);
  if (infinite > 0) o.warnings.push(`±Infinity (an overflow) in ${infinite} of ${design.rows} ${K > 1 ? "design points" : "runs"}, which are dropped as undefined`);
  if (undef > infinite) {
    const n = undef - infinite;
    const where = K > 1 ? `${n} of ${design.rows} design points (at all ${K} of their draws)` : `${n} of ${design.rows} runs`;
    o.warnings.push(`undefined (NaN) in ${where}, which are dropped; ${definedName(name)} shows what decides whether it is defined`);
  }
  if (noise) {
    o.innerNoise = innerNoise(Y, noise, K);
    if (o.innerNoise.share > 0.1) {
      o.warnings.push(`the inner Monte Carlo noise is ${(100 * o.innerNoise.share).toFixed(0)}% of the variance of the values across the design (K = ${K} draws a point): effects are blurred; raise --inner`);
    }
  }
  analyseMethod(ctx, o, col);
  if (o.sobol && Math.abs(o.sobol.variance) === Infinity) {
    // the indices were computed on the output scaled down (sobol-analyze.ts); only V itself, in the output's units, is too large
    o.sobol.variance = NaN;
    o.warnings.push("the variance of the output is past the largest double (shown as undefined); the indices, ratios to it, were computed on the output divided by a power of two");
  }
  const overflow = dropOverflow(o.sobol ?? o.morris ?? o.oat);
  if (overflow > 0) o.warnings.push(`${overflow} of the method's numbers are past the largest double (the output's values are too large to difference): shown as undefined; rescale the output`);
  return o;
}

/** The mean error variance of the rows' values and its share of their variance across the design. */
function innerNoise(Y: Float64Array, noise: Float64Array, K: number): { K: number; variance: number; share: number } {
  let n = 0;
  let s = 0;
  let ss = 0;
  let sn = 0;
  for (let r = 0; r < Y.length; r++) {
    const y = Y[r];
    if (y !== y) continue;
    n++;
    s += y;
    ss += y * y;
    if (noise[r] === noise[r]) sn += noise[r];
  }
  const variance = n > 0 ? sn / n : NaN;
  const total = n > 1 ? (ss - (s * s) / n) / (n - 1) : NaN;
  return { K, variance, share: total > 0 ? Math.min(1, variance / total) : variance > 0 ? 1 : 0 };
}

/** The result's fields that do not depend on the outputs. */
function resultHead(ctx: Context, failures: Record<string, number>): SensitivityResult {
  const { design } = ctx;
  return {
    schema: SENSITIVITY_SCHEMA,
    version: VERSION,
    method: design.method,
    model: design.model,
    seed: design.seed,
    N: design.N,
    level: design.level,
    inner: design.level === undefined ? undefined : design.method === "oat" ? design.N : innerOf(design),
    runs: design.rows * innerOf(design),
    failed: ctx.failed,
    failures,
    resamples: ctx.R,
    confLevel: ctx.conf,
    factors: design.factors,
    rest: { ...design.rest, analysed: design.sobol?.includesRest ?? false },
    settings: design.settings,
    design: designSummary(design),
    notes: [],
    outputs: {},
  };
}

/**
 * Analyse a design's outputs (from evaluateDesign or a results file). Each
 * chosen output is analysed over the runs where it is defined; when some
 * successful runs leave it undefined (NaN), the indicator defined(name),
 * 1 where it is defined and 0 where not, is analysed too.
 */
export function analyzeDesign(
  design: ModelDesign,
  results: { rows: number; columns: Record<string, ArrayLike<number>>; failed?: Uint8Array; failures?: Record<string, number>; inner?: DesignOutputs["inner"] },
  opts: { outputs?: string[]; resamples?: number; confLevel?: number } = {},
): SensitivityResult {
  const { R, conf } = checkAnalyzeOptions({ resamples: opts.resamples, confLevel: opts.confLevel });
  if (results.rows !== design.rows) throw new ArgumentError("results", `has ${results.rows} rows; the design has ${design.rows}`);
  const available = new Set(Object.keys(results.columns));
  const outs = design.outputs.length > 0 ? design.outputs : [...available].map((name) => ({ name, kind: "continuous" as OutputKind, description: "", headline: false }));
  const chosen = chooseOutputs(outs, opts.outputs, design.model.name, available);
  if (chosen.length === 0) throw new ArgumentError("results", `holds none of the outputs of ${design.model.name}`);
  const failedRows = results.failed ?? new Uint8Array(design.rows);
  let failed = 0;
  if (results.inner) for (let r = 0; r < design.rows; r++) failed += results.inner.failedRuns[r];
  else for (let r = 0; r < design.rows; r++) if (failedRows[r]) failed++;
  const ctx: Context = { design, failedRows, failed, R, conf };
  const result = resultHead(ctx, results.failures ?? {});
  const table = { ...results, failed: failedRows, failures: results.failures ?? {}, outputs: chosen } as DesignOutputs;
  for (const name of chosen) {
    const info = outs.find((x) => x.name === name)!;
    // ±Infinity (an overflow where the outputs were computed) is counted here; innerColumns drops it as undefined
    let infinite = 0;
    const raw = table.columns[name];
    for (let r = 0; r < design.rows; r++) if (!failedRows[r] && (raw[r] === Infinity || raw[r] === -Infinity)) infinite++;
    result.outputs[name] = outputSensitivity(ctx, name, info.kind, info.description, innerColumns(table, name), infinite);
    const D = innerColumns(table, name, true);
    if (somewhereUndefined(D.Y)) {
      const what = results.inner ? `the share of a point's draws where ${name} is defined` : `1 where ${name} is defined, 0 where not`;
      result.outputs[definedName(name)] = outputSensitivity(ctx, definedName(name), "binary", what, D);
      const w = selectionWarning(design, name, result.outputs[name], result.outputs[definedName(name)]);
      if (w) result.outputs[name].warnings.push(w);
    }
  }
  result.notes = designNotes(design, result, results.inner?.half !== undefined);
  return result;
}

/**
 * At the probability level, a warning where more than 1% of the base rows
 * are left out for a factor (A_j, B_j or AB_i,j with none of its K draws
 * defined) and whether the output is defined depends on factors (their ST
 * for defined(name) above 0 beyond its interval): the rows left out are a
 * selection on those factors, so the indices are not those of
 * E[output | factors] over the whole prior; the share falls as K grows.
 */
function selectionWarning(design: ModelDesign, name: string, o: OutputSensitivity, defined: OutputSensitivity): string | null {
  if (design.method !== "sobol" || design.inner === undefined || design.inner < 2 || !o.sobol || !defined.sobol) return null;
  const N = o.sobol.N;
  const share = Math.max(...o.sobol.indices.map((x) => (N - x.rows) / N));
  const drivers = defined.sobol.indices.filter((x) => x.ST_ci[0] > 0).map((x) => x.name);
  if (!(share > 0.01) || drivers.length === 0 || !o.sobol.indices.some((x) => Number.isFinite(x.ST))) return null;
  return (
    `biased by a selection: up to ${(100 * share).toFixed(0)}% of the base rows are left out (a point with none of its ${design.inner} draws defined), ` +
    `and whether ${name} is defined depends on ${drivers.join(", ")} (see ${definedName(name)}): the indices describe the points where it is defined, not the whole prior; raise --inner`
  );
}

/** Whether an output's defined share is below 1 somewhere and above 0 somewhere (so defined(…) varies). */
function somewhereUndefined(D: Float64Array): boolean {
  let below = false;
  let above = false;
  for (const d of D) {
    if (d !== d) continue;
    if (d < 1) below = true;
    if (d > 0) above = true;
  }
  return below && above;
}

/** The design's layout and draws, as the result's `design` field. */
function designSummary(d: ModelDesign): Record<string, unknown> {
  if (d.method === "sobol") {
    const s = d.sobol!;
    return {
      layout: `per base row j: A_j, AB_1,j … AB_${d.factors.length},j${s.includesRest ? `, AB_rest,j` : ""}, B_j`,
      rows: d.rows,
      scramble: s.scramble,
      skip: s.skip,
      drawLayout: s.drawLayout,
      draws:
        d.inner !== undefined
          ? `every row is run at K = ${d.inner} draws: A_j and AB_i,j at draws jK … jK + K − 1; B_j at ` + (s.drawLayout === "independent" ? "(N + j)K … (N + j)K + K − 1" : "the same draws as A_j")
          : s.drawLayout === "independent"
            ? "A_j and AB_i,j use draw j; B_j" + (s.includesRest ? " and AB_rest,j use" : " uses") + " draw N + j"
            : "every row of base j uses draw j",
    };
  }
  if (d.method === "morris") {
    const draws = d.inner === undefined ? "trajectory t uses draw t" : `every point of trajectory t uses draws tK … tK + K − 1, K = ${d.inner}`;
    return { rows: d.rows, trajectories: d.N, levels: d.morris!.levels, delta: d.morris!.delta, draws };
  }
  return { rows: d.rows, others: d.oat!.others, low: d.oat!.low, high: d.oat!.high, drawsPerPoint: d.N, draws: "every point uses draws 0 … N − 1" };
}
/** What the numbers mean: the inputs that are not factors, correlations removed, undefined outputs, failed runs. */
function designNotes(d: ModelDesign, r: SensitivityResult, halves: boolean): string[] {
  const notes: string[] = [];
  const restParts = [
    d.rest.hazards.length > 0 ? `the thresholds of the hazards ${d.rest.hazards.join(", ")}` : "",
    d.rest.chance?.length ? `the chance variable${d.rest.chance.length > 1 ? "s" : ""} ${d.rest.chance.join(", ")}` : "",
    d.rest.parameters.length > 0 ? `the uncertain parameters not analysed (${d.rest.parameters.join(", ")})` : "",
  ].filter(Boolean);
  const what = restParts.length > 2 ? `${restParts.slice(0, -1).join(", ")} and ${restParts.at(-1)}` : restParts.join(" and ");
  if (d.level === "probability") notes.push(probabilityNote(d, what, halves));
  else if (restParts.length > 0) {
    if (d.method === "sobol" && d.sobol!.includesRest) {
      notes.push(`${REST} is ${what}, taken together as one more factor: each row's draw supplies them; its ST is the share of the variance they account for with all their interactions.`);
    } else if (d.method === "sobol") {
      notes.push(`B rows share their base row's draw (drawLayout "shared"), so ${what} are common to A, B and AB_i: S1 of a factor includes its interactions with them, and ${REST} is not estimated.`);
    } else if (d.method === "morris") {
      notes.push(`${what[0].toUpperCase()}${what.slice(1)} come from the trajectory's draw, the same at every point of a trajectory: elementary effects are taken with them held fixed.`);
    } else {
      notes.push(`Each point is run over draws 0 … ${d.N - 1}, the same draws at every point (common random numbers); ${what} come from those draws, and results are means over them.`);
    }
  }
  if (d.correlations.length > 0) {
    const pairs = d.correlations.map((c) => `${c.between[0]}–${c.between[1]} ${c.rank}`).join(", ");
    notes.push(
      `${d.model.name} declares rank correlations (${pairs}). ${d.method === "sobol" ? "Sobol' indices assume independent inputs: " : "This analysis assumes independent inputs: "}` +
        `the correlated parameters were sampled independently from their marginal priors, so the results describe the model with those correlations removed.`,
    );
  }
  const withUndef = Object.entries(r.outputs).filter(([, o]) => o.undefined > 0).map(([n]) => n);
  if (withUndef.length > 0) {
    const how =
      d.method === "sobol"
        ? "Sobol' indices use, for each factor, the base rows where A, B and AB_i are all defined, so they describe the output where it is defined"
        : d.method === "morris"
          ? "elementary effects with an undefined end are dropped"
          : "means are over the draws where the output is defined";
    notes.push(
      `Undefined outputs in ${withUndef.join(", ")} (NaN: a milestone not reached, or an expression with no value there, such as a domain error or an explicit NaN; ` +
        `±Infinity: an overflow; each output's warnings give its counts): ${how}; the 0/1 indicator ${definedName("…")} is analysed beside each.`,
    );
  }
  if (r.failed > 0) notes.push(`${r.failed} of ${r.runs} runs failed numerically (${Object.entries(r.failures).map(([k, n]) => `${k}: ${n}`).join("; ") || "reasons not recorded"}); their outputs are dropped.`);
  return notes;
}

/** What a value is at the probability level. */
function probabilityNote(d: ModelDesign, what: string, halves: boolean): string {
  const K = d.method === "oat" ? d.N : (d.inner ?? 1);
  // "the chance variable u is", else plural ("the thresholds of the hazards …", "… and …")
  const verb = /^the chance variable [^,]*$/.test(what) && !what.includes(" and ") ? "is" : "are";
  const chance = what === "" ? "nothing but the factors is random, so one draw is the mean" : `${what} ${verb} drawn afresh at each of the ${K} draws`;
  const where =
    d.method === "sobol"
      ? "A_j and every AB_i,j share base row j's draws (common random numbers); B_j has draws of its own"
      : d.method === "morris"
        ? "the points of a trajectory share its draws (common random numbers), and trajectories have draws of their own"
        : "every point uses the same draws (common random numbers)";
  const sobolPart = d.method === "sobol" ? sobolEstimatorNote(K, halves) : "";
  const intervals =
    d.method === "sobol"
      ? "bootstrap over base rows"
      : d.method === "morris"
        ? "bootstrap over trajectories"
        : "normal approximation over the draws, the two points of a factor paired where both are defined";
  return (
    `Probability level: a design point's value is the mean of the output over ${K} chance draws (for a 0/1 output, P(output | factors)); ${chance}. ` +
    `${where[0].toUpperCase()}${where.slice(1)}, so differences between points are the factors' alone, and the intervals (${intervals}) include the inner Monte Carlo error${sobolPart}.`
  );
}

/** How the Sobol' estimators treat the inner noise: the split-half estimators, or why not. */
function sobolEstimatorNote(K: number, halves: boolean): string {
  if (halves) {
    const h = Math.ceil(K / 2);
    return (
      `. Split-half estimators: each point's draws are taken as two halves (the first ${h} and the last ${K - h}), whose inner errors are independent; ` +
      `V is the covariance of the two halves' means across the A and B rows and ST's numerator the product of the halves' A − AB_i differences, ` +
      `so neither carries the inner noise, and S1 and ST are the indices of the exact P(·|factors); ` +
      `a row with a half where the output is never defined counts with its plain terms less the other rows' mean inner noise, so S1, ST and V are over the same rows`
    );
  }
  const why = K < 2 ? `with K = ${K} draw a point there are no halves` : "the results hold one value per design point, not the means of the two halves of its draws that the split-half estimators need";
  return (
    `. The indices use the plain estimators: ${why}; so V is the variance of the values (less their mean inner noise when it is known) ` +
    `and ST (Jansen) is biased upward by the inner noise, E[Var(ε(A) − ε(AB_i))]/2V`
  );
}

/** Results JSON text (schema "rsi-sim.sensitivity/1"; NaN as null). */
export function sensitivityJSON(r: SensitivityResult): string {
  return resultJSON(r);
}
