import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readEvents, readTraces } from './pages/store';

test('route changes and full page loads within a site continue one trace and leave navigation moments', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/spa.html');
  await page.getByRole('link', { name: 'Issues' }).click();
  await expect(page).toHaveURL(/\?issues$/);
  await page.getByRole('link', { name: 'A full page load on the same site' }).click();
  await page.locator('#reply').pressSequentially('after the load', { delay: 5 });
  // Leaving the site ends the trace.
  await page.goto(server.url('/textarea.html').replace('127.0.0.1', 'localhost'));

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel)).map((t) => `${t.status}:${t.pages}`)).toEqual(['ended:2']);
  const trace = (await readTraces(panel))[0]!;
  // The second page's last batch leaves in its pagehide, as the tab already loads the next site.
  await expect
    .poll(async () =>
      (await readEvents(panel, trace.id))
        .filter((e) => e.type === 5 && e.data.tag === 'shadowtrace/navigation')
        .map((e) => `${e.data.payload.kind} ${new URL(e.data.payload.url).pathname}${new URL(e.data.payload.url).search}`),
    )
    .toEqual(['load /spa.html', 'push /spa.html?issues', 'load /textarea.html']);
  const typed = (await readEvents(panel, trace.id)).filter((e) => e.type === 3 && e.data.source === 5);
  expect(typed.at(-1)?.data.text).toBe('after the load');
});
