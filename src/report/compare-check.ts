/**
 * A saved comparison ("rsi-sim.compare/1", docs/compare-json.md) checked
 * before its report is drawn: every field the report reads has its type
 * (names and units text, indices that point at a scenario, numbers or null,
 * intervals of two, the timeline's curves as long as its years), so a
 * damaged or hand-edited file is one line naming the field, never a crash.
 */

type Need = (cond: boolean, what: string) => void;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
/** A number or null (non-finite numbers are written as null). */
const numOrNull = (x: unknown) => x === null || typeof x === "number";
const pair = (x: unknown) => Array.isArray(x) && x.length === 2 && x.every(numOrNull);
const numbers = (x: unknown, n?: number) => Array.isArray(x) && (n === undefined || x.length === n) && x.every(numOrNull);
const optionalText = (x: unknown) => x === undefined || typeof x === "string";

/** One output's comparison: the fields the report's chart and table read. */
function checkComparison(need: Need, d: unknown, kind: unknown, at: string): void {
  need(isObject(d), `${at} is missing`);
  const c = d as Record<string, unknown>;
  need(c.kind === kind, `${at}.kind is not ${JSON.stringify(kind)}`);
  need(pair(c.ci), `${at}.ci is not an interval`);
  if (kind === "binary") {
    for (const k of ["diff", "se_unpaired", "up", "down", "rr", "nnt"]) need(numOrNull(c[k]), `${at}.${k} is not a number`);
    need(pair(c.rr_ci), `${at}.rr_ci is not an interval`);
    return;
  }
  for (const k of ["mean_diff", "higher", "lower"]) need(numOrNull(c[k]), `${at}.${k} is not a number`);
  const q = c.quantiles as Record<string, unknown> | undefined;
  need(isObject(q) && isObject(q.p50) && numOrNull(q.p50.diff) && pair(q.p50.ci), `${at}.quantiles.p50 is incomplete`);
}

function checkScenarios(need: Need, raw: Record<string, unknown>, outputs: { name: string; kind: string }[]): number {
  const scenarios = raw.scenarios;
  need(Array.isArray(scenarios) && scenarios.length >= 2, `"scenarios" must list at least two scenarios`);
  (scenarios as unknown[]).forEach((s, i) => {
    const at = `scenarios[${i}]`;
    need(isObject(s) && typeof s.name === "string", `${at}.name is missing`);
    const sc = s as Record<string, unknown>;
    need(isObject(sc.settings) && Object.values(sc.settings).every((v) => typeof v === "number" || typeof v === "string"), `${at}.settings must map parameters to numbers or text`);
    need(isObject(sc.outputs), `${at}.outputs is missing`);
    for (const o of outputs) {
      const v = (sc.outputs as Record<string, unknown>)[o.name];
      if (v === undefined) continue;
      need(isObject(v) && numOrNull(v.p ?? null) && (v.ci === undefined || pair(v.ci)), `${at}.outputs.${o.name} is not a summary`);
      if (o.kind !== "binary") need(isObject((v as Record<string, unknown>).quantiles), `${at}.outputs.${o.name}.quantiles is missing`);
    }
  });
  return (scenarios as unknown[]).length;
}

function checkTimeline(need: Need, timeline: unknown, index: (x: unknown) => boolean): void {
  need(isObject(timeline), `"timeline" is missing`);
  const t = timeline as Record<string, unknown>;
  need(optionalText(t.unit) && numbers(t.years) && Array.isArray(t.curves), `"timeline" needs a unit, years and curves`);
  const years = (t.years as unknown[]).length;
  (t.curves as unknown[]).forEach((c, k) => {
    const at = `timeline.curves[${k}]`;
    need(isObject(c) && typeof c.name === "string" && optionalText(c.description) && Array.isArray(c.differences), `${at} needs a name and differences`);
    ((c as Record<string, unknown>).differences as unknown[]).forEach((d, j) => {
      need(isObject(d) && index(d.scenario), `${at}.differences[${j}].scenario is not the index of a scenario`);
      for (const key of ["diff", "lo", "hi"]) need(numbers((d as Record<string, unknown>)[key], years), `${at}.differences[${j}].${key} must hold a number or null for each of the ${years} years`);
    });
  });
}

/**
 * Check a parsed comparison result; `need` throws its one-line error when
 * a condition fails.
 */
export function checkCompareResult(raw: Record<string, unknown>, need: Need): void {
  need(typeof raw.samples === "number", `"samples" is missing`);
  need(numOrNull(raw.seed ?? null) && numOrNull(raw.failed ?? null), `"seed" and "failed" must be numbers`);
  need(raw.model === undefined || isObject(raw.model), `"model" is not an object`);
  need(optionalText(raw.command) && optionalText(raw.version), `"command" and "version" must be text`);
  need(Array.isArray(raw.outputs), `"outputs" is missing`);
  const outputs = raw.outputs as { name: string; kind: string }[];
  (raw.outputs as unknown[]).forEach((o, i) => {
    need(isObject(o) && typeof o.name === "string" && (o.kind === "binary" || o.kind === "continuous"), `outputs[${i}] needs a name and a kind (binary or continuous)`);
    need(optionalText((o as Record<string, unknown>).unit) && optionalText((o as Record<string, unknown>).description), `outputs[${i}]: unit and description must be text`);
  });
  const n = checkScenarios(need, raw, outputs);
  const index = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < n;
  need(index(raw.baseline), `"baseline" is not the index of a scenario`);
  need(Array.isArray(raw.comparisons), `"comparisons" is missing`);
  (raw.comparisons as unknown[]).forEach((c, k) => {
    need(isObject(c) && index(c.scenario) && index(c.baseline), `comparisons[${k}] needs the indices of its scenario and baseline`);
    need(isObject((c as Record<string, unknown>).outputs), `comparisons[${k}].outputs is missing`);
    const co = (c as Record<string, Record<string, unknown>>).outputs;
    for (const o of outputs) checkComparison(need, co[o.name], o.kind, `comparisons[${k}].outputs.${o.name}`);
  });
  checkTimeline(need, raw.timeline, index);
}
