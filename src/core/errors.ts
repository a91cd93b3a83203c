/**
 * A user's mistake in a model file, a flag or a data file: one line that
 * names where (file, entry) and what is wrong. The CLI prints `message`
 * and exits 2; it never prints a stack for these.
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

/** A mistake inside a model file: `file: entry: what`. */
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
