#!/usr/bin/env node
// rsi-sim command-line entry point: runs the CLI as bundled by `npm run build`
// (dist/cli-bundle, scripts/bundle-cli.mjs; dist/cli/main.js unbundled).
// The worker threads a run will use start first, so that they load the engine
// while this thread loads the CLI and compiles the model (pool.js loads
// nothing but node's own modules).
// (When the threads fill the cores, pool.js also sets the V8 flags that make
// their compiles cheaper, before any engine code is compiled.)
import { prewarmFromArgs } from "../dist/parallel/pool.js";

const argv = process.argv.slice(2);
prewarmFromArgs(argv);
const { main } = await import("../dist/cli-bundle/main.js");
main(argv).then((code) => {
  process.exitCode = code;
});
