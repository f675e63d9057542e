import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { wholeTraceLoaded } from './pages/replay';
import { readChunks, readEvents, readTraces } from './pages/store';

test('typing in a long comment stores each keystroke as its change, and the replay shows every value', async ({ extPage, context, server }) => {
  // rrweb records the field's whole value on every keystroke: 4 KB a key here, as in a long review comment.
  const draft = Array.from({ length: 80 }, (_, i) => `line ${i}: the reviewer explains why this change is needed`).join('\n');
  const typed = '\nOne more thought.';
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  const box = page.locator('#reply');
  await box.fill(draft);
  await box.press('End');
  await box.pressSequentially(typed, { delay: 60 });
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  const inputs = async (traceId: string) =>
    (await readEvents(panel, traceId)).filter((e) => e.type === 3 && e.data.source === 5).map((e) => e.data as { text: string });
  await expect
    .poll(async () => (await inputs((await readTraces(panel))[0]?.id ?? '')).at(-1)?.text)
    .toBe(draft + typed);
  const trace = (await readTraces(panel))[0]!;

  // Read back, every value is whole and exactly what the field held after each key.
  const values = (await inputs(trace.id)).map((d) => d.text);
  expect(values).toEqual([draft, ...Array.from(typed, (_, i) => draft + typed.slice(0, i + 1))]);
  // As stored, the draft is whole once per stored chunk at most, not once per keystroke.
  const chunks = await readChunks(panel, trace.id);
  const asStored = JSON.stringify(draft).slice(1, -1);
  const copies = chunks.reduce((n, c) => n + c.text.split(asStored).length - 1, 0);
  expect(copies).toBeGreaterThanOrEqual(1);
  expect(copies).toBeLessThanOrEqual(chunks.length);
  expect(copies).toBeLessThan(values.length / 3);

  // The side panel replays it from storage: at the end the field holds the whole comment.
  await panel.getByRole('button', { name: `Replay ${trace.title}` }).click();
  await wholeTraceLoaded(panel);
  const textarea = panel.frameLocator('.player-stage iframe').locator('textarea');
  const start = (await readEvents(panel, trace.id))[0]!.timestamp;
  await panel.getByRole('slider', { name: 'Playhead' }).fill(String(trace.endedAt - start));
  await expect(textarea).toHaveValue(draft + typed);
});
