/**
 * The controls: the funding ratio (logarithmic, 1 to 10,000), the brakes
 * switch (p_comply = 0), sample size and seed, and one control per
 * parameter: an uncertain one keeps its prior or is fixed by a slider over
 * its prior's 1–99% range (logarithmic where the prior is), or, for a
 * discrete prior, by a list of its values (a slider stepping through them
 * if they are many); a fixed one takes a number. Units, description and source beside each.
 */
import type { CompiledModel, ParameterInfo } from "../../src/model/types.js";
import type { PlaygroundData } from "./engine.js";
import { MAX_SAMPLES, type State } from "./state.js";
import { inBounds } from "../../src/model/bounds.js";

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

export interface Scale {
  lo: number;
  hi: number;
  log: boolean;
}
const toSlider = (s: Scale, x: number) => Math.round(STEPS * (s.log ? Math.log(x / s.lo) / Math.log(s.hi / s.lo) : (x - s.lo) / (s.hi - s.lo || 1)));
/**
 * A value on a scale as a control sets it: 3 significant digits, or finer
 * where the scale is narrow beside its values (a year from 2026 to 2029: 3
 * digits gave 2030 at every position, outside the prior), to a thousandth
 * of the scale's width on a linear scale.
 */
export function roundOn(s: Scale, x: number): number {
  if (s.log || !(s.hi > s.lo)) return round3(x);
  const quantum = 10 ** (Math.floor(Math.log10(s.hi - s.lo)) - 3);
  if (!(Math.abs(x) > 0) || 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2) <= quantum) return round3(x);
  return Number((Math.round(x / quantum) * quantum).toPrecision(15));
}
const fromSlider = (s: Scale, k: number) => roundOn(s, s.log ? s.lo * (s.hi / s.lo) ** (k / STEPS) : s.lo + ((s.hi - s.lo) * k) / STEPS);
/** A slider's value for a screen reader: as set (fmt's 3 digits would say 2030 for 2027.53). */
const spoken = (x: number) => (Math.abs(x) >= 1e7 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : String(x));
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
    range.setAttribute("aria-valuetext", `${spoken(x)} ${unit}`);
    box.value = String(x);
  };
  set(value);
  range.addEventListener("input", () => {
    const x = fromSlider(scale, Number(range.value));
    box.value = String(x);
    range.setAttribute("aria-valuetext", `${spoken(x)} ${unit}`);
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

  // the funding ratio, first and large, where the model fixes it (an uncertain ratio, with a prior, is
  // listed with the other uncertain parameters: its card had shown the prior's median as if fixed)
  const ratio = byName.get(RATIO);
  const ratioCard = ratio !== undefined && !ratio.prior;
  if (ratio && ratioCard) {
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

  // brakes off in one click, where p_comply may be 0 (a model whose p_comply is at least 0.1 had been offered it, always refused)
  const brakes = [byName.get(BRAKES)].find((p) => p !== undefined && inBounds(p, 0));
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
  const samples = h("input", { type: "number", id: "samples", min: "1", max: String(MAX_SAMPLES), step: "1", value: String(state.samples), class: "num" });
  const seed = h("input", { type: "number", id: "seed", min: "0", max: "4294967295", step: "1", value: String(state.seed), class: "num" });
  samples.addEventListener("change", () => {
    const n = Number(samples.value);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_SAMPLES) {
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
  const list = h("details", { class: "card params", id: "params" }, h("summary", {}, h("h2", { id: "params-h", class: "inline" }, `Parameters (${model.parameters.length - (ratioCard ? 1 : 0)})`)), h("p", { class: "hint" }, "An uncertain parameter keeps its prior unless fixed; a slider spans its prior's 1–99% range, or steps through a discrete prior's values."));
  if (!matchMedia("(max-width: 820px)").matches) list.setAttribute("open", "");
  for (const p of model.parameters) {
    if (p.name === RATIO && ratioCard) continue;
    const c = paramControl(p, data.ranges[p.name], state, change, modelValue(p));
    list.append(c.el);
    syncs.push(c.sync);
    if (p.name === BRAKES) brakeControl = c;
  }
  root.append(list);
  return { sync: (s) => syncs.forEach((f) => f(s)) };
}

/** A value control: its elements in a row, and the value it shows. */
interface ValueControl {
  els: (HTMLInputElement | HTMLSelectElement)[];
  set(x: number): void;
  value(): number;
}

/** The support value nearest `x` (the first of two as near); `values` ascending. */
export function nearestValue(values: readonly number[], x: number): number {
  let best = values[0];
  for (const v of values) if (Math.abs(v - x) < Math.abs(best - x)) best = v;
  return best;
}

/**
 * A discrete prior's support of up to this many values is a drop-down list;
 * a larger one a slider stepping through its values.
 */
export const SELECT_MAX = 12;

/**
 * The control of a value of a discrete prior: only its support's values.
 * A list of them, or a slider over their indices with a number box that
 * moves to the nearest of them. A value from the link outside the support
 * is shown as it is (the run uses it), marked in the list as outside.
 */
function supportControl(id: string, label: string, values: readonly number[], value: number, unit: string, onInput: (x: number) => void): ValueControl {
  if (values.length <= SELECT_MAX) {
    const select = h("select", { id, "aria-label": label });
    select.append(...values.map((v) => h("option", { value: String(v) }, fmt(v))));
    const outside = h("option", { disabled: "" });
    const set = (x: number) => {
      outside.remove();
      if (!values.includes(x)) {
        outside.value = String(x);
        outside.textContent = `${fmt(x)} (outside the prior)`;
        select.append(outside);
      }
      select.value = String(x);
    };
    set(value);
    select.addEventListener("change", () => onInput(Number(select.value)));
    return { els: [select], set, value: () => Number(select.value) };
  }
  const last = values.length - 1;
  const range = h("input", { type: "range", id, min: "0", max: String(last), step: "1", "aria-label": label });
  const box = h("input", { type: "number", id: `${id}-n`, step: "any", "aria-label": `${label} (exact value)`, class: "num" });
  const set = (x: number) => {
    range.value = String(values.indexOf(nearestValue(values, x)));
    range.setAttribute("aria-valuetext", `${fmt(x)} ${unit}`);
    box.value = String(x);
  };
  set(value);
  range.addEventListener("input", () => {
    const x = values[Number(range.value)];
    set(x);
    onInput(x);
  });
  box.addEventListener("change", () => {
    const typed = Number(box.value);
    if (box.value.trim() === "" || !Number.isFinite(typed)) return;
    const x = nearestValue(values, typed);
    set(x);
    onInput(x);
  });
  return { els: [range, box], set, value: () => Number(box.value) };
}

function paramControl(p: ParameterInfo, range: PlaygroundData["ranges"][string] | undefined, state: State, change: () => void, fallback: number) {
  if (p.prior && range) return uncertainControl(p, p.prior, range, state, change);
  return fixedControl(p, state, change, fallback);
}

/** An uncertain parameter: its prior, or fixed at a value of its prior's range (of its support, for a discrete prior). */
function uncertainControl(p: ParameterInfo, prior: NonNullable<ParameterInfo["prior"]>, range: PlaygroundData["ranges"][string], state: State, change: () => void) {
  const id = `p-${p.name}`;
  const el = h("div", { class: "param" });
  el.append(h("div", { class: "ptitle" }, h("label", { for: id }, h("code", {}, p.name)), " ", h("span", { class: "unit" }, p.unit)));
  const fix = h("input", { type: "checkbox", id: `${id}-fix`, "aria-label": `fix ${p.name}` });
  // a discrete prior's median is one of its values: not rounded, so that it stays one
  const unfixed = range.values ? prior.median : roundOn(range, prior.median);
  const onInput = (x: number) => {
    fix.checked = true;
    state.settings[p.name] = x;
    change();
  };
  const start = state.settings[p.name] ?? unfixed;
  const control: ValueControl = range.values ? supportControl(id, p.name, range.values, start, p.unit, onInput) : sliderControl(id, p.name, range, start, p.unit, onInput);
  fix.addEventListener("change", () => {
    if (fix.checked) state.settings[p.name] = control.value();
    else delete state.settings[p.name];
    change();
  });
  el.append(h("div", { class: "row" }, h("label", { for: `${id}-fix`, class: "fix" }, fix, " fix"), ...control.els), h("span", { class: "prior" }, `prior: ${prior.text}`), about(p));
  const sync = (s: State) => {
    fix.checked = s.settings[p.name] !== undefined;
    control.set(s.settings[p.name] ?? unfixed);
    el.classList.toggle("fixed", fix.checked);
  };
  sync(state);
  const disable = (off: boolean) => [fix, ...control.els].forEach((x) => (x.disabled = off));
  return { el, sync, disable };
}

/** A continuous prior's slider and number box as a value control. */
function sliderControl(id: string, label: string, scale: Scale, value: number, unit: string, onInput: (x: number) => void): ValueControl {
  const pair = sliderPair(id, label, { lo: scale.lo, hi: scale.hi, log: scale.log }, value, unit, onInput);
  return { els: [pair.range, pair.box], set: pair.set, value: () => Number(pair.box.value) };
}

/** A parameter the model fixes: a number box. */
function fixedControl(p: ParameterInfo, state: State, change: () => void, fallback: number) {
  const id = `p-${p.name}`;
  const el = h("div", { class: "param" });
  el.append(h("div", { class: "ptitle" }, h("label", { for: id }, h("code", {}, p.name)), " ", h("span", { class: "unit" }, p.unit)));
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
