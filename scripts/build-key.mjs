/**
 * Build step (after tsc): the key of this build, the SHA-256 of the built
 * modules that make the numbers (dist/core, model, sampling, engine,
 * parallel, analysis), into dist/build-key.json. Every shard file carries
 * it, and rsi-sim merge joins only shards of one build (src/app/shard-build.ts).
 */
import { writeBuildKey } from "../dist/app/shard-build.js";

writeBuildKey();
