/**
 * The layers of src/, checked by `npm run lint:deps` (part of `npm test`).
 * Imports run only downward, in pipeline order, and never in a circle:
 *
 *   core → model → sampling → engine → parallel → analysis → report → app → cli
 *
 * core: errors that name their argument, atomic writes, suggestions, the
 * random generator, special functions and distributions. model: YAML → compiled model, the prior language. sampling:
 * seeded streams, parameter sets, designs. engine: the integrator, hazards,
 * the outcome table. parallel: a batch of draws on worker threads, shard
 * ranges. analysis: summaries, sweeps, sensitivity. report: tables, CSV, JSON,
 * HTML. app: one function per use case. cli: arguments, one call, writing.
 * src/index.ts (the public API) may import any layer. No exceptions.
 */
const LAYERS = ["core", "model", "sampling", "engine", "parallel", "analysis", "report", "app", "cli"];

const upward = LAYERS.map((layer, i) => ({
  name: `${layer}-imports-only-downward`,
  comment: `src/${layer}/ may import only ${LAYERS.slice(0, i + 1).join(", ")}`,
  severity: "error",
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join("|") || "NONE"})/` },
}));

module.exports = {
  forbidden: [
    ...upward.filter((r) => !r.to.path.includes("NONE")),
    {
      name: "no-circular",
      comment: "no module imports itself through others",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "nothing-imports-the-api",
      comment: "src/index.ts is the top: no module of src/ imports it",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "no-orphans",
      comment: "every module of src/ is used (core/libm.ts by the playground page, scripts/playground/)",
      severity: "error",
      from: { orphan: true, pathNot: ["\\.d\\.ts$", "^src/index\\.ts$", "^src/parallel/worker\\.ts$", "^src/core/libm\\.ts$"] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["es6"],
  },
};
