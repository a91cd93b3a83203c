/**
 * `rsi-sim describe`: a model's parameters, priors, units and sources, its
 * chance variables (apart from the parameters), its
 * equations, hazards, milestones, events and outputs, as plain text.
 */
import type { CompiledModel } from "../model/types.js";
import { CHANCE_HEADING } from "../model/chance.js";

const flag = (n: string) => `--${n.replace(/_/g, "-")}`;

export function describeModel(m: CompiledModel): string {
  const L: string[] = [];
  L.push(`${m.title}`);
  L.push(`model ${m.name} · ${m.file} · sha256 ${m.sha256.slice(0, 12)}`);
  if (m.description) L.push("", wrap(m.description.trim(), 78));
  L.push("", `Time: ${m.time.start} to ${m.time.horizon} (${m.time.unit})`);
  L.push("", "Parameters (flag · value or prior · unit — meaning; source)");
  for (const p of m.parameters) {
    const what = p.prior ? p.priorText ?? p.prior.text : `${p.value}`;
    L.push(`  ${flag(p.name)}  ${what}${p.unit ? `  [${p.unit}]` : ""}`);
    if (p.description) L.push(`      ${p.description.trim()}`);
    if (p.source) L.push(`      source: ${p.source.trim()}`);
  }
  if (m.chance.length) {
    L.push("", `${CHANCE_HEADING}: name ~ distribution · unit — meaning; source`);
    for (const c of m.chance) {
      L.push(`  ${c.name} ~ ${c.text}${c.unit ? `  [${c.unit}]` : ""}`);
      if (c.description) L.push(`      ${c.description.trim()}`);
      if (c.source) L.push(`      source: ${c.source.trim()}`);
    }
  }
  if (m.correlations.length) {
    L.push("", "Rank correlations (Gaussian copula)");
    for (const c of m.correlations) L.push(`  ${c.between[0]} ~ ${c.between[1]}: ${c.rank}${c.why ? ` — ${c.why.trim()}` : ""}`);
  }
  if (m.derived.length) {
    L.push("", "Derived quantities");
    for (const d of m.derived) L.push(`  ${d.name} = ${d.text}${d.unit ? `  [${d.unit}]` : ""}`);
  }
  L.push("", "State (d/dt)");
  for (const s of m.rates) L.push(`  d${s.name}/dt = ${s.text}${s.unit ? `  [${s.unit}]` : ""}`);
  if (m.regimes.length) {
    L.push("", "Regime variables (set by events)");
    for (const r of m.regimes) L.push(`  ${r.name} = ${r.text} initially${r.description ? ` — ${r.description}` : ""}`);
  }
  if (m.hazards.length) {
    L.push("", "Hazards (Poisson rates, integrated exactly)");
    for (const h of m.hazards) {
      L.push(`  ${h.name}: rate ${h.rate}${h.trigger > 1 ? `; fires at event ${h.trigger}` : ""}${h.terminal ? "; ends the run" : ""}`);
    }
  }
  if (m.milestones.length) {
    L.push("", "Milestones (first time the condition holds)");
    for (const x of m.milestones) L.push(`  ${x.name}: ${x.text}`);
  }
  if (m.eventsInfo.length) {
    L.push("", "Events");
    for (const e of m.eventsInfo) L.push(`  ${e.name}: on ${e.text}${e.description ? ` — ${e.description}` : ""}`);
  }
  L.push("", "Outputs");
  for (const o of m.outputs) {
    L.push(`  ${o.name} (${o.kind}${o.unit ? `, ${o.unit}` : ""}) = ${o.text}`);
    if (o.description) L.push(`      ${o.description}`);
  }
  return L.join("\n") + "\n";
}

function wrap(text: string, width: number): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if ((line + " " + w).trim().length > width) {
      lines.push(line);
      line = w;
    } else line = (line + " " + w).trim();
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
