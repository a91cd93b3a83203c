/**
 * Build step (after tsc): the key of this build, the SHA-256 of the source
 * modules that make the numbers (src/core, model, sampling, engine,
 * parallel, analysis), into dist/build-key.json. Every shard file carries
 * it, and rsi-sim merge joins only shards of one build (src/app/shard-build.ts).
 */
import { fileURLToPath } from "node:url";
import { writeBuildKey } from "../dist/app/shard-build.js";

writeBuildKey(fileURLToPath(new URL("../src", import.meta.url)));
