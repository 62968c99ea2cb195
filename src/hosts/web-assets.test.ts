import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebAssetHandler, isApiPath } from './web-assets';

const dist = mkdtempSync(join(tmpdir(), 'iofold-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(dist, 'assets', 'app-abc.js'), 'console.log(1)');
writeFileSync(join(dist, 'theme.js'), '1');
writeFileSync(join(tmpdir(), 'secret.txt'), 'nope');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const serve = createWebAssetHandler(dist);
const get = (path: string, method = 'GET') =>
  serve(new Request(`http://localhost${path}`, { method }));

describe('web assets', () => {
  it('leaves API paths to the API so their 404s stay JSON', async () => {
    for (const path of ['/v1/traces', '/v1', '/api/public/ingestion', '/health', '/login']) {
      expect(await get(path)).toBeNull();
    }
    expect(isApiPath('/v1x')).toBe(false);
  });

  it('serves hashed assets with a long cache and other files with no-cache', async () => {
    const asset = await get('/assets/app-abc.js');
    expect(asset?.status).toBe(200);
    expect(asset?.headers.get('content-type')).toContain('text/javascript');
    expect(asset?.headers.get('cache-control')).toContain('immutable');
    expect(await asset?.text()).toBe('console.log(1)');
    expect((await get('/theme.js'))?.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client-side routes with index.html, but not missing files', async () => {
    const page = await get('/traces/tr_123?label=negative');
    expect(page?.status).toBe(200);
    expect(await page?.text()).toContain('id="root"');
    expect(await get('/assets/missing.js')).toBeNull();
    expect(await get('/', 'POST')).toBeNull();
  });

  it('never serves a file outside the dist folder', async () => {
    const response = await get('/..%2fsecret.txt');
    expect(await response?.text()).not.toBe('nope');
  });

  it('says how to build when the dashboard is not built', async () => {
    const missing = createWebAssetHandler(join(dist, 'nowhere'));
    const response = await missing(new Request('http://localhost/'));
    expect(response?.status).toBe(503);
    expect(await response?.text()).toContain('npm run build');
  });
});
