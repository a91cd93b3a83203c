/**
 * Parameter settings as a use case takes them: a number fixes a parameter,
 * a distribution (as text, "0.5 to 3", or as a Distribution) replaces its
 * prior. Each is checked against the parameter's declared bounds (a
 * distribution must fit them: a lognormal fits a positive parameter's (0, ∞)
 * as it is, a normal must be truncated); a mistake
 * is an ArgumentError that names the parameter.
 */
import { describeValue } from "../core/printable.js";
import { ArgumentError } from "../core/errors.js";
import { parseDistribution, readNumber, type Distribution } from "../model/distributions.js";
import type { CompiledModel } from "../model/types.js";
import { boundsRule, distributionFits, inBounds, rangeText } from "../model/bounds.js";
import { zeroDraws } from "../model/prior-positive.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { findParameter } from "../analysis/sweep.js";

/** A setting as a caller gives it: a number, a distribution's text, or a Distribution. */
export type SettingInput = number | string | Distribution;


/** A parameter setting from its text: a number or a distribution. */
export function parseSetting(argument: string, text: string): ParameterSetting {
  const t = String(text).trim();
  const n = readNumber(t);
  // Infinity as a word is said as 1e400 is: a setting is a finite number (bounds of a truncation may be inf)
  if ((n !== undefined && !Number.isFinite(n)) || /^[+-]?(inf|infinity|nan)$/i.test(t)) throw new ArgumentError(argument, `must be a finite number, got "${t}"`);
  if (/^[+-]?0[xob]/i.test(t)) throw new ArgumentError(argument, `must be a decimal number (hexadecimal, octal and binary are not read), got "${t}"`);
  if (n !== undefined) return n;
  const r = parseDistribution(t);
  if (!r.ok) throw new ArgumentError(argument, `${r.error} (give a number or a distribution such as "0.5 to 3" or "beta(2, 5)")`);
  return r.dist;
}

/** Check a setting against the parameter's declared bounds. */
export function checkBounds(model: CompiledModel, name: string, s: ParameterSetting, argument = name): void {
  const p = findParameter(model, name, { argument });
  const [lo, hi] = p.bounds ?? [-Infinity, Infinity];
  if (typeof s === "number") {
    if (!Number.isFinite(s)) throw new ArgumentError(argument, "must be a finite number");
    if (!inBounds(p, s)) throw new ArgumentError(argument, `must be ${boundsRule(p)}, got ${s}`);
  } else if (!distributionFits(p, s)) {
    // a value it can take outside the bounds (a discrete prior's, a mixture's point mass) is fixed by giving others; a
    // continuous tail by truncation
    const valueOutside = s.discrete || s.components?.some((c) => c.discrete && c.values!.some((v) => !inBounds(p, v)));
    const fix = valueOutside ? "give values inside it" : `truncate it with "in [${lo}, ${hi === Infinity ? "inf" : hi}]"`;
    throw new ArgumentError(argument, `the prior ${s.text} reaches outside ${rangeText(p)}; ${fix}`);
  } else if (p.openMin) {
    // a positive parameter's prior given here is checked as the model file's is: no draw may be 0
    const zero = zeroDraws(s, 'truncate it with "in [1e-300, inf]"');
    if (zero !== undefined) throw new ArgumentError(argument, zero);
  }
}

/** One setting, parsed if it is text and checked against the bounds. */
export function resolveSetting(model: CompiledModel, name: string, value: SettingInput, argument = name): ParameterSetting {
  const isDistribution = typeof value === "object" && value !== null && typeof (value as Distribution).kind === "string" && typeof (value as Distribution).text === "string";
  if (typeof value !== "number" && typeof value !== "string" && !isDistribution) {
    throw new ArgumentError(argument, `must be a number, a distribution's text such as "0.5 to 3", or a Distribution, got ${describeValue(value)}`);
  }
  const s = typeof value === "string" ? parseSetting(argument, value) : value;
  checkBounds(model, name, s, argument);
  return s;
}

/** Settings by parameter name, each resolved (`settings.ratio` is named in errors as `ratio`). */
export function resolveSettings(model: CompiledModel, settings: Record<string, SettingInput> = {}): Record<string, ParameterSetting> {
  const out: Record<string, ParameterSetting> = {};
  for (const [name, value] of Object.entries(settings)) out[name] = resolveSetting(model, name, value);
  return out;
}
