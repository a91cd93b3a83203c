/**
 * The controls: the funding ratio (logarithmic, 1 to 10,000), the brakes
 * switch (p_comply = 0), sample size and seed, and one control per
 * parameter: an uncertain one keeps its prior or is fixed by a slider over
 * its prior's 1–99% range (logarithmic where the prior is); a fixed one
 * takes a number. Units, description and source beside each.
 */
import type { CompiledModel, ParameterInfo } from "../../src/model/types.js";
import type { PlaygroundData } from "./engine.js";
import type { State } from "./state.js";

export const RATIO = "ratio";
export const BRAKES = "p_comply";
const STEPS = 1000;

/** A value as a control sets it: 3 significant digits, so the CLI line gives the same number. */
export const round3 = (x: number) => Number(x.toPrecision(3));

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  e.append(...kids);
  return e;
}
export { h };

interface Scale {
  lo: number;
  hi: number;
  log: boolean;
}
const toSlider = (s: Scale, x: number) => Math.round(STEPS * (s.log ? Math.log(x / s.lo) / Math.log(s.hi / s.lo) : (x - s.lo) / (s.hi - s.lo || 1)));
const fromSlider = (s: Scale, k: number) => round3(s.log ? s.lo * (s.hi / s.lo) ** (k / STEPS) : s.lo + ((s.hi - s.lo) * k) / STEPS);
const fmt = (x: number) => (Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(round3(x)));

/** The text beside a control: unit, description and the source (in a disclosure). */
function about(p: ParameterInfo): HTMLElement {
  const box = h("div", { class: "about" });
  box.append(h("span", { class: "desc" }, p.description || ""));
  if (p.source.trim()) box.append(h("details", {}, h("summary", {}, "source"), h("p", { class: "source" }, p.source.trim())));
  return box;
}

/** A slider with a number box, both for one value on `scale`. */
function sliderPair(id: string, label: string, scale: Scale, value: number, unit: string, onInput: (x: number) => void) {
  const range = h("input", { type: "range", id, min: "0", max: String(STEPS), step: "1", "aria-label": label });
  const box = h("input", { type: "number", id: `${id}-n`, step: "any", "aria-label": `${label} (exact value)`, class: "num" });
  const set = (x: number) => {
    range.value = String(Math.max(0, Math.min(STEPS, toSlider(scale, x))));
    range.setAttribute("aria-valuetext", `${fmt(x)} ${unit}`);
    box.value = String(x);
  };
  set(value);
  range.addEventListener("input", () => {
    const x = fromSlider(scale, Number(range.value));
    box.value = String(x);
    range.setAttribute("aria-valuetext", `${fmt(x)} ${unit}`);
    onInput(x);
  });
  box.addEventListener("change", () => {
    const x = Number(box.value);
    if (box.value.trim() === "" || !Number.isFinite(x)) return;
    set(x);
    onInput(x);
  });
  return { range, box, set };
}

export interface Controls {
  /** set every control from the state (after a hash change) */
  sync(s: State): void;
}

/** Build the controls into `root`; `change` gets each edit of the state. */
export function buildControls(root: HTMLElement, model: CompiledModel, data: PlaygroundData, state: State, change: () => void): Controls {
  const syncs: ((s: State) => void)[] = [];
  const byName = new Map(model.parameters.map((p) => [p.name, p]));
  const modelValue = (p: ParameterInfo) => p.value ?? p.prior?.median ?? 0;

  // the funding ratio, first and large
  const ratio = byName.get(RATIO);
  if (ratio) {
    const card = h("section", { class: "card ratio", "aria-labelledby": "ratio-h" });
    card.append(h("h2", { id: "ratio-h" }, h("label", { for: "p-ratio" }, "Funding ratio")), h("div", { class: "unit" }, ratio.unit));
    const pair = sliderPair("p-ratio", "Funding ratio", { lo: 1, hi: 10_000, log: true }, state.settings[RATIO] ?? modelValue(ratio), ratio.unit, (x) => {
      state.settings[RATIO] = x;
      change();
    });
    const reset = h("button", { type: "button", class: "small" }, `model's ${fmt(modelValue(ratio))}`);
    reset.addEventListener("click", () => {
      delete state.settings[RATIO];
      pair.set(modelValue(ratio));
      change();
    });
    card.append(h("div", { class: "row" }, pair.range, pair.box, reset), about(ratio));
    root.append(card);
    syncs.push((s) => pair.set(s.settings[RATIO] ?? modelValue(ratio)));
  }

  // brakes off in one click
  const brakes = byName.get(BRAKES);
  let brakeControl: { disable(off: boolean): void } | null = null;
  if (brakes) {
    const cb = h("input", { type: "checkbox", id: "brakes-off" });
    const card = h("section", { class: "card brakes" }, h("label", { for: "brakes-off", class: "switch" }, cb, " Brakes off: labs never comply with a brake (p_comply = 0)"));
    cb.addEventListener("change", () => {
      if (cb.checked) state.settings[BRAKES] = 0;
      else delete state.settings[BRAKES];
      brakeControl?.disable(cb.checked);
      change();
    });
    root.append(card);
    syncs.push((s) => {
      cb.checked = s.settings[BRAKES] === 0;
      brakeControl?.disable(cb.checked);
    });
  }

  // sample size and seed
  const samples = h("input", { type: "number", id: "samples", min: "1", max: "1000000", step: "1", value: String(state.samples), class: "num" });
  const seed = h("input", { type: "number", id: "seed", min: "0", max: "4294967295", step: "1", value: String(state.seed), class: "num" });
  samples.addEventListener("change", () => {
    const n = Number(samples.value);
    if (Number.isInteger(n) && n >= 1 && n <= 1_000_000) {
      state.samples = n;
      change();
    } else samples.value = String(state.samples);
  });
  seed.addEventListener("change", () => {
    const n = Number(seed.value);
    if (Number.isInteger(n) && n >= 0 && n < 2 ** 32) {
      state.seed = n;
      change();
    } else seed.value = String(state.seed);
  });
  root.append(h("section", { class: "card run" }, h("label", { for: "samples" }, "Draws ", samples), h("label", { for: "seed" }, "Seed ", seed), h("p", { class: "hint" }, "A first pass of 500 draws, then the rest; the same seed gives the same numbers.")));
  syncs.push((s) => {
    samples.value = String(s.samples);
    seed.value = String(s.seed);
  });

  // every other parameter
  // folded at phone widths, so that the results come right after the main controls
  const list = h("details", { class: "card params", id: "params" }, h("summary", {}, h("h2", { id: "params-h", class: "inline" }, `Parameters (${model.parameters.length - (ratio ? 1 : 0)})`)), h("p", { class: "hint" }, "An uncertain parameter keeps its prior unless fixed; a slider spans its prior's 1–99% range."));
  if (!matchMedia("(max-width: 820px)").matches) list.setAttribute("open", "");
  for (const p of model.parameters) {
    if (p.name === RATIO) continue;
    const c = paramControl(p, data.ranges[p.name], state, change, modelValue(p));
    list.append(c.el);
    syncs.push(c.sync);
    if (p.name === BRAKES) brakeControl = c;
  }
  root.append(list);
  return { sync: (s) => syncs.forEach((f) => f(s)) };
}

function paramControl(p: ParameterInfo, range: PlaygroundData["ranges"][string] | undefined, state: State, change: () => void, fallback: number) {
  const id = `p-${p.name}`;
  const el = h("div", { class: "param" });
  const title = h("div", { class: "ptitle" }, h("label", { for: id }, h("code", {}, p.name)), " ", h("span", { class: "unit" }, p.unit));
  el.append(title);
  if (p.prior && range) {
    const fix = h("input", { type: "checkbox", id: `${id}-fix`, "aria-label": `fix ${p.name}` });
    const scale = { lo: range.lo, hi: range.hi, log: range.log };
    const start = state.settings[p.name] ?? round3(p.prior.median);
    const pair = sliderPair(id, p.name, scale, start, p.unit, (x) => {
      fix.checked = true;
      state.settings[p.name] = x;
      change();
    });
    const priorText = h("span", { class: "prior" }, `prior: ${p.prior.text}`);
    fix.addEventListener("change", () => {
      if (fix.checked) state.settings[p.name] = Number(pair.box.value);
      else delete state.settings[p.name];
      change();
    });
    el.append(h("div", { class: "row" }, h("label", { for: `${id}-fix`, class: "fix" }, fix, " fix"), pair.range, pair.box), priorText, about(p));
    const sync = (s: State) => {
      fix.checked = s.settings[p.name] !== undefined;
      pair.set(s.settings[p.name] ?? round3(p.prior!.median));
      el.classList.toggle("fixed", fix.checked);
    };
    sync(state);
    const disable = (off: boolean) => [fix, pair.range, pair.box].forEach((x) => ((x as HTMLInputElement).disabled = off));
    return { el, sync, disable };
  }
  const box = h("input", { type: "number", id, step: "any", value: String(state.settings[p.name] ?? fallback), class: "num" });
  box.addEventListener("change", () => {
    const x = Number(box.value);
    if (box.value.trim() === "" || !Number.isFinite(x)) return;
    if (x === p.value) delete state.settings[p.name];
    else state.settings[p.name] = x;
    change();
  });
  el.append(h("div", { class: "row" }, box, h("span", { class: "prior" }, `fixed in the model at ${fmt(fallback)}`)), about(p));
  return { el, sync: (s: State) => (box.value = String(s.settings[p.name] ?? fallback)), disable: (off: boolean) => (box.disabled = off) };
}
