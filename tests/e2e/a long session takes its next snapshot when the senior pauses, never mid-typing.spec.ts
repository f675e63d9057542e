import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { closeAndReadSnapshots } from './pages/checkouts';
import { typedTexts } from './pages/store';

// The page's clock is Playwright's fake one, so three minutes of work pass in a second. The extension's own
// contexts keep real time: only the recorder in the page sees the fake clock, as it sees the page's.
test('after three minutes a fresh snapshot waits for a pause in typing, and the replay can start from it', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html', (tab) => tab.clock.install());
  const box = page.locator('#reply');
  await box.click();
  await box.pressSequentially('First draft', { delay: 5 });
  // Up to just before the checkout is due: nothing but the first snapshot yet.
  await page.clock.runFor('02:58');

  // The senior keeps typing through the moment the checkout falls due, a key every second.
  for (const key of ' and more') {
    await page.keyboard.type(key);
    await page.clock.runFor(1000);
  }
  // Then stops: the checkout runs once the page has been quiet for a moment.
  await page.clock.runFor(4000);
  await box.pressSequentially(' after', { delay: 5 });
  const { events, snapshots } = await closeAndReadSnapshots(page, extPage, 'Draft a reply', 'First draft and more after');
  expect(snapshots).toHaveLength(2);
  const checkout = snapshots[1]!;
  const typedBefore = typedTexts(events).filter((e) => e.timestamp <= checkout.timestamp);
  expect(checkout.timestamp - snapshots[0]!.timestamp).toBeGreaterThanOrEqual(3 * 60_000);
  // Not in the middle of the words: after the burst's last key, once the page had been quiet for 1.5 s.
  expect(typedBefore.at(-1)!.text).toBe('First draft and more');
  expect(checkout.timestamp - typedBefore.at(-1)!.timestamp).toBeGreaterThanOrEqual(1500);
  // A replay that starts at the checkout has the text as it was then, in the snapshot itself.
  expect(JSON.stringify(checkout.data)).toContain('First draft and more');
});
