/**
 * Where model files are: the shipped models in models/ and files given by
 * path. A light module (node's own modules only), so that the CLI can find a
 * model without loading the compiler.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ModelError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const MODELS_DIR = path.resolve(here, "..", "..", "models");

/**
 * Names of the models shipped in models/.
 *
 * @example
 * builtinModels(); // ["rsi-core", "forethought-sie"]: each a `model` for run()
 */
export function builtinModels(): string[] {
  return ["rsi-core", "forethought-sie"].filter((n) => existsSync(path.join(MODELS_DIR, `${n}.yaml`)));
}

/** Find a model by file path or by the name of a shipped model. */
export function resolveModelPath(fileOrName: string): string {
  if (existsSync(fileOrName)) return fileOrName;
  const shipped = path.join(MODELS_DIR, `${fileOrName}.yaml`);
  if (!/[\\/]/.test(fileOrName) && existsSync(shipped)) return shipped;
  const hint = didYouMean(fileOrName, builtinModels());
  throw new ModelError(fileOrName, "", `no such model file${hint ? ` (did you mean "${hint}"?)` : ""}; shipped models: ${builtinModels().join(", ")}`);
}

/** The name a model file goes by in messages and results: models/NAME.yaml for a shipped model, else the path given. */
export function shownModelPath(file: string): string {
  // models/test/ishigami.yaml had shown as models/ishigami.yaml, a file that does not exist
  return path.isAbsolute(file) && file.startsWith(MODELS_DIR + path.sep) ? path.join("models", path.relative(MODELS_DIR, file)) : file;
}
