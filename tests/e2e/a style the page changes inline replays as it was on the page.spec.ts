import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { openReplay, playhead, seekTo } from './pages/replay';
import { readChunks, readEvents, readTraces, type StoredEvent } from './pages/store';
import { EventType, IncrementalSource } from '../../lib/trace-events';

/**
 * The card's inline style, each row's class and style, property by property with priorities, and the note's text
 * and style. Given the card itself on the page, or the replay's iframe.
 */
const cardState = (el: Element): string[] => {
  const card = (el instanceof HTMLIFrameElement ? el.contentDocument?.getElementById('card') : el) as HTMLElement | null;
  if (!card) return ['no card'];
  const styleOf = (e: HTMLElement) =>
    Array.from(e.style)
      .sort()
      .map((p) => `${p}: ${e.style.getPropertyValue(p)}${e.style.getPropertyPriority(p) ? ' !important' : ''}`)
      .join('; ');
  const note = card.querySelector('textarea');
  return [
    styleOf(card),
    ...Array.from(card.querySelectorAll<HTMLElement>('.row'), (row) => `${row.className} | ${styleOf(row)}`),
    note ? `${note.value} | ${styleOf(note)}` : 'no note',
  ];
};

test('a style the page changes inline replays as it was on the page', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/styles.html');
  const card = page.locator('#card');
  const live = [await card.evaluate(cardState)];
  for (const name of ['Widen card', 'Highlight card', 'Reset width', 'Use accent colour', 'Mark all rows done', 'Star all rows', 'Fill the note']) {
    await page.getByRole('button', { name }).click();
    await page.waitForTimeout(150);
    live.push(await card.evaluate(cardState));
  }
  await page.close({ runBeforeUnload: true });
  // Each step changed what the next one is compared against.
  expect(new Set(live.map((s) => s.join('\n'))).size).toBe(live.length);

  const panel = await extPage('sidepanel.html');
  const changes = (events: readonly StoredEvent[]) =>
    events.flatMap((e) =>
      e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Mutation && e.data.attributes.length > 0
        ? [{ timestamp: e.timestamp, mutation: e.data }]
        : [],
    );
  await expect.poll(async () => changes(await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')).length).toBe(7);
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  // rrweb keeps a style change as its difference from the style before, with its priority; a removed property is
  // `false`. (A style that uses var() is kept whole.)
  expect(changes(events).slice(0, 3).map((e) => e.mutation.attributes.map((a) => a.attributes))).toEqual([
    [{ style: { width: '320px' } }],
    [{ style: { 'background-color': ['rgb(255, 240, 200)', 'important'] } }],
    [{ style: { width: false } }],
  ]);
  // One class set on every row left the page as one entry listing the rows (the recorder's rrweb,
  // lib/attribute-runs.ts), and is stored that way; read back, each row has its own entry again.
  const starred = { class: 'row done starred' };
  const sent = (await readChunks(panel, trace.id)).flatMap((c) => changes(JSON.parse(c.text) as StoredEvent[]));
  const run = sent.flatMap((e) => e.mutation.attributes).find((a) => Array.isArray(a.id));
  expect(run?.attributes).toEqual(starred);
  expect(run?.id).toHaveLength(4);
  const restored = changes(events)[5]!.mutation.attributes;
  expect(restored.map((a) => a.attributes)).toEqual(Array(4).fill(starred));
  expect(restored.map((a) => a.id)).toEqual(run?.id);
  // The textarea's text and then its style, on the one entry its text change made (a style whose difference is
  // no shorter than itself is kept whole).
  expect(changes(events).at(-1)?.mutation.attributes.map((a) => a.attributes)).toEqual([
    { value: 'Split the summary in two', style: 'height: 80px;' },
  ]);

  await openReplay(panel, trace.title);
  const stage = panel.locator('.player-stage iframe');
  const start = events[0]!.timestamp;
  const times = [start, ...changes(events).map((e) => e.timestamp)];
  for (const [i, t] of times.entries()) {
    await seekTo(panel, start, t);
    await expect.poll(() => playhead(panel)).toBe(t);
    await expect.poll(() => stage.evaluate(cardState), { message: `the card after step ${i}` }).toEqual(live[i]);
  }
});
