// Readable demo output: `  12.3s  ●  what happened`.
const started = performance.now();
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Print one line of the story, with the time since the demo started. */
export function say(symbol, text) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`${paint(90, `${seconds}s`)}  ${symbol}  ${text}`);
}

/** Section heading. */
export const heading = (text) => console.log(`\n${paint(1, text)}`);

/** `1.5 MiB`, `640 KiB`, `12 B`. */
export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

/** `0.42 ms`. */
export const formatMs = (ms) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;

export const mark = { ok: paint(32, '✔'), info: paint(36, '•'), send: paint(33, '→'), receive: paint(35, '←'), warn: paint(31, '✖') };
