// The linter `npm test` runs (npm run lint). A small rule set, written down
// here with its reasons:
// - typescript-eslint's recommended rules (syntax only, no type information:
//   fast enough for every test run);
// - no file in src/ over 600 lines and no function over 80 (blank lines and
//   comments not counted): a unit a reader can hold in mind. The generated
//   code of a compiled model is a string, not a function here;
// - the playground's browser code (scripts/playground/**/*.ts) under the
//   same rules; the other build scripts are not linted;
// - no-loss-of-precision off: published coefficient tables (Wichura's AS241
//   in core/dists/normal-quantile.ts, Lanczos and fdlibm in core/special) carry more digits than a double, and each
//   literal rounds to the double the table means.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const srcRules = {
  "max-lines": ["error", { max: 600, skipBlankLines: true, skipComments: true }],
  "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
  "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
  "@typescript-eslint/no-explicit-any": "off",
  "@typescript-eslint/no-non-null-assertion": "off",
  "no-loss-of-precision": "off",
  "prefer-const": "error",
  eqeqeq: ["error", "always", { null: "ignore" }],
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "notebooks/**", "bench/**", "scripts/!(playground)/**", "scripts/*.*", "scripts/playground/shims/**", "test/**", "deploy/**", "*.config.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts"],
    rules: srcRules,
  },
  {
    // the playground's page and its Web Workers: their browser globals need
    // no list here, as typescript-eslint's recommended set leaves undefined
    // names to the type checker (scripts/playground/tsconfig.json, DOM lib)
    files: ["scripts/playground/**/*.ts"],
    rules: srcRules,
  },
);
