import { expect, test } from './fixtures';
import { importThroughPanel, recordWithPlainRrweb, screenshotLibrary } from './pages/library';
import { readChunks, readEvents, readTraces } from './pages/store';

test('an rrweb file recorded by rrweb itself is imported into the library, chunked like a recording, and replays', async ({
  extPage,
  context,
  server,
}, testInfo) => {
  // A file as rrweb's own record() saves it, on a page of this test (no Shadowtrace recorder involved).
  const events = await recordWithPlainRrweb(context, server, async (page) => {
    const box = page.locator('#reply');
    await box.click();
    await box.pressSequentially('Imported from rrweb', { delay: 20 });
    await page.waitForTimeout(200);
  });
  expect(events.some((e) => (e as { type: number }).type === 2)).toBe(true);

  const panel = await extPage('sidepanel.html');
  await expect(panel.getByText('No traces yet')).toBeVisible();
  const t0 = Date.now();
  await importThroughPanel(panel, 'review-comment.rrweb.json', JSON.stringify(events));

  // It appears in the library, under its site, titled after the file.
  const list = panel.getByRole('list', { name: 'Traces' });
  await expect(list.getByText('review-comment', { exact: true })).toBeVisible();
  await expect(panel.getByRole('status')).toContainText(`Imported review-comment (${events.length} events)`);
  const importMs = Date.now() - t0;
  await expect(list.locator('.trace-site')).toHaveText('127.0.0.1');
  await expect(list.locator('.trace-group-site')).toContainText('127.0.0.1');
  await expect(list.getByText('imported', { exact: true })).toBeVisible();
  await expect(list.locator('.trace-size')).not.toHaveText('0 B');

  // Stored exactly, chunked like a recording: the chunk with the snapshot starts with rrweb's Meta event.
  const [trace] = await readTraces(panel);
  expect(trace).toMatchObject({ title: 'review-comment', site: '127.0.0.1', eventCount: events.length, status: 'ended' });
  expect(await readEvents(panel, trace!.id)).toEqual(events);
  const chunks = await readChunks(panel, trace!.id);
  const snapshotChunk = chunks.find((c) => c.fullSnapshot)!;
  expect(JSON.parse(snapshotChunk.text)[0].type).toBe(4);
  expect(chunks.every((c) => c.count <= 500)).toBe(true);

  // Search finds it by title and by site, and says so when nothing matches.
  const search = panel.getByRole('searchbox', { name: 'Search traces' });
  await search.fill('nothing like this');
  await expect(panel.getByText('No trace matches')).toBeVisible();
  await search.fill('127.0.0');
  await expect(list.getByText('review-comment', { exact: true })).toBeVisible();
  await search.fill('REVIEW');
  await expect(list.getByText('review-comment', { exact: true })).toBeVisible();
  await search.fill('');

  await screenshotLibrary(panel, testInfo, 'library-imported');

  // It replays: at the end of the recording the replayed page holds the typed text.
  await panel.setViewportSize({ width: 700, height: 800 });
  await panel.getByRole('button', { name: 'Replay review-comment' }).click();
  const replay = panel.getByRole('region', { name: 'Replay' });
  await expect(replay.locator('iframe')).toHaveAttribute('sandbox', 'allow-same-origin');
  const last = (events.at(-1) as { timestamp: number }).timestamp;
  const first = (events[0] as { timestamp: number }).timestamp;
  await panel.getByRole('slider', { name: 'Playhead' }).fill(String(last - first));
  const frame = panel.frameLocator('.player-stage iframe');
  await expect(frame.locator('textarea')).toHaveValue('Imported from rrweb');
  await expect(frame.getByText('Write a review comment')).toBeVisible();

  await panel.getByRole('button', { name: 'Back to traces' }).click();
  await expect(list.getByText('review-comment', { exact: true })).toBeVisible();

  // A large file shows its progress while it is read, checked and compressed.
  const start = (events[0] as { timestamp: number }).timestamp;
  const large = [
    ...events.slice(0, events.findIndex((e) => (e as { type: number }).type === 2) + 1),
    ...Array.from({ length: 6000 }, (_, i) => ({
      type: 3,
      data: { source: 5, text: `${i} ${'long draft text '.repeat(150)}`, isChecked: false, id: 10 },
      timestamp: start + 10_000 + i * 50,
    })),
  ];
  const largeJson = JSON.stringify(large);
  const t1 = Date.now();
  await importThroughPanel(panel, 'long-session.json', largeJson);
  await expect(panel.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(list.getByText('long-session', { exact: true })).toBeVisible({ timeout: 30_000 });
  const largeMs = Date.now() - t1;
  const stored = (await readTraces(panel)).find((t) => t.title === 'long-session')!;
  expect((await readChunks(panel, stored.id)).length).toBeGreaterThanOrEqual(12);
  console.log(`${events.length} rrweb events imported and listed in ${importMs} ms; ${(largeJson.length / 1e6).toFixed(1)} MB (${large.length} events) in ${largeMs} ms`);
});
