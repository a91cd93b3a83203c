/**
 * Pieces the three reports share: the header, tables, axis titles with
 * units, probabilities of 0/1 outputs with their intervals, and the footer.
 */
import type { OutputInfo } from "../model/types.js";
import { escapeHtml, escapePlotly } from "./escape.js";
import { count, isNum, type Maybe } from "./curves.js";
import { plotlySource } from "./plotly-source.js";
import { NON_FINITE_HEADING } from "./nonfinite.js";

/** Options every report takes. */
export interface ReportOptions {
  /** when the report was made (default: now) */
  generated?: Date;
  /** descriptions of outputs (e.g. from the model file) shown beside their names */
  outputInfo?: Record<string, { description?: string; unit?: string }>;
  /**
   * the model the result was made with, when known: a sweep report says why
   * an output that asks about a year past the horizon is undefined
   * (run-table.ts pastHorizonNotes), as the terminal table does
   */
  model?: { outputs: OutputInfo[] };
}

export { probability, type LooseSummary } from "./curves.js";

/** "name (unit)" for an axis, escaped for plotly. */
export function axisTitle(name: string, unit: string | undefined): string {
  return escapePlotly(unit ? `${name} (${unit})` : name);
}

/** An HTML table; cells are HTML (escape them first). `num` marks right-aligned columns. */
export function table(head: string[], rows: string[][], num: boolean[] = [], cls: (string | undefined)[] = []): string {
  const th = head.map((h, i) => `<th${num[i] ? ' class="num"' : ""}>${h}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${num[i] ? ' class="num"' : cls[i] ? ` class="${cls[i]}"` : ""}>${c}</td>`).join("")}</tr>`)
    .join("\n");
  return `<div class="tablewrap"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A small bar showing p and its interval on [0, 1]. */
export function probBar(p: number, ci: [number, number]): string {
  if (!isNum(p)) return "";
  const w = (x: number) => `${(100 * Math.min(1, Math.max(0, x))).toFixed(2)}%`;
  const lo = isNum(ci[0]) ? ci[0] : p;
  const hi = isNum(ci[1]) ? ci[1] : p;
  return `<span class="bar" aria-hidden="true"><i style="left:${w(lo)};width:${w(hi - lo)}"></i><b style="left:calc(${w(p)} - 1px)"></b></span>`;
}

/** The header: a title, a description list of facts and the reproduce command. */
export function header(title: string, subtitle: string, facts: [string, string][], command: string | undefined): string {
  const dl = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join("");
  const repro = command
    ? `<div class="repro"><pre id="command">${escapeHtml(command)}</pre><button type="button" id="copy-command" title="copy the command">Copy</button></div>`
    : `<p class="muted small">The command that made this result was not recorded (a result made from the library rather than the CLI).</p>`;
  return (
    `<header class="report"><div class="toprow"><div><h1>${escapeHtml(title)}</h1><div class="muted">${escapeHtml(subtitle)}</div></div>` +
    `<button type="button" id="theme-toggle" title="switch between the system theme, light and dark">Theme: auto</button></div>` +
    `<dl class="meta">${dl}</dl><div class="muted small">Reproduce:</div>${repro}</header>`
  );
}

/** The model line of a header. */
export function modelFact(model: { name?: string; file?: string; sha256?: string } | undefined): string {
  const m = model ?? {};
  const sha = m.sha256 ? ` <span class="muted small" title="sha256 of the model file">sha256 <code>${escapeHtml(m.sha256)}</code></span>` : "";
  return `<strong>${escapeHtml(m.name ?? "?")}</strong> <span class="muted">(${escapeHtml(m.file ?? "?")})</span>${sha}`;
}

export function footer(kind: string, version: string | undefined, generated: Date): string {
  return (
    `${escapeHtml(kind)} made by rsi-sim ${escapeHtml(version ?? "?")} on ${escapeHtml(generated.toISOString().replace("T", " ").slice(0, 19))} UTC. ` +
    `Charts drawn with plotly.js ${escapeHtml(plotlySource().version)}, included in this file: the report works offline and loads nothing from the network. ` +
    `Use the camera icon on a chart to save it as PNG.`
  );
}

export const dateFact = (d: Date) => escapeHtml(d.toISOString().replace("T", " ").slice(0, 16) + " UTC");
export const countFact = (n: Maybe) => escapeHtml(count(n));

/**
 * The settings a command gave (`--ratio 20`, `--set gamma=0.5`), as
 * "name value" from the result's own settings, in the command's order; and
 * `ratio` whenever the model has it, since it defines the scenario. A result
 * made without the CLI has no command: then only the ratio.
 */
export function scenarioSettings(command: string | undefined, settings: Record<string, number | string> | undefined, skip: string[] = []): string[] {
  const s = settings ?? {};
  const names: string[] = [];
  const words = (command ?? "").match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [];
  words.forEach((w, i) => {
    let name = "";
    if (w === "--set" && words[i + 1]) name = words[i + 1].replace(/^['"]/, "").split("=")[0];
    else if (w.startsWith("--set=")) name = w.slice(6).replace(/^['"]/, "").split("=")[0];
    else if (w.startsWith("--")) name = w.slice(2).split("=")[0];
    name = name.replace(/-/g, "_");
    if (name && Object.hasOwn(s, name) && !names.includes(name)) names.push(name);
  });
  if (Object.hasOwn(s, "ratio") && !names.includes("ratio")) names.unshift("ratio");
  return names.filter((n) => !skip.includes(n) && s[n] !== "swept").map((n) => `${n} ${typeof s[n] === "number" ? String(Number((s[n] as number).toPrecision(12))) : s[n]}`);
}

/** One line that says which scenario a report or a chart shows: model, settings, draws, seed. */
export function scenarioLine(parts: { model?: string; settings: string[]; draws: string; seed: unknown }): string {
  return [`model ${parts.model ?? "?"}`, ...parts.settings, parts.draws, `seed ${String(parts.seed)}`].join(" · ");
}

/** A warning naming the outputs with values that were not finite (items from nonfinite.ts), or "" when none. */
export function nonFiniteWarn(items: string[]): string {
  if (items.length === 0) return "";
  return `<div class="warn">${escapeHtml(NON_FINITE_HEADING)}<ul class="notes">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul></div>`;
}
