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
import { baseRun, joinChunks, playgroundData, restoreEmbedded, type ChunkReply, type PlaygroundData } from "./engine.js";
import { FIRST_PASS, Runner, type Progress } from "./runner.js";
import { compareCommandLine, parseHash, runCommandLine, stateHash, type State } from "./state.js";
import { buildControls, h, type Controls } from "./controls.js";
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

/** The page's elements: the controls beside the run line, the Reproduce lines and the results. */
interface Layout {
  controlsEl: HTMLElement;
  statusEl: HTMLElement;
  bar: HTMLProgressElement;
  cancel: HTMLButtonElement;
  pin: HTMLButtonElement;
  unpin: HTMLButtonElement;
  reset: HTMLButtonElement;
  download: HTMLButtonElement;
  baseEl: HTMLElement;
  compareNote: HTMLElement;
  repro: HTMLElement;
  results: HTMLElement;
}

/** Lay the page out in `app`. */
function layOut(app: HTMLElement): Layout {
  const ui: Layout = {
    controlsEl: h("div", { class: "controls", id: "controls" }),
    statusEl: h("div", { class: "status", role: "status", "aria-live": "polite", id: "status" }),
    bar: h("progress", { id: "progress", max: "1", value: "0", "aria-label": "draws done" }),
    cancel: h("button", { type: "button", id: "cancel" }, "Cancel"),
    pin: h("button", { type: "button", id: "pin" }, "Pin as baseline"),
    unpin: h("button", { type: "button", id: "unpin" }, "Unpin"),
    reset: h("button", { type: "button", id: "reset" }, "Reset all"),
    download: h("button", { type: "button", id: "download" }, "Result JSON"),
    baseEl: h("div", { class: "baseline", id: "baseline" }),
    compareNote: h("div", { class: "baseline", id: "compare-note", "aria-live": "polite" }),
    repro: h("pre", { class: "repro", id: "reproduce", tabindex: "0", "aria-label": "the command that gives the same numbers" }),
    results: h("div", { class: "results", id: "results" }),
  };
  app.append(
    h("div", { class: "side" }, ui.controlsEl),
    h(
      "div",
      { class: "main" },
      h("div", { class: "card toolbar" }, h("div", { class: "runline" }, ui.bar, ui.cancel, ui.statusEl), h("div", { class: "buttons" }, ui.pin, ui.unpin, ui.reset, ui.download), ui.baseEl, ui.compareNote),
      h("section", { class: "card", "aria-labelledby": "repro-h" }, h("h2", { id: "repro-h" }, "Reproduce"), ui.repro),
      ui.results,
    ),
  );
  return ui;
}

/** A finished run: its chunks of draws and what was drawn from them. */
type CachedRun = { chunks: ChunkReply[]; done: Done };

/**
 * The runs of one page: each edit's run (and the pinned baseline's) on the
 * worker pool, the runs kept in memory, the results drawn as draws arrive,
 * and the baseline's full comparison in a worker of its own.
 */
class Playground {
  private readonly runner: Runner;
  private readonly compareWorker: Worker;
  private readonly cache = new Map<string, CachedRun>();
  private readonly chosen = { name: null as string | null };
  private started = 0;
  private lastDraw = 0;
  private firstShown = false;
  private running: { key: string[]; need: number[] } | null = null;
  private compareGen = 0;
  private shownNow: { shown: Shown; n: number; final: boolean; scenario: string } | null = null;

  constructor(
    private readonly data: PlaygroundData,
    readonly model: CompiledModel,
    readonly state: State,
    readonly api: PageApi,
    readonly ui: Layout,
  ) {
    const threads = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
    const source = document.getElementById("rsi-playground")!.textContent!;
    this.runner = new Runner(source, threads, (p) => this.progress(p), (msg) => {
      api.busy = false;
      ui.statusEl.textContent = `Error: ${msg}`;
    });
    // the full comparison (bootstrap intervals of the quantile shifts: seconds at 10,000 draws) runs in a worker of its own
    this.compareWorker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
    this.compareWorker.onmessage = (e: MessageEvent) => this.compared(e);
  }

  /** Keep a finished run, most recent last: a few, as each holds its draws' columns and series histograms (~10 MB at 10,000 draws). */
  private remember(key: string, entry: CachedRun) {
    this.cache.delete(key);
    this.cache.set(key, entry);
    const keep = this.state.baseline ? this.keyOf(this.state.baseline) : "";
    for (const k of this.cache.keys()) {
      if (this.cache.size <= CACHED_RUNS) break;
      if (k !== keep && k !== key) this.cache.delete(k);
    }
  }

  /** The scenario the controls set, whatever the number of draws: the seed, the settings and the baseline's. */
  private scenarioOf() {
    const { seed, settings, baseline } = this.state;
    return JSON.stringify([seed, Object.entries(settings).sort(), baseline && Object.entries(baseline).sort()]);
  }

  private keyOf(settings: Record<string, number>) {
    return `${this.state.seed}|${this.state.samples}|${JSON.stringify(Object.entries(settings).sort())}`;
  }

  private overridesOf(settings: Record<string, number>) {
    return serialiseOverrides(resolveSettings(this.model, settings));
  }

  private simOf(settings: Record<string, number>, chunks: ChunkReply[], n: number): Done {
    const overrides = resolveSettings(this.model, settings);
    const sim = joinChunks(baseRun(this.model, n, this.state.seed, overrides), chunks, n);
    return { sim, result: summarizeRun(sim) };
  }

  /** The comparison worker's answer: shown if it is of the results on the page. */
  private compared(e: MessageEvent) {
    const msg = e.data as { type: string; gen: number; n: number; result?: CompareResult; message?: string };
    const now = this.shownNow;
    if (msg.gen !== this.compareGen || !now) return;
    this.api.comparing = false;
    if (msg.type !== "compare" || !msg.result) {
      this.ui.statusEl.textContent = `Error in the comparison: ${msg.message}`;
      return;
    }
    this.ui.compareNote.textContent = "";
    now.shown.compare = msg.result;
    now.shown.diffs = { ...now.shown.diffs, ...msg.result.comparisons[0].outputs };
    renderResults(this.ui.results, now.shown, this.chosen);
    if (this.api.shown) this.api.shown.compare = resultJSON(msg.result);
  }

  private show(cur: Done, base: Done | null, n: number, final: boolean, chunks: ChunkReply[][]) {
    const { ui, api, state, model } = this;
    this.compareGen++;
    ui.compareNote.textContent = "";
    let diffs: Record<string, Comparison> | null = null;
    if (base) {
      diffs = {};
      const b = base.sim.table, c = cur.sim.table;
      for (const o of model.outputs) if (o.kind === "binary") diffs[o.name] = compareBinary(b.columns[o.name], b.failed, c.columns[o.name], c.failed);
    }
    const shown: Shown = { model, current: cur, baseline: base, compare: null, diffs };
    this.shownNow = { shown, n, final, scenario: this.scenarioOf() };
    renderResults(ui.results, shown, this.chosen);
    ui.results.removeAttribute("data-stale");
    const command = runCommandLine(this.data.modelArg, { ...state, samples: n });
    api.shown = { samples: n, result: resultJSON({ ...cur.result, command }), compare: null };
    api.comparing = false;
    ui.results.setAttribute("data-samples", String(n));
    ui.results.setAttribute("data-final", String(final));
    if (base && final) {
      api.comparing = true;
      ui.compareNote.textContent = "Computing the paired shifts of the measured outputs (bootstrap)…";
      const settings = [this.overridesOf(state.baseline!), this.overridesOf(state.settings)];
      this.compareWorker.postMessage({ type: "compare", gen: this.compareGen, n, seed: state.seed, settings, chunks: [chunks[1], chunks[0]] });
    }
  }

  private progress(p: Progress) {
    if (!this.running) return;
    const { ui, api, state } = this;
    const now = performance.now();
    ui.bar.value = p.done / p.total;
    const n = Math.min(...p.prefix);
    const want = Math.min(FIRST_PASS, state.samples);
    const due = p.finished || (!this.firstShown && n >= want) || (n >= want && now - this.lastDraw > REFRESH_MS);
    ui.statusEl.textContent = `${p.done.toLocaleString()} of ${p.total.toLocaleString()} draws${this.firstShown ? "" : " (first pass)"} on ${this.runner.threads} workers…`;
    if (!due) return;
    const r = this.running;
    // a scenario with the same settings as an earlier one (a baseline just pinned) shares its draws
    const chunksOf = (i: number) => upTo(this.cache.get(r.key[i])?.chunks ?? p.chunks[r.need.indexOf(r.key.indexOf(r.key[i]))], n);
    const sims = r.key.map((_, i) => this.simOf(i === 0 ? state.settings : state.baseline!, chunksOf(i), n));
    const first = !this.firstShown;
    this.firstShown = true;
    this.lastDraw = now;
    this.show(sims[0], sims[1] ?? null, n, p.finished, r.key.map((_, i) => chunksOf(i)));
    // from the control's event to the first results drawn (layout included)
    if (first) api.lastFirstPassMs = performance.now() - this.started;
    if (p.finished) {
      r.key.forEach((k, i) => this.remember(k, { chunks: chunksOf(i), done: sims[i] }));
      this.running = null;
      api.busy = false;
      api.lastFinishMs = performance.now() - this.started;
      ui.bar.value = 1;
      ui.statusEl.textContent = `${state.samples.toLocaleString()} draws, seed ${state.seed}: done in ${(api.lastFinishMs / 1000).toFixed(1)} s on ${this.runner.threads} workers`;
    }
  }

  /** Run the current settings (and the baseline's), or show them from memory. */
  private start() {
    const { ui, api, state } = this;
    api.runs++;
    this.started = performance.now();
    this.firstShown = false;
    const keys = [this.keyOf(state.settings), ...(state.baseline ? [this.keyOf(state.baseline)] : [])];
    const need = keys.map((k, i) => (this.cache.has(k) || keys.indexOf(k) !== i ? -1 : i)).filter((i) => i >= 0);
    if (need.length === 0) {
      this.runner.cancel();
      this.running = null;
      api.busy = false;
      const hit = keys.map((k) => this.cache.get(k)!);
      this.show(hit[0].done, hit[1]?.done ?? null, state.samples, true, hit.map((x) => x.chunks));
      ui.bar.value = 1;
      ui.statusEl.textContent = `${state.samples.toLocaleString()} draws, seed ${state.seed}: from this page's memory`;
      return;
    }
    this.running = { key: keys, need };
    api.busy = true;
    ui.bar.value = 0;
    try {
      const scenarios = need.map((i) => ({ overrides: this.overridesOf(i === 0 ? state.settings : state.baseline!) }));
      this.runner.start({ samples: state.samples, seed: state.seed, scenarios });
    } catch (err) {
      this.running = null;
      api.busy = false;
      this.stale(`Error: ${(err as Error).message}`);
    }
  }

  /**
   * Stop the run in progress; the results shown stay, and the page says
   * whose they are: the first n draws of these settings (the Reproduce lines
   * then give n), or, cancelled before any was shown, the previous settings'.
   */
  cancel() {
    const { ui, state, data } = this;
    const wasRunning = this.running !== null;
    this.runner.cancel();
    this.running = null;
    this.api.busy = false;
    if (!wasRunning) return;
    const now = this.shownNow;
    if (!now || now.scenario !== this.scenarioOf()) {
      this.stale("Cancelled before any draw of these settings was shown");
      return;
    }
    const n = now.n;
    const partial = { ...state, samples: n };
    ui.repro.textContent = runCommandLine(data.modelArg, partial) + (state.baseline ? `\n${compareCommandLine(data.modelArg, partial)}` : "");
    ui.statusEl.textContent = `Cancelled: the results shown are of the first ${n.toLocaleString()} of the ${state.samples.toLocaleString()} draws (the Reproduce lines give them).`;
  }

  /** The results shown are not of the controls (a run cancelled before its first pass, a setting refused): say so and grey them. */
  private stale(why: string) {
    this.ui.statusEl.textContent = `${why}: the results below are of the previous settings, not of the controls.`;
    this.ui.results.setAttribute("data-stale", "true");
  }

  private describeBaseline() {
    const { ui, state } = this;
    ui.pin.hidden = false;
    ui.unpin.hidden = state.baseline === null;
    if (!state.baseline) {
      ui.baseEl.textContent = "No baseline pinned: pin one to see paired differences on the same draws.";
      return;
    }
    const kv = Object.entries(state.baseline).map(([k, v]) => `${k} = ${v}`);
    ui.baseEl.textContent = `Baseline: ${kv.length > 0 ? kv.join(", ") : "the model's own values and priors"}`;
  }

  private refreshText() {
    const { state, data } = this;
    const hash = stateHash(state);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    this.ui.repro.textContent = runCommandLine(data.modelArg, state) + (state.baseline ? `\n${compareCommandLine(data.modelArg, state)}` : "");
    this.describeBaseline();
  }

  /** After each edit of the state: the hash and the Reproduce lines, then a run. */
  change() {
    this.refreshText();
    this.start();
  }
}

/** The buttons of the run line and the hash: each edits the state, then runs. */
function wireButtons(page: Playground, controls: Controls, names: Set<string>, fallback: State) {
  const { ui, state, api, model } = page;
  ui.cancel.addEventListener("click", () => page.cancel());
  ui.pin.addEventListener("click", () => {
    state.baseline = { ...state.settings };
    page.change();
  });
  ui.unpin.addEventListener("click", () => {
    state.baseline = null;
    page.change();
  });
  ui.reset.addEventListener("click", () => {
    state.settings = {};
    state.samples = fallback.samples;
    state.seed = fallback.seed;
    controls.sync(state);
    page.change();
  });
  ui.download.addEventListener("click", () => {
    if (!api.shown) return;
    const a = h("a", { href: URL.createObjectURL(new Blob([api.shown.result], { type: "application/json" })), download: `${model.name}-result.json` });
    a.click();
  });
  window.addEventListener("hashchange", () => {
    const s = parseHash(location.hash, names, fallback);
    if (stateHash(s) === stateHash(state)) return;
    Object.assign(state, s);
    controls.sync(state);
    page.change();
  });
}

export function startApp(): void {
  const data = playgroundData();
  const model = restoreEmbedded(data);
  const names = new Set(model.parameters.map((p) => p.name));
  const fallback: State = { samples: data.initial.samples, seed: data.initial.seed, settings: {}, baseline: null };
  const state = parseHash(location.hash, names, fallback);
  const api: PageApi = { state, busy: false, comparing: false, shown: null, runs: 0, lastFirstPassMs: null, lastFinishMs: null };
  (globalThis as unknown as { rsiPlayground: PageApi }).rsiPlayground = api;
  const page = new Playground(data, model, state, api, layOut(document.getElementById("app")!));
  const controls = buildControls(page.ui.controlsEl, model, data, state, () => page.change());
  controls.sync(state);
  wireButtons(page, controls, names, fallback);
  themeToggle(model);
  page.change();
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
