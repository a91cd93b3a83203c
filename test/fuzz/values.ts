/**
 * Values as a user (or a bad script) might type them: numbers in valid and
 * odd forms, huge and non-finite numbers, integers at the edges of the
 * flags' ranges, and words that are not numbers at all.
 */
import type { Rng } from "./rng.js";

/** Texts that are not finite numbers, or numbers in forms a parser may or may not take. */
export const ODD_NUMBERS = [
  "NaN", "nan", "Infinity", "-Infinity", "+Infinity", "inf", "-inf", "1e999", "-1e999", "1e308", "-1e308",
  "1.7976931348623157e308", "5e-324", "-5e-324", "1e-320", "-0", "+0", "0", "", " ", "  \t", "1_000", "1,5", "0x1F", "0b101",
  "0o17", "1e", "e5", ".", "-", "+", "--1", "1..2", "1.2.3", "½", "٣", "３", "1 2", "\t3", "9007199254740993",
  "1e21", "abc", "null", "undefined", "true", "false", "[]", "{}", "[1]", "1/0", "0/0", "2^10", "1e+", ".e1",
  "Infinity1", "0.", "00", "007", "-.5", "+.5", "1E3", "1e-3", " 42 ", "42\n", "１e5",
];

/** Integer texts at the edges of the integer flags (samples, seed, points, workers, resamples, …). */
export const EDGE_INTEGERS = [
  "0", "1", "-1", "2", "3", "7", "8", "1.0", "1.5", "1e1", "01", "+5", " 5", "5 ", "0x20", "-0", "4294967295",
  "4294967296", "4294967297", "2147483647", "2147483648", "9007199254740991", "9007199254740992",
  "9007199254740993", "18446744073709551616", "1e12", "1000000000000", "99999999999999999999", "-4294967295",
  "", "auto", "Infinity", "NaN", "1e999", "1_0", "١٠",
];

/** A plain decimal in [lo, hi], written in one of several equivalent forms. */
export function decimal(rng: Rng, lo: number, hi: number): string {
  const x = lo + (hi - lo) * rng.float();
  return numberForm(rng, x);
}

/** `x` written plainly, with many digits, in exponent form, with a sign, or padded. */
export function numberForm(rng: Rng, x: number): string {
  return rng.weighted<string>([
    [5, () => String(Number(x.toPrecision(3)))],
    [1, () => String(x)],
    [1, () => x.toExponential(2)],
    [1, () => x.toExponential(2).toUpperCase()],
    [1, () => (x >= 0 ? "+" : "") + String(Number(x.toPrecision(2)))],
    [1, () => ` ${Number(x.toPrecision(2))} `],
    [1, () => Number(x.toPrecision(2)).toFixed(6)],
  ]);
}

/** Any number-ish text: mostly in [lo, hi], sometimes extreme or not a number. */
export function anyNumber(rng: Rng, lo: number, hi: number): string {
  return rng.weighted<string>([
    [6, () => decimal(rng, lo, hi)],
    [rng.bad(2), () => rng.pick(ODD_NUMBERS)],
    [rng.bad(1), () => rng.pick(["1e300", "-1e300", "1e-300", "1e100", "123456789012345678901234567890", "-42", "0"])],
  ]);
}

/** A small positive integer text, or an edge value. */
export function anyInteger(rng: Rng, lo: number, hi: number, edge = 0.25): string {
  return !rng.ok(1 - edge) ? rng.pick(EDGE_INTEGERS) : String(rng.int(lo, hi));
}

/** A word a user may leave on a command line. */
export function strayWord(rng: Rng): string {
  return rng.pick([
    "foo", "run", "sweep", "merge", "0.5", "-", "--", "-x", "-5", "=", "a=b", "ratio", "samples", "--=", "---samples",
    "\u00e9t\u00e9", "\u202eevil", "\x1b[31mred\x1b[0m", "\x07bell", "sp ace", "'quoted'", '"dq"', "$HOME", "*", "-h2",
    "x".repeat(5000), "--no-such", "--samples=", "-samples", "—samples",
  ]);
}
