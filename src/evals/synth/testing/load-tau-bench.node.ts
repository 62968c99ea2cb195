import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { TauBenchItem } from './tau-bench-view';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Path of a file under the shared data folder (`../shared` beside the checkout, else /work/shared), or null. */
export function sharedDataPath(relative: string): string | null {
  for (const base of [path.resolve(repoRoot, '../shared'), '/work/shared']) {
    const candidate = path.join(base, 'data', relative);
    if (existsSync(candidate)) {
      return candidate;
    }
  }
  return null;
}

export function loadTauBench(file = 'tau-bench/gpt-4o-airline.json'): TauBenchItem[] | null {
  const found = sharedDataPath(file);
  return found ? (JSON.parse(readFileSync(found, 'utf8')) as TauBenchItem[]) : null;
}
