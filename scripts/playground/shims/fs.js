// The browser has no file system: the one file the bundled modules read at load time is package.json (for the version).
/* global RSI_SIM_VERSION */
export function readFileSync(file) {
  if (String(file).endsWith("package.json")) return JSON.stringify({ version: RSI_SIM_VERSION });
  throw new Error(`no file system in the playground (${file})`);
}
export function existsSync() {
  return false;
}
export default { readFileSync, existsSync };
