/** A one-line progress bar on stderr (a line per 10 % when stderr is not a terminal). */
export interface Progress {
  tick(done: number): void;
  finish(): void;
}

const fmt = (n: number): string => (n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : String(Math.round(n)));

export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const width = 30;
  let lastDecile = -1;
  let current = 0;
  const render = (done: number): string => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${fmt(done)}/${fmt(total)} ${fmt(rate)}/s ETA ${eta}s`;
  };
  return {
    tick(done) {
      current = done;
      if (out.isTTY) {
        out.write(`\r${render(done)}\x1b[K`);
        return;
      }
      const decile = Math.floor((total === 0 ? 1 : done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        out.write(`${render(done)}\n`);
      }
    },
    finish() {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      out.write(`${out.isTTY ? '\r' : ''}${label}: ${fmt(current)} in ${seconds}s${out.isTTY ? '\x1b[K' : ''}\n`);
    },
  };
}
