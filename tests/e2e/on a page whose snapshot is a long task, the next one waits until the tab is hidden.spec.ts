import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { closeAndReadSnapshots } from './pages/checkouts';
import { typedTexts } from './pages/store';

// The page's clock is Playwright's fake one, so minutes of work pass in a second, and the fixture page makes each
// of its snapshots take 400 ms by that clock (tests/fixtures/pages/slow-snapshot.html). Headless Chromium never
// hides a tab, so the page is told it is hidden the way the browser tells it: visibilityState and its event, which bubbles to the window.
test('a snapshot that was a long task is not repeated at a pause while the senior is in the tab, but once the tab is hidden', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/slow-snapshot.html', (tab) => tab.clock.install());
  const box = page.locator('#reply');
  await box.click();
  await box.pressSequentially('First draft', { delay: 5 });
  // Past the usual three minutes, with pauses of a minute: a page with a cheap snapshot would take one here.
  for (const words of [' and', ' more']) {
    await page.clock.runFor('01:30');
    await box.pressSequentially(words, { delay: 5 });
  }
  await page.clock.runFor('01:00');
  const hiddenAt = await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    return Date.now();
  });
  await page.clock.runFor(3000);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { get: () => 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await box.pressSequentially(' after', { delay: 5 });
  const { events, snapshots } = await closeAndReadSnapshots(page, extPage, 'Review a large diff', 'First draft and more after');
  expect(snapshots).toHaveLength(2);
  const checkout = snapshots[1]!;
  // Not at the minute-long pause after three minutes in view: only when the tab was hidden, four minutes in.
  expect(checkout.timestamp - snapshots[0]!.timestamp).toBeGreaterThanOrEqual(4 * 60_000);
  expect(checkout.timestamp).toBeGreaterThanOrEqual(hiddenAt);
  expect(checkout.timestamp - hiddenAt).toBeLessThan(3000);
  // A replay that starts at the checkout has the text as it was when the tab was hidden.
  expect(typedTexts(events).filter((e) => e.timestamp <= checkout.timestamp).at(-1)!.text).toBe('First draft and more');
  expect(JSON.stringify(checkout.data)).toContain('First draft and more');
});
