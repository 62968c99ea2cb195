import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'server.json';

/** Records where `iofold serve` on this data folder listens, so `iofold login` links to it. */
export function recordServerAddress(dataDir: string, url: string): () => void {
  const path = join(dataDir, FILE);
  writeFileSync(path, `${JSON.stringify({ url, pid: process.pid })}\n`);
  return () => rmSync(path, { force: true });
}

/** The address of the server running on this data folder; null when none is running. */
export function runningServerAddress(dataDir: string): string | null {
  try {
    const { url, pid } = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as {
      url?: unknown;
      pid?: unknown;
    };
    if (typeof url !== 'string' || typeof pid !== 'number') {
      return null;
    }
    process.kill(pid, 0);
    return url;
  } catch {
    return null;
  }
}
