/**
 * Model files → compiled models.
 *
 * loadModel(file) reads YAML, checks it against models/model.schema.json,
 * resolves every name, orders derived quantities and outputs by dependency,
 * and emits the model's kernel: a handful of plain JS closures (right-hand
 * side, crossing functions, observations, event actions, outputs) built from
 * whitelisted expressions only (see expr.ts). The engine calls the kernel in
 * its step loop; mathjs is never called there.
 *
 * This module is the compiler's entry point; its parts:
 *
 *   compile-yaml.ts        YAML → a plain mapping
 *   compile-texts.ts       no control characters in keys and texts
 *   compile-schema.ts      the schema check and its messages
 *   compile-model.ts       the steps below, in order, and the CompiledModel
 *   compile-scope.ts       declared and reserved names, p slots, entry errors
 *   compile-parameters.ts  parameters, priors, correlations
 *   compile-derived.ts     derived quantities      compile-order.ts  dependency order
 *   compile-trajectory.ts  expressions along a trajectory, hoisting per-draw constants
 *   compile-outputs.ts     outputs and their accumulators
 *   compile-states.ts      hazards, initial values, right-hand side
 *   compile-events.ts      milestones, events and caps (crossings, actions)
 *   compile-series.ts      series and observation functions
 *   compile-kernel.ts      the kernel's generated source
 */
import { ArgumentError } from "../core/errors.js";
import { describeValue } from "../core/printable.js";
import { readTextLimited } from "../core/read-limited.js";
import { ModelError, UserError } from "../core/errors.js";
import { MODELS_DIR, builtinModels, resolveModelPath, shownModelPath } from "./locate.js";
import { numberLiteral } from "./expr.js";
import { compileRaw } from "./compile-model.js";
import { checkSchema } from "./compile-schema.js";
import { checkTexts } from "./compile-texts.js";
import { readYaml } from "./compile-yaml.js";
import type { CompiledModel } from "./types.js";

// where model files are (locate.ts), re-exported for the library's users
export { MODELS_DIR, builtinModels, resolveModelPath };

/** The largest model file read (shipped models are ~40 kB). */
const MAX_MODEL_BYTES = 4 * 2 ** 20;

/**
 * Load and compile a model file (a path, or the name of a shipped model).
 *
 * @example
 * const model = loadModel("rsi-core");
 * model.parameters.map((p) => p.name); // ratio, g_spend, …: every one a setting of run()
 */
export function loadModel(fileOrName: string): CompiledModel {
  if (typeof fileOrName !== "string") throw new ArgumentError("model", `must be a model's name or a model file's path (a string), got ${describeValue(fileOrName)}`);
  const file = resolveModelPath(fileOrName);
  let text: string;
  try {
    text = readTextLimited(file, MAX_MODEL_BYTES, "a model file");
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new ModelError(file, "", `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return compileModel(text, shownModelPath(file));
}

/**
 * Compile model text; `file` is only used in error messages and the result.
 *
 * @example
 * const text = readFileSync("models/forethought-sie.yaml", "utf8"); // or your variant of it
 * const { result } = await run({ model: compileModel(text, "my-variant.yaml"), samples: 200 });
 */
export function compileModel(text: string, file = "<model>"): CompiledModel {
  const raw = readYaml(text, file);
  checkTexts(raw, file); // first: the schema's messages quote keys and values
  checkSchema(raw, file);
  return compileRaw(raw, file, text);
}

export { numberLiteral };
