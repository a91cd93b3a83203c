/**
 * Build step (after tsc and the schema check): compile the shipped models
 * into dist/model-cache/, so that a run of a shipped model starts without
 * loading the compiler (see src/model/cache.ts; an entry is used only while
 * the model file and the compiler are the ones it was made from).
 */
import { writeModelCache } from "../dist/model/cache.js";

await writeModelCache();
