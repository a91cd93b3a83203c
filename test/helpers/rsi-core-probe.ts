/**
 * rsi-core's model text made a probe: the loss of control no longer ends
 * the run (every run reaches the horizon), and more outputs appended (YAML
 * lines under `outputs:`, the file's last section). Throws if the text has
 * no terminal loss of control to change.
 */
export function rsiCoreProbe(text: string, outputs: string): string {
  const terminal = /(\n {2}loss_of_control:\n {4}rate: [^\n]*\n {4})terminal: true/;
  if (!terminal.test(text)) throw new Error("rsiCoreProbe: no terminal loss_of_control in the model text");
  return text.replace(terminal, "$1terminal: false") + outputs;
}
