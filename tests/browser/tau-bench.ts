import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { tauBenchFile } from '@/optimize/testing/shared-data';
import type { Stack } from './harness';

/** The tau-bench airline trials (none when the shared data is absent; the suites skip then). */
export const tauBenchRecords = (
  tauBenchFile ? JSON.parse(readFileSync(tauBenchFile, 'utf8')) : []
) as { task_id: number }[];

/** Imports the trials on the Import screen, their rewards as labels; answers the result's text. */
export async function importTauBench(page: Page, stack: Stack): Promise<string | null> {
  await page.goto(`${stack.host.url}/import`);
  await page.getByLabel('File', { exact: true }).setInputFiles(tauBenchFile ?? '');
  await page.getByLabel('Label field (optional)').fill('reward');
  await page.getByRole('button', { name: 'Import' }).click();
  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 60_000 });
  return result.textContent();
}
