/**
 * The playground use case: a model as one offline HTML page that runs its
 * draws in the browser with the CLI's engine (docs/playground.md). The
 * model is compiled here, in Node; the page gets its kernel as code, its
 * priors as their canonical text, and each uncertain parameter's slider
 * range (its prior's 1–99% quantiles).
 */
import { checkOptions } from "./options.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ArgumentError, UserError } from "../core/errors.js";
import type { CompiledModel, ParameterInfo } from "../model/types.js";
import type { Distribution } from "../model/distributions.js";
import { portableModel } from "../model/portable.js";
import { playgroundHtml, type SliderRange } from "../report/playground.js";
import { checkDraws, checkSeed } from "./check.js";
import { DEFAULT_MODEL, DEFAULT_SEED, resolveModel, type ModelRef } from "./model.js";
import { DEFAULT_SAMPLES } from "./run.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/playground/playground.js, from dist/app, src/app (tests) or dist/cli-bundle alike */
export const PLAYGROUND_SCRIPT = path.resolve(here, "..", "..", "dist", "playground", "playground.js");

/** The most draws the page offers (a browser tab's memory, not the CLI's limit). */
export const PLAYGROUND_MAX_SAMPLES = 1_000_000;

/** What `playground` makes the page from. Every field is optional. */
export interface PlaygroundOptions {
  /** a CompiledModel, a model file or a shipped model's name (default rsi-core) */
  model?: ModelRef;
  /** how the page's Reproduce line names the model (default: the file or name given, or the model's name) */
  modelArg?: string;
  /** the draws and seed the page starts with (default 10,000 and 1) */
  samples?: number;
  seed?: number;
}

const LOG_KINDS = new Set(["lognormal", "loguniform"]);

/** Whether a prior is spread on a log scale: a lognormal or log-uniform (or a mixture of them only). */
function logScale(d: Distribution): boolean {
  if (d.kind === "mixture") return (d.components ?? []).length > 0 && d.components!.every(logScale);
  return LOG_KINDS.has(d.kind);
}

/**
 * A parameter's slider range: its prior's 1% and 99% quantiles (the support
 * if those coincide), logarithmic where the prior is; a discrete prior's values.
 *
 * @example
 * sliderRange(loadModel("rsi-core").parameters.find((p) => p.name === "gamma")!); // { lo: 0.2…, hi: 1.4…, log: true }
 */
export function sliderRange(p: ParameterInfo): SliderRange | undefined {
  const d = p.prior;
  if (!d) return undefined;
  if (d.discrete && d.values) return { lo: d.values[0], hi: d.values[d.values.length - 1], log: false, values: d.values };
  let lo = d.quantile(0.01);
  let hi = d.quantile(0.99);
  if (!(hi > lo)) [lo, hi] = [Number.isFinite(d.support[0]) ? d.support[0] : lo - 1, Number.isFinite(d.support[1]) ? d.support[1] : hi + 1];
  return { lo, hi, log: logScale(d) && lo > 0 };
}

/**
 * The playground page of a model, as HTML text.
 *
 * @example
 * const { html } = await playground({ model: "rsi-core", samples: 2000 });
 * html.startsWith("<!doctype html>"); // true: write it to a .html file and open it in a browser, offline
 */
export async function playground(options: PlaygroundOptions = {}): Promise<{ model: CompiledModel; html: string }> {
  options = checkOptions("playground", options);
  const samples = checkDraws("samples", options.samples ?? DEFAULT_SAMPLES);
  if (samples > PLAYGROUND_MAX_SAMPLES) throw new ArgumentError("samples", `must be at most ${PLAYGROUND_MAX_SAMPLES.toLocaleString("en")}: the playground runs its draws in a browser tab, got ${samples}`);
  const seed = checkSeed(options.seed ?? DEFAULT_SEED);
  const model = await resolveModel(options.model);
  if (!existsSync(PLAYGROUND_SCRIPT)) throw new UserError("playground", `the browser script ${PLAYGROUND_SCRIPT} is missing: run npm run build`);
  const script = readFileSync(PLAYGROUND_SCRIPT, "utf8");
  const ranges: Record<string, SliderRange> = {};
  for (const p of model.parameters) {
    const r = sliderRange(p);
    if (r) ranges[p.name] = r;
  }
  const modelArg = options.modelArg ?? (typeof options.model === "string" ? options.model : options.model === undefined ? DEFAULT_MODEL : model.name);
  const html = playgroundHtml({ model: portableModel(model), modelArg, ranges, initial: { samples, seed }, script });
  return { model, html };
}
