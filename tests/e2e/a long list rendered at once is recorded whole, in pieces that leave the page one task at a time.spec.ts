import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { openReplay, seekTo } from './pages/replay';
import { readEvents, readTraces, type StoredEvent } from './pages/store';
import { EventType, IncrementalSource } from '../../lib/trace-events';

const ROWS = 8000;

/** The rows' labels that a recorded mutation added, in the order it lists them. */
const addedLabels = (events: readonly StoredEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Mutation
      ? e.data.adds.flatMap((a) => ('textContent' in a.node && /^row \d+ /.test(a.node.textContent) ? [a.node.textContent] : []))
      : [],
  );

const expectedLabels = (n: number) => Array.from({ length: n }, (_, i) => `row ${i} \u2014 review the change`);

/**
 * Counts, in the page, the pieces of batches the recorder hands over, how many of them shared a task with the
 * piece before (a microtask queued by one piece has not run yet when the next arrives in the same task), and how
 * many left in a task that also serialised a list (the recorder's JSON.stringify is the page's, looked up at
 * each call): each piece is serialised in one task and handed over in the next.
 */
async function countPieces(page: Page, onFirst?: 'leave'): Promise<void> {
  await page.evaluate((leave) => {
    const w = window as unknown as { pieces: number; sharedTask: number; serialisedInTask: number };
    w.pieces = 0;
    w.sharedTask = 0;
    w.serialisedInTask = 0;
    let inTask = false;
    let serialising = false;
    const stringify = JSON.stringify;
    JSON.stringify = function (this: unknown, ...args: Parameters<typeof stringify>) {
      if (Array.isArray(args[0]) && !serialising) {
        serialising = true;
        queueMicrotask(() => (serialising = false));
      }
      return stringify.apply(this, args);
    } as typeof stringify;
    document.addEventListener('shadowtrace:batch-piece', () => {
      w.pieces++;
      if (inTask) w.sharedTask++;
      if (serialising) w.serialisedInTask++;
      inTask = true;
      queueMicrotask(() => (inTask = false));
      // Leaving the page from inside the hand-over: its beforeunload and pagehide must send the rest at once.
      if (leave && w.pieces === 1) location.assign('/index.html');
    });
  }, onFirst === 'leave');
}

const pieceCounts = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { pieces: number; sharedTask: number; serialisedInTask: number };
    return { pieces: w.pieces, sharedTask: w.sharedTask, serialisedInTask: w.serialisedInTask };
  });

test('a long list rendered at once is stored whole, left the page in pieces one task at a time, and replays', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/long-list.html');
  await countPieces(page);
  await page.getByRole('button', { name: 'Show all rows' }).click();
  await expect.poll(() => pieceCounts(page).then((c) => c.pieces), { timeout: 10_000 }).toBeGreaterThan(5);
  await page.waitForTimeout(500);
  const counts = await pieceCounts(page);
  // About 1.5 MB of JSON, in pieces of about 100 KB, each in its own task, serialised in the task before.
  expect(counts.sharedTask).toBe(0);
  expect(counts.serialisedInTask).toBe(0);
  await page.getByRole('button', { name: 'Add one row' }).click();
  await page.waitForTimeout(300);
  const live = await page.locator('#rows li').evaluateAll((rows) => [rows.length, rows.at(-1)?.textContent]);
  expect(live).toEqual([ROWS + 1, `row ${ROWS} \u2014 review the change`]);
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => addedLabels(await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')).length).toBe(ROWS + 1);
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  expect(addedLabels(events)).toEqual(expectedLabels(ROWS + 1));

  await openReplay(panel, trace.title);
  const stage = panel.locator('.player-stage iframe');
  const last = events.at(-1)!.timestamp;
  await seekTo(panel, events[0]!.timestamp, last);
  await expect
    .poll(() => stage.evaluate((f) => {
      const rows = (f as HTMLIFrameElement).contentDocument?.querySelectorAll('#rows li') ?? [];
      return [rows.length, rows[rows.length - 1]?.textContent];
    }), { timeout: 15_000 })
    .toEqual(live);
});

test('leaving the page while a long list is still leaving it in pieces keeps every row', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/long-list.html');
  await countPieces(page, 'leave');
  await page.getByRole('button', { name: 'Show all rows' }).click();
  await page.waitForURL(/index\.html$/, { timeout: 10_000 });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => addedLabels(await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')).length, { timeout: 15_000 })
    .toBe(ROWS);
  const trace = (await readTraces(panel))[0]!;
  expect(addedLabels(await readEvents(panel, trace.id))).toEqual(expectedLabels(ROWS));
  await page.close();
});
