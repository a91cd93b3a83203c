/**
 * A run shard's parameter columns, sampled again instead of stored. Draw
 * i's parameter and chance values depend only on the model, the seed, i and
 * the parameter settings (src/sampling), so a merge can recompute them;
 * they are most of a run's columns (rsi-core: 40 of 58), so a shard without
 * them is less than a third of the size. The writer samples them again as
 * the merge will and stores them only when that does not give the same
 * bytes (a setting whose text does not parse back to the very same prior);
 * the shard keeps the SHA-256 of its columns either way, and the merge
 * checks the columns it samples (or reads) against it.
 */
import { createHash } from "node:crypto";
import { endianness } from "node:os";
import { UserError } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import { parseDistribution } from "../model/distributions.js";
import { fillUniforms } from "../sampling/stream.js";
import { planParameters, sampleParameters, type ParameterPlan, type ParameterSetting } from "../sampling/sampler.js";

const CHUNK = 256;
const LITTLE_ENDIAN_HOST = endianness() === "LE";

/**
 * The parameter plan of settings as a shard keeps them (values, and priors
 * as text): a setting equal to the model's own is the model's prior itself,
 * any other text is parsed. Throws a UserError naming `name` for a setting
 * that is not a parameter of the model or not a distribution.
 */
export function planFromSettings(name: string, model: CompiledModel, settings: Record<string, number | string>): ParameterPlan {
  const defaults = planParameters(model).settings;
  const overrides: Record<string, ParameterSetting> = {};
  for (const [k, v] of Object.entries(settings)) {
    if (!Object.hasOwn(defaults, k)) throw new UserError(name, `settings: ${k} is not a parameter of ${model.name}`);
    if (v === defaults[k]) continue;
    if (typeof v === "number") overrides[k] = v;
    else {
      const r = parseDistribution(v);
      if (!r.ok) throw new UserError(name, `settings: the setting of ${k} ("${v}") is not a distribution: ${r.error}`);
      overrides[k] = r.dist;
    }
  }
  return planParameters(model, overrides);
}

/**
 * The parameter and chance columns (in the plan's order) of draws
 * [first, first + count) of a run with `seed`: what simulate() keeps.
 *
 * @example
 * const cols = sampleParameterColumns(model, planParameters(model), 1, 0, 100);
 * cols.length; // the model's parameters and chance variables
 */
export function sampleParameterColumns(model: CompiledModel, plan: ParameterPlan, seed: number, first: number, count: number): Float64Array[] {
  const K = model.layout.uniformsPerDraw;
  const n = plan.names.length;
  const columns = Array.from({ length: n }, () => new Float64Array(count));
  const u = new Float64Array(CHUNK * K);
  const p = new Float64Array(Math.max(1, model.layout.pSize));
  const z = new Float64Array(Math.max(1, model.parameters.length));
  for (let c0 = 0; c0 < count; c0 += CHUNK) {
    const m = Math.min(CHUNK, count - c0);
    fillUniforms(seed, first + c0, m, K, u);
    for (let d = 0; d < m; d++) {
      sampleParameters(plan, u, d * K, p, z);
      for (let j = 0; j < n; j++) columns[j][c0 + d] = p[j];
    }
  }
  return columns;
}

/** The SHA-256 of columns' float64 bytes (little-endian), one after another. */
export function columnsSha256(columns: Float64Array[]): string {
  const h = createHash("sha256");
  for (const c of columns) {
    if (LITTLE_ENDIAN_HOST) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    else {
      const le = new DataView(new ArrayBuffer(c.byteLength));
      c.forEach((x, i) => le.setFloat64(8 * i, x, true));
      h.update(new Uint8Array(le.buffer));
    }
  }
  return h.digest("hex");
}

/**
 * Whether sampling again gives exactly `columns` (the parameter and chance
 * columns of draws first… of a run with `seed`, in the plan's order), in
 * blocks of draws so that it needs little memory.
 */
export function samplesBack(model: CompiledModel, plan: ParameterPlan, seed: number, first: number, columns: Float64Array[]): boolean {
  if (columns.length !== plan.names.length) return false;
  const rows = columns.length === 0 ? 0 : columns[0].length;
  const BLOCK = 16 * CHUNK;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const m = Math.min(BLOCK, rows - r0);
    const again = sampleParameterColumns(model, plan, seed, first + r0, m);
    if (!again.every((c, j) => sameBytes(c, columns[j].subarray(r0, r0 + m)))) return false;
  }
  return true;
}

/** Whether two columns hold the same bytes (NaNs and signed zeros included). */
export function sameBytes(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
