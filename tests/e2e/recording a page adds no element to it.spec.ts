import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readTraces } from './pages/store';

/**
 * A site's own scripts watch its DOM (frameworks, editors, analytics): the recorder must not show them nodes the
 * site never made. rrweb 2.2.2 built and dropped a hidden iframe during every first snapshot, which the site's
 * MutationObserver saw, and which cost a new document and realm on every page load (patches/rrweb+2.2.2.patch).
 */
test('recording a page adds no element to it, as the site\'s own MutationObserver sees it', async ({
  extPage,
  context,
  server,
}) => {
  // In the page's own world, before any of its scripts, as a site's script would be.
  const watchAdded = () => {
    const seen: string[] = [];
    (window as unknown as { seenAdded: string[] }).seenAdded = seen;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeType === Node.ELEMENT_NODE) seen.push((n as Element).tagName);
    }).observe(document, { childList: true, subtree: true });
  };
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html', (tab) => tab.addInitScript(watchAdded));
  await page.locator('#reply').pressSequentially('hi', { delay: 20 });

  const panel = await extPage('sidepanel.html');
  // The first snapshot is stored: the recorder ran on the page.
  await expect
    .poll(async () => (await readTraces(panel)).find((t) => t.site === '127.0.0.1')?.eventCount ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(2);

  const seen = await page.evaluate(() => (window as unknown as { seenAdded: string[] }).seenAdded);
  // The observer saw the parser build the page, so it was watching...
  expect(seen).toContain('TEXTAREA');
  // ...and nothing else: no iframe, no element of the recorder's.
  expect(seen.filter((tag) => tag === 'IFRAME')).toEqual([]);
  const pageTags = await page.evaluate(() => [...document.querySelectorAll('*')].map((e) => e.tagName));
  expect(seen.filter((tag) => !pageTags.includes(tag))).toEqual([]);
});
