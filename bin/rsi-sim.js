#!/usr/bin/env node
// rsi-sim command-line entry point: runs the CLI as bundled by `npm run build`
// (dist/cli-bundle, scripts/bundle-cli.mjs; dist/cli/main.js unbundled).
// The worker threads a run will use start first, so that they load the engine
// while this thread loads the CLI and compiles the model (pool.js loads
// nothing but node's own modules).
// V8 inlines smaller functions than by default: each thread compiles its own
// copy of the engine, and with less inlined that costs about a third less
// compile time, with draws as fast once compiled (BENCHMARKS.md, fifth session).
import { setFlagsFromString } from "node:v8";
import { prewarmFromArgs } from "../dist/parallel/pool.js";

setFlagsFromString("--max-inlined-bytecode-size=100");

const argv = process.argv.slice(2);
prewarmFromArgs(argv);
const { main } = await import("../dist/cli-bundle/main.js");
main(argv).then((code) => {
  process.exitCode = code;
});
