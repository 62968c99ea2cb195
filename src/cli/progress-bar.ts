import type { CliIo } from './cli-io';

export type ProgressBar = {
  update(done: number, total?: number): void;
  finish(summary: string): void;
};

/**
 * Progress on stderr: a bar redrawn in place on a terminal; otherwise one line per 10 % step
 * (`importing 30/120 (25%)`), so logs and tests see it too.
 */
export function createProgressBar(io: CliIo, label: string): ProgressBar {
  let lastStep = -1;
  let knownTotal: number | undefined;
  return {
    update(done, total) {
      knownTotal = total ?? knownTotal;
      if (io.interactive) {
        io.err(`\r${render(label, done, knownTotal)}`);
        return;
      }
      const step = knownTotal ? Math.floor((done / knownTotal) * 10) : Math.floor(done / 100);
      if (step !== lastStep) {
        lastStep = step;
        io.err(`${render(label, done, knownTotal, false)}\n`);
      }
    },
    finish(summary) {
      io.err(io.interactive ? `\r\x1b[2K${summary}\n` : `${summary}\n`);
    },
  };
}

function render(label: string, done: number, total: number | undefined, bar = true): string {
  if (!total) {
    return `${label} ${done}`;
  }
  const ratio = Math.min(1, done / total);
  const percent = `${Math.round(ratio * 100)}%`;
  if (!bar) {
    return `${label} ${done}/${total} (${percent})`;
  }
  const width = 24;
  const filled = Math.round(ratio * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${percent}`;
}
