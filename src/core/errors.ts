/**
 * A user's mistake in a model file, a flag or a data file: one line that
 * names where (file, entry) and what is wrong. The CLI prints `message`
 * and exits 2; it never prints a stack for these.
 *
 * @example
 * try {
 *   await run({ model: "no-such-model" });
 * } catch (err) {
 *   if (!(err instanceof UserError)) throw err;
 *   console.log(err.message); // names the model and what is wrong, in one line
 * }
 */
export class UserError extends Error {
  readonly where: string;
  readonly detail: string;
  constructor(where: string, detail: string) {
    super(where ? `${where}: ${detail}` : detail);
    this.name = "UserError";
    this.where = where;
    this.detail = detail;
  }
}

/**
 * A mistake inside a model file: `file: entry: what`.
 *
 * @example
 * try {
 *   compileModel("name: broken\nstates: 3\n", "broken.yaml");
 * } catch (err) {
 *   if (!(err instanceof ModelError)) throw err;
 *   err.where; // "broken.yaml: states" or the entry at fault
 * }
 */
export class ModelError extends UserError {
  constructor(file: string, entry: string, detail: string) {
    super([file, entry].filter(Boolean).join(": "), detail);
    this.name = "ModelError";
  }
}

/**
 * A bad argument to a library call, named as the caller wrote it:
 * `samples must be a positive integer, got 0`. Front ends say it in their
 * own words: the CLI names the flag (`--samples: must be …`), see
 * `argument` and `detail`.
 *
 * @example
 * const err = await run({ samples: 0 }).catch((e) => e);
 * err instanceof ArgumentError && err.argument === "samples"; // true
 * err.message; // "samples must be a positive integer, got 0"
 */
export class ArgumentError extends UserError {
  readonly argument: string;
  constructor(argument: string, detail: string) {
    super(argument, detail);
    this.message = `${argument} ${detail}`;
    this.name = "ArgumentError";
    this.argument = argument;
  }
}
