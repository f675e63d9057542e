/**
 * Serves the bench's workload pages on loopback at a random port: 127.0.0.1 (made shadowable, so Shadowtrace
 * records there), localhost (not shadowable: the no-recording runs) and 127.0.0.2 (not shadowable either: the
 * plain-rrweb runs).
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, resolve } from 'node:path';
import * as P from './pages.mjs';

const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css', json: 'application/json' };

export async function startServer({ harnessDir, traceDir }) {
  const pages = {
    '/blank.html': '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>',
    '/mutations.html': P.mutationPage,
    '/large.html': P.largePage({ title: 'large page' }),
    '/large.css': P.heavyCss(800),
    '/small.html': P.smallPage,
    '/session.html': P.sessionPage(),
    '/burst.html': P.burstPage,
    '/big-snapshot.html': P.bigSnapshotPage(5),
    '/canvas.html': P.canvasPage,
    '/spa.html': P.spaPage,
    '/frame.html': P.framePage,
    '/replay.html': P.replayPage,
  };
  const mounts = {
    '/vendor/rrweb/': resolve('node_modules/rrweb/dist/'),
    '/harness/': harnessDir,
    '/trace/': traceDir,
  };
  const handler = async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const ext = path.split('.').pop();
    const type = TYPES[ext] ?? 'application/octet-stream';
    if (path in pages) return res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(pages[path]);
    const mount = Object.keys(mounts).find((m) => path.startsWith(m));
    if (!mount) return res.writeHead(404).end('not found');
    const base = mounts[mount];
    const file = join(base, normalize(path.slice(mount.length)).replace(/^([/\\])+/, ''));
    if (!file.startsWith(base)) return res.writeHead(403).end();
    try {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  };
  const v4 = createServer(handler);
  await new Promise((ok) => v4.listen(0, '127.0.0.1', ok));
  const { port } = v4.address();
  // Chromium may try ::1 first for localhost.
  const v6 = createServer(handler);
  await new Promise((ok) => {
    v6.once('error', () => ok());
    v6.listen(port, '::1', ok);
  });
  // Plain rrweb gets a site of its own, so that its page never shares a renderer process with the
  // no-recording page when the session runs the modes side by side.
  const other = createServer(handler);
  await new Promise((ok, ko) => {
    other.once('error', ko);
    other.listen(port, '127.0.0.2', ok);
  });
  return {
    port,
    recorded: `http://127.0.0.1:${port}`,
    plain: `http://localhost:${port}`,
    rrweb: `http://127.0.0.2:${port}`,
    close: async () => {
      for (const s of [v4, v6, other]) {
        s.closeAllConnections?.();
        await new Promise((ok) => (s.listening ? s.close(() => ok()) : ok()));
      }
    },
  };
}
