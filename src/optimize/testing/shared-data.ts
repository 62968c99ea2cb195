import { existsSync } from 'node:fs';
import path from 'node:path';

/** `../shared/data` (tau-bench, tau2) when this machine has it; tests skip with a reason otherwise. */
export const sharedData =
  [path.resolve(import.meta.dirname, '../../../../shared/data'), '/work/shared/data'].find((p) =>
    existsSync(path.join(p, 'tau-bench')),
  ) ?? null;

export const tauBenchFile = sharedData
  ? path.join(sharedData, 'tau-bench/gpt-4o-airline.json')
  : null;
export const tau2Dir =
  sharedData && existsSync(path.join(sharedData, 'tau2-airline'))
    ? path.join(sharedData, 'tau2-airline')
    : null;

if (!sharedData) {
  console.log('skipping tau-bench / tau2 tests: ../shared/data is absent on this machine');
}
