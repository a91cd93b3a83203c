/** Who reads a message: the command line's user or a library caller. */
export type Front = "cli" | "library";

const TERMS = /\uE000([^\uE000-\uE002]*)\uE001([^\uE000-\uE002]*)\uE002/g;

/**
 * Words of a message that differ by front end: the CLI's (a flag, a
 * command) and the library's (an option, a function). A UserError's
 * `message` and `detail` read the library's; the CLI prints its own
 * (lineFor("cli")).
 *
 * @example
 * const err = new UserError("", `raise the limit with ${inTerms("--max-memory", "maxMemory")}`);
 * err.message; // "raise the limit with maxMemory"
 * err.lineFor("cli"); // "raise the limit with --max-memory"
 */
export function inTerms(cli: string, library: string): string {
  return `\uE000${cli}\uE001${library}\uE002`;
}

/** A library option's flag: samples → --samples, confLevel → --conf-level, draw_layout → --draw-layout. */
export const flagOf = (option: string): string => "--" + option.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();

/** An option by name, in each front end's words: --max-samples on the command line, maxSamples in the library. */
export const optionTerm = (option: string): string => inTerms(flagOf(option), option);

/** The text with each inTerms() pair in the front end's words. */
export function termsFor(text: string, front: Front): string {
  return text.replace(TERMS, front === "cli" ? "$1" : "$2");
}

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
  /** where, as a library caller reads it */
  readonly where: string;
  /** what is wrong, as a library caller reads it */
  readonly detail: string;
  /** the detail with the words of both front ends (see inTerms) */
  readonly #rawDetail: string;
  readonly #rawWhere: string;
  constructor(where: string, detail: string) {
    const line = where ? `${where}: ${detail}` : detail;
    super(termsFor(line, "library"));
    this.name = "UserError";
    this.#rawWhere = where;
    this.#rawDetail = detail;
    this.where = termsFor(where, "library");
    this.detail = termsFor(detail, "library");
  }

  /** What is wrong in a front end's words: the CLI names flags (--max-memory), the library options (maxMemory). */
  detailFor(front: Front): string {
    return termsFor(this.#rawDetail, front);
  }

  /** The whole line in a front end's words. */
  lineFor(front: Front): string {
    const where = termsFor(this.#rawWhere, front);
    const detail = this.detailFor(front);
    return where ? `${where}: ${detail}` : detail;
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
    this.message = `${argument} ${this.detail}`;
    this.name = "ArgumentError";
    this.argument = argument;
  }
}
