/**
 * The whole publishing core on real rrweb output: a page recorded with rrweb in Chromium, clipped, redacted,
 * encrypted and decrypted in Node, then replayed with rrweb's own Replayer (in a sandboxed iframe, no scripts).
 * No extension is needed: this checks lib/clip, lib/redact and lib/bundle against what rrweb really writes and
 * really replays.
 */
import { chromium, expect, test, type Browser } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { clipEvents } from '../../lib/clip';
import { bundleFromClip, decodeBundle, encodeBundle } from '../../lib/bundle';
import { HIDDEN_ATTRIBUTE, MASK } from '../../lib/redact';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PAGE = `<!doctype html><html><head><title>Private board</title>
<style>.secret { width: 300px; height: 40px; background: #eee } .card { padding: 4px }</style></head>
<body>
  <input id="name" type="text">
  <div class="secret"><input id="token" type="text"><span>HIDDEN_START</span></div>
  <p id="masked">MASK_ME words</p>
  <div id="editor" contenteditable="true">hello</div>
  <div id="list"></div>
</body></html>`;

let browser: Browser;
test.beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});
test.afterAll(async () => {
  await browser?.close();
});

test('a clip recorded in Chromium replays its start without earlier, later or redacted text', async () => {
  const rrwebSource = await readFile(path.join(ROOT, 'node_modules/rrweb/dist/rrweb.umd.cjs'), 'utf8');
  const page = await browser.newPage();
  await page.setContent(PAGE);
  await page.addScriptTag({ content: rrwebSource });
  await page.evaluate(() => {
    const w = window as unknown as { events: unknown[]; rrweb: { record: (o: unknown) => void } };
    w.events = [];
    w.rrweb.record({ emit: (e: unknown) => w.events.push(e) });
  });
  const now = () => page.evaluate(() => Date.now());

  // Before the range: typed and erased, in a field and in a contenteditable; then what stays on screen.
  await page.fill('#name', '');
  await page.type('#name', 'ERASED_FIELD_SECRET', { delay: 5 });
  await page.fill('#name', '');
  await page.click('#editor');
  await page.keyboard.press('End');
  await page.keyboard.type(' ERASED_EDITOR_SECRET', { delay: 5 });
  for (let i = 0; i < ' ERASED_EDITOR_SECRET'.length; i++) await page.keyboard.press('Backspace');
  await page.type('#name', 'VISIBLE', { delay: 5 });
  await page.waitForTimeout(50);
  const start = await now();
  await page.waitForTimeout(20);

  // Inside the range.
  await page.type('#name', ' MORE', { delay: 5 });
  await page.type('#token', 'HIDDEN_TYPED', { delay: 5 });
  await page.evaluate(() => {
    document.querySelector('#masked')!.textContent = 'MASKED_LATER';
    const card = document.createElement('div');
    card.className = 'card';
    card.textContent = 'ADDED_INSIDE';
    document.querySelector('#list')!.append(card);
  });
  await page.waitForTimeout(50);
  const end = await now();
  await page.waitForTimeout(20);

  // After the range.
  await page.type('#name', ' AFTER_SECRET', { delay: 5 });
  await page.evaluate(() => {
    document.querySelector('#list')!.append(Object.assign(document.createElement('p'), { textContent: 'AFTER_ADDED' }));
  });
  await page.waitForTimeout(50);
  const events = (await page.evaluate(() => (window as unknown as { events: unknown[] }).events)) as Record<string, unknown>[];
  await page.close();

  const clip = clipEvents(events, { start, end }, {
    redactions: [
      { mode: 'hide', selector: '.secret', size: { width: 300, height: 40 } },
      { mode: 'mask', selector: '#masked' },
    ],
    notes: [{ t: start + 10, text: 'Note inside' }],
  });
  const { bytes, key } = await encodeBundle(bundleFromClip(clip, { title: 'Recorded clip' }));
  const { bundle } = await decodeBundle(bytes, key);
  const json = JSON.stringify(bundle);
  for (const secret of ['ERASED_FIELD_SECRET', 'ERASED_EDITOR_SECRET', 'HIDDEN_START', 'HIDDEN_TYPED', 'MASK_ME', 'MASKED_LATER', 'AFTER_SECRET', 'AFTER_ADDED', 'Private board']) {
    expect(json, secret).not.toContain(secret);
  }
  expect(json).toContain('VISIBLE MORE');
  expect(json).toContain('ADDED_INSIDE');

  // Replay with rrweb's own Replayer: the start, then the end.
  const viewer = await browser.newPage();
  await viewer.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await viewer.addScriptTag({ content: rrwebSource });
  const read = (at: number) =>
    viewer.evaluate(
      async ({ events, at, hidden }) => {
        const w = window as unknown as { replayer?: { pause(t: number): void; iframe: HTMLIFrameElement }; rrweb: { Replayer: new (e: unknown[], o: unknown) => never } };
        w.replayer ??= new w.rrweb.Replayer(events, { root: document.getElementById('root'), mouseTail: false });
        // rrweb applies events strictly before the seek time synchronously: 1 ms shows everything at 0.
        w.replayer.pause(at);
        await new Promise((r) => setTimeout(r, 50));
        const doc = w.replayer.iframe.contentDocument!;
        const placeholder = doc.querySelector(`.secret[${hidden}]`) as HTMLElement | null;
        return {
          sandbox: w.replayer.iframe.getAttribute('sandbox'),
          name: (doc.querySelector('#name') as HTMLInputElement | null)?.value ?? null,
          editor: doc.querySelector('#editor')?.textContent ?? null,
          masked: doc.querySelector('#masked')?.textContent ?? null,
          list: doc.querySelector('#list')?.textContent ?? null,
          placeholder: placeholder ? { children: placeholder.childNodes.length, width: placeholder.style.width } : null,
          body: doc.body?.textContent ?? '',
        };
      },
      { events: bundle.events, at, hidden: HIDDEN_ATTRIBUTE },
    );

  const atStart = await read(1);
  expect(atStart.sandbox).not.toContain('allow-scripts');
  expect(atStart.name).toBe('VISIBLE');
  expect(atStart.editor).toBe('hello');
  expect(atStart.masked).toBe(MASK);
  expect(atStart.placeholder).toEqual({ children: 0, width: '300px' });
  expect(atStart.list).toBe('');

  const atEnd = await read(bundle.duration + 1);
  expect(atEnd.name).toBe('VISIBLE MORE');
  expect(atEnd.masked).toBe(MASK);
  expect(atEnd.list).toBe('ADDED_INSIDE');
  expect(atEnd.placeholder).toEqual({ children: 0, width: '300px' });
  expect(atEnd.body).not.toContain('HIDDEN');
  await viewer.close();
});
