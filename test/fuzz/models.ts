/**
 * Model files: three small valid models (one state and a milestone; every
 * section; regimes, events, stop milestones and the output functions), and
 * mutations of them — keys dropped, duplicated or renamed (__proto__,
 * constructor, …), bad expressions, non-finite constants (1e999, .nan,
 * 0/0), control characters in texts, huge record_every/horizon ratios,
 * wrong types — applied to the parsed tree and then to the YAML text.
 */
import { stringify } from "yaml";
import type { Rng } from "./rng.js";
import { distribution } from "./distributions.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export const TINY: Obj = {
  name: "tiny",
  title: "Tiny fuzz model",
  description: "One state growing at a rate with an uncertain parameter.",
  time: { start: 0, horizon: 10 },
  parameters: {
    g: { prior: "uniform(0.1, 1)", description: "growth rate" },
    k: { value: 0.5, min: 0, max: 2, description: "feedback" },
  },
  state: { a: { initial: 0, rate: "g * (1 + k * a)", max: 50 } },
  milestones: { a1: "a >= 1" },
  outputs: {
    t_a1: "a1",
    a_end: { value: "final(a)", headline: true },
    hit: { value: "reached(a1)", headline: true },
  },
};

const FULL: Obj = {
  name: "full",
  title: "Every section",
  time: { start: 2025, horizon: 2035, unit: "years", record_every: 1 },
  solver: { rtol: 1e-6, atol: 1e-9, max_steps: 20000 },
  parameters: {
    alpha: { prior: "uniform(0, 1)", unit: "1/yr" },
    beta: { value: 2 },
    gamma: { prior: "log-uniform(1, 10)" },
    delta: { prior: "normal(0, 1)", min: -3, max: 3 },
    lam: { prior: "0.01 to 0.1" },
  },
  correlations: [{ between: ["alpha", "gamma"], rank: 0.5, why: "test" }],
  derived: { growth: "beta * alpha", speed: "growth * (1 + a)" },
  state: { a: { initial: 0, rate: "speed * (1 - brake)", max: 20, unit: "OOM" } },
  regimes: { brake: 0 },
  hazards: { crash: { rate: "lam * a", terminal: true }, incident: { rate: "0.2 * a", trigger: 2 } },
  milestones: { a1: "a >= 1", a3: { when: "a >= 3", stop: false } },
  events: { slow: { on: "a1", set: { brake: 0.5 }, for: 2 }, calm: { on: "incident", set: { brake: "brake / 2" } } },
  series: { capability: { value: "a", range: [0, 20], bins: 40, unit: "OOM" } },
  outputs: {
    a_end: "final(a)",
    t_a1: "a1",
    crashed: { value: "reached(crash)", headline: true },
    crashes: "count(crash)",
    fast: { value: "a3 - a1 < 2", headline: true },
    a_at_crash: "at(crash, a)",
  },
};

const REGIMES: Obj = {
  name: "regimes",
  time: { start: 0, horizon: 5, record_every: 0.5 },
  parameters: { r: "0.5 to 2", c0: 1, w: { prior: "beta(2, 2)", min: 0, max: 1 }, pick: "choice(1, 2, 3)" },
  derived: { cap: "c0 + 10" },
  state: { c: { initial: "c0", rate: "r * c * (1 - pause)", max: "cap" }, s: { initial: 0, rate: "w * c - 0.1 * s" } },
  regimes: { pause: { initial: 0, description: "1 while paused" } },
  milestones: { big: "c >= 3", stop_here: { when: "c >= 8", stop: true } },
  events: { hold: { on: "big", if: "w > 0.2", set: { pause: 1 }, for: 0.5 } },
  outputs: {
    peak_c: "peak(c)",
    gain: "window_gain(c, 1)",
    area: "integral(s)",
    ended: "t_end",
    paused: { value: "reached(hold)", headline: true },
    kind: "pick",
  },
};

export const BASE_MODELS: readonly Obj[] = [TINY, FULL, REGIMES];

const WEIRD_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype", "valueOf", "", "1a", "a b", "t", "NaN", "inf", "é", "x".repeat(300), "a-b", "log"];

const BAD_EXPRESSIONS = [
  "1 +", "a.b", "x[1]", "f(x)", "unknown_name", "1/0", "0/0", "log(-1)", "10^1000", "((((((((((1", "a ? b", "1 < 2 < 3",
  "NaN", "inf", "-inf * 0", "sqrt(-1)", "__proto__", "constructor", "exp(1e10)", "1e999", "a = 1", "x => x", "\"str\"",
  "[1, 2]", "1:3", "5 cm to inch", "max()", "min(" + Array(100).fill("1").join(", ") + ")", "1;2", "a %", "!a",
  "1 xor 0", "toString", "hasOwnProperty(a)", "(".repeat(2000) + "1" + ")".repeat(2000), "1" + " + 1".repeat(5000),
  "pow(10, 400)", "exp10(a * 1e6)", "window_gain(a, 0)", "at(nothing, a)", "final(final(a))", "peak(a)", "reached(1)",
];

/** Raw YAML scalars that a tree cannot hold (spliced in for placeholders). */
const RAW = ["1e999", "-1e999", ".nan", ".inf", "-.inf", "0x7fffffff", "1e308", "1_000", "!!binary aGVsbG8=", "~", "!!js/function 'f'", "*undefinedAlias"];

const CONTROL_TEXTS = [
  "red \x1b[31mALERT\x1b[0m text", "bell \x07", "cr \roverwrite", "nul \x00 byte", "bidi \u202eevil", "csi \u009b2J",
  "clear \x1b[2J\x1b[H", "title \x1b]0;pwned\x07", "bs \b\b\b", "del \x7f", "line\nbreak", "tab\tchar",
];

const WEIRD_VALUES: (() => Json)[] = [
  () => null, () => true, () => [], () => ({}), () => "", () => -1, () => 0, () => 1e308, () => -1e308, () => 5e-324,
  () => 2 ** 53 + 1, () => 1e12, () => "abc", () => [1, 2, 3], () => ({ a: { b: { c: 1 } } }), () => Infinity, () => NaN,
  () => "x".repeat(100_000), () => Array.from({ length: 2000 }, (_, i) => i),
];

/** Every path in the tree (keys and indexes), for picking where to mutate. */
function paths(node: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (node !== null && typeof node === "object") {
    for (const [k, v] of Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node)) {
      const p = [...prefix, k];
      out.push(p);
      paths(v as Json, p, out);
    }
  }
  return out;
}

function parentOf(root: Obj, path: (string | number)[]): { parent: Json; key: string | number } {
  let node: Json = root;
  for (const k of path.slice(0, -1)) node = (node as Record<string | number, Json>)[k];
  return { parent: node, key: path[path.length - 1] };
}

function setAt(root: Obj, path: (string | number)[], value: Json | undefined): void {
  const { parent, key } = parentOf(root, path);
  if (parent === null || typeof parent !== "object") return;
  if (Array.isArray(parent)) {
    if (value === undefined) parent.splice(key as number, 1);
    else parent[key as number] = value;
  } else if (value === undefined) delete parent[key as string];
  else parent[key as string] = value;
}

function renameAt(root: Obj, path: (string | number)[], name: string): void {
  const { parent, key } = parentOf(root, path);
  if (parent === null || typeof parent !== "object" || Array.isArray(parent)) return;
  const entries = Object.entries(parent).map(([k, v]) => [k === key ? name : k, v] as [string, Json]);
  for (const k of Object.keys(parent)) delete parent[k];
  // defineProperty, so a key "__proto__" is an own key that stringify writes out
  for (const [k, v] of entries) Object.defineProperty(parent, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** One structural mutation of the model tree; `raw` collects placeholders for raw YAML scalars. */
function mutateTree(rng: Rng, m: Obj, raw: string[]): void {
  const all = paths(m);
  const at = rng.pick(all);
  const placeholder = (text: string) => `__RAW${raw.push(text) - 1}__`;
  const params = (m.parameters && typeof m.parameters === "object" && !Array.isArray(m.parameters) ? m.parameters : {}) as Obj;
  rng.weighted<void>([
    [3, () => setAt(m, at, undefined)],
    [3, () => setAt(m, at, rng.pick(WEIRD_VALUES)())],
    [2, () => renameAt(m, at, rng.pick(WEIRD_NAMES))],
    [3, () => setAt(m, at, rng.pick(BAD_EXPRESSIONS))],
    [2, () => setAt(m, at, placeholder(rng.pick(RAW)))],
    [1, () => { delete m[rng.pick(["name", "time", "parameters", "state", "outputs"])]; }],
    [3, () => {
      const time = { start: 0, horizon: 10 } as Obj;
      rng.weighted<void>([
        [1, () => { time.record_every = rng.pick([1e-9, 1e-12, 5e-324, 1e-6, 0, -1]); }],
        [1, () => { time.horizon = rng.pick([1e300, 1e15, 1e9, 0, -5, 10 + 1e-12]); }],
        [1, () => { time.start = -1e308; time.horizon = 1e308; }],
        [1, () => { time.start = 1e308; time.horizon = placeholder("1e999"); }],
        [1, () => { time.horizon = 1e6; time.record_every = 1e-3; }],
        [1, () => { time.unit = rng.pick(CONTROL_TEXTS); }],
        [1, () => { time.horizon = placeholder(rng.pick(RAW)); }],
      ]);
      m.time = time;
    }],
    [3, () => {
      const text = rng.pick(CONTROL_TEXTS);
      const target = rng.pick(["description", "title", "source", "param", "unit", "output"]);
      if (target === "param" || target === "unit") {
        const p = Object.keys(params)[0];
        if (p !== undefined && typeof params[p] === "object" && params[p] !== null) (params[p] as Obj)[target === "param" ? "description" : "unit"] = text;
        else m.description = text;
      } else if (target === "output" && m.outputs && typeof m.outputs === "object") (m.outputs as Obj)[`o${rng.int(0, 9)}`] = { value: "1", description: text };
      else m[target] = text;
    }],
    [4, () => {
      const p = Object.keys(params);
      const name = p.length > 0 && rng.chance(0.8) ? rng.pick(p) : rng.pick(["g", "alpha", "r"]);
      params[name] = rng.chance(0.7)
        ? { prior: distribution(rng) }
        : { prior: { dist: rng.pick(["beta", "normal", "gamma", "uniform", "discrete", "nope", "__proto__"]), alpha: rng.pick(WEIRD_VALUES)(), beta: 2, mean: 0, sd: rng.pick([1, -1, 0, 1e308]), values: [1, 2], weights: [rng.pick([1, 0, -1]), 1], truncate: [rng.pick([null, 0, 5, -1e308]), null] } };
      m.parameters = params;
    }],
    [3, () => {
      const s = (m.state && typeof m.state === "object" && !Array.isArray(m.state) ? m.state : {}) as Obj;
      const name = Object.keys(s)[0] ?? "a";
      s[name] = { ...(typeof s[name] === "object" && s[name] !== null ? (s[name] as Obj) : {}), initial: rng.pick(["0/0", "1/0", placeholder("1e999"), "NaN", "-inf", "log(0)", 1e308, placeholder(".nan")]) };
      m.state = s;
    }],
    [2, () => {
      m.solver = rng.pick<Obj>([{ max_steps: 1 }, { max_steps: 1e12 }, { rtol: 0 }, { rtol: -1 }, { atol: placeholder(".nan") }, { max_step: 1e-300 }, { rtol: 1e-300, atol: 1e-300 }, { max_step: 1e-4 }, { unknown: 1 }]);
    }],
    [2, () => {
      m.series = { s: { value: Object.keys((m.state as Obj) ?? {})[0] ?? "a", range: rng.pick<Json>([[1, 0], [0, 0], [-1e308, 1e308], [0, 1]]), bins: rng.pick([1e9, 1, 0, 2, 10000, 10001, 1.5, -3]) } };
    }],
    [2, () => {
      m.hazards = { h: { rate: rng.pick(["1e308", "inf", "0/0", "-1", "1e6", "t"]), trigger: rng.pick([1e9, 0, -1, 1.5, 1000, 1001, 1]), terminal: rng.pick([true, false, "yes" as Json]) } };
    }],
    [1, () => {
      m.correlations = [{ between: rng.pick<Json>([["g", "g"], ["g", "nope"], ["alpha", "gamma"], ["g"], []]), rank: rng.pick([2, -1, 1, 0.5, NaN, "x" as Json]) }];
    }],
    [1, () => {
      for (let i = 0; i < rng.pick([300, 2000]); i++) params[`p${i}`] = { prior: "uniform(0, 1)" };
      m.parameters = params;
    }],
    [1, () => { m[rng.pick(["parameters", "state", "outputs", "time", "milestones"])] = rng.pick(WEIRD_VALUES)(); }],
  ]);
}

function mutateText(rng: Rng, text: string): string {
  const lines = text.split("\n");
  return rng.weighted<string>([
    [2, () => { const i = rng.int(0, lines.length - 1); lines.splice(i, 0, lines[i]); return lines.join("\n"); }],
    [2, () => text.slice(0, rng.int(0, text.length))],
    [1, () => { const i = rng.int(0, lines.length - 1); lines[i] = "\t" + lines[i]; return lines.join("\n"); }],
    [1, () => text + "---\nname: other\n"],
    [1, () => "\ufeff" + text],
    [1, () => { const i = rng.int(0, text.length); return text.slice(0, i) + rng.pick(["\x00", "\x1b", "\x7f", "\u2028", "\ud800", "\r", ":", "{", "&a", "*a", "!!"]) + text.slice(i); }],
    [1, () => `a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n${text}`],
    [1, () => rng.pick(["", " ", "\n", "null", "[]", "42", "name: only\n", "{".repeat(100_000), "- ".repeat(50_000) + "x", "a:\n" + "  ".repeat(5000) + "b: 1\n"])],
    [1, () => text.replace(/\n/g, "\r\n")],
  ]);
}

export interface ModelCase {
  text: string;
  /** what was done, for the failure message */
  how: string[];
  /** the model's parameter names (after mutation, as far as the tree says) */
  params: string[];
}

/** A valid base model (mutations = 0) or a mutated one. */
export function model(rng: Rng, mutations: number, textMutation: boolean): ModelCase {
  const base = rng.pick(BASE_MODELS);
  const m = structuredClone(base);
  const raw: string[] = [];
  const how = [`base ${base.name}`];
  for (let i = 0; i < mutations; i++) {
    mutateTree(rng, m, raw);
    how.push("tree mutation");
  }
  let text = stringify(m, { lineWidth: 0 }).replace(/__RAW(\d+)__/g, (_, i: string) => raw[Number(i)]);
  if (textMutation) {
    text = mutateText(rng, text);
    how.push("text mutation");
  }
  const params = m.parameters && typeof m.parameters === "object" && !Array.isArray(m.parameters) ? Object.keys(m.parameters) : [];
  return { text, how, params };
}
