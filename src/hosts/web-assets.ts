import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { packagePath } from '@/core/package-path.node.js';

export const DEFAULT_WEB_DIST = packagePath('web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths the API owns (and `/login`, the login link): never answered with the dashboard. */
export function isApiPath(pathname: string): boolean {
  return /^\/(v1|api|health)(\/|$)/.test(pathname) || pathname === '/login';
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>iofold</title>
<body style="font:14px system-ui;padding:40px">The dashboard is not built. Run <code>npm run build</code>
(or <code>npm start</code>, which builds it) and reload.</body>`;

/**
 * Serves the built dashboard from `distDir`: files by path (hashed assets cached for a year),
 * and `index.html` for any other GET that is not an API path (client-side routes). Returns null
 * when the request is the API's to answer.
 */
export function createWebAssetHandler(distDir: string = DEFAULT_WEB_DIST) {
  const root = resolve(distDir);
  const cache = new Map<string, ArrayBuffer>();

  async function load(path: string): Promise<ArrayBuffer | null> {
    const hit = cache.get(path);
    if (hit) {
      return hit;
    }
    try {
      if (!(await stat(path)).isFile()) {
        return null;
      }
      const file = await readFile(path);
      const body = file.buffer.slice(
        file.byteOffset,
        file.byteOffset + file.byteLength,
      ) as ArrayBuffer;
      cache.set(path, body);
      return body;
    } catch {
      return null;
    }
  }

  return async function serveWebAsset(request: Request): Promise<Response | null> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return null;
    }
    const { pathname } = new URL(request.url);
    if (isApiPath(pathname)) {
      return null;
    }
    let wanted: string;
    try {
      wanted = normalize(join(root, decodeURIComponent(pathname)));
    } catch {
      return null;
    }
    if (wanted.startsWith(root + sep) && pathname !== '/') {
      const body = await load(wanted);
      if (body) {
        const immutable = pathname.startsWith('/assets/');
        return new Response(request.method === 'HEAD' ? null : body, {
          headers: {
            'content-type': TYPES[extname(wanted)] ?? 'application/octet-stream',
            'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          },
        });
      }
      if (extname(pathname) !== '') {
        return null;
      }
    }
    // A fresh build replaces index.html; re-read it so `npm run build` needs no restart.
    cache.delete(join(root, 'index.html'));
    const index = await load(join(root, 'index.html'));
    return new Response(request.method === 'HEAD' ? null : (index ?? NOT_BUILT), {
      status: index ? 200 : 503,
      headers: { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-cache' },
    });
  };
}
