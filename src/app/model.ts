/**
 * The model a use case runs: a CompiledModel as it is, or a file or shipped
 * model name, loaded through the compiled-model cache.
 */
import { loadModelFast } from "../model/cache.js";
import type { CompiledModel } from "../model/types.js";

/**
 * The model a use case runs when none is named.
 *
 * @example
 * loadModel(DEFAULT_MODEL).name; // "rsi-core"
 */
export const DEFAULT_MODEL = "rsi-core";
/**
 * The seed a use case uses when none is given.
 *
 * @example
 * const { result } = await run({ samples: 100 });
 * result.seed === DEFAULT_SEED; // true
 */
export const DEFAULT_SEED = 1;

/** A compiled model, or a model file's path, or a shipped model's name. */
export type ModelRef = CompiledModel | string;

/** The compiled model of `ref` (default rsi-core). */
export async function resolveModel(ref: ModelRef | undefined): Promise<CompiledModel> {
  if (ref === undefined) return loadModelFast(DEFAULT_MODEL);
  return typeof ref === "string" ? loadModelFast(ref) : ref;
}
