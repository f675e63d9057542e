import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { stopServiceWorker } from './pages/service-worker';
import { readChunks, readTraces } from './pages/store';

test('the service worker is stopped twice while batches are in flight, and the trace keeps every event with no gap', async ({
  extPage,
  context,
  server,
  extensionId,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/counter.html');
  const panel = await extPage('sidepanel.html');

  for (let round = 0; round < 2; round++) {
    await page.waitForTimeout(1500);
    await stopServiceWorker(context, page, extensionId);
  }
  await page.waitForTimeout(1500);
  const ticks = await page.evaluate(() => {
    clearInterval((window as unknown as { counterTimer: number }).counterTimer);
    return (window as unknown as { ticks: number }).ticks;
  });
  expect(ticks).toBeGreaterThan(150);

  let traceId = '';
  await expect
    .poll(async () => {
      traceId = (await readTraces(panel)).find((t) => t.title === 'Live counter')?.id ?? '';
      const text = traceId ? (await readChunks(panel, traceId)).map((c) => c.text).join('') : '';
      return text.includes(`tick-${ticks - 1}"`);
    }, { timeout: 20_000 })
    .toBe(true);

  const chunks = await readChunks(panel, traceId);
  // Batches follow one another: each starts where the one before ended, within the page load.
  for (let i = 1; i < chunks.length; i++) {
    expect(chunks[i]!.firstIndex).toBe(chunks[i - 1]!.firstIndex + chunks[i - 1]!.count);
  }
  expect(chunks[0]!.firstIndex).toBe(0);
  // Each chunk holds exactly the events it says, and every line the page added is there.
  const events = chunks.flatMap((c) => {
    const list = JSON.parse(c.text) as unknown[];
    expect(list.length).toBe(c.count);
    return list;
  });
  const all = JSON.stringify(events);
  for (let n = 0; n < ticks; n++) expect(all.includes(`"tick-${n}"`), `tick-${n}`).toBe(true);
  const trace = (await readTraces(panel)).find((t) => t.id === traceId)!;
  expect(trace.eventCount).toBe(events.length);
});
