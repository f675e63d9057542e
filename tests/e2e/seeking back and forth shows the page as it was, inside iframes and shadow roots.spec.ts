import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { openReplay, seekTo } from './pages/replay';
import { readEvents, readTraces } from './pages/store';

test('seeking back and forth shows the page as it was, inside a same-origin iframe and a shadow root, patched in place', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/widgets.html');
  const inner = page.frameLocator('#editor').getByRole('textbox', { name: 'Inner draft' });
  await inner.pressSequentially('first', { delay: 30 });
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.waitForTimeout(300);
  await inner.pressSequentially(' second', { delay: 30 });
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => (await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')).filter((e) => e.type === 3 && e.data.source === 5 && e.data.text === 'first second').length)
    .toBe(1);
  const trace = (await readTraces(panel))[0]!;
  const events = await readEvents(panel, trace.id);
  const start = events[0]!.timestamp;
  const typedAt = (text: string) => events.find((e) => e.type === 3 && e.data.source === 5 && e.data.text === text)!.timestamp;

  await openReplay(panel, trace.title);
  const replay = panel.frameLocator('.player-stage iframe');
  const replayedInner = replay.frameLocator('#editor').locator('textarea');
  const status = replay.locator('status-card .state');
  const published = replay.locator('#log li');

  await seekTo(panel, start, typedAt('first'));
  await expect(replayedInner).toHaveValue('first');
  await expect(status).toHaveText('Status: draft');
  await expect(published).toHaveCount(0);
  // rrweb's own rules (block placeholders, paused animations) sit in a style element before <head>.
  const ownRules = () => replay.locator('html').evaluate((html) => (html.ownerDocument.head.previousElementSibling as HTMLStyleElement).sheet!.cssRules.length);
  const rulesAtFirst = await ownRules();
  expect(rulesAtFirst).toBeGreaterThan(0);
  // Marks on the replayed nodes tell a page patched in place from one rebuilt.
  await replay.locator('#editor').evaluate((el) => ((el as unknown as { marked: boolean }).marked = true));
  await replay.locator('status-card').evaluate((el) => ((el as unknown as { marked: boolean }).marked = true));

  await seekTo(panel, start, typedAt('first second'));
  await expect(replayedInner).toHaveValue('first second');
  await expect(status).toHaveText('Status: published');
  await expect(published).toHaveCount(1);

  // Back: the publish is undone in the shadow root, the log and the frame.
  await seekTo(panel, start, typedAt('first'));
  await expect(replayedInner).toHaveValue('first');
  await expect(status).toHaveText('Status: draft');
  await expect(published).toHaveCount(0);
  // Back to before anything was typed into the frame.
  await seekTo(panel, start, typedAt('first') - 1);
  await expect(replayedInner).toHaveValue('firs');

  expect(await replay.locator('#editor').evaluate((el) => (el as unknown as { marked?: boolean }).marked)).toBe(true);
  expect(await ownRules()).toBe(rulesAtFirst); // not added again by every seek
  expect(await replay.locator('status-card').evaluate((el) => (el as unknown as { marked?: boolean }).marked)).toBe(true);
});
