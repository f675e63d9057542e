import type { Page } from '@playwright/test';
import { sanitizeEvents } from '../../lib/replay/sanitize';
import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { pageState } from './pages/page-state';
import { openReplay, playhead, seekTo } from './pages/replay';
import { EventType, IncrementalSource } from '../../lib/trace-events';
import { readEvents, readTraces, type StoredEvent } from './pages/store';

/** rrweb's own Replayer (the published build, unpatched) in a plain page: rebuilds from a snapshot at each seek. */
async function referenceReplayer(page: Page, scriptUrl: string, events: unknown[]): Promise<(t: number) => Promise<string[]>> {
  await page.setContent('<div id="root"></div>');
  await page.addScriptTag({ url: scriptUrl });
  await page.evaluate((list) => {
    const w = window as unknown as { rrweb: { Replayer: new (e: unknown[], o: object) => { pause(t: number): void; getMetaData(): { startTime: number } } }; replayer: unknown };
    w.replayer = new w.rrweb.Replayer(list, { root: document.getElementById('root'), showWarning: false, mouseTail: false });
  }, events);
  return async (t) => {
    await page.evaluate((at) => {
      const r = (window as unknown as { replayer: { pause(t: number): void; getMetaData(): { startTime: number } } }).replayer;
      r.pause(at - r.getMetaData().startTime + 1);
    }, t);
    return page.locator('#root iframe').evaluate(pageState);
  };
}

test('seeking anywhere shows exactly the page rrweb itself rebuilds there, whatever was on screen before', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/board.html');
  const notes = page.getByRole('textbox', { name: 'Notes' });
  const click = async (name: string) => {
    await page.getByRole('button', { name }).click();
    await page.waitForTimeout(120);
  };
  await click('Add card');
  await click('Add card');
  await notes.pressSequentially('ship', { delay: 20 });
  await click('Move first card to Done');
  await click('Mark first card urgent');
  await click('Dense theme');
  await click('Rename last card');
  await notes.pressSequentially(' it', { delay: 20 });
  await click('Archive last card');
  await click('Add card');
  await click('Dense theme');
  await click('Move first card to Done');
  await page.waitForTimeout(300);
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  const moved = (e: StoredEvent) =>
    e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Mutation && e.data.removes.length > 0;
  await expect.poll(async () => (await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')).filter(moved).length).toBe(3); // two moves and an archive
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  const start = events[0]!.timestamp;
  // Just after each change to the page: every mutation and every keystroke.
  const changing: number[] = [IncrementalSource.Mutation, IncrementalSource.Input, IncrementalSource.StyleSheetRule];
  const changes = [
    ...new Set(events.filter((e) => e.type === EventType.IncrementalSnapshot && changing.includes(e.data.source)).map((e) => e.timestamp)),
  ];
  expect(changes.length).toBeGreaterThan(12);
  const pick = (f: number) => changes[Math.min(changes.length - 1, Math.floor(f * changes.length))]!;
  // Forward, far back, to the end, into the middle from either side, and back to the start.
  const points = [pick(0.3), pick(0.05), pick(0.99), pick(0.5), pick(0.45), pick(0.8), pick(0.2), pick(0.6), pick(0), pick(0.9)];

  const reference = await referenceReplayer(await context.newPage(), server.url('/vendor/rrweb/rrweb.umd.cjs'), sanitizeEvents(events).events);
  await openReplay(panel, trace.title);
  const stage = panel.locator('.player-stage iframe');
  const seen: string[] = [];
  for (const t of points) {
    await seekTo(panel, start, t);
    await expect.poll(() => playhead(panel)).toBe(t);
    const expected = await reference(t);
    seen.push(expected.join('\n'));
    await expect.poll(() => stage.evaluate(pageState), { message: `the page at +${t - start} ms` }).toEqual(expected);
  }
  // The points cover the page before and after rules were inserted through the CSSOM, and both sides of a move.
  expect(seen.filter((s) => s.includes('rgb(240, 240, 255)')).length).toBeGreaterThan(0);
  expect(seen.filter((s) => !s.includes('rgb(240, 240, 255)')).length).toBeGreaterThan(0);
  expect(new Set(seen).size).toBeGreaterThan(6);

  // A seek diffs only what changed in between: a node nothing touched is left as it is on screen.
  const heading = panel.frameLocator('.player-stage iframe').getByRole('heading', { name: 'Release checklist' });
  await heading.evaluate((h) => h.setAttribute('data-probe', 'untouched'));
  await seekTo(panel, start, pick(0.4));
  await expect.poll(() => playhead(panel)).toBe(pick(0.4));
  const expected = (await reference(pick(0.4))).join('\n');
  const probe = '[["data-probe","untouched"]]';
  // The scrubber seeks on the next frame: wait for the page to be the one at that time.
  await expect.poll(async () => (await stage.evaluate(pageState)).join('\n').replace(probe, '[]')).toBe(expected);
  await expect(heading).toHaveAttribute('data-probe', 'untouched');
});
