/**
 * The playground page: controls on one side, results on the other. Every
 * edit starts a run (cancelling the one in progress): a first pass of 500
 * draws, then refinement to the chosen N on a pool of Web Workers, with the
 * results shown on the draws done so far. Pinning a baseline keeps its
 * settings and compares every later run with it on the same draws.
 */
import type { CompiledModel } from "../../src/model/types.js";
import type { SimulationResult } from "../../src/engine/simulate.js";
import { summarizeRun, resultJSON } from "../../src/analysis/result.js";
import type { CompareResult } from "../../src/analysis/compare.js";
import { compareBinary, type Comparison } from "../../src/analysis/compare-stats.js";
import { resolveSettings } from "../../src/app/settings.js";
import { serialiseOverrides } from "../../src/parallel/parallel.js";
import { baseRun, joinChunks, playgroundData, restoreEmbedded, type ChunkReply } from "./engine.js";
import { FIRST_PASS, Runner, type Progress } from "./runner.js";
import { compareCommandLine, parseHash, runCommandLine, stateHash, type State } from "./state.js";
import { buildControls, h } from "./controls.js";
import { renderResults, type Shown } from "./results.js";

const REFRESH_MS = 250;
/** Finished runs kept, so that going back to a setting (or the baseline) shows it at once. */
const CACHED_RUNS = 6;

type Done = { sim: SimulationResult; result: ReturnType<typeof summarizeRun> };

/** The chunks (in draw order) that cover draws [0, n). */
function upTo(chunks: ChunkReply[], n: number): ChunkReply[] {
  const out: ChunkReply[] = [];
  for (let k = 0, i = 0; k < n && i < chunks.length; k += chunks[i++].count) out.push(chunks[i]);
  return out;
}

/** What the page exposes for tests and for a user's console: the last shown numbers. */
interface PageApi {
  state: State;
  busy: boolean;
  /** a pinned baseline's full comparison is being computed */
  comparing: boolean;
  shown: { samples: number; result: string; compare: string | null } | null;
  runs: number;
  lastFirstPassMs: number | null;
  lastFinishMs: number | null;
}

export function startApp(): void {
  const data = playgroundData();
  const model = restoreEmbedded(data);
  const names = new Set(model.parameters.map((p) => p.name));
  const fallback: State = { samples: data.initial.samples, seed: data.initial.seed, settings: {}, baseline: null };
  const state = parseHash(location.hash, names, fallback);
  const api: PageApi = { state, busy: false, comparing: false, shown: null, runs: 0, lastFirstPassMs: null, lastFinishMs: null };
  (globalThis as unknown as { rsiPlayground: PageApi }).rsiPlayground = api;

  const app = document.getElementById("app")!;
  const controlsEl = h("div", { class: "controls", id: "controls" });
  const statusEl = h("div", { class: "status", role: "status", "aria-live": "polite", id: "status" });
  const bar = h("progress", { id: "progress", max: "1", value: "0", "aria-label": "draws done" });
  const cancel = h("button", { type: "button", id: "cancel" }, "Cancel");
  const pin = h("button", { type: "button", id: "pin" }, "Pin as baseline");
  const unpin = h("button", { type: "button", id: "unpin" }, "Unpin");
  const reset = h("button", { type: "button", id: "reset" }, "Reset all");
  const download = h("button", { type: "button", id: "download" }, "Result JSON");
  const baseEl = h("div", { class: "baseline", id: "baseline" });
  const compareNote = h("div", { class: "baseline", id: "compare-note", "aria-live": "polite" });
  const repro = h("pre", { class: "repro", id: "reproduce", tabindex: "0", "aria-label": "the command that gives the same numbers" });
  const results = h("div", { class: "results", id: "results" });
  app.append(
    h("div", { class: "side" }, controlsEl),
    h(
      "div",
      { class: "main" },
      h("div", { class: "card toolbar" }, h("div", { class: "runline" }, bar, cancel, statusEl), h("div", { class: "buttons" }, pin, unpin, reset, download), baseEl, compareNote),
      h("section", { class: "card", "aria-labelledby": "repro-h" }, h("h2", { id: "repro-h" }, "Reproduce"), repro),
      results,
    ),
  );

  const threads = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
  const source = document.getElementById("rsi-playground")!.textContent!;
  const cache = new Map<string, { chunks: ChunkReply[]; done: Done }>();
  const chosen = { name: null as string | null };
  let started = 0;
  let lastDraw = 0;
  let firstShown = false;
  let running: { key: string[]; need: number[] } | null = null;

  // finished runs, most recent last: a few, as each holds its draws' columns and series histograms (~10 MB at 10,000 draws)
  const remember = (key: string, entry: { chunks: ChunkReply[]; done: Done }) => {
    cache.delete(key);
    cache.set(key, entry);
    const keep = state.baseline ? keyOf(state.baseline) : "";
    for (const k of cache.keys()) {
      if (cache.size <= CACHED_RUNS) break;
      if (k !== keep && k !== key) cache.delete(k);
    }
  };
  const keyOf = (settings: Record<string, number>) => `${state.seed}|${state.samples}|${JSON.stringify(Object.entries(settings).sort())}`;
  const overridesOf = (settings: Record<string, number>) => serialiseOverrides(resolveSettings(model, settings));

  const runner = new Runner(source, threads, (p) => progress(p), (msg) => {
    api.busy = false;
    statusEl.textContent = `Error: ${msg}`;
  });

  function simOf(settings: Record<string, number>, chunks: ChunkReply[], n: number): Done {
    const overrides = resolveSettings(model, settings);
    const sim = joinChunks(baseRun(model, n, state.seed, overrides), chunks, n);
    return { sim, result: summarizeRun(sim) };
  }

  // the full comparison (bootstrap intervals of the quantile shifts: seconds at 10,000 draws) runs in a worker of its own
  const compareWorker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  let compareGen = 0;
  let shownNow: { shown: Shown; n: number; final: boolean } | null = null;
  compareWorker.onmessage = (e: MessageEvent) => {
    const msg = e.data as { type: string; gen: number; n: number; result?: CompareResult; message?: string };
    if (msg.gen !== compareGen || !shownNow) return;
    api.comparing = false;
    if (msg.type !== "compare" || !msg.result) {
      statusEl.textContent = `Error in the comparison: ${msg.message}`;
      return;
    }
    compareNote.textContent = "";
    shownNow.shown.compare = msg.result;
    shownNow.shown.diffs = { ...shownNow.shown.diffs, ...msg.result.comparisons[0].outputs };
    renderResults(results, shownNow.shown, chosen);
    if (api.shown) api.shown.compare = resultJSON(msg.result);
  };

  function show(cur: Done, base: Done | null, n: number, final: boolean, chunks: ChunkReply[][]) {
    compareGen++;
    compareNote.textContent = "";
    let diffs: Record<string, Comparison> | null = null;
    if (base) {
      diffs = {};
      const b = base.sim.table, c = cur.sim.table;
      for (const o of model.outputs) if (o.kind === "binary") diffs[o.name] = compareBinary(b.columns[o.name], b.failed, c.columns[o.name], c.failed);
    }
    const shown: Shown = { model, current: cur, baseline: base, compare: null, diffs };
    shownNow = { shown, n, final };
    renderResults(results, shown, chosen);
    const command = runCommandLine(data.modelArg, { ...state, samples: n });
    api.shown = { samples: n, result: resultJSON({ ...cur.result, command }), compare: null };
    api.comparing = false;
    results.setAttribute("data-samples", String(n));
    results.setAttribute("data-final", String(final));
    if (base && final) {
      api.comparing = true;
      compareNote.textContent = "Computing the paired shifts of the measured outputs (bootstrap)…";
      const settings = [overridesOf(state.baseline!), overridesOf(state.settings)];
      compareWorker.postMessage({ type: "compare", gen: compareGen, n, seed: state.seed, settings, chunks: [chunks[1], chunks[0]] });
    }
  }

  function progress(p: Progress) {
    if (!running) return;
    const now = performance.now();
    bar.value = p.done / p.total;
    const n = Math.min(...p.prefix);
    const want = Math.min(FIRST_PASS, state.samples);
    const due = p.finished || (!firstShown && n >= want) || (n >= want && now - lastDraw > REFRESH_MS);
    statusEl.textContent = `${p.done.toLocaleString()} of ${p.total.toLocaleString()} draws${firstShown ? "" : " (first pass)"} on ${runner.threads} workers…`;
    if (!due) return;
    const r = running;
    // a scenario with the same settings as an earlier one (a baseline just pinned) shares its draws
    const chunksOf = (i: number) => upTo(cache.get(r.key[i])?.chunks ?? p.chunks[r.need.indexOf(r.key.indexOf(r.key[i]))], n);
    const sims = r.key.map((_, i) => simOf(i === 0 ? state.settings : state.baseline!, chunksOf(i), n));
    const first = !firstShown;
    firstShown = true;
    lastDraw = now;
    show(sims[0], sims[1] ?? null, n, p.finished, r.key.map((_, i) => chunksOf(i)));
    // from the control's event to the first results drawn (layout included)
    if (first) api.lastFirstPassMs = performance.now() - started;
    if (p.finished) {
      r.key.forEach((k, i) => remember(k, { chunks: chunksOf(i), done: sims[i] }));
      running = null;
      api.busy = false;
      api.lastFinishMs = performance.now() - started;
      bar.value = 1;
      statusEl.textContent = `${state.samples.toLocaleString()} draws, seed ${state.seed}: done in ${(api.lastFinishMs / 1000).toFixed(1)} s on ${runner.threads} workers`;
    }
  }

  function start() {
    api.runs++;
    started = performance.now();
    firstShown = false;
    const keys = [keyOf(state.settings), ...(state.baseline ? [keyOf(state.baseline)] : [])];
    const need = keys.map((k, i) => (cache.has(k) || keys.indexOf(k) !== i ? -1 : i)).filter((i) => i >= 0);
    if (need.length === 0) {
      runner.cancel();
      running = null;
      api.busy = false;
      const hit = keys.map((k) => cache.get(k)!);
      show(hit[0].done, hit[1]?.done ?? null, state.samples, true, hit.map((x) => x.chunks));
      bar.value = 1;
      statusEl.textContent = `${state.samples.toLocaleString()} draws, seed ${state.seed}: from this page's memory`;
      return;
    }
    running = { key: keys, need };
    api.busy = true;
    bar.value = 0;
    try {
      const scenarios = need.map((i) => ({ overrides: overridesOf(i === 0 ? state.settings : state.baseline!) }));
      runner.start({ samples: state.samples, seed: state.seed, scenarios });
    } catch (err) {
      running = null;
      api.busy = false;
      statusEl.textContent = `Error: ${(err as Error).message}`;
    }
  }

  function describeBaseline() {
    pin.hidden = false;
    unpin.hidden = state.baseline === null;
    if (!state.baseline) {
      baseEl.textContent = "No baseline pinned: pin one to see paired differences on the same draws.";
      return;
    }
    const kv = Object.entries(state.baseline).map(([k, v]) => `${k} = ${v}`);
    baseEl.textContent = `Baseline: ${kv.length > 0 ? kv.join(", ") : "the model's own values and priors"}`;
  }

  function refreshText() {
    const hash = stateHash(state);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    repro.textContent = runCommandLine(data.modelArg, state) + (state.baseline ? `\n${compareCommandLine(data.modelArg, state)}` : "");
    describeBaseline();
  }

  const change = () => {
    refreshText();
    start();
  };
  const controls = buildControls(controlsEl, model, data, state, change);
  controls.sync(state);

  cancel.addEventListener("click", () => {
    runner.cancel();
    running = null;
    api.busy = false;
    statusEl.textContent = "Cancelled: the results shown are of the draws done so far.";
  });
  pin.addEventListener("click", () => {
    state.baseline = { ...state.settings };
    change();
  });
  unpin.addEventListener("click", () => {
    state.baseline = null;
    change();
  });
  reset.addEventListener("click", () => {
    state.settings = {};
    state.samples = fallback.samples;
    state.seed = fallback.seed;
    controls.sync(state);
    change();
  });
  download.addEventListener("click", () => {
    if (!api.shown) return;
    const a = h("a", { href: URL.createObjectURL(new Blob([api.shown.result], { type: "application/json" })), download: `${model.name}-result.json` });
    a.click();
  });
  window.addEventListener("hashchange", () => {
    const s = parseHash(location.hash, names, fallback);
    if (stateHash(s) === stateHash(state)) return;
    Object.assign(state, s);
    controls.sync(state);
    change();
  });
  themeToggle(model);
  change();
}

function themeToggle(model: CompiledModel) {
  const btn = document.getElementById("theme");
  const title = document.getElementById("model-name");
  if (title) title.textContent = model.name;
  if (!btn) return;
  const root = document.documentElement;
  btn.addEventListener("click", () => {
    const dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
    root.dataset.theme = dark ? "light" : "dark";
    btn.setAttribute("aria-pressed", String(!dark));
  });
}
