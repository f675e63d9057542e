/**
 * The web viewer, without the extension: a page recorded with rrweb's own record() in Chromium is clipped and
 * published (lib/clip, lib/bundle, lib/share-client) to a share service started by the test; a mentee opens the link
 * in plain headless Chromium, watches (the text, a note, a canvas painted by the viewer), asks a question at the
 * current moment; the author answers through the share client with the revoke token; the mentee sees the answer
 * after a reload. Nothing leaves 127.0.0.1, no script runs in the replay, and each bad link has its own message.
 */
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { clipEvents } from '../../lib/clip';
import { bundleFromClip, encodeBundle, generateKey, type Bundle } from '../../lib/bundle';
import { publishBundle, ShareClient, type Published } from '../../lib/share-client';
import { startHub, WebViewer, type HubProcess } from './web-viewer';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Plain Chromium as TOOLCHAIN.md launches it; one made-up host name maps to 127.0.0.1 for the plain-HTTP case. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP hub.example.test 127.0.0.1',
];

const PAGE = `<!doctype html><html><head><title>Private repo: payments</title>
<style>body { font: 16px sans-serif } h1 { color: rgb(20, 80, 160) } textarea { width: 400px; height: 60px }</style></head>
<body>
  <h1>Code review notes</h1>
  <textarea id="draft"></textarea>
  <canvas id="sketch" width="120" height="60"></canvas>
  <img id="pixel" src="https://tracker.example.invalid/pixel.png" alt="">
</body></html>`;

let hub: HubProcess;
let browser: Browser;
let published: Published;
let bundle: Bundle;
let client: ShareClient;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const started = Date.now();
  [hub, browser] = await Promise.all([startHub(), chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })]);
  console.log(`hub and Chromium up in ${Date.now() - started} ms at ${hub.url}`);

  // The author's side, without the extension: rrweb's own record() on a local page, then the publishing core.
  const rrwebSource = await readFile(path.join(ROOT, 'node_modules/rrweb/dist/rrweb.umd.cjs'), 'utf8');
  const author = await browser.newPage();
  await author.route('**/*', (route) => route.abort()); // the recorded page's own outside image goes nowhere
  await author.setContent(PAGE);
  await author.addScriptTag({ content: rrwebSource });
  await author.evaluate(() => {
    const w = window as unknown as { events: unknown[]; rrweb: { record: (o: unknown) => void } };
    w.events = [];
    w.rrweb.record({ emit: (e: unknown) => w.events.push(e) });
  });
  const now = () => author.evaluate(() => Date.now());
  await author.waitForTimeout(30);
  const start = await now();
  await author.type('#draft', 'Rename parseUser to readUser', { delay: 15 });
  const noteAt = await now();
  await author.waitForTimeout(40);
  // A canvas the app drew: its pixels travel as a Shadowtrace canvas-frame event, painted by the viewer itself.
  await author.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#sketch')!;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'rgb(255, 0, 0)';
    ctx.fillRect(0, 0, 120, 60);
    const w = window as unknown as { rrweb: { record: { addCustomEvent: (tag: string, p: unknown) => void; mirror: { getId: (n: Node) => number } } } };
    w.rrweb.record.addCustomEvent('shadowtrace/canvas-frame', {
      target: w.rrweb.record.mirror.getId(canvas),
      width: 120,
      height: 60,
      dataUrl: canvas.toDataURL('image/png'),
    });
  });
  await author.type('#draft', ' (done)', { delay: 15 });
  await author.waitForTimeout(40);
  const end = await now();
  const events = (await author.evaluate(() => (window as unknown as { events: unknown[] }).events)) as unknown[];
  await author.close();

  const clip = clipEvents(events, { start, end }, {
    notes: [{ t: noteAt, text: 'Watch how the new name is chosen' }],
    moments: [{ t: noteAt + 10, kind: 'pause', duration: 2500, detail: {} }],
  });
  bundle = bundleFromClip(clip, { title: 'Renaming a helper' });
  client = new ShareClient({ service: hub.url, useXhr: false });
  published = await publishBundle(client, bundle);
  expect(published.link).toMatch(new RegExp(`^${hub.url}/s/[\\w-]{22}#k=[\\w-]{43}$`));
});

test.afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** A fresh profile for each visit, recording every request and any CSP complaint. */
async function visit(): Promise<{ context: BrowserContext; page: Page; viewer: WebViewer; requests: string[]; refused: string[]; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  const refused: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Refused to|Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, viewer: new WebViewer(page), requests, refused, errors };
}

test('a mentee without the extension watches a link in the web viewer and asks a question', async () => {
  const { context, page, viewer, requests, refused, errors } = await visit();
  const t0 = Date.now();
  await viewer.open(published.link);
  await viewer.ready();
  await expect(viewer.title).toHaveText('Renaming a helper');
  await expect(viewer.replay.getByRole('heading', { name: 'Code review notes' })).toBeVisible();
  const firstFrameMs = Date.now() - t0;

  // The recorded page's styles apply (the page's CSP lets inline styles through, nothing else).
  await expect(viewer.replay.locator('h1')).toHaveCSS('color', 'rgb(20, 80, 160)');
  // The replay frame can never run script nor take a click, and the recorded page's trackers are gone.
  await expect(viewer.replayFrame).toHaveAttribute('sandbox', 'allow-same-origin');
  await expect(viewer.replayFrame).toHaveCSS('pointer-events', 'none');
  await expect(viewer.replay.locator('img')).not.toHaveAttribute('src', /tracker/);

  // Play runs to the end of the clip and stops there, with all the text.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 15_000 });
  await expect(viewer.replay.locator('#draft')).toHaveValue('Rename parseUser to readUser (done)');
  // Seeking shows the text as it was: at the end, all of it; near the start, only the beginning.
  await viewer.seek(0);
  await expect(viewer.replay.locator('#draft')).toHaveValue('');
  await viewer.seek(bundle.duration);
  await expect(viewer.replay.locator('#draft')).toHaveValue('Rename parseUser to readUser (done)');
  await expect(viewer.clock).toContainText(/^\d+:\d\d \/ \d+:\d\d$/);
  // The canvas shows the recorded pixels, painted by the viewer (no allow-scripts, no rrweb canvas replay).
  await expect
    .poll(() =>
      page.evaluate(() => {
        const frame = document.querySelector<HTMLIFrameElement>('#replay-stage iframe')!;
        const canvas = frame.contentDocument!.querySelector('canvas')!;
        return Array.from(canvas.getContext('2d')!.getImageData(60, 30, 1, 1).data);
      }),
    )
    .toEqual([255, 0, 0, 255]);

  // The note and the moment are listed with the clip; a click seeks there.
  const note = viewer.mark('Watch how the new name is chosen');
  await expect(note).toBeVisible();
  await expect(viewer.mark('Thinking pause')).toBeVisible();
  await note.getByRole('button').click();
  await expect(viewer.replay.locator('#draft')).toHaveValue('Rename parseUser to readUser');
  const askedAt = bundle.notes[0]!.t;

  // The mentee asks at the current moment.
  await viewer.ask('Why readUser and not loadUser?');
  const item = viewer.questionItem('Why readUser and not loadUser?');
  await expect(item).toContainText('Not answered yet.');

  // The author reads it (decrypted with the key) and answers with the revoke token.
  const thread = await client.thread(published.id, published.key);
  expect(thread).toHaveLength(1);
  expect(thread[0]).toMatchObject({ kind: 'question', text: 'Why readUser and not loadUser?' });
  expect(Math.abs(thread[0]!.t! - askedAt)).toBeLessThanOrEqual(1);
  await client.answer(published.id, published.key, published.revokeToken, thread[0]!.id, 'It only reads: nothing is loaded from the network.');
  // The hub holds ciphertext only: the question's words are nowhere in the raw thread.
  const raw = await (await fetch(`${hub.url}/api/v1/links/${published.id}/thread`)).text();
  expect(raw).not.toContain('readUser');

  await page.reload();
  await viewer.ready();
  await expect(item.locator('.answer')).toContainText('It only reads: nothing is loaded from the network.');
  // A question's time button seeks to where it was asked.
  await item.getByRole('button').click();
  await expect(viewer.replay.locator('#draft')).toHaveValue('Rename parseUser to readUser');

  // Never a request outside the hub, never the key in any URL the browser asked for.
  const outside = requests.filter((u) => !u.startsWith(`${hub.url}/`) && !/^(data|blob):/.test(u));
  expect(outside).toEqual([]);
  expect(requests.filter((u) => u.includes(published.key) && u !== published.link)).toEqual([]);
  expect(refused).toEqual([]);
  expect(errors).toEqual([]);
  const stats = await client.stats(published.id, published.revokeToken);
  expect(stats).toMatchObject({ views: 2, questions: 1, unanswered: 0 });
  await page.screenshot({ path: test.info().outputPath('web-viewer.png'), fullPage: true });
  console.log(`web viewer: clip on screen ${firstFrameMs} ms after opening the link`);
  await context.close();
});

/** Hostile content in a bundle that skipped the publishing core's own sanitiser (someone else's writer). */
const HOSTILE = `<!doctype html><html><head>
<link rel="stylesheet" href="https://cdn.example.invalid/site.css">
<style>@import url("https://fonts.example.invalid/a.css"); body { background: url(https://img.example.invalid/bg.png) }
@font-face { font-family: X; src: url(https://fonts.example.invalid/x.woff2) }</style></head>
<body>
  <p id="visible">HOSTILE_PAGE_TEXT</p>
  <script>window.parent.document.title = 'SCRIPT_RAN'</script>
  <img src="https://img.example.invalid/a.png" srcset="https://img.example.invalid/b.png 2x" onerror="window.parent.document.title = 'HANDLER_RAN'">
  <object data="https://plugin.example.invalid/x.swf"></object>
  <embed src="https://plugin.example.invalid/y.swf">
  <iframe srcdoc="<script>parent.parent.document.title = 'SRCDOC_RAN'</script>"></iframe>
  <video poster="https://img.example.invalid/poster.png"></video>
  <a id="js" href="javascript:parent.document.title='LINK_RAN'">link</a>
</body></html>`;

test('a hostile bundle replays with no script running and no request leaving the viewer', async () => {
  const recorder = await browser.newPage();
  await recorder.route('**/*', (route) => route.abort());
  await recorder.setContent(HOSTILE);
  await recorder.addScriptTag({ content: await readFile(path.join(ROOT, 'node_modules/rrweb/dist/rrweb.umd.cjs'), 'utf8') });
  const events = (await recorder.evaluate(() => {
    const out: { timestamp: number }[] = [];
    (window as unknown as { rrweb: { record: (o: unknown) => void } }).rrweb.record({ emit: (e: { timestamp: number }) => out.push(e) });
    return out;
  })) as { timestamp: number }[];
  await recorder.close();
  const t0 = events[0]!.timestamp;
  const raw = JSON.stringify(events.map((e) => ({ ...e, timestamp: e.timestamp - t0 })));
  expect(raw).toContain('onerror');
  expect(raw).toContain('https://img.example.invalid/a.png');
  // Straight into the envelope, without the publishing core's sanitiser: the viewer's reader is the one tested.
  const hostile: Bundle = { ...bundle, title: 'Hostile', events: JSON.parse(raw), moments: [], notes: [] };
  const { bytes, key } = await encodeBundle(hostile);
  const up = await client.upload(bytes);

  const { context, page, viewer, requests, errors } = await visit();
  await viewer.open(client.linkFor(up.id, key));
  await viewer.ready();
  await expect(viewer.replay.getByText('HOSTILE_PAGE_TEXT')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page).toHaveTitle('Hostile - Shadowtrace');
  await expect(viewer.replay.locator('img')).not.toHaveAttribute('onerror', /.*/);
  await expect(viewer.replay.locator('object, embed, script')).toHaveCount(0);
  expect(requests.filter((u) => !u.startsWith(`${hub.url}/`) && !/^(data|blob):/.test(u))).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('each bad link shows its own message and nothing of the clip', async () => {
  const { context, page, viewer, requests } = await visit();
  const base = published.link.split('#')[0]!;

  await viewer.open(base);
  expect((await viewer.failed('link:missing_key')).title).toBe('This link has no key');

  await viewer.open(`${base}#k=${published.key.slice(0, 20)}`);
  await viewer.failed('link:bad_key');

  await viewer.open(`${base}#k=${generateKey()}`);
  expect(await viewer.failed('bundle:wrong_key')).toMatchObject({ title: 'Wrong key for this clip' });
  await page.screenshot({ path: test.info().outputPath('wrong-key.png') });

  // Bytes altered, or cut short, after publication (a broken store or a meddling proxy).
  const encoded = await encodeBundle(bundle);
  const tampered = encoded.bytes.slice();
  tampered[tampered.length - 40]! ^= 0x01;
  const t = await client.upload(tampered);
  await viewer.open(client.linkFor(t.id, encoded.key));
  expect((await viewer.failed('bundle:tampered')).text).toContain('altered after it was published');
  const cut = await client.upload(encoded.bytes.slice(0, encoded.bytes.length - 100));
  await viewer.open(client.linkFor(cut.id, encoded.key));
  expect((await viewer.failed('bundle:truncated')).text).toContain('incomplete');

  // Revoked and expired links: the page says so itself, with the date, and loads no script.
  const other = await publishBundle(client, bundle);
  await client.revoke(other.id, other.revokeToken);
  let res = await page.goto(other.link);
  expect(res?.status()).toBe(410);
  expect((await viewer.failed('share:link_revoked')).text).toMatch(/^This link was revoked by its author on \d+ \w+ \d{4}, \d\d:\d\d UTC\.$/);
  await page.screenshot({ path: test.info().outputPath('revoked.png') });
  const third = await publishBundle(client, bundle);
  await hub.expire(third.id);
  res = await page.goto(third.link);
  expect(res?.status()).toBe(410);
  expect((await viewer.failed('share:link_expired')).text).toMatch(/^This link expired on /);
  res = await page.goto(`${hub.url}/s/AAAAAAAAAAAAAAAAAAAAAA#k=${generateKey()}`);
  expect(res?.status()).toBe(404);
  await viewer.failed('share:not_found');

  // Ended after the page was opened, or the service failing: the viewer's own download says which.
  const fourth = await publishBundle(client, bundle);
  await page.route(`**/api/v1/links/${fourth.id}`, (route) => client.revoke(fourth.id, fourth.revokeToken).then(() => route.continue()));
  await viewer.open(fourth.link);
  await viewer.failed('share:link_revoked');
  await page.unrouteAll();
  await page.route(`**/api/v1/links/${published.id}`, (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'internal', message: 'The service failed; try again later.' }) }),
  );
  await viewer.open(published.link);
  expect(await viewer.failed('share:internal')).toMatchObject({ title: 'The share service failed' });
  await page.unrouteAll();
  await page.route(`**/api/v1/links/${published.id}`, (route) => route.abort('connectionrefused'));
  await viewer.open(published.link);
  await viewer.failed('share:unreachable');
  await page.unrouteAll();

  expect(requests.filter((u) => !u.startsWith(`${hub.url}/`))).toEqual([]);
  await context.close();
});

test('over plain HTTP on another host the viewer says it needs HTTPS', async () => {
  const { context, viewer } = await visit();
  const port = new URL(hub.url).port;
  await viewer.open(published.link.replace(`127.0.0.1:${port}`, `hub.example.test:${port}`));
  const { title, text } = await viewer.failed('https');
  expect(title).toBe('This viewer needs HTTPS');
  expect(text).toContain('https://');
  await context.close();
});
