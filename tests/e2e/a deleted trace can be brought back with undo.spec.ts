import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { importThroughPanel, screenshotLibrary } from './pages/library';
import { readTraces } from './pages/store';

/** A stylesheet both recordings show: stored once (lib/asset-store.ts), owned by the first import. */
const CSS = Array.from({ length: 80 }, (_, i) => `.row-${i} { padding: ${i % 5}px; }`).join('\n');
const recording = (href: string, start: number) => [
  { type: 4, data: { href, width: 800, height: 600 }, timestamp: start },
  {
    type: 2,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [
          { type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [{ type: 2, id: 3, tagName: 'style', attributes: { _cssText: CSS }, childNodes: [] }] },
        ],
      },
      initialOffset: { top: 0, left: 0 },
    },
    timestamp: start + 1,
  },
  ...Array.from({ length: 30 }, (_, i) => ({ type: 3, data: { source: 2, type: 1, id: 2 }, timestamp: start + 1000 + i * 400 })),
];

/** Every stored row that belongs to a trace, straight from IndexedDB, with bytes as plain arrays. */
async function rowsOf(panel: Page, traceId: string) {
  return panel.evaluate(async (id) => {
    const open = indexedDB.open('shadowtrace');
    const database = await new Promise<IDBDatabase>((ok, ko) => {
      open.onsuccess = () => ok(open.result);
      open.onerror = () => ko(open.error);
    });
    const all = (store: string, index?: string) =>
      new Promise<unknown[]>((ok) => {
        const s = database.transaction(store).objectStore(store);
        const req = index ? s.index(index).getAll(id) : s.getAll(id);
        req.onsuccess = () => ok(req.result);
      });
    const plain = (rows: unknown[]) =>
      rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v))));
    const out = {
      traces: plain(await all('traces')),
      chunks: plain(await all('chunks', 'traceId')),
      moments: plain(await all('moments', 'traceId')),
      clips: plain(await all('clips', 'traceId')),
      /** The stored styles whose bytes count in this trace. */
      assets: plain(await all('assets', 'owner')),
    };
    database.close();
    return out;
  }, traceId);
}

/** A moment, its summary on the trace, and a clip, as the moment detector and the clip editor would store them. */
async function addMomentAndClip(panel: Page, traceId: string) {
  await panel.evaluate(async (id) => {
    const open = indexedDB.open('shadowtrace');
    const database = await new Promise<IDBDatabase>((ok) => (open.onsuccess = () => ok(open.result)));
    const tx = database.transaction(['traces', 'moments', 'clips'], 'readwrite');
    const traces = tx.objectStore('traces');
    const get = traces.get(id);
    get.onsuccess = () => traces.put({ ...get.result, summary: '1 pause, 1 clip' });
    tx.objectStore('moments').put({ id: `${id}-m1`, traceId: id, t: 5_000, kind: 'pause', duration: 2400, detail: { note: 'thinking' } });
    tx.objectStore('clips').put({ id: `${id}-c1`, traceId: id, start: 1, end: 2, createdAt: 3, notes: [{ t: 1, text: 'look' }], redactions: [], published: null });
    await new Promise((ok) => (tx.oncomplete = ok));
    database.close();
  }, traceId);
}

test('a deleted trace, with its chunks, moments and clips, is restored exactly by Undo, and is gone for good after the undo window', async ({
  extPage,
  context,
}, testInfo) => {
  // The browser reports storage nearly full (a real quota cannot be filled quickly): the library says so calmly.
  await context.addInitScript(() => {
    if (location.protocol === 'chrome-extension:') {
      navigator.storage.estimate = async () => ({ usage: 8.6e9, quota: 1e10 });
    }
  });
  const panel = await extPage('sidepanel.html');
  const storage = panel.getByRole('contentinfo', { name: 'Storage' }).or(panel.locator('.library-storage'));
  await expect(storage.first()).toContainText('Storage is 86% full');
  await importThroughPanel(panel, 'Quarterly plan.json', JSON.stringify(recording('https://docs.example.com/plan', 1_795_000_000_000)));
  await importThroughPanel(panel, 'Bug triage.json', JSON.stringify(recording('https://tracker.example.org/b/12', 1_795_090_000_000)));
  const list = panel.getByRole('list', { name: 'Traces' });
  await expect(list.locator('li.trace')).toHaveCount(2);
  const plan = (await readTraces(panel)).find((t) => t.title === 'Quarterly plan')!;
  await addMomentAndClip(panel, plan.id);
  // Written behind Dexie's back (Dexie's live queries see writes made through Dexie, in any context): reload.
  await panel.reload();
  const before = await rowsOf(panel, plan.id);
  expect(before.traces).toHaveLength(1);
  expect(before.chunks.length).toBeGreaterThan(0);
  expect(before.moments).toHaveLength(1);
  expect(before.clips).toHaveLength(1);
  expect(before.assets).toHaveLength(1);
  // Imports get their moments computed (none in these short files); the written summary shows on its trace.
  await expect(list.locator('li.trace', { hasText: 'Quarterly plan' }).locator('.trace-summary')).toHaveText('1 pause, 1 clip');
  await expect(list.getByRole('heading', { level: 2 })).toHaveCount(2);
  await screenshotLibrary(panel, testInfo, 'library-two-days');

  // Delete: the trace and everything of it leaves the database at once.
  await panel.getByRole('button', { name: 'Delete Quarterly plan' }).click();
  await expect(list.getByText('Quarterly plan')).toHaveCount(0);
  // Its stylesheet stays, for the other trace that shows it, and now counts there.
  expect(await rowsOf(panel, plan.id)).toEqual({ traces: [], chunks: [], moments: [], clips: [], assets: [] });
  const undo = panel.getByRole('button', { name: 'Undo delete' });
  await expect(undo).toBeVisible();
  await expect(panel.getByRole('status').filter({ hasText: 'Deleted' })).toContainText('Deleted Quarterly plan');
  await screenshotLibrary(panel, testInfo, 'library-undo-delete');

  // Undo: exactly the same rows come back, and the trace is listed again.
  await undo.click();
  await expect(list.getByText('Quarterly plan', { exact: true })).toBeVisible();
  expect(await rowsOf(panel, plan.id)).toEqual(before);
  await expect(undo).toHaveCount(0);

  // Without undo, the offer goes away after about ten seconds and the delete stays.
  const triage = (await readTraces(panel)).find((t) => t.title === 'Bug triage')!;
  await panel.getByRole('button', { name: 'Delete Bug triage' }).click();
  await expect(undo).toBeVisible();
  const deletedAt = Date.now();
  await expect(undo).toHaveCount(0, { timeout: 15_000 });
  const windowMs = Date.now() - deletedAt;
  expect(windowMs).toBeGreaterThan(8_000);
  expect(await rowsOf(panel, triage.id)).toEqual({ traces: [], chunks: [], moments: [], clips: [], assets: [] });
  expect((await rowsOf(panel, plan.id)).assets).toHaveLength(1);
  await expect(list.locator('li.trace')).toHaveCount(1);
  console.log(`undo offered for ${windowMs} ms`);
});
