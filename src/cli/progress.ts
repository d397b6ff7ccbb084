/** Progress for long reads: one rewritten line on a terminal, nothing otherwise. */
import type { ReadProgress } from '../read/options.js';

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (p: ReadProgress) => void;
  done: () => void;
} {
  if (!stream.isTTY) return { onProgress: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    onProgress: (p) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      const amount = p.total === undefined ? `${p.done}` : `${p.done}/${p.total}`;
      stream.write(`\r\x1b[2Kreading ${p.phase}: ${amount}`);
    },
    done: () => {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
