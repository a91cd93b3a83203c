/**
 * Chance variables as users meet them: named in a setting (`--set`, a sweep,
 * a sensitivity factor), where they are refused with the reason, and listed
 * apart from the parameters in help texts.
 *
 * @example
 * chanceRefusal(model, "lab_choice");
 * // '"lab_choice" is a chance variable of rsi-core (drawn afresh in each world from uniform(0, 1)), not a parameter: …'
 */
import type { CompiledModel } from "./types.js";

/** Why `name` cannot be set, swept or analysed as a factor if it is a chance variable; else undefined. */
export function chanceRefusal(model: CompiledModel, name: string): string | undefined {
  const c = model.chance.find((q) => q.name === name.replace(/-/g, "_"));
  if (!c) return undefined;
  return `"${c.name}" is a chance variable of ${model.name} (drawn afresh in each world from ${c.dist.text}), not a parameter: it cannot be set, swept or analysed as a factor`;
}

/** One line per chance variable: `name ~ distribution [unit] — description`. */
export function chanceLines(model: CompiledModel): string[] {
  return model.chance.map((c) => `${c.name} ~ ${c.text}${c.unit ? ` [${c.unit}]` : ""}${c.description ? ` — ${c.description.replace(/\s+/g, " ").trim()}` : ""}`);
}

/** The heading of chance variables in help texts and descriptions. */
export const CHANCE_HEADING = "Chance (drawn afresh in each world, not uncertain parameters; no flags)";
