export function fileURLToPath(u) {
  return String(u).replace(/^file:\/\//, "");
}
export default { fileURLToPath };
