/**
 * The web viewer as the hub serves it: the /s/<id> page in each state, its assets, and the headers that keep
 * replayed content from running script or reaching anything outside this origin. The browser side is covered by the
 * Playwright story in tests/e2e/ at the repository root.
 */
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskStore } from '../src/store/index.ts';
import { DEFAULT_VIEWER_DIR } from '../src/viewer-page.ts';
import { auth, DAY, json, startHub, TestClock, uploadOk, type RunningHub } from './support/hub.ts';

let root: string;
let fakeViewer: string;
const hubs: RunningHub[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'hub-viewer-'));
  fakeViewer = path.join(root, 'viewer-dist');
  await mkdir(fakeViewer);
  await writeFile(path.join(fakeViewer, 'viewer.js'), 'console.log("viewer");\n');
  await writeFile(path.join(fakeViewer, 'viewer.css'), 'body { color: black }\n');
});
afterAll(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  await rm(root, { recursive: true, force: true });
});

async function start(viewerDir: string = fakeViewer, clock = new TestClock()) {
  const hub = await startHub(new DiskStore(path.join(root, `store-${hubs.length}`)), clock, {}, { viewerDir });
  hubs.push(hub);
  return hub;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
}

function expectStrictHeaders(res: Response): void {
  const csp = directives(res.headers.get('content-security-policy') ?? '');
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('connect-src')).toEqual(["'self'"]);
  expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  expect(csp.get('frame-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  // No directive allows another origin, inline script, eval, or a wildcard.
  for (const [name, values] of csp) {
    for (const v of values) expect(["'self'", "'none'", 'data:', 'blob:', "'unsafe-inline'"], `${name} ${v}`).toContain(v);
    if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
  }
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('the /s/<id> page', () => {
  it('loads the viewer for a live link, with a strict CSP, no inline script, and without counting a view', async () => {
    const { url } = await start();
    const link = await uploadOk(url);
    const res = await fetch(`${url}/s/${link.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectStrictHeaders(res);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toMatch(/src="\.\.\/viewer\/viewer\.js\?v=[\w-]+"/);
    expect(scripts[0]![2]).toBe('');
    expect(html).toMatch(/<link rel="stylesheet" href="\.\.\/viewer\/viewer\.css\?v=[\w-]+">/);
    expect(html).not.toMatch(/<style|\son\w+=|javascript:|https?:\/\//i);
    // The page never holds the key or anything from the request.
    expect(html).not.toContain(link.id);
    expect((await fetch(`${url}/s/${link.id}`, { method: 'HEAD' })).status).toBe(200);
    const stats = await json(await fetch(`${url}/api/v1/links/${link.id}/stats`, { headers: auth(link.revokeToken) }));
    expect(stats.views).toBe(0);
  });

  it('says itself that a link is unknown, expired or revoked, with the status the API gives, and loads no script', async () => {
    const clock = new TestClock();
    const { url } = await start(fakeViewer, clock);
    let res = await fetch(`${url}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(res.status).toBe(404);
    expectStrictHeaders(res);
    let html = await res.text();
    expect(html).toContain('Clip not found');
    expect(html).toContain('data-code="share:not_found"');
    expect(html).not.toMatch(/<script/i);
    expect((await fetch(`${url}/s/%ZZ`)).status).toBe(404);
    expect((await fetch(`${url}/s/not-an-id`)).status).toBe(404);

    const revoked = await uploadOk(url);
    await fetch(`${url}/api/v1/links/${revoked.id}`, { method: 'DELETE', headers: auth(revoked.revokeToken) });
    res = await fetch(`${url}/s/${revoked.id}`);
    expect(res.status).toBe(410);
    html = await res.text();
    expect(html).toContain('This link was revoked');
    expect(html).toContain('revoked by its author on 1 January 2030, 00:00 UTC');
    expect(html).not.toMatch(/<script/i);

    const expiring = await uploadOk(url, undefined, '?expiresIn=3600');
    clock.advance(2 * DAY);
    res = await fetch(`${url}/s/${expiring.id}`);
    expect(res.status).toBe(410);
    html = await res.text();
    expect(html).toContain('This link has expired');
    expect(html).toContain('expired on 1 January 2030, 01:00 UTC');
    expect(html).not.toMatch(/<script/i);
  });

  it('says plainly when the viewer was not built, rather than serving a page that cannot work', async () => {
    const { url } = await start(path.join(root, 'nowhere'));
    const link = await uploadOk(url);
    const res = await fetch(`${url}/s/${link.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('web viewer is not available');
    expect(html).not.toMatch(/<script/i);
    expect((await fetch(`${url}/viewer/viewer.js`)).status).toBe(404);
  });
});

describe('the viewer assets', () => {
  it('are served with their types, the same CSP, an ETag, and nothing else from that folder', async () => {
    const { url } = await start();
    const js = await fetch(`${url}/viewer/viewer.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expectStrictHeaders(js);
    expect(await js.text()).toBe('console.log("viewer");\n');
    const etag = js.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await fetch(`${url}/viewer/viewer.js`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const css = await fetch(`${url}/viewer/viewer.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const name of ['main.ts', '..%2Fpackage.json', 'viewer.js.map', '']) {
      expect((await fetch(`${url}/viewer/${name}`)).status, name).toBe(404);
    }
    expect((await fetch(`${url}/viewer/viewer.js`, { method: 'POST' })).status).toBe(405);
  });

  it('follow a rebuild without a restart (the page names the new version)', async () => {
    const dir = path.join(root, 'rebuilt');
    await mkdir(dir);
    await writeFile(path.join(dir, 'viewer.js'), 'one');
    await writeFile(path.join(dir, 'viewer.css'), 'one');
    const { url } = await start(dir);
    const link = await uploadOk(url);
    const version = async () => /viewer\.js\?v=([\w-]+)/.exec(await (await fetch(`${url}/s/${link.id}`)).text())?.[1];
    const before = await version();
    await writeFile(path.join(dir, 'viewer.js'), 'two');
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(dir, 'viewer.js'), later, later);
    expect(await version()).not.toBe(before);
    expect(await (await fetch(`${url}/viewer/viewer.js`)).text()).toBe('two');
  });
});

describe('the built viewer (npm run build)', () => {
  it('is plain ASCII and loads nothing from another origin', async () => {
    const read = (name: string) =>
      readFile(path.join(DEFAULT_VIEWER_DIR, name)).catch(() => {
        throw new Error(`dist/viewer/${name} is missing: run \`npm run build\` (npm test does it first)`);
      });
    const [js, css] = await Promise.all([read('viewer.js'), read('viewer.css')]);
    for (const bytes of [js, css]) expect(bytes.findIndex((b) => b > 0x7e)).toBe(-1);
    expect(css.toString('latin1')).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
    // It never asks for allow-scripts on the replay frame, nor for rrweb's canvas replay that needs it.
    expect(js.toString('latin1')).not.toMatch(/UNSAFE_replayCanvas:\s*(!0|true)/);
  });
});
