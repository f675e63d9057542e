/** Serves tests/fixtures/pages on 127.0.0.1 at a random port, with optional per-path headers. */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

const ROOT = resolve('tests/fixtures/pages');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface FixtureServer {
  origin: string;
  url: (path: string) => string;
  close: () => Promise<void>;
}

/** Extra roots (for example node_modules packages that fixture pages load as local files). */
const MOUNTS: Record<string, string> = {
  '/vendor/rrweb/': resolve('node_modules/rrweb/dist/'),
  '/vendor/monaco/': resolve('node_modules/monaco-editor/'),
};

export interface FixtureServerOptions {
  host?: string;
  /** More folders to serve, by URL prefix ending in '/'. */
  mounts?: Record<string, string>;
  /** Generated files (bundles built at start), by exact path. */
  files?: Record<string, { type: string; body: string }>;
}

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const host = options.host ?? '127.0.0.1';
  const mounts = { ...MOUNTS, ...options.mounts };
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const generated = options.files?.[path];
    if (generated) {
      res.writeHead(200, { 'content-type': generated.type }).end(generated.body);
      return;
    }
    const mount = Object.keys(mounts).find((m) => path.startsWith(m));
    const base = mount ? mounts[mount]! : ROOT;
    const rel = normalize(mount ? path.slice(mount.length) : path).replace(/^([/\\])+/, '');
    const file = join(base, rel.endsWith('/') || rel === '' ? join(rel, 'index.html') : rel);
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (path.includes('strict-csp')) headers['content-security-policy'] = "script-src 'self'; worker-src 'self'";
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    url: (p) => `${origin}${p.startsWith('/') ? p : `/${p}`}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
