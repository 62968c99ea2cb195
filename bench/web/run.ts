// bench:web: 100,000 traces; time from navigation to the first rendered trace rows, from a
// keypress in Review to the next trace shown (both in Chromium), and the first screen's JS (gzip).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeConfigFromEnv } from '@/core/config';
import { silentLogger } from '@/core/logger';
import { startNodeHost } from '@/hosts/node';
import { browserSkipReason, buildWeb, launchChromium, repoRoot } from '../../tests/browser/harness';
import { firstWorkspaceId, loginLinkOf } from '../../tests/browser/seed';
import { seedTraces } from './seed-traces';

const TRACES = Number(process.env.BENCH_TRACES ?? 100_000);
const RUNS = 7;
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;

type ManifestEntry = { file: string; css?: string[]; imports?: string[]; isEntry?: boolean };

/** Bytes (raw, gzip) of the entry chunk, its static imports and CSS, plus one lazy screen. */
function firstScreenBytes(screen: string) {
  const dist = join(repoRoot, 'web', 'dist');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestEntry
  >;
  const files = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || files.has(entry.file)) {
      return;
    }
    files.add(entry.file);
    for (const css of entry.css ?? []) {
      files.add(css);
    }
    for (const imported of entry.imports ?? []) {
      visit(imported);
    }
  };
  visit('index.html');
  visit(screen);
  let js = 0;
  let jsGzip = 0;
  let css = 0;
  for (const file of files) {
    const body = readFileSync(join(dist, file));
    if (file.endsWith('.js')) {
      js += body.length;
      jsGzip += gzipSync(body, { level: 9 }).length;
    } else {
      css += gzipSync(body, { level: 9 }).length;
    }
  }
  return { js, jsGzip, cssGzip: css, files: files.size };
}

async function main() {
  const skip = browserSkipReason();
  if (skip) {
    console.log(skip);
    return;
  }
  buildWeb();
  const bytes = firstScreenBytes('src/screens/traces.tsx');
  const dataDir = mkdtempSync(join(tmpdir(), 'iofold-bench-web-'));
  const host = await startNodeHost(nodeConfigFromEnv({}, { dataDir, port: 0 }), silentLogger);
  const browser = await launchChromium();
  try {
    const workspaceId = await firstWorkspaceId(host.deps);
    let started = Date.now();
    await seedTraces(host.deps.db, workspaceId, TRACES);
    console.log(
      `seeded ${TRACES.toLocaleString('en')} traces in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const loginLink = loginLinkOf(host);
    if (!loginLink) {
      throw new Error('this host prints no first-start login link (the auth API is missing)');
    }
    await page.goto(loginLink);
    await page.getByRole('heading', { name: 'Home' }).waitFor();

    const firstRows: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      await page.goto(`${host.url}/traces?run=${i}`);
      await page.getByTestId('trace-row').first().waitFor();
      firstRows.push(performance.now() - started);
    }

    await page.goto(`${host.url}/review`);
    await page.getByTestId('review-trace').waitFor();
    const nextTrace: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Measured inside the page: keydown dispatched, then frames until another trace is shown.
      // A string, so the bundler's helpers (tsx adds __name) never reach the page.
      const ms = (await page.evaluate(`new Promise((resolve) => {
        const shown = () => document.querySelector('[data-testid="review-trace"]')?.getAttribute('data-trace-id');
        const before = shown();
        const t0 = performance.now();
        window.dispatchEvent(new KeyboardEvent('keydown', { key: ${JSON.stringify(i % 2 === 0 ? '1' : 'ArrowRight')}, bubbles: true }));
        const poll = () => (shown() !== before ? resolve(performance.now() - t0) : requestAnimationFrame(poll));
        poll();
      })`)) as number;
      nextTrace.push(ms);
    }
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `\nbench:web (${TRACES.toLocaleString('en')} traces, Chromium, ${RUNS} navigations, 30 keypresses)`,
    );
    console.log(
      `navigation → first trace rows   median ${fmt(median(firstRows))}  max ${fmt(Math.max(...firstRows))}   (target < 1000 ms)`,
    );
    console.log(
      `Review keypress → next trace     median ${fmt(median(nextTrace))}  p95 ${fmt(p95(nextTrace))}   (target < 100 ms)`,
    );
    console.log(
      `first screen JS                  ${(bytes.jsGzip / 1024).toFixed(1)} KB gzip (${(bytes.js / 1024).toFixed(1)} KB raw, ${bytes.files} files; CSS ${(bytes.cssGzip / 1024).toFixed(1)} KB gzip)   (target < 300 KB gzip)`,
    );
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
