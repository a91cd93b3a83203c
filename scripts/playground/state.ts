/**
 * The page's state: the sample size, the seed, each parameter's setting
 * (absent: the model's own value or prior) and the pinned baseline's
 * settings; kept in the URL's hash, and said as the CLI command that gives
 * the same numbers.
 */
export interface State {
  samples: number;
  seed: number;
  /** parameter name → fixed value */
  settings: Record<string, number>;
  /** the pinned baseline's settings, or null */
  baseline: Record<string, number> | null;
}

const num = (s: string | null): number | undefined => {
  if (s === null || s.trim() === "") return undefined;
  const x = Number(s);
  return Number.isFinite(x) ? x : undefined;
};

/** The hash for a state: samples, seed, each setting as name=value, the baseline's as b.name=value (and pin). */
export function stateHash(s: State): string {
  const q = new URLSearchParams();
  q.set("samples", String(s.samples));
  q.set("seed", String(s.seed));
  for (const [k, v] of Object.entries(s.settings)) q.set(k, String(v));
  if (s.baseline) {
    q.set("pin", "1");
    for (const [k, v] of Object.entries(s.baseline)) q.set(`b.${k}`, String(v));
  }
  return "#" + q.toString();
}

/** The most draws the page runs (the Draws box's max; PLAYGROUND_MAX_SAMPLES of src/app/playground.ts). */
export const MAX_SAMPLES = 1_000_000;

/** The state a hash holds, on top of `fallback`; names not among `names` are ignored. */
export function parseHash(hash: string, names: Set<string>, fallback: State): State {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const s: State = { samples: fallback.samples, seed: fallback.seed, settings: {}, baseline: null };
  const samples = num(q.get("samples"));
  // at most the Draws box's 1,000,000 (a link of 50,000,000 had started a run that would fill the tab's memory)
  if (samples !== undefined && Number.isInteger(samples) && samples >= 1 && samples <= MAX_SAMPLES) s.samples = samples;
  const seed = num(q.get("seed"));
  if (seed !== undefined && Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) s.seed = seed;
  const base: Record<string, number> = {};
  for (const [k, v] of q) {
    const x = num(v);
    if (x === undefined) continue;
    if (names.has(k)) s.settings[k] = x;
    else if (k.startsWith("b.") && names.has(k.slice(2))) base[k.slice(2)] = x;
  }
  if (q.get("pin") === "1") s.baseline = base;
  return s;
}

const flag = (name: string) => `--${name.replace(/_/g, "-")}`;
const quote = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `rsi-sim run …` that gives the numbers of the current settings. */
export function runCommandLine(modelArg: string, s: State): string {
  const parts = ["rsi-sim", "run", "--model", quote(modelArg), "--samples", String(s.samples), "--seed", String(s.seed)];
  for (const [k, v] of Object.entries(s.settings)) parts.push(flag(k), String(v));
  parts.push("--format", "json");
  return parts.join(" ");
}

/** `rsi-sim compare …` of the baseline and the current settings on the same draws. */
export function compareCommandLine(modelArg: string, s: State): string {
  const scenario = (name: string, set: Record<string, number>) => ["--scenario", name, ...Object.entries(set).map(([k, v]) => `${flag(k)} ${v}`)].join(" ");
  return ["rsi-sim", "compare", "--model", quote(modelArg), "--samples", String(s.samples), "--seed", String(s.seed), scenario("baseline", s.baseline ?? {}), scenario("current", s.settings), "--format", "json"].join(" ");
}
