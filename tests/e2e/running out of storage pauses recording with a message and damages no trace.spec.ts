import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readChunks, readEvents, readTraces } from './pages/store';

test('when the quota runs out, recording pauses with a visible message and earlier traces stay readable', async ({
  extPage,
  context,
  server,
  extensionId,
}) => {
  // Chrome fixes a storage bucket's quota when the bucket is first used, so the quota shrinks before the
  // extension stores anything: room for a small trace, not for a heavy page's snapshot.
  const options = await extPage('options.html');
  const cdp = await context.newCDPSession(options);
  const baseline = await options.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: `chrome-extension://${extensionId}`,
    quotaSize: baseline + 150_000,
  });
  const first = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  await first.locator('#reply').pressSequentially('kept before the disk filled', { delay: 5 });
  await first.close({ runBeforeUnload: true });
  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel))[0]?.status).toBe('ended');
  const before = await readTraces(panel);
  const beforeChunks = await readChunks(panel, before[0]!.id);

  const page = await context.newPage();
  await page.goto(server.url('/big.html'));
  await expect(panel.getByRole('alert')).toContainText('Storage is full', { timeout: 20_000 });
  await expect(panel.getByRole('alert')).toContainText('Delete old traces');

  // The page itself keeps working, and the earlier trace is exactly as it was and still decodes.
  const ticks = await page.evaluate(() => (window as unknown as { ticks: number }).ticks);
  await expect.poll(() => page.evaluate(() => (window as unknown as { ticks: number }).ticks)).toBeGreaterThan(ticks);
  const after = await readTraces(panel);
  expect(after.find((t) => t.id === before[0]!.id)).toEqual(before[0]);
  const afterChunks = await readChunks(panel, before[0]!.id);
  expect(afterChunks.map((c) => c.text)).toEqual(beforeChunks.map((c) => c.text));
  expect(JSON.stringify(await readEvents(panel, before[0]!.id))).toContain('kept before the disk filled');
});
