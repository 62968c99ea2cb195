import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { nodeConfigFromEnv } from '@/core/config';
import { silentLogger } from '@/core/logger';
import { type NodeHost, type NodeHostOptions, startNodeHost } from '@/hosts/node';
import { loginLinkOf } from './seed';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.IOFOLD_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/** Null when the suite can run; otherwise the reason it skips (printed by the caller). */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set IOFOLD_CHROMIUM)`;
}

export function buildWeb() {
  execFileSync(process.execPath, [join(repoRoot, 'web', 'ensure-build.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type Stack = { host: NodeHost; browser: Browser; close(): Promise<void> };

/**
 * A real Node host on a temporary data folder, plus Chromium. The host may call loopback
 * addresses, where the tests' stand-in providers listen. `env`: the host's `IOFOLD_*` variables
 * (e.g. `IOFOLD_LLM_BASE_URL` of a local model protocol server). `options`: the host's own
 * (e.g. `{ monitoring: false }` where a test seeds snapshots itself and the timer would race it).
 */
export async function startStack(
  env: Record<string, string> = {},
  options: NodeHostOptions = {},
): Promise<Stack> {
  buildWeb();
  const dataDir = mkdtempSync(join(tmpdir(), 'iofold-browser-'));
  const config = nodeConfigFromEnv(env, { dataDir, port: 0, allowPrivateNetworks: '127.0.0.0/8' });
  const host = await startNodeHost(config, silentLogger, options);
  const browser = await launchChromium();
  return {
    host,
    browser,
    close: async () => {
      await browser.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A new 1440-wide page signed in with the host's first-start login link, on the Home screen;
 * `timeout` is its default wait.
 */
export async function signedInPage(
  stack: Stack,
  options: { timeout: number; height?: number },
): Promise<Page> {
  const context = await stack.browser.newContext({
    viewport: { width: 1440, height: options.height ?? 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeout);
  await page.goto(loginLinkOf(stack.host));
  await page.getByRole('heading', { name: 'Home' }).waitFor();
  return page;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false });
}

/**
 * `name` in the light theme, then `name-dark`, switched with the theme button (the system theme
 * is read only at load, so emulating it afterwards changes nothing); leaves the page light.
 */
export async function screenshotLightAndDark(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
      await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
    }
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
      throw new Error(`the theme button did not switch to ${theme}`);
    }
    await screenshot(page, theme === 'light' ? name : `${name}-dark`);
  }
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
}
